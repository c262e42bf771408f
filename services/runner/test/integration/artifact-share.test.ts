// One run's artifacts against the artifact store's cap, end to end: a run whose traces would fill the
// store must not evict what earlier runs kept. Its artifacts past its share are not kept, and the
// answer lists them in a response header (RunSpecResponse has no field for them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
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

interface Answer {
  res: runner.RunSpecResponse;
  headers: grpc.Metadata;
}

/** RunSpec through a plain grpc-js client, to see the response headers too. */
function runSpecWithHeaders(address: string, req: runner.RunSpecRequest): Promise<Answer> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const def = runner.RunnerServiceService.runSpec;
  return new Promise<Answer>((resolve, reject) => {
    let headers = new grpc.Metadata();
    const call = client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      req,
      new grpc.Metadata(),
      { deadline: Date.now() + 60_000 },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else if (!res) reject(new Error('empty response'));
        else resolve({ res, headers });
      },
    );
    call.on('metadata', (md: grpc.Metadata) => (headers = md));
  });
}

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
    const failing = await runSpecWithHeaders(
      h.server.address,
      runner.RunSpecRequest.fromPartial({
        specSource: specSource('assertion-fail.spec.ts'),
        baseUrl: site.url,
        artifacts: { trace: false, screenshotOnFailure: true, video: false },
      }),
    );
    assert.equal(failing.res.status, common.RunStatus.FAIL);
    const [shot] = failing.res.artifacts;
    assert.ok(shot, 'the failure screenshot is kept');
    assert.equal(failing.headers.get('superagent-artifacts-omitted').length, 0);

    const big = await runSpecWithHeaders(
      h.server.address,
      runner.RunSpecRequest.fromPartial({
        specSource: BIG_TRACES,
        fileName: 'big.spec.ts',
        baseUrl: site.url,
        artifacts: { trace: true, screenshotOnFailure: false, video: false },
      }),
    );
    assert.equal(big.res.status, common.RunStatus.PASS, big.res.errorMessage);
    // The earlier run's screenshot is still kept and served.
    const chunks: Buffer[] = [];
    for await (const msg of h.client.serverStream('getArtifact', { id: shot.id })) chunks.push(msg.chunk);
    assert.equal(Buffer.concat(chunks).length, shot.sizeBytes);
    assert.deepEqual(big.res.artifacts, [], 'each trace is over the run share');
    const omitted = big.headers.get('superagent-artifacts-omitted').map(String);
    assert.equal(omitted.length, 1, omitted.join('\n'));
    const listed = JSON.parse(omitted[0] ?? '') as {
      shareBytes: number;
      artifacts: { test: number; kind: string; name: string; sizeBytes: number }[];
      notListed: number;
    };
    assert.equal(listed.shareBytes, STORE_BYTES / 10);
    assert.equal(listed.notListed, 0);
    assert.deepEqual(
      listed.artifacts.map((a) => [a.test, a.kind, a.name]),
      [
        [1, 'trace', 'big-test-1-trace.zip'],
        [2, 'trace', 'big-test-2-trace.zip'],
      ],
    );
    for (const a of listed.artifacts) assert.ok(a.sizeBytes > listed.shareBytes, JSON.stringify(a));
  });
});
