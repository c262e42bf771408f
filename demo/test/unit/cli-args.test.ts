import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CliError, parseCliArgs } from '../../src/cli-args';
import { BREAKABLE_IDS } from '../../src/features';

describe('cli args', () => {
  test('defaults: port 4000, provider on the next port, nothing broken', () => {
    const o = parseCliArgs([]);
    assert.equal(o.port, 4000);
    assert.equal(o.providerPort, 4001);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.broken.size, 0);
  });

  test('reads --port, --broken (both spellings) and all', () => {
    const o = parseCliArgs(['--port', '5000', '--broken', 'login, cart']);
    assert.equal(o.port, 5000);
    assert.equal(o.providerPort, 5001);
    assert.deepEqual([...o.broken], ['login', 'cart']);
    assert.deepEqual([...parseCliArgs(['--broken=all']).broken], [...BREAKABLE_IDS]);
    assert.equal(parseCliArgs(['--port=0']).providerPort, 0);
    assert.equal(parseCliArgs(['--port', '0', '--provider-port', '7001']).providerPort, 7001);
  });

  test('rejects bad input with a message naming the flag', () => {
    assert.throws(
      () => parseCliArgs(['--port', 'abc']),
      (e: unknown) => e instanceof CliError && /--port/.test(e.message),
    );
    assert.throws(() => parseCliArgs(['--port', '70000']), /--port expects a port/);
    assert.throws(() => parseCliArgs(['--broken', 'login,nope']), /--broken: unknown feature id\(s\): nope/);
    assert.throws(() => parseCliArgs(['--broken']), /--broken needs a value/);
    assert.throws(() => parseCliArgs(['--port', '4000', '--provider-port', '4000']), /must differ/);
    assert.throws(() => parseCliArgs(['--frobnicate']), /unknown argument/);
  });
});
