// Per-tenant API keys for the router's public RPCs (issue 10). Keys come from a Secret through the
// environment (ROUTER_API_KEYS) as `tenant:key` entries. Only SHA-256 digests are kept, in a Map
// from digest to tenant: a call costs one digest of the presented key and one Map lookup, and the
// lookup compares digests, never the secret itself, so its timing tells nothing about a key.
import { hash } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { unauthenticated } from '@superagent/grpc';

export const API_KEY_HEADER = 'x-api-key';
export const MIN_KEY_LENGTH = 16;
/** Same limit as a request's tenant_id. */
const MAX_TENANT_BYTES = 128;
/** Printable ASCII without space: what a gRPC metadata value can carry unchanged. */
const KEY_CHARS = /^[\x21-\x7e]+$/;
// Control characters and U+FFFD: the same tenant ids a request's tenant_id may carry.
// eslint-disable-next-line no-control-regex
const BAD_TENANT_CHARS = /[\u0000-\u001f\u007f\ufffd]/;

export interface ApiKeyAuth {
  /** False when no keys are configured: every call is allowed (development only). */
  readonly enabled: boolean;
  /**
   * The tenant the call's key belongs to; throws UNAUTHENTICATED without a valid key.
   * Undefined when disabled.
   */
  tenantOf(metadata: grpc.Metadata): string | undefined;
}

const digest = (key: string): string => hash('sha256', key, 'base64');

/** Why an entry is unusable, or undefined; never mentions the key itself. */
function entryProblem(tenant: string, key: string): string | undefined {
  if (tenant === '') return 'expected tenant:key (no tenant before the ":")';
  if (Buffer.byteLength(tenant, 'utf8') > MAX_TENANT_BYTES)
    return `tenant longer than ${MAX_TENANT_BYTES} bytes`;
  if (BAD_TENANT_CHARS.test(tenant)) return 'tenant contains control characters';
  if (key.length < MIN_KEY_LENGTH)
    return `expected tenant:key with a key of at least ${MIN_KEY_LENGTH} characters`;
  if (!KEY_CHARS.test(key)) return 'key must be printable ASCII without spaces (it travels as gRPC metadata)';
  return undefined;
}

/**
 * Parses `tenant:key` entries (split at the first ":"; a tenant may have several keys, for
 * rotation). Throws naming the bad entry by position, never echoing a key: one key listed twice
 * would make its tenant ambiguous, so that is refused too.
 */
export function createApiKeyAuth(entries: readonly string[]): ApiKeyAuth {
  const tenants = new Map<string, string>();
  const firstEntry = new Map<string, number>();
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const tenant = at < 0 ? '' : entry.slice(0, at);
    const key = at < 0 ? '' : entry.slice(at + 1);
    const problem = entryProblem(tenant, key);
    if (problem !== undefined) throw new Error(`API key entry ${i + 1}: ${problem}`);
    const d = digest(key);
    const earlier = firstEntry.get(d);
    if (earlier !== undefined)
      throw new Error(
        `API key entry ${i + 1}: the same key as entry ${earlier} (a key belongs to one tenant)`,
      );
    firstEntry.set(d, i + 1);
    tenants.set(d, tenant);
  });
  const enabled = tenants.size > 0;

  return {
    enabled,
    tenantOf(metadata) {
      if (!enabled) return undefined;
      const presented = metadata.get(API_KEY_HEADER)[0];
      if (typeof presented !== 'string' || presented === '')
        throw unauthenticated(`missing ${API_KEY_HEADER} metadata`);
      const tenant = tenants.get(digest(presented));
      if (tenant === undefined) throw unauthenticated('invalid API key');
      return tenant;
    },
  };
}
