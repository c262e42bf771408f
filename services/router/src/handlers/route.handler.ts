import type * as grpc from '@grpc/grpc-js';
import { resourceExhausted, toGrpcError, toStatus } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import type { router } from '@superagent/proto';
import type { RouteOutcome } from '../domain/decide';
import type { RoutingEngine } from '../domain/routing-engine';
import { toRouteResponse } from './route-reply';
import { toRouteInput } from './validate-route';

type RouteCallback = grpc.sendUnaryData<router.RouteResponse>;

function reply(outcome: RouteOutcome, callback: RouteCallback): void {
  if (outcome.kind === 'refused') callback(resourceExhausted(`budget ${outcome.budget}`, outcome.why));
  else callback(null, toRouteResponse(outcome));
}

/**
 * Route: validate → decide → response; a refused budget is RESOURCE_EXHAUSTED naming it.
 *
 * A plain grpc-js handler rather than the generic `unary()` adapter: a decision is synchronous
 * (the budget view answers from memory) and calls nothing downstream, so there is nothing to
 * cancel or to pass a deadline to, and the per-call context the adapter builds (abort controller,
 * deadline timer, child logger) would be most of the server's work for a call this small. Only a
 * budget fetch for a scope not seen yet is awaited. Errors map to statuses exactly as the adapter
 * maps them (unexpected ones logged once, INTERNAL on the wire).
 */
export function routeHandler(
  engine: RoutingEngine,
  logger: Logger,
): grpc.handleUnaryCall<router.RouteRequest, router.RouteResponse> {
  const fail = (err: unknown, callback: RouteCallback): void =>
    callback(toGrpcError(toStatus(err, { logger, method: 'Route' })));
  return (call, callback) => {
    let outcome: RouteOutcome | Promise<RouteOutcome>;
    try {
      outcome = engine.decide(toRouteInput(call.request));
    } catch (err) {
      fail(err, callback);
      return;
    }
    if (outcome instanceof Promise)
      outcome.then(
        (settled) => reply(settled, callback),
        (err: unknown) => fail(err, callback),
      );
    else reply(outcome, callback);
  };
}
