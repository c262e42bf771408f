import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { ServiceError } from '@superagent/grpc';
import { common, router } from '@superagent/proto';
import { toRouteInput } from '../../src/handlers/validate-route';

const valid = (partial: Partial<router.RouteRequest> = {}) =>
  router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: 'Open the menu',
    ...partial,
  });

function rejected(req: router.RouteRequest, prefix?: string): string {
  try {
    toRouteInput(req, prefix);
  } catch (err) {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, status.INVALID_ARGUMENT);
    return err.details;
  }
  assert.fail('accepted');
}

describe('Route request validation: INVALID_ARGUMENT naming the field', () => {
  const cases: Array<[string, Partial<router.RouteRequest>, RegExp]> = [
    ['empty task type', { taskType: common.TaskType.UNSPECIFIED }, /^task_type: required$/],
    ['unknown task type', { taskType: 42 as common.TaskType }, /^task_type: unknown task type 42$/],
    [
      'description over 64 KiB',
      { description: 'a'.repeat(65_537) },
      /^description: at most 65,536 bytes of UTF-8, got 65,537$/,
    ],
    [
      'multi-byte description over 64 KiB',
      { description: 'é'.repeat(32_769) },
      /^description: at most 65,536 bytes of UTF-8, got 65,538$/,
    ],
    [
      'empty description for write_test',
      { description: '  ' },
      /^description: required for TASK_TYPE_WRITE_TEST$/,
    ],
    [
      'empty description for fix_test',
      { taskType: common.TaskType.FIX_TEST, description: '' },
      /^description: required for TASK_TYPE_FIX_TEST$/,
    ],
    ['test path over 1 KiB', { testPath: 'p'.repeat(1_025) }, /^test_path: at most 1,024 bytes/],
    ['feature id over 256 bytes', { featureId: 'f'.repeat(257) }, /^feature_id: at most 256 bytes/],
    ['session id over 128 bytes', { sessionId: 's'.repeat(129) }, /^session_id: at most 128 bytes/],
    ['tenant id over 128 bytes', { tenantId: 't'.repeat(129) }, /^tenant_id: at most 128 bytes/],
    [
      'control character in the tenant id',
      { tenantId: 'acme\u0000' },
      /^tenant_id: must not contain control characters$/,
    ],
    [
      'control character in the session id',
      { sessionId: 's\n1' },
      /^session_id: must not contain control characters$/,
    ],
    [
      'control character in the feature id',
      { featureId: 'login\u007f' },
      /^feature_id: must not contain control characters$/,
    ],
    [
      'control character in the test path',
      { testPath: 'tests/a\r.spec.ts' },
      /^test_path: must not contain control characters$/,
    ],
    [
      'unknown previous tier',
      { previousTier: 9 as common.Tier, previousFailure: router.FailureKind.RUN_FAILED },
      /^previous_tier: unknown tier 9$/,
    ],
    [
      'unknown failure kind',
      { previousTier: common.Tier.LOCAL, previousFailure: 77 as router.FailureKind },
      /^previous_failure: unknown failure kind 77$/,
    ],
    [
      'tier without failure',
      { previousTier: common.Tier.LOCAL },
      /^previous_failure: required when previous_tier is set/,
    ],
    [
      'failure without tier',
      { previousFailure: router.FailureKind.TIMEOUT },
      /^previous_tier: required when previous_failure is set/,
    ],
    [
      'unknown error category',
      { previousErrorCategory: 99 as common.ErrorCategory },
      /^previous_error_category: unknown error category 99$/,
    ],
    ['negative attempts', { attemptsMade: -1 }, /^attempts_made: must be ≥ 0, got -1$/],
    ['unknown max tier', { maxTier: 5 as common.Tier }, /^max_tier: unknown tier 5$/],
  ];
  for (const [what, partial, message] of cases)
    it(what, () => assert.match(rejected(valid(partial)), message));

  it('prefixes fields inside a batch', () => {
    assert.equal(
      rejected(valid({ taskType: common.TaskType.UNSPECIFIED }), 'requests[3].'),
      'requests[3].task_type: required',
    );
  });

  it('accepts the limits exactly and maps every field', () => {
    const input = toRouteInput(
      valid({
        description: 'a'.repeat(65_536),
        testPath: 'p'.repeat(1_024),
        featureId: 'login',
        sessionId: 's',
        tenantId: 't',
        previousTier: common.Tier.HAIKU,
        previousFailure: router.FailureKind.RUN_FAILED,
        previousErrorCategory: common.ErrorCategory.SELECTOR,
        attemptsMade: 2,
        maxTier: common.Tier.SONNET,
      }),
    );
    assert.equal(input.taskIndex, 0);
    assert.deepEqual(input.scope, { tenantId: 't', sessionId: 's', featureId: 'login' });
    assert.deepEqual(input.previous, { rank: 1, failure: 'run_failed', errorCategory: 'selector' });
    assert.equal(input.attemptsMade, 2);
    assert.equal(input.maxRank, 2);
  });

  it('allows an empty description for non-writing task types', () => {
    for (const taskType of [
      common.TaskType.EXECUTE_TEST,
      common.TaskType.PRE_VALIDATE,
      common.TaskType.VALIDATE,
    ])
      assert.equal(toRouteInput(valid({ taskType, description: '' })).description, '');
  });
});
