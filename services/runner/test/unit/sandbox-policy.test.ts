import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusal } from '../../src/browser/sandbox-policy';
import { parseOriginPattern, type OriginPattern } from '../../src/domain/url-policy';

const ORIGINS = [parseOriginPattern('http://127.0.0.1:*')].filter((o): o is OriginPattern => o !== undefined);

describe('sandbox policy', () => {
  it('storage state may only name allowed http(s) origins: the server opens a page on each', () => {
    const state = (origin: string) => ({ cookies: [], origins: [{ origin, localStorage: [] }] });
    for (const method of ['newContext', 'setStorageState']) {
      const call = (origin: string) =>
        refusal({ id: 1, guid: 'browser@1', method, params: { storageState: state(origin) } }, ORIGINS);
      assert.equal(call('http://127.0.0.1:4173'), undefined, method);
      for (const origin of ['file:///etc/passwd', 'chrome://settings', 'http://127.0.0.2:80', ' FILE:///x'])
        assert.match(
          call(origin) ?? '',
          /storage state for .* is not allowed by the runner sandbox/,
          `${method} ${origin}`,
        );
    }
    assert.equal(refusal({ id: 1, guid: 'browser@1', method: 'newContext', params: {} }, ORIGINS), undefined);
  });
});
