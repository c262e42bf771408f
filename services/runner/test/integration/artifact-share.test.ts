// One run's artifacts against the artifact store's cap, end to end: a run whose traces would fill the
// store must not evict what earlier runs kept. Its artifacts past its share are not kept, and the
// answer lists them (RunSpecResponse.omitted_artifacts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';
import { specSource } from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';

const STORE_BYTES = 400_000;

/** Two tests whose traces hold a page of ~200 KB of incompressible text each. */
const BIG_TRACES = `import { test } from '@playwright/test';
import crypto from 'crypto';

for (const n of [1, 2]) {
  test(\`big page \${n}\`, async ({ page }) => {
    await page.goto('/');
    await page.setContent(\`<pre>\${crypto.randomBytes(150_000).toString('base64')}</pre>\`);
  });
}
`;

describe("a run's artifacts and the store's cap", () => {
  let site: TestSite;
  let h: RunnerHarness;

  before(async () => {
    site = await startTestSite();
    h = await startRunner({
      RUNNER_WORKERS: '1',
      RUNNER_EXPLORE_SPARE_TABS: '0',
      // A tenth of it (40 KB) is a run's share.
      RUNNER_ARTIFACT_MAX_BYTES: String(STORE_BYTES),
    });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it("cannot evict every other run's artifacts; what it could not keep is listed in the answer", async () => {
    const failing = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({
        specSource: specSource('assertion-fail.spec.ts'),
        baseUrl: site.url,
        artifacts: { trace: false, screenshotOnFailure: true, video: false },
      }),
    );
    assert.equal(failing.status, common.RunStatus.FAIL);
    const [shot] = failing.artifacts;
    assert.ok(shot, 'the failure screenshot is kept');
    assert.deepEqual(failing.omittedArtifacts, []);

    const big = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({
        specSource: BIG_TRACES,
        fileName: 'big.spec.ts',
        baseUrl: site.url,
        artifacts: { trace: true, screenshotOnFailure: false, video: false },
      }),
    );
    assert.equal(big.status, common.RunStatus.PASS, big.errorMessage);
    // The earlier run's screenshot is still kept and served.
    const chunks: Buffer[] = [];
    for await (const msg of h.client.serverStream('getArtifact', { id: shot.id })) chunks.push(msg.chunk);
    assert.equal(Buffer.concat(chunks).length, shot.sizeBytes);
    assert.deepEqual(big.artifacts, [], 'each trace is over the run share');
    const share = STORE_BYTES / 10;
    assert.deepEqual(
      big.omittedArtifacts.map((a) => [a.test, a.kind, a.name]),
      [
        [1, common.ArtifactKind.TRACE, 'big-test-1-trace.zip'],
        [2, common.ArtifactKind.TRACE, 'big-test-2-trace.zip'],
      ],
    );
    for (const a of big.omittedArtifacts) {
      assert.ok(a.sizeBytes > share, JSON.stringify(a));
      assert.match(a.reason, new RegExp(`${share}`), a.reason);
    }
  });
});
