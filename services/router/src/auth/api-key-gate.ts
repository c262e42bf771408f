// The one authentication gate in front of every RouterService handler (issue 10). Each handler is
// wrapped once, at start-up, by a layer that checks the call's API key before the handler runs:
// no key or an unknown key is UNAUTHENTICATED; a request naming a tenant other than the key's is
// PERMISSION_DENIED; an empty tenant is bound to the key's tenant, so a caller cannot spend the
// default tenant's budget. Without keys the handlers are served as they are: the no-keys path
// costs nothing per call (not even a branch). Health and reflection are other services: not gated.
import type * as grpc from '@grpc/grpc-js';
import { permissionDenied, ServiceError, wrapHandler, type ServiceImplementation } from '@superagent/grpc';
import { router } from '@superagent/proto';
import type { ApiKeyAuth } from './api-keys';

type Methods = typeof router.RouterServiceService;
type MethodName = keyof Methods;
type RequestOf<M extends MethodName> = ReturnType<Methods[M]['requestDeserialize']>;

/** What a method's request says about its tenant, checked against the key's; null = nothing. */
type TenantRule<Req> = ((request: Req, keyTenant: string) => void) | null;

const MAX_ECHOED_TENANT = 128;

/**
 * A request's tenant_id: empty → the key's tenant (written into the decoded request, which the
 * call owns); another tenant → PERMISSION_DENIED. `batchIndex` names the item inside RouteBatch
 * (the field name is only built for the error).
 */
function bindTenant(request: { tenantId: string }, keyTenant: string, batchIndex = -1): void {
  if (request.tenantId === keyTenant) return;
  if (request.tenantId === '') {
    request.tenantId = keyTenant;
    return;
  }
  const field = batchIndex < 0 ? 'tenant_id' : `requests[${batchIndex}].tenant_id`;
  throw permissionDenied(
    `${field}: this API key is not valid for tenant ${JSON.stringify(request.tenantId.slice(0, MAX_ECHOED_TENANT))}`,
  );
}

/**
 * What a key allows, for every RouterService method: a new RPC does not compile until its entry
 * says so. A batch naming another tenant in any item is refused whole: the key is the call's, not
 * an item's, and half-answering a probe tells the prober which items passed.
 */
const RULES: { readonly [M in MethodName]: TenantRule<RequestOf<M>> } = {
  route: (req, keyTenant) => bindTenant(req, keyTenant),
  routeBatch: (req, keyTenant) => {
    req.requests.forEach((item, i) => bindTenant(item, keyTenant, i));
  },
  // Process-wide counters (decisions per tier and agent, cache, policy): no tenant's requests,
  // ids or money in them, so any valid key may read them.
  getStats: null,
  submitFeature: (req, keyTenant) => bindTenant(req, keyTenant),
  // No tenant in these requests: the handlers answer NOT_FOUND for another tenant's task.
  getTask: null,
  watchTask: null,
};

const isMethod = (name: string): name is MethodName => Object.hasOwn(RULES, name);

function gateMethod(
  method: MethodName,
  inner: grpc.UntypedHandleCall,
  auth: ApiKeyAuth,
): grpc.UntypedHandleCall {
  // The request a call carries is what this method's own deserializer produced.
  const rule = RULES[method] as TenantRule<unknown>;
  const refusal = (call: { readonly metadata: grpc.Metadata; readonly request: unknown }) => {
    try {
      const keyTenant = auth.tenantOf(call.metadata);
      if (rule !== null && keyTenant !== undefined) rule(call.request, keyTenant);
      return undefined;
    } catch (err) {
      if (err instanceof ServiceError) return err;
      throw err;
    }
  };
  const { requestStream, responseStream } = router.RouterServiceService[method];
  // A client stream has no request to check before the handler runs; RouterService has none.
  if (requestStream) throw new Error(`API key gate: client-streaming ${method} is not supported`);
  if (!responseStream) {
    const handler = inner as grpc.handleUnaryCall<unknown, unknown>;
    return (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const refused = refusal(call);
      if (refused === undefined) handler(call, callback);
      else callback(refused);
    };
  }
  const handler = inner as grpc.handleServerStreamingCall<unknown, unknown>;
  return (call: grpc.ServerWritableStream<unknown, unknown>) => {
    const refused = refusal(call);
    // grpc-js turns an 'error' event into the call's final status.
    if (refused === undefined) handler(call);
    else call.emit('error', refused);
  };
}

/** `implementation` with every handler behind the key check; unchanged when no keys are configured. */
export function gateRouterService(
  implementation: ServiceImplementation,
  auth: ApiKeyAuth | undefined,
): ServiceImplementation {
  if (auth === undefined || !auth.enabled) return implementation;
  const gated: Record<string, grpc.UntypedHandleCall> = {};
  for (const [method, handler] of Object.entries(implementation)) {
    if (handler === undefined) continue;
    if (!isMethod(method)) throw new Error(`API key gate: RouterService has no method ${method}`);
    gated[method] = wrapHandler(handler, (inner) => gateMethod(method, inner, auth));
  }
  return gated;
}
