// Task types and failure kinds as the policy file names them, and their proto enums.
import { common, router } from '@superagent/proto';

export const TASK_TYPE_NAMES = [
  'write_test',
  'execute_test',
  'fix_test',
  'pre_validate',
  'validate',
] as const;
export type TaskTypeName = (typeof TASK_TYPE_NAMES)[number];

const TASK_TYPE_PROTO: Readonly<Record<TaskTypeName, common.TaskType>> = {
  write_test: common.TaskType.WRITE_TEST,
  execute_test: common.TaskType.EXECUTE_TEST,
  fix_test: common.TaskType.FIX_TEST,
  pre_validate: common.TaskType.PRE_VALIDATE,
  validate: common.TaskType.VALIDATE,
};

/** Index into TASK_TYPE_NAMES for a proto task type; undefined for UNSPECIFIED or unknown values. */
export function taskTypeIndex(taskType: common.TaskType): number | undefined {
  const index = TASK_TYPE_NAMES.findIndex((name) => TASK_TYPE_PROTO[name] === taskType);
  return index < 0 ? undefined : index;
}

export const FAILURE_KIND_NAMES = [
  'run_failed',
  'validation_rejected',
  'generation_error',
  'timeout',
  'tier_unavailable',
] as const;
export type FailureKindName = (typeof FAILURE_KIND_NAMES)[number];

const FAILURE_PROTO: Readonly<Record<FailureKindName, router.FailureKind>> = {
  run_failed: router.FailureKind.RUN_FAILED,
  validation_rejected: router.FailureKind.VALIDATION_REJECTED,
  generation_error: router.FailureKind.GENERATION_ERROR,
  timeout: router.FailureKind.TIMEOUT,
  tier_unavailable: router.FailureKind.TIER_UNAVAILABLE,
};

/** The policy name of a proto failure kind; undefined for UNSPECIFIED or unknown values. */
export function failureKindName(kind: router.FailureKind): FailureKindName | undefined {
  return FAILURE_KIND_NAMES.find((name) => FAILURE_PROTO[name] === kind);
}

export type Difficulty = 'easy' | 'hard';
