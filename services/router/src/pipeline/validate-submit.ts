// SubmitFeature input checks: every bad field is INVALID_ARGUMENT naming it (proto field names).
import { invalidArgument } from '@superagent/grpc';
import { common, router } from '@superagent/proto';
import { isTaskId } from '../store/redis-keys';

const MAX_DESCRIPTION_BYTES = 8_192;
const MAX_URL_BYTES = 2_048;
const MAX_ATTEMPTS = 10;
/** What an empty tenant_id means (proto: "Empty = the default tenant"). */
export const DEFAULT_TENANT = 'default';
/** The runner's largest allowed run limit (RUNNER_MAX_RUN_TIMEOUT_MS default). */
const MAX_RUN_TIMEOUT_MS = 180_000;
const FILE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*\.spec\.ts$/;
const MAX_FILE_NAME = 120;
// Control characters, and U+FFFD, which is what invalid UTF-8 on the wire decodes to.
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f\ufffd]/;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function checkId(field: string, value: string, maxBytes: number): void {
  if (bytes(value) > maxBytes) throw invalidArgument(field, `at most ${maxBytes} bytes`);
  if (BAD_CHARS.test(value)) throw invalidArgument(field, 'control characters or invalid UTF-8');
}

function checkTier(field: string, tier: common.Tier): void {
  if (!Object.values(common.Tier).includes(tier) || tier === common.Tier.UNRECOGNIZED) {
    throw invalidArgument(field, `unknown tier ${String(tier)}`);
  }
}

function checkBaseUrl(value: string): void {
  if (value === '') throw invalidArgument('base_url', 'required');
  if (bytes(value) > MAX_URL_BYTES) throw invalidArgument('base_url', `at most ${MAX_URL_BYTES} bytes`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidArgument('base_url', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidArgument('base_url', 'must be http or https');
  if (url.username !== '' || url.password !== '')
    throw invalidArgument('base_url', 'must not carry credentials');
  if (BAD_CHARS.test(value)) throw invalidArgument('base_url', 'control characters or invalid UTF-8');
}

function checkOptions(options: router.FeatureOptions | undefined): void {
  if (!options) return;
  checkTier('options.max_tier', options.maxTier);
  checkTier('options.start_tier', options.startTier);
  // The routing core picks the first tier from the policy; forcing a higher start is not offered
  // yet, and silently ignoring the option would be worse than saying so.
  if (options.startTier !== common.Tier.UNSPECIFIED) {
    throw invalidArgument(
      'options.start_tier',
      'not supported by this router yet (leave it unset; use max_tier to cap)',
    );
  }
  const { maxAttempts, costCapMicros, runTimeoutMs, fileName } = options;
  if (maxAttempts !== undefined && (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)) {
    throw invalidArgument('options.max_attempts', `must be 1 .. ${MAX_ATTEMPTS}`);
  }
  if (costCapMicros !== undefined && (!Number.isSafeInteger(costCapMicros) || costCapMicros < 0)) {
    throw invalidArgument('options.cost_cap_micros', 'must be ≥ 0');
  }
  if (
    runTimeoutMs !== undefined &&
    (!Number.isSafeInteger(runTimeoutMs) || runTimeoutMs < 0 || runTimeoutMs > MAX_RUN_TIMEOUT_MS)
  ) {
    throw invalidArgument('options.run_timeout_ms', `must be 0 .. ${MAX_RUN_TIMEOUT_MS}`);
  }
  // At most 120 characters, as scribe (which writes the spec under this name) accepts.
  if (fileName !== '' && (fileName.length > MAX_FILE_NAME || !FILE_NAME.test(fileName))) {
    throw invalidArgument(
      'options.file_name',
      `must be kebab-case ending in .spec.ts (at most ${MAX_FILE_NAME} characters)`,
    );
  }
}

/** A feature id from the description's first words when the caller gave none, e.g. "log-in-with-a-valid". */
export function deriveFeatureId(description: string): string {
  const words = description.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.slice(0, 6).join('-').slice(0, 64).replace(/-+$/, '') || 'feature';
}

/** Throws INVALID_ARGUMENT for the first bad field; returns the request with derived defaults filled in. */
export function validateSubmit(req: router.SubmitFeatureRequest): router.SubmitFeatureRequest {
  if (req.description.trim() === '') throw invalidArgument('description', 'required');
  if (bytes(req.description) > MAX_DESCRIPTION_BYTES)
    throw invalidArgument('description', `at most ${MAX_DESCRIPTION_BYTES} bytes`);
  if (req.description.includes('\u0000')) throw invalidArgument('description', 'must not contain NUL');
  checkBaseUrl(req.baseUrl);
  if (req.startPath !== '') {
    checkId('start_path', req.startPath, MAX_URL_BYTES);
    // Scribe's rules for the same path: what it would refuse must not become a task that ends in ERROR.
    if (!req.startPath.startsWith('/') || req.startPath.startsWith('//') || req.startPath.includes('\\')) {
      throw invalidArgument('start_path', 'must be a path starting with a single "/"');
    }
    if (/\s/.test(req.startPath)) throw invalidArgument('start_path', 'must not contain spaces');
  }
  checkId('tenant_id', req.tenantId, 128);
  checkId('session_id', req.sessionId, 128);
  checkId('idempotency_key', req.idempotencyKey, 256);
  checkId('feature_id', req.featureId, 256);
  checkId('test_path', req.testPath, 1_024);
  checkOptions(req.options);
  return {
    ...req,
    // One name for the default tenant, so its idempotency keys (and task visibility) do not depend
    // on whether a caller left tenant_id empty or spelled it out (the cost service does the same).
    tenantId: req.tenantId || DEFAULT_TENANT,
    featureId: req.featureId || deriveFeatureId(req.description),
  };
}

export function validateTaskId(taskId: string): string {
  if (taskId === '') throw invalidArgument('task_id', 'required');
  if (!isTaskId(taskId)) throw invalidArgument('task_id', 'not a task id');
  return taskId;
}
