/**
 * Types derived from a ts-proto `outputServices=grpc-js` service definition, e.g.
 * `{ route: { path, requestStream: false, responseStream: false, requestSerialize(value: RouteRequest): Buffer,
 *   responseDeserialize(value: Buffer): RouteResponse, ... } }`, so a client's method names,
 * requests and responses are checked against the proto without hand-written types.
 */
export interface MethodShape {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestSerialize: (value: never) => Buffer;
  readonly responseDeserialize: (value: Buffer) => unknown;
}

export type ServiceShape = { readonly [method: string]: MethodShape };

export type RequestOf<M> = M extends { readonly requestSerialize: (value: infer R) => Buffer } ? R : never;
export type ResponseOf<M> = M extends { readonly responseDeserialize: (value: Buffer) => infer R }
  ? R
  : never;

type MethodsWhere<D extends ServiceShape, ReqStream extends boolean, ResStream extends boolean> = {
  [K in keyof D & string]: D[K] extends {
    readonly requestStream: ReqStream;
    readonly responseStream: ResStream;
  }
    ? K
    : never;
}[keyof D & string];

export type MethodName<D extends ServiceShape> = keyof D & string;
export type UnaryMethod<D extends ServiceShape> = MethodsWhere<D, false, false>;
export type ServerStreamMethod<D extends ServiceShape> = MethodsWhere<D, false, true>;
export type ClientStreamMethod<D extends ServiceShape> = MethodsWhere<D, true, false>;
export type BidiMethod<D extends ServiceShape> = MethodsWhere<D, true, true>;

export type Req<D extends ServiceShape, K extends keyof D> = RequestOf<D[K]>;
export type Res<D extends ServiceShape, K extends keyof D> = ResponseOf<D[K]>;
