import { type HostedService, type ServiceImplementation, unary } from '@superagent/grpc';
import { router, serviceNames } from '@superagent/proto';
import type { RoutingEngine } from './domain/routing-engine';
import { getStatsHandler } from './handlers/get-stats.handler';
import { routeBatchHandler } from './handlers/route-batch.handler';
import { routeHandler } from './handlers/route.handler';

export interface RouterServiceDeps {
  readonly engine: RoutingEngine;
  /**
   * Handlers of the pipeline RPCs (SubmitFeature, GetTask, WatchTask) when the pipeline runs in
   * this process; RPCs without a handler answer UNIMPLEMENTED.
   */
  readonly pipeline?: ServiceImplementation;
}

export function createRouterService(deps: RouterServiceDeps): HostedService {
  const implementation: ServiceImplementation = {
    ...deps.pipeline,
    route: unary(routeHandler(deps.engine)),
    routeBatch: unary(routeBatchHandler(deps.engine)),
    getStats: unary(getStatsHandler(deps.engine)),
  };
  return { definition: router.RouterServiceService, implementation, name: serviceNames.router };
}
