import { Worker } from 'node:worker_threads';

/**
 * Records the model worker threads started while `run` is in progress (startWorkerModel creates
 * them through node:worker_threads' Worker), so a test can end one as a crash would. Nothing is
 * replaced: the recorded threads are ordinary Workers running the real model.
 */
export async function recordWorkers<T>(run: () => Promise<T>): Promise<{ result: T; workers: Worker[] }> {
  const module = process.getBuiltinModule('node:worker_threads');
  const workers: Worker[] = [];
  const Original = module.Worker;
  class Recorded extends Original {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      workers.push(this);
    }
  }
  Reflect.set(module, 'Worker', Recorded);
  try {
    return { result: await run(), workers };
  } finally {
    Reflect.set(module, 'Worker', Original);
  }
}
