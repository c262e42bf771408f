// What other packages (the benchmark) use from the router: its routing core, built in-process.
export {
  loadRouterConfig,
  routerConfigSpec,
  availableProviders,
  DEFAULT_POLICY_PATH,
  type RouterConfig,
} from './config';
export { createRoutingEngine, type RoutingStackOptions } from './routing-stack';
export { createRoutingCore, routeRequest, type RoutingCore } from './routing-core';
export { createRouterService, type RouterServiceDeps } from './server';
export { parsePolicy, PolicyError, type RoutingPolicy } from './domain/policy';
export { loadPolicyFile, PolicyReloader } from './policy-reloader';
export { StaticBudgetView, type BudgetView } from './domain/budget-view';
export type { BudgetSnapshot, BudgetUsage, BudgetScope } from './domain/budget';
export type { RouteInput, RouteOutcome, RouteDecision } from './domain/decide';
export { RoutingEngine } from './domain/routing-engine';
