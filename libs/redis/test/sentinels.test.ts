import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSentinels } from '../src/index';

describe('parseSentinels', () => {
  it('parses a comma-separated list with spaces and IPv6', () => {
    assert.deepEqual(parseSentinels('10.0.0.1:26379, sentinel-1.redis:26380,[::1]:5000'), [
      { host: '10.0.0.1', port: 26379 },
      { host: 'sentinel-1.redis', port: 26380 },
      { host: '::1', port: 5000 },
    ]);
  });

  it('accepts the list @superagent/config produces', () => {
    assert.deepEqual(parseSentinels(['a:1', 'b:2']), [
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
  });

  it('names the bad entry', () => {
    assert.throws(() => parseSentinels('a:1,b'), /invalid sentinel address "b" \(entry 2\)/);
    assert.throws(() => parseSentinels('a:1,b:70000'), /"b:70000" \(entry 2\)/);
    assert.throws(() => parseSentinels('a:0'), /"a:0" \(entry 1\)/);
    assert.throws(() => parseSentinels('a:1,,b:2'), /"" \(entry 2\)/);
    assert.throws(() => parseSentinels('host name:1'), /"host name:1"/);
  });

  it('rejects an empty list', () => {
    assert.throws(() => parseSentinels(''), /sentinel list is empty/);
    assert.throws(() => parseSentinels(' , '), /sentinel list is empty/);
  });
});
