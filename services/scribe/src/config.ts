// Scribe's configuration: the only reader of process.env in this service.
import {
  address,
  bool,
  type ConfigOf,
  int,
  list,
  loadConfig,
  num,
  oneOf,
  serverSpec,
  str,
  url,
} from '@superagent/config';

const originPattern = () =>
  str({ pattern: /^https?:\/\/(\*\.)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?\/?$/ });

export const scribeConfigSpec = {
  ...serverSpec(50052),
  RUNNER_ADDR: address({ default: '127.0.0.1:50054', doc: 'runner gRPC address (Explore)' }),
  EMBEDDING_ADDR: address({ default: '127.0.0.1:50053', doc: 'embedding gRPC address (Embed)' }),
  SCRIBE_ALLOWED_ORIGINS: list(originPattern(), {
    default: ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'],
    doc: 'origins a base URL may use (scheme://host[:port|:*], host may start with *.)',
  }),
  SCRIBE_MAX_ATTEMPTS: int({
    default: 3,
    min: 1,
    max: 3,
    doc: 'internal attempts (generate, validate, retry with findings) when a request leaves it unset',
  }),
  SCRIBE_EXPLORE_TIMEOUT_MS: int({
    default: 30_000,
    min: 1000,
    doc: 'time limit for exploring the live page in one generation',
  }),
  SCRIBE_OPEN_TIMEOUT_MS: int({
    default: 15_000,
    min: 100,
    doc: 'time limit for loading the start page when exploring (a busy machine loads slower than it acts)',
  }),
  SCRIBE_ACTION_TIMEOUT_MS: int({ default: 5000, min: 100, doc: 'time limit of one explore action' }),
  SCRIBE_MAX_EXPLORES: int({
    default: 4,
    min: 1,
    doc: 'explore sessions scribe keeps open at once (match RUNNER_MAX_EXPLORE_SESSIONS); more generations wait',
  }),
  SCRIBE_EMBED_DEADLINE_MS: int({ default: 2000, min: 50, doc: 'deadline of one Embed call' }),
  SCRIBE_EMBED_CACHE_SIZE: int({ default: 5000, min: 0, doc: 'vectors kept in scribe (LRU by text)' }),
  SCRIBE_TYPE_CHECK: bool({
    default: true,
    doc: 'type-check specs against @playwright/test when a request leaves it unset',
  }),
  SCRIBE_VECTOR_BACKEND: oneOf(['embedded', 'qdrant'] as const, {
    default: 'embedded',
    doc: 'pattern memory: in-process index or Qdrant',
  }),
  SCRIBE_EMBEDDED_MAX_PATTERNS: int({
    default: 10_000,
    min: 1,
    doc: 'patterns the embedded index keeps (oldest updated go first)',
  }),
  SCRIBE_EMBEDDED_PATH: str({
    optional: true,
    doc: 'file the embedded index keeps its patterns in (each on disk before RememberPattern answers, read back at start-up; one scribe per file, not with Qdrant); unset: memory only, lost when scribe stops',
  }),
  QDRANT_URL: url({ optional: true, doc: 'Qdrant REST URL; required when SCRIBE_VECTOR_BACKEND=qdrant' }),
  QDRANT_API_KEY: str({ optional: true, secret: true, doc: 'Qdrant API key (from a Secret)' }),
  SCRIBE_QDRANT_TIMEOUT_MS: int({ default: 5000, min: 100, doc: 'time limit of one Qdrant request' }),
  SCRIBE_QDRANT_COLLECTION: str({
    default: 'scribe_patterns',
    pattern: /^[A-Za-z0-9_-]{1,64}$/,
    doc: 'Qdrant collection prefix; the model and dimension are appended',
  }),
  SCRIBE_PATTERN_MIN_SCORE: num({
    default: 0.7,
    min: 0,
    max: 1,
    doc: 'similarity a remembered pattern needs to be used',
  }),
  SCRIBE_PATTERN_TOP_K: int({ default: 5, min: 1, max: 50, doc: 'patterns retrieved before generating' }),
  SCRIBE_WARM_THRESHOLD: num({
    default: 0.72,
    min: 0,
    max: 1,
    doc: 'similarity at which a passing pattern of the same site is returned adapted, without exploring',
  }),
  ANTHROPIC_API_KEY: str({
    optional: true,
    secret: true,
    doc: 'enables the LLM tiers (HAIKU/SONNET/OPUS); unset = those tiers answer FAILED_PRECONDITION',
  }),
  ANTHROPIC_BASE_URL: url({
    optional: true,
    doc: 'Messages API base URL (tests point it at a local recorded server)',
  }),
  SCRIBE_MODEL_HAIKU: str({
    default: 'claude-haiku-4-5',
    doc: 'model id for the HAIKU tier when the request names none',
  }),
  SCRIBE_MODEL_SONNET: str({
    default: 'claude-sonnet-4-5',
    doc: 'model id for the SONNET tier when the request names none',
  }),
  SCRIBE_MODEL_OPUS: str({
    default: 'claude-opus-4-1',
    doc: 'model id for the OPUS tier when the request names none',
  }),
  SCRIBE_LLM_MAX_TOKENS: int({ default: 4096, min: 256, doc: 'max output tokens per model call' }),
  SCRIBE_LLM_MAX_TURNS: int({ default: 16, min: 1, max: 64, doc: 'model calls (tool turns) per attempt' }),
  SCRIBE_LLM_TIMEOUT_MS: int({ default: 120_000, min: 1000, doc: 'time limit of one model call' }),
};

export type ScribeConfig = ConfigOf<typeof scribeConfigSpec>;

export const loadScribeConfig = (env: NodeJS.ProcessEnv = process.env): ScribeConfig => {
  // Listed with the variables' own problems.
  return loadConfig(scribeConfigSpec, env, (c) => {
    if (c.SCRIBE_VECTOR_BACKEND !== 'qdrant') return [];
    const problems: string[] = [];
    if ((env.QDRANT_URL ?? '').trim() === '')
      problems.push('QDRANT_URL is required when SCRIBE_VECTOR_BACKEND=qdrant');
    // A file that would never be written must not look like durable pattern memory.
    if ((env.SCRIBE_EMBEDDED_PATH ?? '').trim() !== '')
      problems.push(
        'SCRIBE_EMBEDDED_PATH is for the embedded index; unset it when SCRIBE_VECTOR_BACKEND=qdrant',
      );
    return problems;
  });
};
