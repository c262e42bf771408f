/**
 * The registry of SuperAgent's own span attribute and metric names (STYLE rule 2): every custom
 * name used by any service comes from here, so dashboards, alerts and trace assertions have one
 * list to follow. Standard names (rpc.*, db.*, http.*) come from the instrumentations and
 * @opentelemetry/semantic-conventions; gRPC server/client metrics are named in @superagent/grpc.
 *
 * Rules: lower-case dotted names under `superagent.`; counts are plain numbers, money is integer
 * micro-dollars (`*.micros`); never put payloads, prompts or secrets in an attribute.
 */

/** Span (and metric) attribute keys. */
export const ATTR = {
  /** Tenant the request is billed to (an id, never a name or key). */
  tenantId: 'superagent.tenant.id',
  /** Pipeline task id (router → scribe → runner). */
  taskId: 'superagent.task.id',
  /** Feature id within a task. */
  featureId: 'superagent.feature.id',
  /** Model tier chosen by the router: `free`, `standard`, `premium`. */
  tier: 'superagent.tier',
  /** Model identifier used for generation or embedding. */
  model: 'superagent.model',
  /** Prompt tokens consumed by one generation. */
  tokensInput: 'superagent.tokens.input',
  /** Completion tokens produced by one generation. */
  tokensOutput: 'superagent.tokens.output',
  /** Direction of a token count on the tokens metric: `input` | `output`. */
  tokensDirection: 'superagent.tokens.direction',
  /** Cost of the operation in integer micro-dollars. */
  costMicros: 'superagent.cost.micros',
  /** Whether a cache lookup hit. */
  cacheHit: 'superagent.cache.hit',
  /** Which cache: `embedding`, `generation`, `retrieval`, ... */
  cacheName: 'superagent.cache.name',
  /** Items in one batch (embedding batches, vector upserts). */
  batchSize: 'superagent.batch.size',
  /** Which batching step a batch-size observation is from: `embedding`, `cost.record_batch`, ... */
  batchName: 'superagent.batch.name',
  /** Documents returned by a vector search. */
  retrievalResults: 'superagent.retrieval.results',
  /** Pool a gauge describes: `browser`, `redis`, ... */
  poolName: 'superagent.pool.name',
  /** Outcome of a Playwright run: `passed`, `failed`, `error`, `timeout`. */
  testOutcome: 'superagent.test.outcome',
  /** Attempt number of a retried step, from 1. */
  attempt: 'superagent.attempt',
} as const;

export type AttributeName = (typeof ATTR)[keyof typeof ATTR];

/** Metric instrument names, with the kind and unit each must be created with. */
export const METRIC = {
  /** Counter {lookup}: cache lookups, attributes cacheName + cacheHit (hit rate = hit=true / all). */
  cacheLookups: 'superagent.cache.lookups',
  /** Histogram {item}: batch sizes, attribute batchName (and model where one applies). */
  batchSize: 'superagent.batch.size',
  /** Gauge {resource}: resources of a pool in use, attribute poolName. */
  poolInUse: 'superagent.pool.in_use',
  /** Gauge {resource}: resources of a pool idle and ready. */
  poolIdle: 'superagent.pool.idle',
  /** Gauge {request}: requests waiting for a pool resource. */
  poolWaiting: 'superagent.pool.waiting',
  /** Counter {µ$}: money spent, attributes tenantId + tier + model. */
  spendMicros: 'superagent.spend.micros',
  /** Counter {token}: tokens, attributes model + tokensDirection. */
  tokens: 'superagent.tokens',
  /** Counter {task}: pipeline tasks finished, attribute testOutcome. */
  tasks: 'superagent.tasks',
  /** Histogram ms: end-to-end task duration from submit to verdict. */
  taskDuration: 'superagent.task.duration',
  /** Counter {record}: usage records for a model without a price (counted apart, never as $0), attribute model. */
  unpricedRecords: 'superagent.cost.unpriced_records',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Units for the instruments above (UCUM; curly braces are annotations). */
export const UNIT = {
  ms: 'ms',
  microDollars: '{µ$}',
  tokens: '{token}',
  items: '{item}',
} as const;
