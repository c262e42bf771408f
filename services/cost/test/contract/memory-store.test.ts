import { createMemoryCostStore } from '../../src/store/memory-store';
import { costStoreContract } from './cost-store-contract';

costStoreContract('memory', async () => ({
  open: async (clock) => createMemoryCostStore({ now: clock.now }),
  reset: async () => {},
  close: async () => {},
}));
