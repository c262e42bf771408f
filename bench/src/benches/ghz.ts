// Every ghz config in bench/ghz run by the Node load runner against locally started services.
import { basename } from 'node:path';
import { startStack } from '@superagent/cli';
import type { Bench } from '../harness';
import { formatGhzSummary } from '../ghz/summary';
import { ghzConfigPaths, runGhzConfigs } from '../ghz/run-configs';

export const bench: Bench = {
  name: 'ghz',
  description: 'every bench/ghz/*.json config, run by the Node ghz stand-in against the local stack',
  async run({ args, json }) {
    const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    try {
      const runs = await runGhzConfigs(ghzConfigPaths(), (service) => stack.address(service as never), {
        durationMs: Number(args.durationMs ?? 5_000),
      });
      const figures: Record<string, number> = {};
      for (const run of runs) {
        const key = basename(run.path, '.json').replace(/-/g, '_');
        figures[`${key}_rps`] = Math.round(run.result.rps);
        figures[`${key}_p99_ms`] = Number(run.result.latency.p99.toFixed(2));
        figures[`${key}_errors`] = run.result.errors;
        if (!json) process.stdout.write(`== ${basename(run.path)}\n${formatGhzSummary(run.config.name ?? run.config.call, run.result)}\n\n`);
      }
      return { bench: 'ghz', figures, goals: {}, notes: [`${runs.length} configs, ${args.durationMs ?? 5000} ms each`] };
    } finally {
      await stack.stop();
    }
  },
};
