// Shared by the routing tests: the shipped default policy, policy variants edited from it, engines
// over it, and route inputs with defaults.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { DEFAULT_POLICY_PATH } from '../../src/config';
import type { BudgetSnapshot } from '../../src/domain/budget';
import { StaticBudgetView } from '../../src/domain/budget-view';
import { compilePolicy, type CompiledPolicy } from '../../src/domain/compiled-policy';
import type { RouteInput } from '../../src/domain/decide';
import { parsePolicy, type RoutingPolicy } from '../../src/domain/policy';
import type { RoutingEngine } from '../../src/domain/routing-engine';
import { TASK_TYPE_NAMES, type TaskTypeName } from '../../src/domain/task-types';
import { createRoutingEngine } from '../../src/routing-stack';

export const DEFAULT_POLICY_TEXT = readFileSync(DEFAULT_POLICY_PATH, 'utf8');
export const DEFAULT_POLICY: RoutingPolicy = parsePolicy(DEFAULT_POLICY_TEXT);

/** The default policy's YAML with `path` (e.g. ['budgets', 'at_limit']) set to `value`. */
export function policyTextWith(edits: ReadonlyArray<[readonly (string | number)[], unknown]>): string {
  const doc = parseDocument(DEFAULT_POLICY_TEXT);
  for (const [path, value] of edits) doc.setIn(path, value);
  return doc.toString();
}

export function policyWith(edits: ReadonlyArray<[readonly (string | number)[], unknown]>): RoutingPolicy {
  return parsePolicy(policyTextWith(edits));
}

export function compiled(
  policy: RoutingPolicy = DEFAULT_POLICY,
  providers: string[] = ['anthropic'],
): CompiledPolicy {
  return compilePolicy(policy, { providers: new Set(['local', ...providers]), generation: 1, nowMs: 0 });
}

export function engineWith(
  options: {
    policy?: RoutingPolicy;
    providers?: string[];
    budgets?: BudgetSnapshot | ((scope: RouteInput['scope']) => BudgetSnapshot);
    cacheSize?: number;
  } = {},
): RoutingEngine {
  return createRoutingEngine({
    policy: options.policy ?? DEFAULT_POLICY,
    providers: options.providers ?? ['anthropic'],
    budgets: new StaticBudgetView(options.budgets ?? { kind: 'known', budgets: [] }),
    cacheSize: options.cacheSize ?? 100,
    sampleEvery: 1,
  });
}

export function input(
  partial: Partial<Omit<RouteInput, 'taskIndex'>> & { task?: TaskTypeName } = {},
): RouteInput {
  const { task = 'write_test', ...rest } = partial;
  return {
    taskIndex: TASK_TYPE_NAMES.indexOf(task),
    description: 'Open the help dialog and close it',
    testPath: '',
    scope: { tenantId: 'acme', sessionId: 's1', featureId: '' },
    previous: undefined,
    attemptsMade: 0,
    maxRank: undefined,
    ...rest,
  };
}
