import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigError,
  address,
  bool,
  describeSpec,
  int,
  list,
  loadConfig,
  MAX_TIMER_MS,
  oneOf,
  redisSpec,
  serverSpec,
  str,
  url,
} from '../src';

const spec = {
  ...serverSpec(50051),
  ...redisSpec(),
  COST_ADDR: address({ default: '127.0.0.1:50055' }),
  TARGET_URL: url({ optional: true }),
  MODE: oneOf(['a', 'b'] as const, { default: 'a' }),
  API_KEY: str({ optional: true, secret: true, pattern: /^sk-/ }),
  REQUIRED_NAME: str(),
  SIZES: list(int({ min: 1 }), { default: [1, 2] }),
};

test('defaults apply and values are typed and frozen', () => {
  const c = loadConfig(spec, { REQUIRED_NAME: 'x', PORT: '7000', GRPC_REFLECTION: 'yes' });
  assert.equal(c.PORT, 7000);
  assert.equal(c.GRPC_REFLECTION, true);
  assert.equal(c.LOG_LEVEL, 'info');
  assert.equal(c.COST_ADDR, '127.0.0.1:50055');
  assert.equal(c.TARGET_URL, undefined);
  assert.deepEqual(c.SIZES, [1, 2]);
  assert.ok(Object.isFrozen(c));
  assert.throws(() => {
    (c as { PORT: number }).PORT = 1;
  }, TypeError);
});

test('every problem is listed, each naming its variable', () => {
  const env = {
    PORT: '70000',
    LOG_LEVEL: 'loud',
    GRPC_REFLECTION: 'maybe',
    COST_ADDR: 'nohostport',
    TARGET_URL: 'ftp://x',
    REDIS_SENTINELS: 'a:1,b',
    SIZES: '3,0',
  };
  const err = (() => {
    try {
      loadConfig(spec, env);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ConfigError);
  const names = err.problems.map((p) => p.split(' ')[0]);
  assert.deepEqual(names.sort(), [
    'COST_ADDR',
    'GRPC_REFLECTION',
    'LOG_LEVEL',
    'PORT',
    'REDIS_SENTINELS',
    'REQUIRED_NAME',
    'SIZES',
    'TARGET_URL',
  ]);
  assert.match(err.message, /PORT must be ≤ 65535/);
  assert.match(err.message, /REQUIRED_NAME is required/);
});

test('a secret value is never echoed in a problem', () => {
  assert.throws(
    () => loadConfig(spec, { REQUIRED_NAME: 'x', API_KEY: 'hunter2' }),
    (e: unknown) =>
      e instanceof ConfigError && /API_KEY is invalid/.test(e.message) && !/hunter2/.test(e.message),
  );
});

test('lists, booleans and integers parse strictly', () => {
  const s = { N: int(), B: bool(), L: list(address()) };
  const c = loadConfig(s, { N: ' 42 ', B: 'OFF', L: 'a:1, [::1]:2' });
  assert.deepEqual(c, { N: 42, B: false, L: ['a:1', '[::1]:2'] });
  assert.throws(() => loadConfig(s, { N: '4.2', B: 'true', L: 'a:1' }), /N must be an integer/);
});

test('a duration setting (an integer named …_MS) may not exceed what a timer can wait', () => {
  const s = { PROBE_INTERVAL_MS: int({ min: 1 }), PROBE_COUNT: int() };
  assert.deepEqual(loadConfig(s, { PROBE_INTERVAL_MS: String(MAX_TIMER_MS), PROBE_COUNT: '2147483648' }), {
    PROBE_INTERVAL_MS: MAX_TIMER_MS,
    PROBE_COUNT: 2_147_483_648,
  });
  assert.throws(
    () => loadConfig(s, { PROBE_INTERVAL_MS: '2147483648', PROBE_COUNT: '1' }),
    (e) =>
      e instanceof ConfigError &&
      e.problems.length === 1 &&
      /^PROBE_INTERVAL_MS must be ≤ 2147483647 \(the longest delay a timer can wait/.test(
        e.problems[0] ?? '',
      ),
  );
});

test('describeSpec lists every variable with its default and doc', () => {
  const rows = describeSpec(spec);
  const port = rows.find((r) => r.name === 'PORT');
  assert.deepEqual(port && { d: port.default, r: port.required }, { d: '50051', r: false });
  assert.equal(rows.find((r) => r.name === 'REQUIRED_NAME')?.required, true);
  assert.equal(rows.find((r) => r.name === 'REDIS_PASSWORD')?.secret, true);
});

test('a cross-variable check sees what parsed and its problems are listed with the rest', () => {
  const seen: unknown[] = [];
  let err: unknown;
  try {
    loadConfig(spec, { PORT: 'abc', MODE: 'b' }, (config) => {
      seen.push(config.PORT, config.MODE);
      return config.MODE === 'b' && config.COST_ADDR !== undefined ? ['MODE=b needs TARGET_URL'] : [];
    });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ConfigError);
  assert.deepEqual(seen, [undefined, 'b'], 'an unparsed variable is undefined to the check');
  assert.deepEqual(err.problems, [
    'PORT must be an integer, got "abc"',
    'REQUIRED_NAME is required (string)',
    'MODE=b needs TARGET_URL',
  ]);
  assert.equal(loadConfig(spec, { REQUIRED_NAME: 'x' }, () => []).REQUIRED_NAME, 'x');
});
