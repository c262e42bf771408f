import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { ServiceError } from '@superagent/grpc';
import { API_KEY_HEADER, createApiKeyAuth } from '../../src/auth/api-keys';

const ACME = 'acme-key-0123456789abcdef';
const ACME_NEXT = 'acme-next-key-0123456789';
const GLOBEX = 'globex-key-0123456789abcdef';

function withKey(key?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (key !== undefined) metadata.set(API_KEY_HEADER, key);
  return metadata;
}

/** The status a tenantOf call fails with. */
function refusal(fn: () => unknown): { code: grpc.status; details: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ServiceError, 'a ServiceError');
    return { code: err.code, details: err.details };
  }
  throw new Error('expected a refusal');
}

describe('ROUTER_API_KEYS parsing', () => {
  test('tenant:key entries; a tenant may have several keys; a key may contain ":"', () => {
    const auth = createApiKeyAuth([
      `acme:${ACME}`,
      `globex:${GLOBEX}`,
      `acme:${ACME_NEXT}`,
      `x:${ACME}:tail`,
    ]);
    assert.equal(auth.enabled, true);
    assert.equal(auth.tenantOf(withKey(ACME)), 'acme');
    assert.equal(auth.tenantOf(withKey(ACME_NEXT)), 'acme');
    assert.equal(auth.tenantOf(withKey(GLOBEX)), 'globex');
    assert.equal(auth.tenantOf(withKey(`${ACME}:tail`)), 'x');
  });

  test('no entries: disabled, every call allowed without a tenant', () => {
    const auth = createApiKeyAuth([]);
    assert.equal(auth.enabled, false);
    assert.equal(auth.tenantOf(withKey()), undefined);
    assert.equal(auth.tenantOf(withKey('anything')), undefined);
  });

  const bad: Array<{ name: string; entries: string[]; problem: RegExp }> = [
    { name: 'no ":"', entries: [ACME], problem: /entry 1: expected tenant:key/ },
    { name: 'no tenant', entries: [`:${ACME}`], problem: /entry 1: expected tenant:key/ },
    {
      name: 'short key',
      entries: [`acme:${ACME}`, 'globex:short-secret'],
      problem: /entry 2: .*at least 16/,
    },
    {
      name: 'key with a space',
      entries: ['acme:0123456789 abcdefgh'],
      problem: /entry 1: .*printable ASCII/,
    },
    { name: 'non-ASCII key', entries: ['acme:0123456789abcdéfgh'], problem: /entry 1: .*printable ASCII/ },
    {
      name: 'tenant over 128 bytes',
      entries: [`${'t'.repeat(129)}:${ACME}`],
      problem: /entry 1: tenant longer/,
    },
    {
      name: 'control character in tenant',
      entries: [`ac\u0001me:${ACME}`],
      problem: /entry 1: tenant contains control/,
    },
    {
      name: 'one key for two tenants',
      entries: [`acme:${ACME}`, `globex:${GLOBEX}`, `initech:${ACME}`],
      problem: /entry 3: the same key as entry 1/,
    },
  ];
  for (const row of bad) {
    test(`refused, naming the entry and never echoing a key: ${row.name}`, () => {
      assert.throws(
        () => createApiKeyAuth(row.entries),
        (err: Error) => {
          assert.match(err.message, row.problem);
          for (const entry of row.entries) {
            const key = entry.slice(entry.indexOf(':') + 1);
            if (key.length >= 4) assert.ok(!err.message.includes(key), `"${err.message}" shows a key`);
          }
          return true;
        },
      );
    });
  }
});

describe('tenantOf', () => {
  const auth = createApiKeyAuth([`acme:${ACME}`, `globex:${GLOBEX}`]);

  test('no x-api-key, or an empty one, is UNAUTHENTICATED "missing"', () => {
    for (const metadata of [withKey(), withKey('')])
      assert.deepEqual(
        refusal(() => auth.tenantOf(metadata)),
        {
          code: grpc.status.UNAUTHENTICATED,
          details: 'missing x-api-key metadata',
        },
      );
  });

  test('an unknown key, a prefix of a key, or a key with one character changed is UNAUTHENTICATED "invalid"', () => {
    for (const key of ['not-a-key-0123456789abcdef', ACME.slice(0, -1), `${ACME}x`, `${ACME.slice(0, -1)}0`])
      assert.deepEqual(
        refusal(() => auth.tenantOf(withKey(key))),
        {
          code: grpc.status.UNAUTHENTICATED,
          details: 'invalid API key',
        },
      );
  });

  test('the first x-api-key value is the one checked', () => {
    const metadata = withKey(GLOBEX);
    metadata.add(API_KEY_HEADER, ACME);
    assert.equal(auth.tenantOf(metadata), 'globex');
  });
});
