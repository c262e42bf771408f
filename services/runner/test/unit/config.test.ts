import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@superagent/config';
import { artifactRunShareBytes, loadRunnerConfig } from '../../src/config';

describe('runner config', () => {
  it('has working defaults', () => {
    const s = loadRunnerConfig({});
    assert.equal(s.config.PORT, 50054);
    assert.equal(s.config.RUNNER_WORKERS, 10);
    assert.equal(s.allowedOrigins.length, 3);
    assert.deepEqual(s.extraOrigins, []);
    assert.equal(artifactRunShareBytes(s.config), Math.floor(1024 ** 3 / 10), 'a tenth of the store');
    assert.equal(
      artifactRunShareBytes(
        loadRunnerConfig({ RUNNER_ARTIFACT_MAX_BYTES: '1000', RUNNER_ARTIFACT_MAX_RUN_BYTES: '1000' }).config,
      ),
      1000,
    );
  });
  it("refuses a run's artifact share larger than the store", () => {
    assert.throws(
      () => loadRunnerConfig({ RUNNER_ARTIFACT_MAX_BYTES: '1000', RUNNER_ARTIFACT_MAX_RUN_BYTES: '1001' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some((p) => /RUNNER_ARTIFACT_MAX_RUN_BYTES must be ≤ RUNNER_ARTIFACT_MAX_BYTES/.test(p)),
    );
  });
  it('lists every problem, cross-field ones included', () => {
    assert.throws(
      () =>
        loadRunnerConfig({
          RUNNER_BROWSERS: '1',
          RUNNER_CONTEXTS_PER_BROWSER: '2',
          RUNNER_WORKERS: '4',
          RUNNER_RUN_TIMEOUT_MS: '500000',
          RUNNER_ALLOWED_ORIGINS: 'ftp://x',
          RUNNER_TRACE: 'sometimes',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        assert.match(text, /RUNNER_ALLOWED_ORIGINS/);
        assert.match(text, /RUNNER_TRACE/);
        // The rules across variables come in the same run as the malformed values.
        assert.match(text, /RUNNER_RUN_TIMEOUT_MS must be ≤ RUNNER_MAX_RUN_TIMEOUT_MS/);
        assert.match(text, /RUNNER_BROWSERS × RUNNER_CONTEXTS_PER_BROWSER/);
        return true;
      },
    );
    assert.throws(
      () =>
        loadRunnerConfig({
          RUNNER_BROWSERS: '1',
          RUNNER_CONTEXTS_PER_BROWSER: '2',
          RUNNER_WORKERS: '4',
          RUNNER_RUN_TIMEOUT_MS: '500000',
        }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 2,
    );
  });
});
