import { invalidArgument, ServiceError, type CallContext } from '@superagent/grpc';
import type { router } from '@superagent/proto';
import { status } from '@grpc/grpc-js';
import type { RouteOutcome } from '../domain/decide';
import type { RoutingEngine } from '../domain/routing-engine';
import { toRouteResponse } from './route-reply';
import { toRouteInput } from './validate-route';

export const MAX_BATCH = 1_000;

function result(outcome: RouteOutcome): router.RouteBatchResult {
  if (outcome.kind === 'refused')
    return { code: status.RESOURCE_EXHAUSTED, message: `budget ${outcome.budget}: ${outcome.why}` };
  return { decision: toRouteResponse(outcome), code: status.OK, message: '' };
}

/**
 * RouteBatch: each item validated and decided like a Route call, with its own status, in request
 * order. Only a malformed batch (no items, too many) fails as a whole.
 */
export function routeBatchHandler(engine: RoutingEngine) {
  return async (req: router.RouteBatchRequest, _ctx: CallContext): Promise<router.RouteBatchResponse> => {
    if (req.requests.length === 0) throw invalidArgument('requests', 'at least 1 request');
    if (req.requests.length > MAX_BATCH)
      throw invalidArgument(
        'requests',
        `at most ${MAX_BATCH.toLocaleString('en-US')} requests, got ${req.requests.length.toLocaleString('en-US')}`,
      );
    const pending = req.requests.map((item, i): Promise<router.RouteBatchResult> => {
      try {
        const outcome = engine.decide(toRouteInput(item, `requests[${i}].`));
        return outcome instanceof Promise ? outcome.then(result) : Promise.resolve(result(outcome));
      } catch (err) {
        if (err instanceof ServiceError) return Promise.resolve({ code: err.code, message: err.details });
        throw err;
      }
    });
    return { results: await Promise.all(pending) };
  };
}
