import type { CallContext } from '@superagent/grpc';
import type { router } from '@superagent/proto';
import type { RoutingEngine } from '../domain/routing-engine';
import { routeRequest } from '../routing-core';

/** Route: validate → decide → response; a refused budget is RESOURCE_EXHAUSTED naming it. */
export function routeHandler(engine: RoutingEngine) {
  return (req: router.RouteRequest, _ctx: CallContext): Promise<router.RouteResponse> =>
    routeRequest(engine, req);
}
