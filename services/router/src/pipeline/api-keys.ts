// Per-tenant API keys for the router's public RPCs (issue 10). Keys come from a Secret through the
// environment as `tenant:key` entries; only their SHA-256 digests are kept, and a presented key is
// compared in constant time. A key authenticates its tenant and nothing else.
import { createHash, timingSafeEqual } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { permissionDenied, unauthenticated } from '@superagent/grpc';

export const API_KEY_HEADER = 'x-api-key';
const MIN_KEY_LENGTH = 16;

export interface ApiKeyAuth {
  /** False when no keys are configured: every call is allowed (development only). */
  readonly enabled: boolean;
  /** The tenant the call's key belongs to; UNAUTHENTICATED without a valid key. Undefined when disabled. */
  tenantOf(metadata: grpc.Metadata): string | undefined;
  /** PERMISSION_DENIED unless the call's key belongs to `tenantId`. */
  requireTenant(metadata: grpc.Metadata, tenantId: string): void;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Parses `tenant:key` entries; throws naming the bad entry (never echoing the key). */
export function createApiKeyAuth(entries: readonly string[]): ApiKeyAuth {
  const keys: { digest: Buffer; tenant: string }[] = [];
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const tenant = at > 0 ? entry.slice(0, at) : '';
    const key = at > 0 ? entry.slice(at + 1) : '';
    if (tenant === '' || key.length < MIN_KEY_LENGTH) {
      throw new Error(
        `API key entry ${i + 1}: expected tenant:key with a key of at least ${MIN_KEY_LENGTH} characters`,
      );
    }
    keys.push({ digest: digest(key), tenant });
  });
  const enabled = keys.length > 0;

  function tenantOf(metadata: grpc.Metadata): string | undefined {
    if (!enabled) return undefined;
    const presented = metadata.get(API_KEY_HEADER)[0];
    if (typeof presented !== 'string' || presented === '')
      throw unauthenticated(`missing ${API_KEY_HEADER} metadata`);
    const d = digest(presented);
    // Compare against every key, always, so timing says nothing about which (if any) matched.
    let tenant: string | undefined;
    for (const k of keys) if (timingSafeEqual(k.digest, d)) tenant ??= k.tenant;
    if (tenant === undefined) throw unauthenticated('invalid API key');
    return tenant;
  }

  return {
    enabled,
    tenantOf,
    requireTenant(metadata, tenantId) {
      const tenant = tenantOf(metadata);
      if (tenant !== undefined && tenant !== tenantId)
        throw permissionDenied(`this API key is not valid for tenant "${tenantId.slice(0, 128)}"`);
    },
  };
}
