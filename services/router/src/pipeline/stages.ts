// One stage of the pipeline: the single downstream call of the task's current phase, turned into a
// transition (transitions.ts). Downstream failures become transitions too (escalate, downgrade,
// ERROR); only an abort (ownership lost, shutdown) escapes as an exception, so nothing is committed
// for a call that was cut short.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@superagent/logging';
import { common, cost, router, runner, scribe } from '@superagent/proto';
import type { CostClient } from '../clients/cost-client';
import type { RunnerClient } from '../clients/runner-client';
import type { ScribeClient } from '../clients/scribe-client';
import { formatDollars } from '../domain/money';
import type { TaskRecord } from '../store/task-record';
import { classifyGenerateError, classifyRunError, describeError, statusOf } from './downstream-errors';
import type { Transition } from './draft';
import { sleep } from './sleep';
import { SpentTokens } from './spent-tokens';
import {
  attemptErrored,
  generated,
  generationFailed,
  ran,
  remembered,
  reserved,
  reservedLocal,
  reserveRefused,
  routed,
  routeFailed,
  runFailed,
  settled,
  summarizeRun,
  type PipelinePolicy,
  type Settlement,
} from './transitions';

/** The router's own routing decision, called in-process. */
export interface RoutingCore {
  route(request: router.RouteRequest): Promise<router.RouteResponse>;
}

export interface StageTimeouts {
  generateMs: number;
  runMs: number;
  costMs: number;
  rememberMs: number;
  /** How long generate/run keep retrying a downstream that is UNAVAILABLE before the task ends with ERROR. */
  unavailableMs: number;
  /** How long generate/run keep retrying a downstream that answers RESOURCE_EXHAUSTED (busy). */
  overloadedMs: number;
}

export interface StageDeps {
  routing: RoutingCore;
  scribe: ScribeClient;
  runner: RunnerClient;
  cost: CostClient;
  policy: PipelinePolicy;
  timeouts: StageTimeouts;
  logger: Logger;
  now?: () => number;
}

/** Extra time a run may spend queued in the runner beyond its own limit. */
const RUN_QUEUE_MARGIN_MS = 60_000;
/**
 * Runs of the same spec after its browser crashed under it (the runner's `browser_crashed`): the
 * spec was not judged, so another generation (and perhaps a paid tier) would be no remedy.
 */
const BROWSER_CRASH_RERUNS = 2;
/** Most locators RememberPattern accepts. */
const MAX_LOCATORS = 200;

function requestOf(record: TaskRecord): router.SubmitFeatureRequest {
  const req = record.task.request;
  if (!req) throw new Error(`task ${record.task.taskId} has no request`);
  return req;
}

function decisionOf(record: TaskRecord): NonNullable<TaskRecord['checkpoint']['decision']> {
  const d = record.checkpoint.decision;
  if (!d)
    throw new Error(`task ${record.task.taskId} is in phase ${record.checkpoint.phase} without a decision`);
  return d;
}

/** Stable per task and attempt, so a resumed stage repeats the same reservation and usage record. */
const idempotencyKey = (record: TaskRecord, what: string): string =>
  `router:${record.task.taskId}:${record.checkpoint.attempt}:${what}`;

export function routeRequestFor(record: TaskRecord): router.RouteRequest {
  const req = requestOf(record);
  const cp = record.checkpoint;
  const failed = cp.outcome?.kind === 'failed' ? cp.outcome : undefined;
  return router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: req.description,
    testPath: req.testPath || (req.options?.fileName ? `tests/${req.options.fileName}` : ''),
    featureId: req.featureId,
    sessionId: req.sessionId,
    tenantId: req.tenantId,
    previousTier: cp.decision?.tier ?? common.Tier.UNSPECIFIED,
    previousFailure: failed?.failure ?? router.FailureKind.UNSPECIFIED,
    previousErrorCategory: failed?.errorCategory ?? common.ErrorCategory.UNSPECIFIED,
    attemptsMade: cp.attempt,
    maxTier: req.options?.maxTier ?? common.Tier.UNSPECIFIED,
  });
}

export function createStageRunner(
  deps: StageDeps,
): (record: TaskRecord, signal: AbortSignal) => Promise<Transition> {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'pipeline' });

  /**
   * A durable task can wait out a downstream restart (a rolling deploy, a breaker cooling down) or
   * a full queue: UNAVAILABLE and RESOURCE_EXHAUSTED are retried with backoff for a while before
   * they become the task's ERROR. `retryDeadline`: a DEADLINE_EXCEEDED is waited out like
   * UNAVAILABLE too, for idempotent calls whose answer must be had (a stalled service may have
   * applied the call or not; repeating it with its idempotency key settles which).
   */
  async function patiently<T>(
    target: string,
    taskId: string,
    call: () => Promise<T>,
    signal: AbortSignal,
    retryDeadline = false,
  ): Promise<T> {
    const started = Date.now();
    for (let tries = 1; ; tries++) {
      try {
        return await call();
      } catch (err) {
        signal.throwIfAborted();
        const { code } = statusOf(err);
        // Down: back off up to 4 s. Busy (a full queue, all explore sessions taken): the call is
        // cheap to repeat and a slot frees up any moment, so poll about once a second.
        const overloaded = code === grpc.status.RESOURCE_EXHAUSTED;
        const down =
          code === grpc.status.UNAVAILABLE || (retryDeadline && code === grpc.status.DEADLINE_EXCEEDED);
        if (!down && !overloaded) throw err;
        const limit = overloaded ? deps.timeouts.overloadedMs : deps.timeouts.unavailableMs;
        const wait = overloaded
          ? 500 + Math.floor(Math.random() * 500)
          : Math.min(250 * 2 ** (tries - 1), 4_000);
        if (Date.now() + wait - started > limit) throw err;
        if (tries === 1 || !overloaded) {
          log.warn(
            { taskId, target, err: describeError(err, target), retryInMs: wait },
            'downstream not taking work; waiting',
          );
        }
        await sleep(wait, signal);
        signal.throwIfAborted();
      }
    }
  }

  async function route(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    try {
      const decision = await deps.routing.route(routeRequestFor(record));
      return routed(record, decision, deps.policy, now());
    } catch (err) {
      signal.throwIfAborted();
      return routeFailed(record, describeError(err, 'router'), now());
    }
  }

  async function reserve(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    const decision = decisionOf(record);
    if (decision.tier === common.Tier.LOCAL) return reservedLocal(record, now());
    const req = requestOf(record);
    const requestedCap = req.options?.costCapMicros;
    // A caller who set the cap to $0 wants nothing spent: the free tier is what it asked for, not a
    // budget refusal (the policy's "refuse" would end the task without a test).
    if (requestedCap === 0)
      return reserveRefused(record, 'the request sets a cost cap of $0.00', 'downgrade', now());
    // The feature's cap: the policy's (by test path), or less when the request asks for less.
    const cap =
      requestedCap !== undefined ? Math.min(requestedCap, decision.costCapMicros) : decision.costCapMicros;
    if (cap <= 0)
      return reserveRefused(record, 'no cost cap for a paid tier', deps.policy.budgetAction, now());
    // An attempt may spend what the task's earlier attempts left under the cap, no more; the cost
    // service holds the cap across every task of the feature.
    const left = cap - record.task.costMicros;
    if (left <= 0)
      return reserveRefused(
        record,
        `cost cap reached: this task spent ${formatDollars(record.task.costMicros)} of its ${formatDollars(cap)}`,
        deps.policy.budgetAction,
        now(),
      );
    try {
      const res = await deps.cost.unary(
        'reserve',
        cost.ReserveRequest.fromPartial({
          tenantId: req.tenantId,
          sessionId: req.sessionId,
          featureId: req.featureId,
          estimateMicros: left,
          featureCapMicros: cap,
          idempotencyKey: idempotencyKey(record, 'reserve'),
          taskId: record.task.taskId,
        }),
        { signal, deadlineMs: deps.timeouts.costMs },
      );
      return reserved(record, { id: res.reservationId, amountMicros: left }, now());
    } catch (err) {
      signal.throwIfAborted();
      const { code, message } = statusOf(err);
      if (code === grpc.status.RESOURCE_EXHAUSTED)
        return reserveRefused(record, `over budget: ${message}`, deps.policy.budgetAction, now());
      // No accounting, no paid work; the free tier needs none.
      return reserveRefused(record, `paid tiers refused: ${describeError(err, 'cost')}`, 'downgrade', now());
    }
  }

  async function generate(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    const req = requestOf(record);
    const decision = decisionOf(record);
    // What failed tries had already paid for (a model's tokens before an outage inside scribe).
    const spent = new SpentTokens();
    try {
      const res = await patiently(
        'scribe',
        record.task.taskId,
        () =>
          spent.keepFrom(
            deps.scribe.unary(
              'generateTest',
              scribe.GenerateTestRequest.fromPartial({
                description: req.description,
                baseUrl: req.baseUrl,
                startPath: req.startPath,
                tier: decision.tier,
                modelId: decision.tier === common.Tier.LOCAL ? '' : decision.modelId,
                ...(record.checkpoint.feedback ? { feedback: record.checkpoint.feedback } : {}),
                options: { fileName: req.options?.fileName ?? '' },
                taskId: record.task.taskId,
                tenantId: req.tenantId,
                sessionId: req.sessionId,
                featureId: req.featureId,
              }),
              { signal, deadlineMs: deps.timeouts.generateMs },
            ),
          ),
        signal,
      );
      return generated(record, { ...res, usage: spent.plus(res.usage) }, now());
    } catch (err) {
      signal.throwIfAborted();
      const failure = classifyGenerateError(err);
      const usage = spent.total();
      return failure.kind === 'attempt'
        ? generationFailed(record, failure.failure, failure.message, now(), usage)
        : attemptErrored(record, failure.message, now(), usage);
    }
  }

  async function run(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    const req = requestOf(record);
    const runTimeout = req.options?.runTimeoutMs ?? 0;
    const deadlineMs =
      runTimeout > 0 ? Math.min(deps.timeouts.runMs, runTimeout + RUN_QUEUE_MARGIN_MS) : deps.timeouts.runMs;
    const runOnce = (): Promise<runner.RunSpecResponse> =>
      patiently(
        'runner',
        record.task.taskId,
        () =>
          deps.runner.unary(
            'runSpec',
            runner.RunSpecRequest.fromPartial({
              specSource: record.task.specSource,
              baseUrl: req.baseUrl,
              timeoutMs: runTimeout,
              ...(req.options?.artifacts ? { artifacts: req.options.artifacts } : {}),
              fileName: record.task.specFileName,
              taskId: record.task.taskId,
            }),
            { signal, deadlineMs },
          ),
        signal,
      );
    try {
      let res = await runOnce();
      for (let rerun = 1; res.browserCrashed && rerun <= BROWSER_CRASH_RERUNS; rerun++) {
        log.warn(
          { taskId: record.task.taskId, runId: res.runId, rerun },
          'the browser crashed under the run; running the same spec again',
        );
        res = await runOnce();
      }
      return ran(record, summarizeRun(res), req.options?.remember !== false, now());
    } catch (err) {
      signal.throwIfAborted();
      const failure = classifyRunError(err);
      return failure.kind === 'attempt'
        ? runFailed(record, failure.failure, failure.message, now())
        : attemptErrored(record, failure.message, now());
    }
  }

  async function remember(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    const req = requestOf(record);
    const seen = new Set<string>();
    const locators = record.checkpoint.steps
      .filter(
        (s) =>
          s.resolved && s.locator !== '' && s.target !== '' && !seen.has(s.locator) && seen.add(s.locator),
      )
      .slice(0, MAX_LOCATORS)
      .map((s) => scribe.PatternLocator.fromPartial({ target: s.target, locator: s.locator }));
    try {
      const res = await deps.scribe.unary(
        'rememberPattern',
        scribe.RememberPatternRequest.fromPartial({
          description: req.description,
          baseUrl: req.baseUrl,
          specSource: record.task.specSource,
          locators,
          passed: true,
          fileName: record.task.specFileName,
          startPath: req.startPath,
          taskId: record.task.taskId,
          steps: record.checkpoint.steps,
        }),
        { signal, deadlineMs: deps.timeouts.rememberMs },
      );
      return remembered(record, res, now());
    } catch (err) {
      signal.throwIfAborted();
      log.warn(
        { taskId: record.task.taskId, err: describeError(err, 'scribe') },
        'passed spec not remembered',
      );
      return remembered(record, undefined, now());
    }
  }

  function usageRecord(record: TaskRecord): cost.UsageRecord | undefined {
    const usage = record.checkpoint.usage;
    const decision = record.checkpoint.decision;
    if (!usage || !decision) return undefined;
    const req = requestOf(record);
    const local = decision.tier === common.Tier.LOCAL;
    return cost.UsageRecord.fromPartial({
      agent: decision.agent || 'scribe',
      model: usage.model || decision.modelId,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      // The local tier is free by definition, not because a price is missing.
      ...(local ? { costMicros: 0 } : {}),
      featureId: req.featureId,
      taskId: record.task.taskId,
      sessionId: req.sessionId,
      tenantId: req.tenantId,
      idempotencyKey: idempotencyKey(record, 'usage'),
      tier: decision.tier,
    });
  }

  async function recordUsage(
    usage: cost.UsageRecord,
    costCall: <T>(call: () => Promise<T>) => Promise<T>,
    signal: AbortSignal,
    note?: string,
  ): Promise<Settlement> {
    const res = await costCall(() =>
      deps.cost.unary('record', cost.RecordRequest.fromPartial({ record: usage }), {
        signal,
        deadlineMs: deps.timeouts.costMs,
      }),
    );
    const result = res.result;
    return {
      committedMicros: result?.costMicros ?? 0,
      priced: result?.priced ?? true,
      ...(note === undefined ? {} : { note }),
    };
  }

  async function settle(record: TaskRecord, signal: AbortSignal): Promise<Transition> {
    const usage = usageRecord(record);
    const reservation = record.checkpoint.reservation;
    // Paid work was done: its spend must reach the accounting, so a cost service that is restarting
    // is waited for as generate and run wait for theirs, and so is one that stalls (a call past its
    // deadline may or may not have been applied: Commit and Record carry idempotency keys, so asking
    // again counts the spend once either way). The free tier does not hold its task up for a record of $0.
    const paid = reservation !== undefined || record.checkpoint.decision?.tier !== common.Tier.LOCAL;
    const costCall = <T>(call: () => Promise<T>): Promise<T> =>
      paid ? patiently('cost', record.task.taskId, call, signal, true) : call();
    let settlement: Settlement;
    try {
      if (reservation) {
        try {
          const res = await costCall(() =>
            deps.cost.unary(
              'commit',
              cost.CommitRequest.fromPartial({ reservationId: reservation.id, actual: usage ? [usage] : [] }),
              { signal, deadlineMs: deps.timeouts.costMs },
            ),
          );
          // committed_micros leaves out records the cost service had seen already: a Commit
          // repeated after a takeover (the first one went through, its checkpoint did not) answers
          // 0 there. Each result carries its record's cost, duplicate or not: this attempt's spend.
          const fromResults = res.results.reduce((sum, r) => sum + (r.priced ? r.costMicros : 0), 0);
          settlement = {
            committedMicros: res.results.length > 0 ? fromResults : res.committedMicros,
            priced: res.results.every((r) => r.priced),
          };
        } catch (err) {
          // Expired (or committed by a worker that died before checkpointing): the usage record's
          // idempotency key makes recording it here count it exactly once.
          if (statusOf(err).code !== grpc.status.NOT_FOUND) throw err;
          settlement = usage
            ? await recordUsage(usage, costCall, signal, 'reservation had expired; usage recorded')
            : { committedMicros: 0, priced: true, note: 'reservation had expired; nothing spent' };
        }
      } else if (usage) {
        settlement = await recordUsage(usage, costCall, signal);
      } else {
        settlement = { committedMicros: 0, priced: true, note: 'nothing spent' };
      }
    } catch (err) {
      signal.throwIfAborted();
      log.warn({ taskId: record.task.taskId, err: describeError(err, 'cost') }, 'spend not recorded');
      settlement = {
        committedMicros: 0,
        priced: true,
        note: `not recorded: ${describeError(err, 'cost')}${reservation ? ' (the reservation expires on its own)' : ''}`,
      };
    }
    return settled(record, settlement, now());
  }

  return async (record, signal) => {
    signal.throwIfAborted();
    switch (record.checkpoint.phase) {
      case 'route':
        return route(record, signal);
      case 'reserve':
        return reserve(record, signal);
      case 'generate':
        return generate(record, signal);
      case 'run':
        return run(record, signal);
      case 'remember':
        return remember(record, signal);
      case 'settle':
        return settle(record, signal);
      case 'done':
        throw new Error(`task ${record.task.taskId} is already done`);
    }
  };
}
