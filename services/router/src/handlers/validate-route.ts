// RouteRequest → domain input, or INVALID_ARGUMENT naming the field (`requests[3].task_type` inside
// a batch). Enum fields arrive as raw numbers (proto3 keeps unknown values), so each is checked.
import { invalidArgument } from '@superagent/grpc';
import { common, router } from '@superagent/proto';
import type { RouteInput } from '../domain/decide';
import { failureKindName, taskTypeIndex } from '../domain/task-types';
import { rankOfProto, type TierRank } from '../domain/tiers';

export const MAX_DESCRIPTION_BYTES = 65_536;
export const MAX_TEST_PATH_BYTES = 1_024;
export const MAX_FEATURE_ID_BYTES = 256;
export const MAX_SCOPE_ID_BYTES = 128;
// Control characters: ids and paths end up in keys, logs and file names (the cost service refuses
// them too, and would otherwise turn a bad id into a false "cost service unreachable").
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** Task types that write code need something to write from. */
const WRITING = new Set([common.TaskType.WRITE_TEST, common.TaskType.FIX_TEST]);

/** UTF-8 length check that scans the text only when its length alone cannot decide. */
function checkBytes(value: string, max: number, field: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no scan.
  if (value.length * 3 <= max) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > max)
    throw invalidArgument(
      field,
      `at most ${max.toLocaleString('en-US')} bytes of UTF-8, got ${bytes.toLocaleString('en-US')}`,
    );
}

/** An id or path: bounded, and free of control characters. */
function checkId(value: string, max: number, field: string): void {
  checkBytes(value, max, field);
  if (CONTROL_CHARACTERS.test(value)) throw invalidArgument(field, 'must not contain control characters');
}

function tierField(value: common.Tier, field: string): TierRank | undefined {
  if (value === common.Tier.UNSPECIFIED) return undefined;
  const rank = rankOfProto(value);
  if (rank === undefined) throw invalidArgument(field, `unknown tier ${value}`);
  return rank;
}

function errorCategoryName(value: common.ErrorCategory, field: string): string {
  if (value === common.ErrorCategory.UNSPECIFIED) return '';
  const name = common.errorCategoryToJSON(value);
  if (name === 'UNRECOGNIZED') throw invalidArgument(field, `unknown error category ${value}`);
  return name.replace(/^ERROR_CATEGORY_/, '').toLowerCase();
}

/** `prefix` is "" for Route and "requests[<i>]." inside RouteBatch. */
export function toRouteInput(req: router.RouteRequest, prefix = ''): RouteInput {
  const f = (name: string) => `${prefix}${name}`;
  if (req.taskType === common.TaskType.UNSPECIFIED) throw invalidArgument(f('task_type'), 'required');
  const taskIndex = taskTypeIndex(req.taskType);
  if (taskIndex === undefined) throw invalidArgument(f('task_type'), `unknown task type ${req.taskType}`);
  checkBytes(req.description, MAX_DESCRIPTION_BYTES, f('description'));
  if (req.description.trim() === '' && WRITING.has(req.taskType))
    throw invalidArgument(f('description'), `required for ${common.taskTypeToJSON(req.taskType)}`);
  checkId(req.testPath, MAX_TEST_PATH_BYTES, f('test_path'));
  checkId(req.featureId, MAX_FEATURE_ID_BYTES, f('feature_id'));
  checkId(req.sessionId, MAX_SCOPE_ID_BYTES, f('session_id'));
  checkId(req.tenantId, MAX_SCOPE_ID_BYTES, f('tenant_id'));

  const previousRank = tierField(req.previousTier, f('previous_tier'));
  let failure: ReturnType<typeof failureKindName>;
  if (req.previousFailure !== router.FailureKind.UNSPECIFIED) {
    failure = failureKindName(req.previousFailure);
    if (failure === undefined)
      throw invalidArgument(f('previous_failure'), `unknown failure kind ${req.previousFailure}`);
  }
  if (previousRank !== undefined && failure === undefined)
    throw invalidArgument(
      f('previous_failure'),
      'required when previous_tier is set (why did that attempt fail?)',
    );
  if (previousRank === undefined && failure !== undefined)
    throw invalidArgument(f('previous_tier'), 'required when previous_failure is set (which tier failed?)');
  const errorCategory = errorCategoryName(req.previousErrorCategory, f('previous_error_category'));
  if (req.attemptsMade < 0) throw invalidArgument(f('attempts_made'), `must be ≥ 0, got ${req.attemptsMade}`);
  const maxRank = tierField(req.maxTier, f('max_tier'));

  return {
    taskIndex,
    description: req.description,
    testPath: req.testPath,
    scope: { tenantId: req.tenantId, sessionId: req.sessionId, featureId: req.featureId },
    previous:
      previousRank === undefined || failure === undefined
        ? undefined
        : { rank: previousRank, failure, errorCategory },
    attemptsMade: req.attemptsMade,
    maxRank,
  };
}
