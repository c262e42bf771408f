import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BROWSER_OVERSIZE_CLOSE_REASON,
  OVERSIZE_CLOSE_REASON,
  browserOversizeInCloseReason,
  malformedCloseReason,
  malformedInCloseReason,
  oversizeInCloseReason,
  parseCall,
  refusal,
} from '../../src/browser/sandbox-policy';
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

  it("takes the calls Playwright's client sends, and says what is wrong with anything else", () => {
    const call = (v: unknown): string | undefined => {
      const parsed = parseCall(JSON.stringify(v));
      return 'malformed' in parsed ? parsed.malformed : undefined;
    };
    // What Playwright 1.65 sends: string ids; numbers are what other versions use.
    const initialize = { id: 'hovr@2', guid: '', method: 'initialize', params: {}, metadata: {} };
    assert.equal(call(initialize), undefined);
    assert.equal(call({ id: 7, guid: 'page@1', method: 'goto', params: { url: '/' } }), undefined);
    assert.equal(call({ id: 7, guid: 'page@1', method: 'close' }), undefined, 'params may be left out');
    assert.deepEqual(parseCall(JSON.stringify(initialize)), { call: initialize });
    const malformed: [string | undefined, string][] = [
      [undefined, 'binary frame'],
      ['{"id":1,', 'not JSON'],
      ['null', 'JSON null'],
      ['[1]', 'JSON array'],
      ['"x"', 'JSON string'],
      ['42', 'JSON number'],
      ['true', 'JSON boolean'],
    ];
    for (const [text, what] of malformed)
      assert.deepEqual(parseCall(text), { malformed: what }, String(text));
    for (const id of [undefined, null, 0, -1, 1.5, '', 'x'.repeat(257), {}, [1]])
      assert.equal(
        call({ id, guid: 'page@1', method: 'goto', params: {} }),
        'id not a number or string',
        JSON.stringify(id),
      );
    assert.equal(call({ id: 1, guid: null, method: null }), 'guid not a string');
    assert.equal(call({ id: 1, guid: 'page@1', method: 3 }), 'method not a string');
    for (const params of [null, [], 'x', 1])
      assert.equal(call({ id: 1, guid: 'page@1', method: 'goto', params }), 'params not an object');
  });

  it("takes a cancellation exactly as Playwright's client writes it, and no other __abort__", () => {
    // What the client sends when a call's AbortSignal fires: no id of its own, the call's id in params.
    const abort = {
      guid: 'frame@3',
      method: '__abort__',
      params: { id: 'hovr@12', reason: 'changed my mind' },
    };
    assert.deepEqual(parseCall(JSON.stringify(abort)), { abort });
    const well = [
      { guid: 'page@1', method: '__abort__', params: { id: 7, reason: 'This operation was aborted' } },
      { method: '__abort__', params: { reason: '', id: 'x@1' }, guid: '' },
    ];
    for (const v of well) assert.deepEqual(parseCall(JSON.stringify(v)), { abort: v }, JSON.stringify(v));
    const { params } = abort;
    const malformed: unknown[] = [
      { guid: 'frame@3', method: '__abort__' },
      { guid: 'frame@3', method: '__abort__', params: null },
      { guid: 'frame@3', method: '__abort__', params: [params.id, params.reason] },
      { guid: 'frame@3', method: '__abort__', params: 'hovr@12' },
      { method: '__abort__', params },
      { guid: 3, method: '__abort__', params },
      { guid: null, method: '__abort__', params },
      // An id of its own, or anything else beside the three keys: not what the client writes.
      { id: 'hovr@13', guid: 'frame@3', method: '__abort__', params },
      { guid: 'frame@3', method: '__abort__', params, metadata: {} },
      { guid: 'frame@3', method: '__abort__', params: { ...params, extra: 1 } },
      { guid: 'frame@3', method: '__abort__', params: { reason: params.reason } },
      { guid: 'frame@3', method: '__abort__', params: { id: params.id } },
      ...[undefined, null, 0, -1, 1.5, '', 'x'.repeat(257), {}, [1], true].map((id) => ({
        guid: 'frame@3',
        method: '__abort__',
        params: { id, reason: 'r' },
      })),
      ...[null, 1, {}, ['r'], false].map((reason) => ({
        guid: 'frame@3',
        method: '__abort__',
        params: { id: 'hovr@12', reason },
      })),
    ];
    for (const v of malformed)
      assert.deepEqual(parseCall(JSON.stringify(v)), { malformed: 'malformed __abort__' }, JSON.stringify(v));
    // Other methods keep needing an id of their own.
    assert.deepEqual(parseCall(JSON.stringify({ guid: 'frame@3', method: '__abortx__', params })), {
      malformed: 'id not a number or string',
    });
  });

  it('closes with a reason that fits a WebSocket close frame and that the worker reads back', () => {
    const every = [
      'binary frame',
      'not JSON',
      'JSON boolean',
      'id not a number or string',
      'guid not a string',
      'method not a string',
      'params not an object',
      'malformed __abort__',
    ];
    for (const what of every) {
      const reason = malformedCloseReason(what);
      assert.ok(Buffer.byteLength(reason) <= 123, `${reason}: ${Buffer.byteLength(reason)} bytes`);
      assert.equal(malformedInCloseReason(reason), what);
      // Each pending call puts its name in front of the shared error's message.
      assert.equal(malformedInCloseReason(`page.waitForTimeout: page.goto: ${reason}`), what);
    }
    for (const other of [
      undefined,
      'Target page, context or browser has been closed',
      'Browser closed',
      `Error: thrown by a spec ${malformedCloseReason('JSON null')}`,
      malformedCloseReason('JSON null').slice(0, -1),
    ])
      assert.equal(malformedInCloseReason(other), undefined, other);
    assert.ok(Buffer.byteLength(OVERSIZE_CLOSE_REASON) <= 123);
    assert.equal(oversizeInCloseReason(OVERSIZE_CLOSE_REASON), true);
    assert.equal(oversizeInCloseReason(`page.evaluate: ${OVERSIZE_CLOSE_REASON}`), true);
    for (const other of [
      undefined,
      '',
      'Target page, context or browser has been closed',
      `Error: thrown by a spec ${OVERSIZE_CLOSE_REASON}`,
      `${OVERSIZE_CLOSE_REASON}!`,
      malformedCloseReason('JSON null'),
    ])
      assert.equal(oversizeInCloseReason(other), false, other);
    assert.equal(malformedInCloseReason(OVERSIZE_CLOSE_REASON), undefined);
    // The other direction: a message from the browser over 100 MiB.
    assert.ok(Buffer.byteLength(BROWSER_OVERSIZE_CLOSE_REASON) <= 123);
    assert.equal(browserOversizeInCloseReason(BROWSER_OVERSIZE_CLOSE_REASON), true);
    assert.equal(browserOversizeInCloseReason(`page.evaluate: ${BROWSER_OVERSIZE_CLOSE_REASON}`), true);
    for (const other of [
      undefined,
      '',
      'Target page, context or browser has been closed',
      `Error: thrown by a spec ${BROWSER_OVERSIZE_CLOSE_REASON}`,
      `${BROWSER_OVERSIZE_CLOSE_REASON}!`,
      OVERSIZE_CLOSE_REASON,
      malformedCloseReason('JSON null'),
    ])
      assert.equal(browserOversizeInCloseReason(other), false, other);
    assert.equal(oversizeInCloseReason(BROWSER_OVERSIZE_CLOSE_REASON), false);
    assert.equal(malformedInCloseReason(BROWSER_OVERSIZE_CLOSE_REASON), undefined);
  });
});
