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

describe('RunSpecResponse error of a run outside its tests', () => {
  it('is the run-level error of a FAIL whose tests all passed (a worker fixture tear-down)', () => {
    const out = output([]);
    out.result = {
      ...out.result,
      status: 'fail',
      tests: [
        {
          titlePath: ['a'],
          status: 'passed',
          expectedStatus: 'passed',
          durationMs: 1,
          errors: [],
          steps: [],
          artifactIds: [],
        },
      ],
      error: {
        message: 'Error: worker teardown boom',
        category: 'javascript',
        location: { line: 3, column: 51 },
      },
      counts: { passed: 1, failed: 0, timedOut: 0, skipped: 0, unexpected: 0 },
    };
    const res = toRunSpecResponse(out, 'wf.spec.ts');
    assert.equal(res.status, common.RunStatus.FAIL);
    assert.equal(res.errorMessage, 'Error: worker teardown boom');
    assert.deepEqual(res.errorLocation, { file: 'wf.spec.ts', line: 3, column: 51 });
    assert.equal(res.tests[0]?.errorMessage, '');
  });
});
