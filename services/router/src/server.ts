import type * as grpc from '@grpc/grpc-js';
import { type HostedService, type ServiceImplementation, unary } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { router, serviceNames } from '@superagent/proto';
import { gateRouterService } from './auth/api-key-gate';
import type { ApiKeyAuth } from './auth/api-keys';
import type { RoutingEngine } from './domain/routing-engine';
import { getStatsHandler } from './handlers/get-stats.handler';
import { routeBatchHandler } from './handlers/route-batch.handler';
import { encodeRouteReply } from './handlers/route-reply';
import { routeHandler } from './handlers/route.handler';

export interface RouterServiceDeps {
  readonly engine: RoutingEngine;
  /** Where unexpected Route failures are logged (the other RPCs log through their call context). */
  readonly logger: Logger;
  /**
   * Handlers of the pipeline RPCs (SubmitFeature, GetTask, WatchTask) when the pipeline runs in
   * this process; RPCs without a handler answer UNIMPLEMENTED.
   */
  readonly pipeline?: ServiceImplementation;
  /**
   * Per-tenant API keys: with keys, every RPC needs one (see auth/api-key-gate.ts); without (or
   * with none configured) every call is allowed.
   */
  readonly auth?: ApiKeyAuth;
}

/** The generated definition, except that Route replies are written by encodeRouteReply (same bytes). */
const definition = {
  ...router.RouterServiceService,
  route: { ...router.RouterServiceService.route, responseSerialize: encodeRouteReply },
} satisfies grpc.ServiceDefinition;

export function createRouterService(deps: RouterServiceDeps): HostedService {
  const handlers: ServiceImplementation = {
    ...deps.pipeline,
    route: routeHandler(deps.engine, deps.logger),
    routeBatch: unary(routeBatchHandler(deps.engine)),
    getStats: unary(getStatsHandler(deps.engine)),
  };
  return {
    definition,
    implementation: gateRouterService(handlers, deps.auth),
    name: serviceNames.router,
  };
}
