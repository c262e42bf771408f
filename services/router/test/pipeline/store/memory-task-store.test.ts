import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import { taskStoreContract } from './task-store-contract';

taskStoreContract('memory', async () => ({
  open: async (options) => createMemoryTaskStore(options),
  reset: async () => undefined,
  close: async () => undefined,
}));
