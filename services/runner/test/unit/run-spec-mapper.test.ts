import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { common } from '@superagent/proto';
import { toRunSpecResponse } from '../../src/handlers/run-spec.mapper';
import type { OmittedArtifact, RunOutput } from '../../src/runs/spec-runs';

function omitted(n: number): OmittedArtifact[] {
  return Array.from({ length: n }, (_, i) => ({
    testIndex: i,
    kind: 'trace',
    name: `login-test-${i + 1}-trace.zip`,
    sizeBytes: 200_000_000 + i,
    shareBytes: 107_374_182,
    reason: 'over the share',
  }));
}

function output(omittedArtifacts: OmittedArtifact[]): RunOutput {
  return {
    runId: 'run-1',
    result: {
      status: 'pass',
      tests: [],
      consoleErrors: [],
      failedRequests: [],
      counts: { passed: 0, failed: 0, timedOut: 0, skipped: 0, unexpected: 0 },
      durationMs: 1,
    },
    artifacts: [],
    omittedArtifacts,
    queuedMs: 0,
  };
}

describe('RunSpecResponse.omitted_artifacts', () => {
  it('is empty when every artifact was kept', () => {
    assert.deepEqual(toRunSpecResponse(output([]), 'login.spec.ts').omittedArtifacts, []);
  });
  it('lists each artifact not kept with its 1-based test, kind, name, size and reason', () => {
    assert.deepEqual(toRunSpecResponse(output(omitted(2)), 'login.spec.ts').omittedArtifacts, [
      {
        test: 1,
        kind: common.ArtifactKind.TRACE,
        name: 'login-test-1-trace.zip',
        sizeBytes: 200_000_000,
        reason: 'over the share',
      },
      {
        test: 2,
        kind: common.ArtifactKind.TRACE,
        name: 'login-test-2-trace.zip',
        sizeBytes: 200_000_001,
        reason: 'over the share',
      },
    ]);
  });
  it('lists at most 100', () => {
    assert.equal(toRunSpecResponse(output(omitted(150)), 'login.spec.ts').omittedArtifacts.length, 100);
  });
});
