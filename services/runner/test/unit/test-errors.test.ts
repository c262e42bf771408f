import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshotError, toTestError } from '../../src/worker/runtime/errors';

const paths = { specPath: '/scratch/w1/runs/r1/login.spec.ts', fileName: 'login.spec.ts' };
const CLOSED = 'Target page, context or browser has been closed';

/** An error as Playwright leaves it: `message` prefixed, `stack` rewritten for the last call. */
function playwrightError(message: string, frame: string): Error {
  const err = new Error(message);
  err.stack = `${message}\n    at ${frame}`;
  return err;
}

describe('test errors', () => {
  it("name only the spec's own call when Playwright stacked several on a shared error", () => {
    const fromSpec = playwrightError(
      `page.goto: browserContext.newPage: ${CLOSED}`,
      `${paths.specPath}:4:14`,
    );
    const e = toTestError(fromSpec, paths);
    assert.equal(e.message, `Error: page.goto: ${CLOSED}`);
    assert.deepEqual(e.location, { line: 4, column: 14 });
  });
  it('name no call when the last one to touch the error was not the spec’s', () => {
    const fromRunner = playwrightError(
      `browserContext.newPage: page.goto: ${CLOSED}`,
      '/app/dist/src/worker/browser-session.js:120:7',
    );
    assert.equal(toTestError(fromRunner, paths).message, `Error: ${CLOSED}`);
  });
  it('keep a single API name, and messages that only look alike', () => {
    const single = playwrightError(
      `tracing.start: ${CLOSED}`,
      '/app/dist/src/worker/builtin-fixtures.js:1:1',
    );
    assert.equal(toTestError(single, paths).message, `Error: tracing.start: ${CLOSED}`);
    assert.equal(
      toTestError(new Error('expected: 1. received: 2'), paths).message,
      'Error: expected: 1. received: 2',
    );
  });
  it('are taken as they were when caught, whatever later calls do to the shared object', () => {
    const shared = playwrightError(`page.goto: ${CLOSED}`, `${paths.specPath}:4:14`);
    Object.assign(shared, { matcherResult: { pass: false } });
    const kept = snapshotError(shared);
    // A fixture's tear-down then meets the same object.
    shared.message = `tracing.stop: ${shared.message}`;
    shared.stack = `${shared.message}\n    at /app/dist/src/worker/builtin-fixtures.js:160:9`;
    assert.ok(kept instanceof Error);
    const e = toTestError(kept, paths);
    assert.equal(e.message, `Error: page.goto: ${CLOSED}`);
    assert.deepEqual(e.location, { line: 4, column: 14 });
    assert.equal(e.category, 'assertion', 'its own properties are kept (matcherResult)');
  });
  it("say a refused write in the runner's terms, with the path Node gives, after the call's name", () => {
    const NODE = 'Access to this API has been restricted. Use --allow-fs-write to manage permissions.';
    const refused = Object.assign(playwrightError(`page.screenshot: ${NODE}`, `${paths.specPath}:7:3`), {
      code: 'ERR_ACCESS_DENIED',
      permission: 'FileSystemWrite',
      resource: '/tmp/shot.png',
    });
    const e = toTestError(refused, paths);
    assert.equal(
      e.message,
      "Error: page.screenshot: the runner refused to write /tmp/shot.png: a spec may write only in its run's own directory (its working directory, os.tmpdir(), os.homedir(), testInfo.outputPath()), which is removed when the run ends",
    );
    assert.deepEqual(e.location, { line: 7, column: 3 });
    const hidden = Object.defineProperty(new Error(NODE), 'resource', {
      get() {
        throw new Error('no');
      },
    });
    assert.match(
      toTestError(hidden, paths).message,
      /^Error: the runner refused to write outside its directory: /,
    );
  });
  it('leave thrown values that are not errors as they are', () => {
    assert.equal(snapshotError('plain'), 'plain');
    const odd = new Proxy(new Error('odd'), {
      getPrototypeOf() {
        throw new Error('no');
      },
    });
    assert.equal(snapshotError(odd), odd);
  });
});
