import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARTIFACTS_OMITTED_HEADER, omittedArtifactsHeader } from '../../src/handlers/run-spec.mapper';
import type { OmittedArtifact } from '../../src/runs/spec-runs';

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

describe('the superagent-artifacts-omitted header', () => {
  it('is absent when every artifact was kept', () => {
    assert.equal(omittedArtifactsHeader([]), undefined);
  });
  it('lists the omitted artifacts as one JSON value', () => {
    const md = omittedArtifactsHeader(omitted(2));
    const values = md?.get(ARTIFACTS_OMITTED_HEADER) ?? [];
    assert.equal(values.length, 1);
    assert.deepEqual(JSON.parse(String(values[0])), {
      shareBytes: 107_374_182,
      artifacts: [
        { test: 1, kind: 'trace', name: 'login-test-1-trace.zip', sizeBytes: 200_000_000 },
        { test: 2, kind: 'trace', name: 'login-test-2-trace.zip', sizeBytes: 200_000_001 },
      ],
      notListed: 0,
    });
  });
  it('stays within 4 KiB, counting the artifacts it cannot list', () => {
    const value = String(omittedArtifactsHeader(omitted(100))?.get(ARTIFACTS_OMITTED_HEADER)[0]);
    assert.ok(value.length <= 4096, String(value.length));
    const parsed = JSON.parse(value) as { artifacts: unknown[]; notListed: number };
    assert.ok(parsed.artifacts.length > 10);
    assert.equal(parsed.artifacts.length + parsed.notListed, 100);
  });
});
