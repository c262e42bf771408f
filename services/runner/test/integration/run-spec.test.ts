import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { INFINITE_LOOP, OFF_ALLOW_LIST, SLOW_PASS, SPECS } from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';

const STATUS: Record<string, common.RunStatus> = {
  pass: common.RunStatus.PASS,
  fail: common.RunStatus.FAIL,
  timeout: common.RunStatus.TIMEOUT,
  error: common.RunStatus.ERROR,
};
const TEST_STATUS: Record<string, runner.TestStatus> = {
  passed: runner.TestStatus.PASSED,
  failed: runner.TestStatus.FAILED,
  timedOut: runner.TestStatus.TIMED_OUT,
  skipped: runner.TestStatus.SKIPPED,
};

function request(
  site: TestSite,
  source: string,
  extra: Partial<runner.RunSpecRequest> = {},
): runner.RunSpecRequest {
  return {
    specSource: source,
    specName: undefined,
    baseUrl: site.url,
    timeoutMs: 20_000,
    artifacts: undefined,
    fileName: 'spec.spec.ts',
    taskId: '',
    ...extra,
  };
}

describe('RunSpec', () => {
  let site: TestSite;
  let h: RunnerHarness;
  before(async () => {
    site = await startTestSite();
    h = await startRunner();
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it('produces each verdict and per-test status', async () => {
    const results = await Promise.all(
      SPECS.map((spec) => h.client.unary('runSpec', request(site, spec.source, { fileName: spec.name }))),
    );
    for (const [i, spec] of SPECS.entries()) {
      const res = results[i];
      assert.ok(res);
      assert.equal(
        res.status,
        STATUS[spec.status],
        `${spec.name}: ${res.errorMessage} ${JSON.stringify(res.tests)}`,
      );
      assert.deepEqual(
        res.tests.map((t) => ({ titlePath: t.titlePath, status: t.status })),
        spec.tests.map((t) => ({ titlePath: t.titlePath, status: TEST_STATUS[t.status] })),
        spec.name,
      );
    }
  });

  it('reports where and why a test failed', async () => {
    const byName = (name: string) => SPECS.find((s) => s.name === name)?.source ?? '';
    const [assertion, missing, thrown, syntax, timedOut] = await Promise.all(
      [
        'assertion-fail.spec.ts',
        'missing-element.spec.ts',
        'thrown-error.spec.ts',
        'syntax-error.spec.ts',
        'timeout.spec.ts',
      ].map((name) => h.client.unary('runSpec', request(site, byName(name), { fileName: name }))),
    );
    const a = assertion?.tests[0];
    assert.equal(a?.errorCategory, common.ErrorCategory.ASSERTION);
    assert.match(a?.errorMessage ?? '', /toHaveText/);
    assert.deepEqual(a?.errorLocation, { file: 'assertion-fail.spec.ts', line: 5, column: 57 });
    assert.equal(missing?.tests[0]?.errorCategory, common.ErrorCategory.SELECTOR);
    assert.equal(missing?.tests[0]?.errorLocation?.line, 5);
    assert.equal(thrown?.tests[0]?.errorCategory, common.ErrorCategory.JAVASCRIPT);
    assert.match(thrown?.tests[0]?.errorMessage ?? '', /cart has no items/);
    assert.equal(thrown?.tests[0]?.errorLocation?.line, 6);
    assert.equal(syntax?.errorCategory, common.ErrorCategory.JAVASCRIPT);
    assert.equal(syntax?.errorLocation?.line, 4);
    assert.match(syntax?.errorMessage ?? '', /SyntaxError/);
    assert.equal(timedOut?.tests[0]?.errorCategory, common.ErrorCategory.TIMEOUT);
    assert.match(timedOut?.tests[0]?.errorMessage ?? '', /Test timeout of 1000ms exceeded/);
    // A failed test leaves a screenshot and (retain-on-failure) a trace; both can be downloaded.
    assert.equal(assertion?.artifacts.length, 2);
    for (const ref of assertion?.artifacts ?? []) {
      const chunks: Buffer[] = [];
      let meta: common.ArtifactRef | undefined;
      for await (const msg of h.client.serverStream('getArtifact', { id: ref.id })) {
        meta ??= msg.artifact;
        chunks.push(msg.chunk);
      }
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.length, ref.sizeBytes);
      assert.equal(meta?.id, ref.id);
      const magic = ref.kind === common.ArtifactKind.TRACE ? 'PK' : '\x89PNG';
      assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic);
    }
  });

  it('kills an infinite loop at its hard timeout and keeps serving', async () => {
    const started = Date.now();
    const killed = await h.client.unary('runSpec', request(site, INFINITE_LOOP, { timeoutMs: 2000 }));
    assert.equal(killed.status, common.RunStatus.TIMEOUT);
    assert.match(killed.errorMessage, /hard timeout of 2000ms/);
    assert.equal(killed.tests[0]?.status, runner.TestStatus.INTERRUPTED);
    assert.ok(Date.now() - started < 8000);
    const pass = SPECS.find((s) => s.name === 'pass.spec.ts')?.source ?? '';
    const next = await h.client.unary('runSpec', request(site, pass));
    assert.equal(next.status, common.RunStatus.PASS);
    const stats = await h.client.unary('getPoolStats', {});
    assert.ok(stats.runsKilled >= 1);
  });

  it('blocks and reports requests outside the base URL origin', async () => {
    const res = await h.client.unary(
      'runSpec',
      request(site, OFF_ALLOW_LIST, { baseUrl: `${site.origin}/external` }),
    );
    assert.equal(res.status, common.RunStatus.PASS, res.errorMessage);
    const blocked = res.blockedRequests.map((b) => b.url).sort();
    assert.deepEqual(blocked, ['http://blocked.invalid/pixel.png', 'http://cdn.invalid/lib.js']);
  });

  it('replaces a browser killed mid-run', async () => {
    const before = await h.client.unary('getPoolStats', {});
    const hitsBefore = site.hits.length;
    const running = h.client.unary('runSpec', request(site, SLOW_PASS));
    // The spec has loaded the page and is waiting: kill the browser under it.
    await waitUntil(() => site.hits.slice(hitsBefore).includes('/'), 10_000, 'page loaded');
    for (const id of h.stack.browsers.browserIds()) h.stack.browsers.killBrowser(id);
    const res = await running;
    assert.equal(res.status, common.RunStatus.ERROR, JSON.stringify(res.tests));
    assert.match(res.errorMessage, /browser crashed/);
    const after = await h.client.unary('getPoolStats', {});
    assert.ok(after.crashes > before.crashes);
    const pass = SPECS.find((s) => s.name === 'pass.spec.ts')?.source ?? '';
    assert.equal((await h.client.unary('runSpec', request(site, pass))).status, common.RunStatus.PASS);
  });

  it('rejects bad input naming the field', async () => {
    const cases: [Partial<runner.RunSpecRequest>, RegExp][] = [
      [{ specSource: '   ' }, /spec_source: is empty/],
      [{ specSource: 'x'.repeat(300_000) }, /spec_source: is 300000 bytes/],
      [{ baseUrl: 'not a url' }, /base_url: is not a valid URL/],
      [
        { baseUrl: 'http://example.com/' },
        /base_url: origin http:\/\/example.com is not in the runner allow-list/,
      ],
      [{ specSource: undefined, specName: '../etc/passwd' }, /spec_name:/],
      [{ fileName: 'a/b.ts' }, /file_name:/],
    ];
    for (const [patch, message] of cases) {
      await assert.rejects(
        h.client.unary('runSpec', request(site, 'test', patch)),
        (err: Error & { code?: number }) => {
          assert.equal(err.code, 3, err.message);
          assert.match(err.message, message);
          return true;
        },
      );
    }
  });
});
