// Scribe as a process (its own event loop, apart from the test's): a GenerateTest whose description
// is valid but shaped to be costly must not hold scribe's only thread; it answers, and so does the
// next call, within their deadlines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { assertStatus, freePort, rawClient, rawUnary, startServiceProcess } from '@superagent/devkit';
import { scribe } from '@superagent/proto';

const SERVICE = '/superagent.scribe.v1.ScribeService/';
const SPEC = `import { test, expect } from '@playwright/test';

test('opens the help dialog', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
});
`;

let sut: Awaited<ReturnType<typeof startServiceProcess>>;
let client: ReturnType<typeof rawClient>;

before(async () => {
  // Nothing listens on either port: no memory to search, and the runner answers UNAVAILABLE.
  const [runnerPort, embeddingPort] = [await freePort(), await freePort()];
  sut = await startServiceProcess('scribe', {
    env: {
      RUNNER_ADDR: `127.0.0.1:${runnerPort}`,
      EMBEDDING_ADDR: `127.0.0.1:${embeddingPort}`,
      SCRIBE_TYPE_CHECK: 'false',
    },
    timeoutMs: 80_000,
  });
  client = rawClient(sut.address);
});
after(async () => {
  client?.close();
  await sut?.process.stop('SIGKILL', 10_000);
});

test('a description with a long run of whitespace is read at once and scribe keeps answering', async () => {
  // 8,120 bytes, within the 8 KiB limit. Until the parser collapsed whitespace runs, its clause
  // rules took cubic time in the run's length: about 20 minutes of scribe's only thread.
  const description = `Click the help button${' '.repeat(8_080)}and see the dialog`;
  assert.ok(Buffer.byteLength(description) <= 8192);
  const generated = await rawUnary(
    client,
    `${SERVICE}GenerateTest`,
    Buffer.from(
      scribe.GenerateTestRequest.encode(
        scribe.GenerateTestRequest.fromPartial({ description, baseUrl: 'http://127.0.0.1:4173' }),
      ).finish(),
    ),
    { deadlineMs: 15_000 },
  );
  // It got as far as the runner (which is down): the description was parsed.
  assertStatus(generated, status.UNAVAILABLE);
  const validated = await rawUnary(
    client,
    `${SERVICE}ValidateTest`,
    Buffer.from(scribe.ValidateTestRequest.encode({ specSource: SPEC, baseUrl: '' }).finish()),
    { deadlineMs: 15_000 },
  );
  assertStatus(validated, status.OK);
});
