// The pipeline as a pure state machine: given a task record and what one stage's call returned,
// the next record and the events to append. No I/O here, so every branch of the ladder is a unit
// test; stages.ts makes the calls and picks the transition.
import { common, router, runner, scribe } from '@superagent/proto';
import type { Decision, TaskRecord } from '../store/task-record';
import { Draft, trimMessage, type Transition } from './draft';

const { TaskEventType: E, TaskStage: S, TaskStatus: ST } = router;

export interface PipelinePolicy {
  /** Attempts when neither the request nor the routing policy says. */
  defaultMaxAttempts: number;
  /** A budget refusal either continues on the free local tier or ends the task. */
  budgetAction: 'downgrade' | 'refuse';
}

export const LOCAL_MODEL_ID = 'local';

const tierName = (t: common.Tier): string =>
  common
    .tierToJSON(t)
    .replace(/^TIER_/, '')
    .toLowerCase();

// ---- terminal transitions -------------------------------------------------------------------

function close(d: Draft, status: router.TaskStatus, error: string): void {
  d.task.status = status;
  d.task.error = error;
  d.task.reservedMicros = 0;
  d.task.finishedUnixMs = d.now;
  d.checkpoint.phase = 'done';
  delete d.checkpoint.reservation;
}

function finishPassed(d: Draft): void {
  close(d, ST.PASSED, '');
  d.emit(E.COMPLETED, S.DONE, { attempt: d.checkpoint.attempt, tier: d.task.tier });
}

function finishFailed(d: Draft, message: string, handedToHuman: boolean): void {
  close(d, ST.FAILED, trimMessage(message));
  d.task.handedToHuman = handedToHuman;
  d.emit(E.FAILED, S.DONE, {
    attempt: d.checkpoint.attempt,
    tier: d.task.tier,
    message,
    run: d.task.lastRun,
  });
  d.emit(E.COMPLETED, S.DONE, { attempt: d.checkpoint.attempt, tier: d.task.tier, message });
}

function finishError(d: Draft, message: string): void {
  close(d, ST.ERROR, trimMessage(message));
  d.emit(E.ERROR, S.DONE, { attempt: d.checkpoint.attempt, tier: d.task.tier, message });
  d.emit(E.COMPLETED, S.DONE, { attempt: d.checkpoint.attempt, tier: d.task.tier, message });
}

// ---- route ----------------------------------------------------------------------------------

export function maxAttemptsFor(
  record: TaskRecord,
  decision: router.RouteResponse,
  policy: PipelinePolicy,
): number {
  const policyMax = decision.maxAttempts > 0 ? decision.maxAttempts : policy.defaultMaxAttempts;
  // Like the cost cap, the caller's limit only lowers the policy's: Route gives up at the policy's
  // limit anyway, so a higher request would be a promise the escalation ladder does not keep.
  const requested = record.task.request?.options?.maxAttempts;
  return requested === undefined ? policyMax : Math.min(requested, policyMax);
}

/** Reasons for the tiers above `tier` that the router skipped (e.g. no provider key configured). */
function higherTiersUnavailable(decision: router.RouteResponse, tier: common.Tier): string[] {
  return decision.skippedTiers.filter((s) => s.tier > tier).map((s) => `${tierName(s.tier)}: ${s.reason}`);
}

/**
 * The local tier reads a description and the page the same way every time and takes no feedback:
 * a spec it wrote that the critic or type check rejected comes out the same on another attempt, so
 * retrying it only repeats the exploration. (A failed run may be the app's timing: that is retried.)
 */
function rejectedAgainForSure(record: TaskRecord, tier: common.Tier): boolean {
  const o = record.checkpoint.outcome;
  return (
    tier === common.Tier.LOCAL && o?.kind === 'failed' && o.failure === router.FailureKind.VALIDATION_REJECTED
  );
}

function describeOutcome(record: TaskRecord): string {
  const o = record.checkpoint.outcome;
  return o?.kind === 'failed' ? o.message : '';
}

/**
 * The routing answer for the next attempt. A "give up" because every higher tier is unavailable
 * still leaves attempts on the current tier, with the failure as feedback, up to the limit.
 */
export function routed(
  record: TaskRecord,
  decision: router.RouteResponse,
  policy: PipelinePolicy,
  now: number,
): Transition {
  const d = new Draft(record, now);
  const cp = d.checkpoint;
  const first = cp.attempt === 0;
  if (first) {
    d.task.status = ST.RUNNING;
    if (decision.complexity) d.task.complexity = decision.complexity;
    cp.maxAttempts = maxAttemptsFor(record, decision, policy);
  }
  let next: Decision;
  if (decision.giveUpAskHuman || decision.tier === common.Tier.UNSPECIFIED) {
    const previous = cp.decision;
    const unavailable = previous ? higherTiersUnavailable(decision, previous.tier) : [];
    const last = describeOutcome(record);
    if (!previous || unavailable.length === 0 || cp.attempt >= cp.maxAttempts) {
      finishFailed(
        d,
        `router: ${decision.reason || 'give up, ask a human'}${last ? ` (last failure: ${last})` : ''}`,
        true,
      );
      return d.done();
    }
    if (rejectedAgainForSure(record, previous.tier)) {
      finishFailed(
        d,
        `router: no higher tier available (${unavailable.join('; ')}), and the local tier would write the same rejected spec again (last failure: ${last})`,
        true,
      );
      return d.done();
    }
    next = {
      ...previous,
      reason: `no higher tier available (${unavailable.join('; ')}): retrying ${tierName(previous.tier)} with the failure as feedback`,
    };
  } else {
    next = {
      tier: decision.tier,
      modelId: decision.modelId || (decision.tier === common.Tier.LOCAL ? LOCAL_MODEL_ID : ''),
      agent: decision.agent,
      reason: decision.reason,
      costCapMicros: decision.costCapMicros,
    };
  }
  const failure = describeOutcome(record);
  cp.attempt += 1;
  cp.decision = next;
  cp.phase = 'reserve';
  delete cp.reservation;
  delete cp.outcome;
  cp.steps = [];
  delete cp.usage;
  d.task.tier = next.tier;
  d.task.attempts.push(
    router.Attempt.fromPartial({
      number: cp.attempt,
      tier: next.tier,
      modelId: next.modelId,
      agent: next.agent,
      reason: next.reason,
      startedUnixMs: now,
    }),
  );
  const fields = { attempt: cp.attempt, tier: next.tier, modelId: next.modelId };
  if (first) d.emit(E.ROUTED, S.ROUTING, { ...fields, message: next.reason });
  else d.emit(E.ESCALATED, S.ROUTING, { ...fields, message: `${failure} → ${next.reason}` });
  return d.done();
}

/** Routing itself failed (budget refusal, bad policy): nothing was reserved, the task ends. */
export function routeFailed(record: TaskRecord, message: string, now: number): Transition {
  const d = new Draft(record, now);
  if (d.checkpoint.attempt === 0) d.task.status = ST.RUNNING;
  finishError(d, `routing failed: ${message}`);
  return d.done();
}

/** Attempts are used up before routing again. */
export function attemptsExhausted(d: Draft): void {
  const cp = d.checkpoint;
  const tiers = d.task.attempts.map((a) => tierName(a.tier)).join(', ');
  finishFailed(
    d,
    `no passing test after ${cp.attempt} attempt(s) (tiers: ${tiers}); last failure: ${describeOutcome({ task: d.task, checkpoint: cp })}`,
    true,
  );
}

// ---- reserve --------------------------------------------------------------------------------

function startGenerating(d: Draft): void {
  const cp = d.checkpoint;
  cp.phase = 'generate';
  d.emit(E.GENERATING, S.GENERATING, {
    attempt: cp.attempt,
    tier: cp.decision?.tier,
    modelId: cp.decision?.modelId,
  });
}

/** The local tier costs nothing: no reservation. */
export function reservedLocal(record: TaskRecord, now: number): Transition {
  const d = new Draft(record, now);
  d.emit(E.RESERVED, S.RESERVING, {
    attempt: d.checkpoint.attempt,
    tier: d.task.tier,
    amountMicros: 0,
    message: 'local tier is free: nothing reserved',
  });
  startGenerating(d);
  return d.done();
}

export function reserved(
  record: TaskRecord,
  reservation: { id: string; amountMicros: number },
  now: number,
): Transition {
  const d = new Draft(record, now);
  d.checkpoint.reservation = reservation;
  d.task.reservedMicros = reservation.amountMicros;
  d.emit(E.RESERVED, S.RESERVING, {
    attempt: d.checkpoint.attempt,
    tier: d.task.tier,
    amountMicros: reservation.amountMicros,
    reservationId: reservation.id,
  });
  startGenerating(d);
  return d.done();
}

/**
 * A paid tier could not be reserved: over budget (per policy: downgrade or refuse) or the cost
 * service is unavailable (always downgrade: the free tier needs no accounting).
 */
export function reserveRefused(
  record: TaskRecord,
  why: string,
  action: PipelinePolicy['budgetAction'],
  now: number,
): Transition {
  const d = new Draft(record, now);
  if (action === 'refuse') {
    finishError(d, `budget refused: ${why}`);
    return d.done();
  }
  const cp = d.checkpoint;
  const previous = cp.decision;
  const reason = `${why}; downgraded to the local tier`;
  cp.decision = {
    tier: common.Tier.LOCAL,
    modelId: LOCAL_MODEL_ID,
    agent: previous?.agent ?? 'scribe',
    reason,
    costCapMicros: 0,
  };
  d.task.tier = common.Tier.LOCAL;
  const attempt = d.attempt;
  if (attempt) {
    attempt.tier = common.Tier.LOCAL;
    attempt.modelId = LOCAL_MODEL_ID;
    attempt.reason = `${attempt.reason}; ${reason}`;
  }
  d.emit(E.RESERVED, S.RESERVING, {
    attempt: cp.attempt,
    tier: common.Tier.LOCAL,
    amountMicros: 0,
    message: reason,
  });
  startGenerating(d);
  return d.done();
}

// ---- generate -------------------------------------------------------------------------------

function failAttempt(
  d: Draft,
  failure: router.FailureKind,
  errorCategory: common.ErrorCategory,
  message: string,
  feedback: scribe.Feedback,
): void {
  const cp = d.checkpoint;
  const attempt = d.attempt;
  if (attempt) {
    attempt.failure = failure;
    attempt.finishedUnixMs = d.now;
  }
  cp.outcome = { kind: 'failed', failure, errorCategory, message: trimMessage(message) };
  cp.feedback = feedback;
  cp.phase = 'settle';
  d.task.stage = S.COMMITTING;
}

function validationSummary(report: scribe.ValidationReport | undefined): {
  accepted: boolean;
  text: string;
  rejections: number;
  warnings: number;
} {
  if (!report) return { accepted: true, text: 'no validation report', rejections: 0, warnings: 0 };
  const rejects = report.findings.filter((f) => f.severity === scribe.Severity.REJECT);
  const warned = report.findings.filter((f) => f.severity === scribe.Severity.WARNING);
  const warnings = warned.length;
  const typeErrors = report.typeDiagnostics.length;
  if (report.accepted) {
    // The warnings themselves, not only their number: the event is where a watcher reads them
    // (e.g. the parts of the description the spec does not check).
    const said = warned.map((f) => `${f.ruleId}: ${f.message}`).join('; ');
    return {
      accepted: true,
      text: `accepted (${warnings} warning(s)${report.typeChecked ? ', type-checked' : ''})${said ? `: ${said}` : ''}`,
      rejections: rejects.length,
      warnings,
    };
  }
  const why = [
    ...rejects.map((f) => `${f.ruleId} line ${f.line}: ${f.message}`),
    ...report.typeDiagnostics.map((t) => `TS${t.code} line ${t.line}: ${t.message}`),
  ];
  return {
    accepted: false,
    text: `rejected: ${why.slice(0, 5).join('; ') || `${rejects.length + typeErrors} problem(s)`}`,
    rejections: rejects.length,
    warnings,
  };
}

export function generated(record: TaskRecord, res: scribe.GenerateTestResponse, now: number): Transition {
  const d = new Draft(record, now);
  const cp = d.checkpoint;
  const tier = cp.decision?.tier ?? d.task.tier;
  const summary = validationSummary(res.validation);
  const attempt = d.attempt;
  if (attempt) {
    attempt.generationAttempts = res.attempts;
    attempt.validationRejections = summary.rejections;
    attempt.validationWarnings = summary.warnings;
    attempt.warmPath = res.warmPath;
    if (res.usage) attempt.usage = res.usage;
    if (res.modelId) attempt.modelId = res.modelId;
  }
  cp.steps = res.steps;
  if (res.usage) cp.usage = res.usage;
  if (res.specSource) {
    d.task.specSource = res.specSource;
    d.task.specFileName = res.fileName || d.task.request?.options?.fileName || d.task.specFileName;
  }
  const accepted = res.specSource !== '' && summary.accepted;
  const fields = { attempt: cp.attempt, tier, modelId: res.modelId || cp.decision?.modelId };
  d.emit(E.VALIDATING, S.VALIDATING, {
    ...fields,
    message:
      res.specSource === ''
        ? 'no spec produced'
        : `${summary.text}${res.warmPath ? ' (from pattern memory)' : ''}`,
  });
  if (!accepted) {
    const findings = res.validation?.findings.filter((f) => f.severity === scribe.Severity.REJECT) ?? [];
    failAttempt(
      d,
      router.FailureKind.VALIDATION_REJECTED,
      common.ErrorCategory.UNSPECIFIED,
      `validation ${summary.text}`,
      scribe.Feedback.fromPartial({ previousSpec: res.specSource, previousTier: tier, findings }),
    );
    return d.done();
  }
  cp.phase = 'run';
  d.emit(E.RUNNING, S.RUNNING, fields);
  return d.done();
}

/** Generation did not produce a spec (scribe error, timeout, tier not usable): escalate. */
export function generationFailed(
  record: TaskRecord,
  failure: router.FailureKind,
  message: string,
  now: number,
  spent?: common.TokenUsage,
): Transition {
  const d = new Draft(record, now);
  keepSpent(d, spent);
  const attempt = d.attempt;
  if (attempt) attempt.error = trimMessage(message);
  failAttempt(
    d,
    failure,
    common.ErrorCategory.UNSPECIFIED,
    `generation failed: ${message}`,
    scribe.Feedback.fromPartial({ previousTier: d.checkpoint.decision?.tier, notes: trimMessage(message) }),
  );
  return d.done();
}

/** Tokens a failed generation had paid for: settled with the attempt like a generated spec's. */
function keepSpent(d: Draft, spent: common.TokenUsage | undefined): void {
  if (!spent) return;
  d.checkpoint.usage = spent;
  if (d.attempt) d.attempt.usage = spent;
}

/**
 * Not the test's fault (a service unavailable, a rejected request): settle the money (with what a
 * failed generation had `spent`), then ERROR.
 */
export function attemptErrored(
  record: TaskRecord,
  message: string,
  now: number,
  spent?: common.TokenUsage,
): Transition {
  const d = new Draft(record, now);
  keepSpent(d, spent);
  const attempt = d.attempt;
  if (attempt) {
    attempt.error = trimMessage(message);
    attempt.finishedUnixMs = now;
  }
  d.checkpoint.outcome = { kind: 'error', message: trimMessage(message) };
  d.checkpoint.phase = 'settle';
  d.task.stage = S.COMMITTING;
  return d.done();
}

// ---- run ------------------------------------------------------------------------------------

/** The task record's view of a run, and the failing line for feedback. */
export function summarizeRun(res: runner.RunSpecResponse): { summary: router.RunSummary; errorLine: number } {
  const firstFailure = res.tests.find((t) => t.errorMessage !== '');
  const message = res.errorMessage || firstFailure?.errorMessage || '';
  return {
    summary: router.RunSummary.fromPartial({
      status: res.status,
      testsTotal: res.tests.length,
      testsPassed: res.passed,
      testsFailed: res.failed,
      durationMs: res.durationMs,
      errorMessage: res.status === common.RunStatus.PASS ? '' : trimMessage(message),
      errorCategory:
        res.status === common.RunStatus.PASS ? common.ErrorCategory.UNSPECIFIED : res.errorCategory,
      artifacts: res.artifacts,
    }),
    errorLine: res.errorLocation?.line ?? firstFailure?.errorLocation?.line ?? 0,
  };
}

export function ran(
  record: TaskRecord,
  run: { summary: router.RunSummary; errorLine: number },
  remember: boolean,
  now: number,
): Transition {
  const d = new Draft(record, now);
  const cp = d.checkpoint;
  const { summary } = run;
  d.task.lastRun = summary;
  d.task.artifacts.push(...summary.artifacts);
  const attempt = d.attempt;
  if (attempt) attempt.run = summary;
  const tier = cp.decision?.tier ?? d.task.tier;
  if (summary.status === common.RunStatus.PASS) {
    if (attempt) attempt.finishedUnixMs = now;
    cp.outcome = { kind: 'passed' };
    cp.phase = remember ? 'remember' : 'settle';
    d.emit(E.PASSED, remember ? S.REMEMBERING : S.COMMITTING, {
      attempt: cp.attempt,
      tier,
      run: summary,
      message: `${summary.testsPassed}/${summary.testsTotal} test(s) passed in ${summary.durationMs} ms`,
    });
    return d.done();
  }
  const status = common
    .runStatusToJSON(summary.status)
    .replace(/^RUN_STATUS_/, '')
    .toLowerCase();
  const category = common
    .errorCategoryToJSON(summary.errorCategory)
    .replace(/^ERROR_CATEGORY_/, '')
    .toLowerCase();
  failAttempt(
    d,
    summary.status === common.RunStatus.TIMEOUT ? router.FailureKind.TIMEOUT : router.FailureKind.RUN_FAILED,
    summary.errorCategory,
    `run ${status} (${category}): ${summary.errorMessage}`,
    scribe.Feedback.fromPartial({
      previousSpec: d.task.specSource,
      previousTier: tier,
      runStatus: summary.status,
      errorMessage: summary.errorMessage,
      errorCategory: summary.errorCategory,
      errorLine: run.errorLine,
    }),
  );
  return d.done();
}

/** The run could not happen or did not answer in time. */
export function runFailed(
  record: TaskRecord,
  failure: router.FailureKind,
  message: string,
  now: number,
): Transition {
  const d = new Draft(record, now);
  const attempt = d.attempt;
  if (attempt) attempt.error = trimMessage(message);
  failAttempt(
    d,
    failure,
    common.ErrorCategory.UNSPECIFIED,
    `run failed: ${message}`,
    scribe.Feedback.fromPartial({
      previousSpec: d.task.specSource,
      previousTier: d.checkpoint.decision?.tier,
      notes: trimMessage(message),
    }),
  );
  return d.done();
}

// ---- remember -------------------------------------------------------------------------------

/** Pattern memory is an optimisation: a failure to remember is logged, not fatal. */
export function remembered(
  record: TaskRecord,
  res: scribe.RememberPatternResponse | undefined,
  now: number,
): Transition {
  const d = new Draft(record, now);
  d.checkpoint.phase = 'settle';
  if (res) {
    d.emit(E.REMEMBERED, S.COMMITTING, {
      attempt: d.checkpoint.attempt,
      tier: d.task.tier,
      message: `pattern ${res.patternId} ${res.created ? 'stored' : 'reinforced'} (passed ${res.passCount}×)`,
    });
  } else {
    d.task.stage = S.COMMITTING;
  }
  return d.done();
}

// ---- settle ---------------------------------------------------------------------------------

export interface Settlement {
  committedMicros: number;
  /** False when some usage had no price (then it is not in committedMicros). */
  priced: boolean;
  /** Shown on the COST_COMMITTED event (e.g. why nothing was recorded). */
  note?: string;
}

export function settled(record: TaskRecord, settlement: Settlement, now: number): Transition {
  const d = new Draft(record, now);
  const cp = d.checkpoint;
  const attempt = d.attempt;
  if (attempt) attempt.costMicros = settlement.committedMicros;
  d.task.costMicros += settlement.committedMicros;
  d.task.costHasUnpriced ||= !settlement.priced;
  d.task.reservedMicros = 0;
  delete cp.reservation;
  d.emit(E.COST_COMMITTED, S.COMMITTING, {
    attempt: cp.attempt,
    tier: d.task.tier,
    amountMicros: settlement.committedMicros,
    ...(settlement.note === undefined ? {} : { message: settlement.note }),
  });
  const outcome = cp.outcome;
  if (outcome?.kind === 'passed') finishPassed(d);
  else if (outcome?.kind === 'error' || outcome === undefined)
    finishError(d, outcome?.message ?? 'attempt ended without an outcome');
  else if (cp.attempt >= cp.maxAttempts) attemptsExhausted(d);
  else {
    cp.phase = 'route';
    d.task.stage = S.ROUTING;
  }
  return d.done();
}

/** A transition that ends the task with ERROR from any phase (an unexpected failure). */
export function aborted(record: TaskRecord, message: string, now: number): Transition {
  const d = new Draft(record, now);
  finishError(d, message);
  return d.done();
}

/**
 * Ends the task with ERROR after a bug in the stage about to run from `record`. An attempt that may
 * hold a reservation or have spent something (generate, run, remember) goes through settle first,
 * like any other errored attempt; a failure before that, or in settle itself, ends the task at once.
 */
export function failedUnexpectedly(record: TaskRecord, message: string, now: number): Transition {
  const phase = record.checkpoint.phase;
  if (phase === 'generate' || phase === 'run' || phase === 'remember') {
    return attemptErrored(record, message, now);
  }
  return aborted(record, message, now);
}
