// Measures in-process routing decisions per second, for `npm run bench -- router` (which runs this
// file as its own process: a fresh heap and JIT, one thread). Each decision is what an uncached
// Route does after decoding: estimate + rule + tier + cost cap + budget verdict + counters, on
// distinct ~100-character descriptions with the decision cache off. The budget view answers from
// memory (as it does between refreshes), with limits in play. Prints one JSON object.
//
//   node dist/src/tools/decision-rate.js [--durationMs=3000] [--policy=path]
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY_PATH } from '../config';
import { StaticBudgetView } from '../domain/budget-view';
import type { RouteInput } from '../domain/decide';
import { parsePolicy } from '../domain/policy';
import type { RoutingEngine } from '../domain/routing-engine';
import { TASK_TYPE_NAMES } from '../domain/task-types';
import { createRoutingEngine } from '../routing-stack';

const VERBS = [
  'Click',
  'Open',
  'Close',
  'Select',
  'Remove',
  'Add',
  'Find',
  'Check',
  'Hide',
  'Show',
  'Edit',
  'Save',
  'Upload',
  'Pay for',
  'Log in to',
];
const THINGS = [
  'the login button',
  'the shopping cart',
  'the search field',
  'the settings menu',
  'the first product card',
  'the attachment list',
  'the cookie banner',
  'the profile picture',
  'the delivery address',
  'the payment form',
  'the help dialog',
  'the live chat window',
  'the dark mode switch',
];
const PLACES = [
  'on the home page',
  'in the top navigation bar',
  'at the bottom of the checkout page',
  'inside the account settings',
  'next to the product title',
  'in the sidebar on the left',
  'below the search results',
];
const PATHS = [
  'tests/cart.spec.ts',
  'tests/auth/login.spec.ts',
  'tests/payment/checkout.spec.ts',
  'tests/admin/users.spec.ts',
  '',
];

/** `count` distinct descriptions of about 100 characters, the same every run. */
export function distinctInputs(count: number): RouteInput[] {
  const inputs: RouteInput[] = [];
  for (let i = 0; i < count; i++) {
    const verb = VERBS[i % VERBS.length] ?? '';
    const thing = THINGS[Math.floor(i / VERBS.length) % THINGS.length] ?? '';
    const place = PLACES[Math.floor(i / 7) % PLACES.length] ?? '';
    let description = `${verb} ${thing} ${place}, then check it in ${(i % 9) + 1} steps (case ${i})`;
    while (description.length < 100) description += ' and verify';
    inputs.push({
      taskIndex: i % 4 === 3 ? TASK_TYPE_NAMES.indexOf('fix_test') : TASK_TYPE_NAMES.indexOf('write_test'),
      description: description.slice(0, 110),
      testPath: PATHS[i % PATHS.length] ?? '',
      scope: { tenantId: 'bench', sessionId: `s${i % 8}`, featureId: '' },
      previous: i % 5 === 4 ? { rank: 0, failure: 'run_failed', errorCategory: 'selector' } : undefined,
      attemptsMade: i % 5 === 4 ? 1 : 0,
      maxRank: undefined,
    });
  }
  return inputs;
}

export interface RateFigures {
  decisions: number;
  wallMs: number;
  cpuMs: number;
  perWallSecond: number;
  /** Decisions per second of this thread's CPU time: the rate on one core, whatever else runs. */
  perCpuSecond: number;
}

/** Runs `decide` over `inputs` round-robin for about `durationMs`, timing wall and CPU time. */
export function measure(
  engine: RoutingEngine,
  inputs: readonly RouteInput[],
  durationMs: number,
): RateFigures {
  let decisions = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  const deadline = wall0 + BigInt(Math.round(durationMs * 1_000_000));
  let i = 0;
  for (;;) {
    // Check the clock every 1,000 decisions only.
    for (let k = 0; k < 1_000; k++) {
      const input = inputs[i] as RouteInput;
      i = i + 1 === inputs.length ? 0 : i + 1;
      const outcome = engine.decide(input);
      if (outcome instanceof Promise) throw new Error('the static budget view must answer synchronously');
      sink += outcome.kind === 'route' ? outcome.costCapMicros : 1;
    }
    decisions += 1_000;
    if (process.hrtime.bigint() >= deadline) break;
  }
  const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return {
    decisions,
    wallMs,
    cpuMs,
    perWallSecond: (decisions / wallMs) * 1000,
    perCpuSecond: (decisions / cpuMs) * 1000,
  };
}

const ROUND_MS = 250;

function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function main(): void {
  const durationMs = Number(arg('durationMs') ?? 3_000);
  const policy = parsePolicy(readFileSync(arg('policy') ?? DEFAULT_POLICY_PATH, 'utf8'));
  const budgets = StaticBudgetView.known([
    { kind: 'session', name: 'session:bench', usedMicros: 1_000_000, limitMicros: 0, status: 'none' },
    {
      kind: 'tenant_day',
      name: 'tenant:bench:today',
      usedMicros: 10_000_000,
      limitMicros: 50_000_000,
      status: 'ok',
    },
  ]);
  const inputs = distinctInputs(200_000);
  const uncached = createRoutingEngine({ policy, providers: ['anthropic'], budgets, cacheSize: 0 });
  measure(uncached, inputs, Math.min(1_000, durationMs / 3)); // warm-up: JIT, regex tier-up
  // Many short rounds: on a shared machine some land in quiet slices; best and median are reported.
  const rounds: RateFigures[] = [];
  for (let spent = 0; spent < durationMs; spent += ROUND_MS) rounds.push(measure(uncached, inputs, ROUND_MS));
  const byRate = [...rounds].sort((a, b) => a.perCpuSecond - b.perCpuSecond);
  const best = byRate[byRate.length - 1] as RateFigures;
  const median = byRate[Math.floor(byRate.length / 2)] as RateFigures;

  // The same requests again and again with the cache on: what a hit costs.
  const cached = createRoutingEngine({ policy, providers: ['anthropic'], budgets, cacheSize: 10_000 });
  const hot = inputs.slice(0, 5_000);
  measure(cached, hot, 300);
  const hits = measure(cached, hot, Math.min(1_000, durationMs / 3));

  // The estimator alone on the same texts.
  const estimator = uncached.policies.current().estimator;
  let estimates = 0;
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < 3; r++)
    for (const input of inputs)
      if (estimator.estimate(input.description, input.testPath).score >= 0) estimates++;
  const estCpu = process.cpuUsage(cpu0);
  const stats = uncached.stats.snapshot();
  process.stdout.write(
    `${JSON.stringify({
      distinct_inputs: inputs.length,
      mean_description_chars: Math.round(
        inputs.reduce((s, x) => s + x.description.length, 0) / inputs.length,
      ),
      uncached: best,
      uncached_median: median,
      uncached_rounds: rounds.length,
      cached: hits,
      estimates_per_cpu_second: (estimates / ((estCpu.user + estCpu.system) / 1000)) * 1000,
      estimator_sampled_mean_ns: stats.estimator.meanNs,
      estimator_sampled_p99_ns: stats.estimator.p99Ns,
    })}\n`,
  );
}

if (require.main === module) main();
