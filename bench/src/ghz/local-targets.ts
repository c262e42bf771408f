// What the ghz configs load, started locally: the five services as real processes (the demo stack's
// settings) and the demo app that GenerateTest and RunSpec point at. Configs name the demo app at its
// default address (`node demo/dist/src/main.js` listens on 127.0.0.1:4000); here it runs on a free
// port and that address is swapped in the request data.
import { startDemoStack, type ServiceName, type Stack } from '@superagent/cli';
import { startDemoApp, type DemoApp } from '@superagent/demo';

/** The demo app's address as the committed configs write it. */
export const CONFIG_DEMO_URL = 'http://127.0.0.1:4000';

export interface GhzTargets {
  hostFor(service: string): string;
  /** String swaps for `runGhzConfigs` overrides (the demo app's address). */
  replace: Record<string, string>;
  stop(): Promise<void>;
}

function isServiceName(name: string, stack: Stack): name is ServiceName {
  return name in stack.services;
}

export async function startGhzTargets(): Promise<GhzTargets> {
  const app: DemoApp = await startDemoApp();
  let stack: Stack | undefined;
  try {
    stack = await startDemoStack({ env: { LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0' } });
  } catch (err) {
    await app.stop();
    throw err;
  }
  const running = stack;
  return {
    hostFor(service) {
      if (!isServiceName(service, running)) throw new Error(`no local ${service} service for a ghz config`);
      return running.address(service);
    },
    replace: { [CONFIG_DEMO_URL]: app.url },
    async stop() {
      await running.stop();
      await app.stop();
    },
  };
}
