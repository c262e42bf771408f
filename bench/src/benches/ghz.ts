// Every ghz config in bench/ghz run by the Node ghz stand-in at the config's own settings (duration,
// concurrency, connections) against locally started services and the demo app, printing ghz's
// summary for each. `--durationMs=N` shortens every config; `--only=route,embed` picks configs.
import { basename } from 'node:path';
import { defineBench } from '../harness';
import { BenchArgsError, listOption, optionalIntOption } from '../options';
import { formatGhzSummary } from '../ghz/summary';
import { ghzConfigPaths, runGhzConfigs } from '../ghz/run-configs';
import { startGhzTargets } from '../ghz/local-targets';

function selected(only: readonly string[] | undefined): string[] {
  const all = ghzConfigPaths();
  if (only === undefined) return all;
  const have = new Map(all.map((p) => [basename(p, '.json'), p]));
  const unknown = only.filter((name) => !have.has(name));
  if (unknown.length > 0)
    throw new BenchArgsError(
      `--only: no config named ${unknown.join(', ')}; have ${[...have.keys()].join(', ')}`,
    );
  return [...new Set(only)].map((name) => have.get(name)!);
}

export const bench = defineBench({
  name: 'ghz',
  description:
    'every bench/ghz/*.json config, run by the Node ghz stand-in against the local stack and demo app',
  options: {
    only: listOption('configs to run, by file name without .json (e.g. route,embed; default every one)'),
    durationMs: optionalIntOption("each config's duration (default: the config's own)", { min: 100 }),
  },
  async run({ args, json }) {
    const paths = selected(args.only);
    const { durationMs } = args;
    const targets = await startGhzTargets();
    try {
      const runs = await runGhzConfigs(paths, (service) => targets.hostFor(service), {
        durationMs,
        replace: targets.replace,
      });
      const figures: Record<string, number> = {};
      const unmeasured: string[] = [];
      let errors = 0;
      for (const run of runs) {
        // ghz reads the same way, but a summary of zeros is no measurement: say so.
        if (run.result.count === 0) unmeasured.push(basename(run.path, '.json'));
        const key = basename(run.path, '.json').replace(/-/g, '_');
        figures[`${key}_count`] = run.result.count;
        figures[`${key}_rps`] = Math.round(run.result.rps);
        figures[`${key}_p50_ms`] = Number(run.result.latency.p50.toFixed(2));
        figures[`${key}_p95_ms`] = Number(run.result.latency.p95.toFixed(2));
        figures[`${key}_p99_ms`] = Number(run.result.latency.p99.toFixed(2));
        figures[`${key}_errors`] = run.result.errors;
        errors += run.result.errors;
        // The summaries go to stderr with --json, so stdout stays one JSON object.
        const out = json ? process.stderr : process.stdout;
        out.write(
          `== ${basename(run.path)}\n${formatGhzSummary(run.config.name ?? run.config.call, run.result)}\n\n`,
        );
      }
      figures.errors = errors;
      return {
        bench: 'ghz',
        figures,
        // Issue 10 names no speed goal for these; `errors` must read 0 (every answer OK).
        goals: {},
        notes: [
          `${runs.length} configs, ${durationMs === undefined ? "each config's own duration and concurrency" : `${durationMs} ms each`}`,
          'five services as processes (demo stack settings) + the demo app, on loopback',
          ...(unmeasured.length === 0
            ? []
            : [
                `NOT MEASURED: ${unmeasured.join(', ')} (no call after the config's skipFirst in that duration; give a longer --durationMs)`,
              ]),
        ],
      };
    } finally {
      await targets.stop();
    }
  },
});
