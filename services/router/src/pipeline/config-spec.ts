// The pipeline's environment variables, spread into the router's config spec (config.ts stays the
// only reader of process.env). Defaults fit one router on a laptop; the chart overrides them.
import { address, int, oneOf } from '@superagent/config';

export const pipelineConfigSpec = {
  SCRIBE_ADDR: address({
    default: '127.0.0.1:50052',
    doc: 'scribe service (test generation, pattern memory)',
  }),
  RUNNER_ADDR: address({ default: '127.0.0.1:50054', doc: 'runner service (spec runs)' }),
  PIPELINE_STORE: oneOf(['memory', 'redis'] as const, {
    default: 'memory',
    doc: 'task store: memory (embedded, one process) or redis (durable, shared by router instances; needs exactly one of REDIS_URL or REDIS_SENTINELS)',
  }),
  PIPELINE_CONCURRENCY: int({
    default: 16,
    min: 1,
    max: 256,
    doc: 'tasks one router process works on at once (it only waits on scribe and runner, which queue their own work)',
  }),
  PIPELINE_LEASE_MS: int({
    default: 15_000,
    min: 500,
    doc: 'a task whose worker stopped renewing for this long is taken over by another router instance',
  }),
  PIPELINE_MAX_ATTEMPTS: int({
    default: 3,
    min: 1,
    max: 10,
    doc: 'attempts (generate + run on one tier) per task when neither the request nor the policy says',
  }),
  PIPELINE_BUDGET_ACTION: oneOf(['downgrade', 'refuse'] as const, {
    default: 'downgrade',
    doc: 'when cost.Reserve says a budget is exhausted: continue on the free local tier, or end the task with ERROR',
  }),
  PIPELINE_TASK_TTL_MS: int({
    default: 3_600_000,
    min: 1_000,
    doc: 'lifetime of a task record, its events and its idempotency key after its last change',
  }),
  PIPELINE_REDIS_WAIT_REPLICAS: int({
    default: 0,
    min: 0,
    doc: 'replicas that must confirm a task write (WAIT) before it is acknowledged; 0 = do not wait',
  }),
  PIPELINE_REDIS_WAIT_TIMEOUT_MS: int({
    default: 1_000,
    min: 1,
    max: 4_000,
    doc: 'how long a write waits for its replicas',
  }),
  PIPELINE_GENERATE_TIMEOUT_MS: int({ default: 180_000, min: 1_000, doc: 'deadline of scribe.GenerateTest' }),
  PIPELINE_RUN_TIMEOUT_MS: int({
    default: 240_000,
    min: 1_000,
    doc: 'deadline of runner.RunSpec (queueing included)',
  }),
  PIPELINE_UNAVAILABLE_RETRY_MS: int({
    default: 20_000,
    min: 0,
    doc: "how long generate/run wait for an UNAVAILABLE scribe or runner, and a paid attempt's settle for a cost service that is UNAVAILABLE or past its deadline, before the task ends with ERROR",
  }),
  PIPELINE_OVERLOADED_RETRY_MS: int({
    default: 180_000,
    min: 0,
    doc: 'how long generate/run keep asking a busy scribe or runner (RESOURCE_EXHAUSTED: queue full, no explore session free) before the task ends with ERROR',
  }),
  PIPELINE_COST_TIMEOUT_MS: int({ default: 5_000, min: 100, doc: 'deadline of cost Reserve/Commit/Record' }),
  PIPELINE_REMEMBER_TIMEOUT_MS: int({ default: 15_000, min: 100, doc: 'deadline of scribe.RememberPattern' }),
  PIPELINE_WATCH_POLL_MS: int({
    default: 1_000,
    min: 50,
    doc: 'WatchTask re-reads the event stream at least this often (a safety net under the notifications)',
  }),
};
