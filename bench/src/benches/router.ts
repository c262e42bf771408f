// Router speed (issue 3), in one run on this machine:
// 1. in-process routing decisions per second on distinct, uncached ~100-character descriptions
//    (estimate + rule + tier + cost cap + budget verdict), measured by the router's own tool in a
//    fresh process; the figure is per second of that thread's CPU time, i.e. on one core, because
//    on this shared 2-core machine wall-clock time mostly measures the other tenants (best and
//    median of short rounds are both reported);
// 2. Route over gRPC on loopback at 50 in flight (multi-process load driver) against the bare
//    grpc-js echo, in rounds of an echo run and a Route run, the order flipped every round (ratios
//    per round, then the median); the router runs as its own process with its budget view on a real
//    cost service process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServiceProcess } from '@superagent/devkit';
import { BARE_ECHO_SERVICE_NAME, createClient, startBareEchoServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router, serviceNames } from '@superagent/proto';
import { defineBench, goalsFor } from '../harness';
import { choiceOption, intOption } from '../options';
import { runLoad, type LoadResult } from '../load/driver';

const SERVICES = join(__dirname, '..', '..', '..', '..', 'services');
const DECISION_RATE = join(SERVICES, 'router', 'dist', 'src', 'tools', 'decision-rate.js');
const ROUTE_CALL = `${serviceNames.router}/Route`;

interface RateFigures {
  decisions: number;
  wallMs: number;
  cpuMs: number;
  perWallSecond: number;
  perCpuSecond: number;
}

interface DecisionRateReport {
  distinct_inputs: number;
  mean_description_chars: number;
  uncached: RateFigures;
  uncached_median: RateFigures;
  uncached_rounds: number;
  cached: RateFigures;
  estimates_per_cpu_second: number;
}

async function inProcessRates(durationMs: number): Promise<DecisionRateReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [DECISION_RATE, `--durationMs=${durationMs}`],
    {
      env: { ...process.env, OTEL_SDK_DISABLED: 'true' },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as DecisionRateReport;
}

const FEATURES = [
  {
    text: 'User logs in with email and password, then sees the dashboard greeting',
    path: 'tests/auth/login.spec.ts',
  },
  {
    text: 'Checkout with a card payment and a 3-D Secure challenge in 7 steps',
    path: 'tests/payment/checkout.spec.ts',
  },
  {
    text: 'Search the catalogue for lamps, filter by category and open the first result',
    path: 'tests/search.spec.ts',
  },
  { text: 'Upload two attachments to the support ticket and see both listed', path: 'tests/tickets.spec.ts' },
];

/**
 * Route requests as the load driver sends them (proto field names), built up front so the clients
 * spend no time on templates. Distinct within a client process and a round (a new round marker each
 * round); the client processes all send the same sequence, so about half the calls hit the decision
 * cache (reported as route_cache_hit_rate). A decision costs about a microsecond, a tiny part of a
 * call over gRPC, so hits and misses cost the server nearly the same.
 */
function routeRequests(round: number, count: number): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, i) => {
    const feature = FEATURES[i % FEATURES.length] ?? { text: '', path: '' };
    return {
      task_type: 'TASK_TYPE_WRITE_TEST',
      description: `${feature.text}, run ${round}.${i}`,
      test_path: feature.path,
      tenant_id: 'load',
      session_id: `session-${i % 16}`,
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function failures(result: LoadResult, what: string): number {
  if (result.errors > 0)
    process.stderr.write(
      `router bench: ${what}: ${result.errors} failed calls, first: ${result.firstError}\n`,
    );
  return result.errors;
}

export const bench = defineBench({
  name: 'router',
  description: 'in-process routing decisions/s (uncached), Route over gRPC at 50 in flight vs the bare echo',
  options: {
    durationMs: intOption('measured time of each echo run and each Route run', 2_000, { min: 100 }),
    rounds: intOption('pairs of an echo run and a Route run', 12, { min: 1 }),
    concurrency: intOption('calls in flight', 50, { min: 1 }),
    processes: intOption('client processes sending them', 2, { min: 1, max: 64 }),
    inProcessMs: intOption('time of the in-process decision rounds', 3_000, { min: 250 }),
    budgets: choiceOption(
      "the router's budget view: a real cost service process, or none",
      ['cost', 'off'],
      'cost',
    ),
  },
  async run({ args }) {
    const { durationMs, rounds, concurrency, processes } = args;
    // More than one client process sends in a round here (it repeats from the start after that).
    const requestsPerRound = Math.ceil(((durationMs + 500) / 1_000) * 5_000);
    const figures: Record<string, number> = {};
    const notes: string[] = [];

    // 1. In-process decisions.
    const rates = await inProcessRates(args.inProcessMs);
    figures.decisions_per_s = Math.round(rates.uncached.perCpuSecond);
    figures.decisions_per_s_median = Math.round(rates.uncached_median.perCpuSecond);
    figures.decisions_per_wall_s = Math.round(rates.uncached_median.perWallSecond);
    figures.cached_decisions_per_s = Math.round(rates.cached.perCpuSecond);
    figures.estimates_per_s = Math.round(rates.estimates_per_cpu_second);
    notes.push(
      `in-process: ${rates.distinct_inputs.toLocaleString('en-US')} distinct descriptions (mean ${rates.mean_description_chars} chars), cache off; decisions per CPU-second of the measuring thread, best (decisions_per_s) and median of ${rates.uncached_rounds} rounds of 250 ms; in the median round the thread got ${Math.round((100 * rates.uncached_median.cpuMs) / rates.uncached_median.wallMs)} % of a core in wall time`,
    );

    // 2. Route over gRPC vs the bare echo, same run, alternating rounds.
    // The router's budget view reads a real cost service by default; --budgets=off runs it without.
    const budgets = args.budgets;
    const costService =
      budgets === 'cost' ? await startServiceProcess('cost', { env: { COST_STORE: 'memory' } }) : undefined;
    const routerService = await startServiceProcess('router', {
      env: {
        ROUTER_PROVIDERS: 'anthropic',
        ...(costService ? { COST_ADDR: costService.address } : { ROUTER_BUDGET_VIEW: 'off' }),
      },
    });
    const echo = await startBareEchoServer();
    const sample = routeRequests(1, 1)[0] ?? {};
    const payloadBytes = router.RouteRequest.encode(
      router.RouteRequest.fromPartial({
        taskType: common.TaskType.WRITE_TEST,
        description: sample.description ?? '',
        testPath: sample.test_path ?? '',
        tenantId: sample.tenant_id ?? '',
        sessionId: sample.session_id ?? '',
      }),
    ).finish().length;
    let errors = 0;
    const echoRps: number[] = [];
    const routeRps: number[] = [];
    const echoP99: number[] = [];
    const routeP99: number[] = [];
    const throughputRatios: number[] = [];
    const p99Ratios: number[] = [];
    try {
      const load = { concurrency, processes, warmupMs: 500, durationMs, deadlineMs: 5_000 };
      const echoRound = (): Promise<LoadResult> =>
        runLoad({
          ...load,
          address: echo.address,
          call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
          bare: true,
          data: ['x'.repeat(payloadBytes)],
        });
      const routeRound = (round: number): Promise<LoadResult> =>
        runLoad({
          ...load,
          address: routerService.address,
          call: ROUTE_CALL,
          data: routeRequests(round, requestsPerRound),
        });
      for (let round = 0; round < rounds; round++) {
        // The order flips every round (echo first, then Route first), so a neighbour's load that
        // rises or falls during a pair weighs on both sides alike across the run.
        let e: LoadResult;
        let r: LoadResult;
        if (round % 2 === 0) {
          e = await echoRound();
          r = await routeRound(round);
        } else {
          r = await routeRound(round);
          e = await echoRound();
        }
        errors += failures(e, 'echo') + failures(r, 'Route');
        echoRps.push(e.rps);
        routeRps.push(r.rps);
        echoP99.push(e.latency.p99);
        routeP99.push(r.latency.p99);
        throughputRatios.push(r.rps / e.rps);
        p99Ratios.push(r.latency.p99 / e.latency.p99);
      }
      const client = createClient(router.RouterServiceService, routerService.address, {
        target: 'router',
        defaultDeadlineMs: 5_000,
        breaker: false,
        logger: silentLogger(),
      });
      try {
        const stats = await client.unary('getStats', {});
        figures.route_cache_hit_rate = stats.cacheHitRate;
      } finally {
        client.close();
      }
    } finally {
      await echo.stop();
      await routerService.process.stop();
      await costService?.process.stop();
    }
    figures.echo_rps = Math.round(median(echoRps));
    figures.route_rps = Math.round(median(routeRps));
    figures.echo_p99_ms = median(echoP99);
    figures.route_p99_ms = median(routeP99);
    figures.route_vs_echo_throughput = median(throughputRatios);
    figures.route_vs_echo_p99 = median(p99Ratios);
    figures.errors = errors;
    notes.push(
      `gRPC: ${concurrency} in flight over ${processes} client processes, ${rounds} rounds of ${durationMs} ms, each an echo run and a Route run, the order flipped every round (ratios: median of per-round ratios); echo payload ${payloadBytes} bytes each way (the size of a Route request); router budget view: ${budgets === 'cost' ? 'the cost service (a real process)' : 'off'}, LOG_LEVEL=warn`,
      `per-round throughput ratios ${throughputRatios.map((x) => x.toFixed(3)).join(' / ')}; p99 ratios ${p99Ratios.map((x) => x.toFixed(3)).join(' / ')}`,
    );
    return {
      bench: 'router',
      figures,
      goals: goalsFor(figures, {
        decisions_per_s: { op: '>=', target: 1_000_000 },
        route_vs_echo_throughput: { op: '>=', target: 0.9 },
        route_vs_echo_p99: { op: '<=', target: 1.2 },
      }),
      notes,
    };
  },
});
