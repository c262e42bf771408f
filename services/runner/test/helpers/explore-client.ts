// A client's side of the Explore stream for tests: one command, one answer, in order.
import type * as grpc from '@grpc/grpc-js';
import { runner } from '@superagent/proto';

export type Duplex = grpc.ClientDuplexStream<runner.ExploreRequest, runner.ExploreResponse>;

/** Sends one command and waits for its answer (the protocol answers each message once, in order). */
export function ask(call: Duplex, msg: Partial<runner.ExploreRequest>): Promise<runner.ExploreResponse> {
  return new Promise((resolve, reject) => {
    const onData = (res: runner.ExploreResponse): void => {
      call.off('error', onError);
      resolve(res);
    };
    const onError = (err: Error): void => {
      call.off('data', onData);
      reject(err);
    };
    call.once('data', onData);
    call.once('error', onError);
    call.write({ open: undefined, act: undefined, close: undefined, ...msg });
  });
}

export function act(
  action: runner.Action,
  locator?: Partial<runner.Locator>,
  value = '',
  values: string[] = [],
): Partial<runner.ExploreRequest> {
  const loc = locator ? runner.Locator.fromPartial(locator) : undefined;
  return { act: { action, locator: loc, value, values, timeoutMs: 2000 } };
}

export const role = (r: string, name: string): Partial<runner.Locator> => ({
  kind: runner.LocatorKind.ROLE,
  role: r,
  name,
});
