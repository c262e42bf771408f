// The durable shape of a pipeline task: the public `Task` (what GetTask returns) plus the pipeline's
// checkpoint (where to resume after a crash), serialised as versioned JSON. Proto messages are kept
// in their canonical proto3 JSON form, so a field added to the proto never breaks an old record.
import { common, router, scribe } from '@superagent/proto';

export const RECORD_SCHEMA_VERSION = 1;

/**
 * Which stage a resumed worker executes next. Each phase is one external call; the transition that
 * completes it is committed (record + events) before the next starts, so a crash repeats at most
 * the call that was in flight, never an event.
 */
export const PHASES = ['route', 'reserve', 'generate', 'run', 'remember', 'settle', 'done'] as const;
export type Phase = (typeof PHASES)[number];

/** The routing decision of the current attempt. */
export interface Decision {
  tier: common.Tier;
  modelId: string;
  agent: string;
  reason: string;
  costCapMicros: number;
}

/** How the current attempt ended (set before the `settle` phase). */
export type AttemptOutcome =
  | { kind: 'passed' }
  | { kind: 'failed'; failure: router.FailureKind; errorCategory: common.ErrorCategory; message: string }
  /** Not the test's fault (a service unavailable, a budget refusal): the task ends with ERROR. */
  | { kind: 'error'; message: string };

export interface Checkpoint {
  phase: Phase;
  /** Transitions committed so far: fences stale writers and makes a retried commit idempotent. */
  transition: number;
  /** Current attempt number (1-based); 0 before the first routing. */
  attempt: number;
  /** Attempt limit, fixed at the first routing; 0 until then. */
  maxAttempts: number;
  decision?: Decision;
  /** The open cost reservation of the current attempt. */
  reservation?: { id: string; amountMicros: number };
  /** Steps of the current attempt's spec (for RememberPattern). */
  steps: scribe.Step[];
  /** Tokens of the current attempt's generation. */
  usage?: common.TokenUsage;
  outcome?: AttemptOutcome;
  /** What the next generation is told about the previous failure. */
  feedback?: scribe.Feedback;
  /** W3C traceparent of the submitting call: every stage's span joins that trace. */
  traceparent?: string;
}

export interface TaskRecord {
  task: router.Task;
  checkpoint: Checkpoint;
}

export class RecordDecodeError extends Error {
  override readonly name = 'RecordDecodeError';
}

export function initialCheckpoint(): Checkpoint {
  return { phase: 'route', transition: 0, attempt: 0, maxAttempts: 0, steps: [] };
}

export function encodeRecord(record: TaskRecord): string {
  const cp = record.checkpoint;
  return JSON.stringify({
    v: RECORD_SCHEMA_VERSION,
    task: router.Task.toJSON(record.task),
    checkpoint: {
      phase: cp.phase,
      transition: cp.transition,
      attempt: cp.attempt,
      maxAttempts: cp.maxAttempts,
      decision: cp.decision,
      reservation: cp.reservation,
      steps: cp.steps.map((s) => scribe.Step.toJSON(s)),
      usage: cp.usage === undefined ? undefined : common.TokenUsage.toJSON(cp.usage),
      outcome: cp.outcome,
      feedback: cp.feedback === undefined ? undefined : scribe.Feedback.toJSON(cp.feedback),
      traceparent: cp.traceparent,
    },
  });
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(obj: Json, name: string, check: (v: unknown) => v is T, what: string): T {
  const value = obj[name];
  if (!check(value)) throw new RecordDecodeError(`task record: ${name} is not ${what}`);
  return value;
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isPhase = (v: unknown): v is Phase => PHASES.some((p) => p === v);

function decodeDecision(value: unknown): Decision | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new RecordDecodeError('task record: decision is not an object');
  return {
    tier: field(value, 'tier', isInt, 'an integer'),
    modelId: field(value, 'modelId', isString, 'a string'),
    agent: field(value, 'agent', isString, 'a string'),
    reason: field(value, 'reason', isString, 'a string'),
    costCapMicros: field(value, 'costCapMicros', isInt, 'an integer'),
  };
}

function decodeReservation(value: unknown): Checkpoint['reservation'] {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new RecordDecodeError('task record: reservation is not an object');
  return {
    id: field(value, 'id', isString, 'a string'),
    amountMicros: field(value, 'amountMicros', isInt, 'an integer'),
  };
}

function decodeOutcome(value: unknown): AttemptOutcome | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new RecordDecodeError('task record: outcome is not an object');
  switch (value.kind) {
    case 'passed':
      return { kind: 'passed' };
    case 'failed':
      return {
        kind: 'failed',
        failure: field(value, 'failure', isInt, 'an integer'),
        errorCategory: field(value, 'errorCategory', isInt, 'an integer'),
        message: field(value, 'message', isString, 'a string'),
      };
    case 'error':
      return { kind: 'error', message: field(value, 'message', isString, 'a string') };
    default:
      throw new RecordDecodeError(`task record: unknown outcome kind ${String(value.kind)}`);
  }
}

export function decodeRecord(text: string): TaskRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RecordDecodeError(
      `task record: not JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!isObject(parsed)) throw new RecordDecodeError('task record: not an object');
  if (parsed.v !== RECORD_SCHEMA_VERSION) {
    throw new RecordDecodeError(
      `task record: schema version ${String(parsed.v)} is not ${RECORD_SCHEMA_VERSION}`,
    );
  }
  const cp = parsed.checkpoint;
  if (!isObject(cp) || !isObject(parsed.task))
    throw new RecordDecodeError('task record: task or checkpoint missing');
  const steps = cp.steps ?? [];
  if (!Array.isArray(steps)) throw new RecordDecodeError('task record: steps is not an array');
  const decision = decodeDecision(cp.decision);
  const reservation = decodeReservation(cp.reservation);
  const outcome = decodeOutcome(cp.outcome);
  return {
    task: router.Task.fromJSON(parsed.task),
    checkpoint: {
      phase: field(cp, 'phase', isPhase, 'a phase'),
      transition: field(cp, 'transition', isInt, 'an integer'),
      attempt: field(cp, 'attempt', isInt, 'an integer'),
      maxAttempts: field(cp, 'maxAttempts', isInt, 'an integer'),
      steps: steps.map((s: unknown) => scribe.Step.fromJSON(s)),
      ...(decision === undefined ? {} : { decision }),
      ...(reservation === undefined ? {} : { reservation }),
      ...(cp.usage === undefined ? {} : { usage: common.TokenUsage.fromJSON(cp.usage) }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(cp.feedback === undefined ? {} : { feedback: scribe.Feedback.fromJSON(cp.feedback) }),
      ...(typeof cp.traceparent === 'string' ? { traceparent: cp.traceparent } : {}),
    },
  };
}

export function encodeEvent(event: router.TaskEvent): string {
  return JSON.stringify(router.TaskEvent.toJSON(event));
}

export function decodeEvent(text: string): router.TaskEvent {
  return router.TaskEvent.fromJSON(JSON.parse(text));
}

/** A deep copy (records are mutated by the pipeline's transitions, never shared). */
export function cloneRecord(record: TaskRecord): TaskRecord {
  return decodeRecord(encodeRecord(record));
}
