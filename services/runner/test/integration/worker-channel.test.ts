// What a hostile spec can do to the channel between its worker and the service, through the real
// runner over gRPC: garbage or oversized lines on the channel end its own run as ERROR (the worker is
// killed) while other runs pass and the service keeps answering; a result it forges is not taken; a
// failure past the listed tests is not hidden; Node's module loader stays out of reach; a stored spec
// named without an extension runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { common, type runner } from '@superagent/proto';
import { SLOW_PASS } from '../helpers/specs';
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

/** Writes `text` to every fd a worker might talk to the service on (3 was Node's IPC channel, 4 is ours). */
const writeToChannel = (text: string): string => `
  for (const fd of [3, 4]) {
    try { require('fs').writeSync(fd, ${text}); } catch { /* not a channel here */ }
  }`;

describe('worker channel', () => {
  let site: TestSite;
  let h: RunnerHarness;
  const specsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-channel-specs-'));
  before(async () => {
    fs.writeFileSync(
      path.join(specsDir, 'stored'),
      "import { test, expect } from '@playwright/test';\ntest('stored', () => { expect(1 + 1).toBe(2); });\n",
    );
    site = await startTestSite();
    h = await startRunner({ RUNNER_WORKERS: '2', RUNNER_SPECS_DIR: specsDir });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
    fs.rmSync(specsDir, { recursive: true, force: true });
  });

  const run = (source: string, timeoutMs = 30_000): Promise<runner.RunSpecResponse> =>
    h.client.unary(
      'runSpec',
      {
        specSource: source,
        specName: undefined,
        baseUrl: site.url,
        timeoutMs,
        artifacts: { trace: false, screenshotOnFailure: false, video: undefined },
        fileName: 'hostile.spec.ts',
        taskId: '',
      },
      { deadlineMs: timeoutMs + 30_000 },
    );

  const assertServing = async (): Promise<void> => {
    const stats = await h.client.unary('getPoolStats', {});
    assert.ok(stats.workers >= 1, 'the service still answers');
  };

  it('ends a run that writes garbage to the channel as ERROR, while a concurrent run passes', async () => {
    const garbage = `import { test } from '@playwright/test';
test('writes garbage', async () => {${writeToChannel("'x\\n'")}
  await new Promise((r) => setTimeout(r, 2000));
});
`;
    const [bad, good] = await Promise.all([run(garbage), run(SLOW_PASS)]);
    assert.equal(bad.status, common.RunStatus.ERROR, bad.errorMessage);
    assert.match(bad.errorMessage, /protocol violation: .*without a valid nonce/);
    // It did not crash: the service killed it.
    assert.match(bad.errorMessage, /^Error: the spec worker was killed \(protocol violation: /);
    assert.equal(good.status, common.RunStatus.PASS, good.errorMessage);
    await assertServing();
    // The pool replaced the killed worker and keeps running specs.
    const again = await run("import { test } from '@playwright/test';\ntest('ok', () => {});\n");
    assert.equal(again.status, common.RunStatus.PASS, again.errorMessage);
  });

  it('kills a worker that writes a line over the size limit, without holding it in the service', async () => {
    const flood = `import { test } from '@playwright/test';
test('floods', async () => {${writeToChannel("'a'.repeat(9 * 1024 * 1024)")}
  await new Promise((r) => setTimeout(r, 2000));
});
`;
    const res = await run(flood);
    assert.equal(res.status, common.RunStatus.ERROR, res.errorMessage);
    assert.match(res.errorMessage, /protocol violation: .*over the 8388608-byte limit/);
    await assertServing();
  });

  it('does not take a result the spec forges', async () => {
    const forged = `import { test, expect } from '@playwright/test';
test('really fails', async () => {
  const runId = require('path').basename(require('path').dirname(__filename));
  const report = {
    tests: [{ titlePath: ['really fails'], status: 'passed', expectedStatus: 'passed', durationMs: 1, errors: [], steps: [] }],
    counts: { passed: 1, failed: 0, timedOut: 0, skipped: 0, unexpected: 0 },
    consoleErrors: [], failedRequests: [], artifacts: [],
  };
  const done = { type: 'done', runId, report };
  (process as unknown as { send?: (m: unknown) => void }).send?.(done);
  ${writeToChannel("'\\t' + JSON.stringify(done) + '\\n'")}
  expect(1).toBe(2);
});
`;
    const res = await run(forged);
    assert.notEqual(res.status, common.RunStatus.PASS, 'the forged report was taken');
    assert.equal(res.status, common.RunStatus.ERROR, res.errorMessage);
    assert.match(res.errorMessage, /protocol violation/);
  });

  it('does not hide a failure beyond the tests a run lists', async () => {
    const many = `import { test, expect } from '@playwright/test';
for (let i = 1; i <= 501; i++) {
  test('case ' + i, () => { expect(i).not.toBe(501); });
}
`;
    const res = await run(many, 120_000);
    assert.notEqual(res.status, common.RunStatus.PASS, 'the 501st test failed');
    assert.equal(res.status, common.RunStatus.ERROR);
    assert.match(
      res.errorMessage,
      /ran 501 tests \(500 passed, 1 failed.*it would be FAIL.*at most 500 tests/,
    );
    assert.equal(res.tests.length, 500);
  });

  it('keeps refused modules refused whatever path to the module loader a spec tries', async () => {
    const probe = `import { test } from '@playwright/test';
test('probes', async () => {
  const got: string[] = [];
  const attempt = async (what: string, load: () => unknown): Promise<void> => {
    try {
      const m = (await load()) as { createSocket?: unknown } | undefined;
      if (m && typeof m.createSocket === 'function') got.push(what);
    } catch {
      // refused
    }
  };
  const mod = module as unknown as { constructor: { _load?: (id: string) => unknown } };
  await attempt('module.constructor', () => mod.constructor._load?.('dgram'));
  await attempt('prototype', () =>
    (Object.getPrototypeOf(module).constructor as { _load?: (id: string) => unknown })._load?.('dgram'));
  await attempt('arguments', () => (arguments as unknown as [unknown, unknown, { constructor: { _load(id: string): unknown } }])[2].constructor._load('dgram'));
  await attempt('require.main', () => (require as unknown as { main?: { require(id: string): unknown } }).main?.require('dgram'));
  await attempt('require.cache', () => {
    const cache = (require as unknown as { cache?: Record<string, { require(id: string): unknown }> }).cache ?? {};
    for (const m of Object.values(cache)) return m.require('dgram');
    return undefined;
  });
  await attempt('mainModule', () => (process as unknown as { mainModule?: { require(id: string): unknown } }).mainModule?.require('dgram'));
  await attempt('getBuiltinModule', () => (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule('dgram'));
  await attempt('eval import', () => eval('import("node:dgram")'));
  await attempt('Function import', () => new Function('return import("node:dgram")')());
  await attempt('require', () => require('dgram'));
  if (got.length > 0) throw new Error('dgram loaded through: ' + got.join(', '));
});
`;
    const res = await run(probe);
    assert.equal(res.status, common.RunStatus.PASS, res.tests[0]?.errorMessage ?? res.errorMessage);
  });

  it('runs a stored spec named without an extension', async () => {
    const res = await h.client.unary('runSpec', {
      specSource: undefined,
      specName: 'stored',
      baseUrl: site.url,
      timeoutMs: 20_000,
      artifacts: undefined,
      fileName: '',
      taskId: '',
    });
    assert.equal(res.status, common.RunStatus.PASS, res.errorMessage);
    assert.deepEqual(res.tests[0]?.titlePath, ['stored']);
  });
});
