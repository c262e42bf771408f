import type * as grpc from '@grpc/grpc-js';
import type { GrpcClient, ServiceShape } from '../src/index';

/** JSON serializers: hand-written service definitions shaped like ts-proto's, independent of any proto. */
function json<T>(): { serialize: (value: T) => Buffer; deserialize: (buf: Buffer) => T } {
  return {
    serialize: (value: T) => Buffer.from(JSON.stringify(value)),
    deserialize: (buf: Buffer) => JSON.parse(buf.toString('utf8')) as T,
  };
}

function method<Req, Res, ReqStream extends boolean, ResStream extends boolean>(
  path: string,
  requestStream: ReqStream,
  responseStream: ResStream,
) {
  const req = json<Req>();
  const res = json<Res>();
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
  };
}

export interface EchoRequest {
  text: string;
  /** Handler behaviour switches, so one service covers the scenarios. */
  delayMs?: number;
  count?: number;
}
export interface EchoResponse {
  text: string;
  /** Deadline the server saw, ms epoch (0 = none). */
  deadline: number;
  /** Deadline the calling (parent) server saw, when the response went through one. */
  parentDeadline?: number;
}

export const ECHO_SERVICE_NAME = 'test.v1.EchoService';

export const EchoServiceDefinition = {
  echo: method<EchoRequest, EchoResponse, false, false>(`/${ECHO_SERVICE_NAME}/Echo`, false, false),
  fail: method<EchoRequest, EchoResponse, false, false>(`/${ECHO_SERVICE_NAME}/Fail`, false, false),
  count: method<EchoRequest, EchoResponse, false, true>(`/${ECHO_SERVICE_NAME}/Count`, false, true),
  sum: method<EchoRequest, EchoResponse, true, false>(`/${ECHO_SERVICE_NAME}/Sum`, true, false),
  chat: method<EchoRequest, EchoResponse, true, true>(`/${ECHO_SERVICE_NAME}/Chat`, true, true),
} as const satisfies grpc.ServiceDefinition;

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export { captureLogger, type CapturedLine as LogLine } from '@superagent/logging';

/** Runs `fn` with a client and always closes it. */
export async function withClient<D extends ServiceShape, T>(
  client: GrpcClient<D>,
  fn: (client: GrpcClient<D>) => Promise<T>,
): Promise<T> {
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** The status code of a rejected call, failing the test if it resolved. */
export async function codeOf(promise: Promise<unknown>): Promise<{ code: grpc.status; details: string }> {
  try {
    await promise;
  } catch (err) {
    const { code, details } = err as { code?: unknown; details?: unknown };
    if (typeof code !== 'number') throw err;
    return { code, details: typeof details === 'string' ? details : '' };
  }
  throw new Error('expected the call to fail');
}
