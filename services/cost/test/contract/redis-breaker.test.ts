// Issue 10, breakers: the cost store's `redis` circuit breaker against a real redis-server that is
// SIGKILLed and restarted on the same port. While Redis is down the breaker opens (log line), then
// calls fail fast as StoreUnavailableError "circuit open" (→ UNAVAILABLE); once Redis is back the
// breaker half-opens after its short reset timeout and writes resume.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer, waitFor, type RedisServer } from '@superagent/devkit';
import { TargetBreaker } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { closeRedis, createRedis, type Redis } from '@superagent/redis';
import { REDIS_BREAKER } from '../../src/open-store';
import { countsAsRedisFailure, createRedisCostStore } from '../../src/store/redis-store';
import { loadDefaultPrices, makeUsage, testClock } from '../support/fixtures';

interface LogLine {
  msg: string;
  target?: string;
  state?: string;
}

const lines: LogLine[] = [];
const logger = createLogger({
  name: 'cost-test',
  level: 'info',
  destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
});
const prices = loadDefaultPrices();

let server: RedisServer | undefined;
let redis: Redis | undefined;
let breaker: TargetBreaker | undefined;

before(async () => {
  server = await startRedisServer();
  redis = createRedis({ name: 'cost-breaker-test', url: server.url }, logger);
});

after(async () => {
  breaker?.shutdown();
  if (redis) await closeRedis(redis);
  await server?.stop();
});

const changes = (): (string | undefined)[] =>
  lines.filter((l) => l.target === 'redis' && /^circuit breaker/.test(l.msg)).map((l) => l.state);

test('a dead Redis opens the redis breaker; calls then fail fast; writes resume after a restart', async () => {
  assert.ok(server && redis);
  breaker = new TargetBreaker(
    'redis',
    { ...REDIS_BREAKER, volumeThreshold: 3 },
    logger,
    countsAsRedisFailure,
  );
  const clock = testClock();
  const store = createRedisCostStore(redis, { now: clock.now, breaker });
  const write = (): Promise<boolean[]> => store.record([makeUsage(prices, clock.now(), { costMicros: 1 })]);
  assert.deepEqual(await write(), [true], 'a new record is written');

  server.kill('SIGKILL');
  await server.exited();
  let failures = 0;
  while (breaker.state() !== 'open') {
    await assert.rejects(write(), { name: 'StoreUnavailableError' });
    failures++;
    assert.ok(failures <= 10, 'the breaker opens within 10 failed calls');
  }
  assert.deepEqual(changes(), ['open']);

  const t0 = performance.now();
  await assert.rejects(write(), { name: 'StoreUnavailableError', message: /^redis record: circuit open$/ });
  const fast = performance.now() - t0;
  assert.ok(fast < 50, `fails fast while open (${fast.toFixed(1)} ms)`);

  await server.restart();
  const restarted = performance.now();
  await waitFor(async () => (await write().then(() => true)) === true, {
    timeoutMs: 10_000,
    intervalMs: 100,
    what: 'a write after the restart',
  });
  const resumed = performance.now() - restarted;
  assert.equal(breaker.state(), 'closed');
  assert.deepEqual(changes().slice(-2), ['half-open', 'closed']);
  assert.ok(resumed < 5_000, `writes resume promptly after Redis is back (${resumed.toFixed(0)} ms)`);
});
