import type { Logger } from '@superagent/logging';

export interface ServingSwitch {
  setServing(serving: boolean): void;
}

/**
 * Polls `probe` and mirrors it into the health status: SERVING only while the store answers, so a
 * Redis outage makes the pod unready (not dead) and it recovers by itself. Logs each change once.
 */
export function followReadiness(
  probe: () => Promise<boolean>,
  server: ServingSwitch,
  logger: Logger,
  intervalMs: number,
): { stop(): Promise<void>; check(): Promise<boolean> } {
  let serving: boolean | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function check(): Promise<boolean> {
    const ready = await probe().catch(() => false);
    if (!stopped && ready !== serving) {
      if (serving !== undefined)
        logger.warn({ ready }, ready ? 'store reachable again: serving' : 'store unreachable: not serving');
      serving = ready;
      server.setServing(ready);
    }
    return ready;
  }

  const loop = (): void => {
    timer = setTimeout(() => {
      void check().finally(() => {
        if (!stopped) loop();
      });
    }, intervalMs);
    timer.unref();
  };
  loop();

  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
