// Routing as a function for in-process callers (the pipeline): the same validation, decision and
// errors as the Route RPC (INVALID_ARGUMENT naming the field, RESOURCE_EXHAUSTED naming the budget).
import { resourceExhausted } from '@superagent/grpc';
import type { router } from '@superagent/proto';
import type { RoutingEngine } from './domain/routing-engine';
import { toRouteResponse } from './handlers/route-reply';
import { toRouteInput } from './handlers/validate-route';

export interface RoutingCore {
  route(request: router.RouteRequest): Promise<router.RouteResponse>;
}

export async function routeRequest(
  engine: RoutingEngine,
  request: router.RouteRequest,
): Promise<router.RouteResponse> {
  const outcome = await engine.decide(toRouteInput(request));
  if (outcome.kind === 'refused') throw resourceExhausted(`budget ${outcome.budget}`, outcome.why);
  return toRouteResponse(outcome);
}

export function createRoutingCore(engine: RoutingEngine): RoutingCore {
  return { route: (request) => routeRequest(engine, request) };
}
