import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded (`node --require`) into a main.ts process by a test: ends the second model worker
 * thread as soon as it reports its model loaded, as a fatal error in that thread would, so it dies
 * during start-up, before the service has finished warming up. Nothing else is changed.
 */
if (isMainThread) {
  const module = process.getBuiltinModule('node:worker_threads');
  const Original = module.Worker;
  let started = 0;
  class EndSecond extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      if (++started !== 2) return;
      this.on('message', (msg: unknown) => {
        if (typeof msg === 'object' && msg !== null && Reflect.get(msg, 'type') === 'ready')
          void this.terminate();
      });
    }
  }
  Reflect.set(module, 'Worker', EndSecond);
}
