import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@superagent/logging';

/**
 * An error that carries the gRPC status the client should see. Shaped like grpc-js's own
 * `ServiceError` (code, details, metadata), so it can be handed straight to a grpc-js callback.
 */
export class ServiceError extends Error {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;

  constructor(code: grpc.status, message: string, options?: { cause?: unknown; metadata?: grpc.Metadata }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.code = code;
    this.details = message;
    this.metadata = options?.metadata ?? new grpc.Metadata();
  }
}

/** Bad input: the message names the field, `"<field>: <problem>"`. */
export function invalidArgument(field: string, problem: string): ServiceError {
  return new ServiceError(grpc.status.INVALID_ARGUMENT, `${field}: ${problem}`);
}

export function notFound(what: string): ServiceError {
  return new ServiceError(grpc.status.NOT_FOUND, `${what}: not found`);
}

export function alreadyExists(what: string): ServiceError {
  return new ServiceError(grpc.status.ALREADY_EXISTS, `${what}: already exists`);
}

/** A quota or budget is used up: `"<what>: <why>"`. */
export function resourceExhausted(what: string, why: string): ServiceError {
  return new ServiceError(grpc.status.RESOURCE_EXHAUSTED, `${what}: ${why}`);
}

export function failedPrecondition(why: string): ServiceError {
  return new ServiceError(grpc.status.FAILED_PRECONDITION, why);
}

/** A dependency (Redis, a downstream) cannot be reached; callers may retry. */
export function unavailable(why: string): ServiceError {
  return new ServiceError(grpc.status.UNAVAILABLE, why);
}

export function deadlineExceeded(why = 'deadline exceeded'): ServiceError {
  return new ServiceError(grpc.status.DEADLINE_EXCEEDED, why);
}

export function cancelled(why = 'cancelled'): ServiceError {
  return new ServiceError(grpc.status.CANCELLED, why);
}

export function aborted(why: string): ServiceError {
  return new ServiceError(grpc.status.ABORTED, why);
}

export function permissionDenied(why: string): ServiceError {
  return new ServiceError(grpc.status.PERMISSION_DENIED, why);
}

export function unauthenticated(why: string): ServiceError {
  return new ServiceError(grpc.status.UNAUTHENTICATED, why);
}

export function unimplemented(what: string): ServiceError {
  return new ServiceError(grpc.status.UNIMPLEMENTED, `${what}: not implemented`);
}

/** An internal failure whose message is safe to show to the client. */
export function internal(why: string, cause?: unknown): ServiceError {
  return new ServiceError(grpc.status.INTERNAL, why, { cause });
}

/** The message every unexpected failure gets on the wire: internals never leak to clients. */
export const INTERNAL_MESSAGE = 'internal error';

/** What the client is told. `unexpected` marks errors that were not deliberately thrown. */
export interface RpcStatus {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
  unexpected: boolean;
}

/** A status error received from a grpc-js call (a downstream service, or the transport). */
export function isGrpcStatusError(err: unknown): err is grpc.ServiceError {
  return (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'number' &&
    err.code in grpc.status &&
    'details' in err &&
    typeof err.details === 'string' &&
    'metadata' in err &&
    err.metadata instanceof grpc.Metadata
  );
}

function isNamedError(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}

export interface ToStatusOptions {
  /** Unexpected errors are logged here, once, with the error (the client gets a generic message). */
  logger?: Logger;
  /** The inbound call's signal: tells a downstream CANCELLED caused by our own caller from one that was not. */
  signal?: AbortSignal;
  /** Added to the log line (e.g. the method). */
  method?: string;
}

/**
 * Maps anything a handler throws to the status the client sees:
 * - `ServiceError` → its own code and message;
 * - a status error from a downstream call → its code; its message unless it is INTERNAL/UNKNOWN
 *   (those can carry another service's internals). A downstream CANCELLED that our caller did not
 *   cause means the downstream gave up on us: UNAVAILABLE, which our caller may retry;
 * - `AbortError` → CANCELLED, `TimeoutError` (AbortSignal.timeout) → DEADLINE_EXCEEDED;
 * - anything else → INTERNAL with a generic message, logged once with the error.
 */
export function toStatus(err: unknown, options: ToStatusOptions = {}): RpcStatus {
  if (err instanceof ServiceError) {
    return { code: err.code, details: err.details, metadata: err.metadata, unexpected: false };
  }
  if (isGrpcStatusError(err)) {
    const metadata = new grpc.Metadata();
    switch (err.code) {
      case grpc.status.OK:
        break;
      case grpc.status.INTERNAL:
      case grpc.status.UNKNOWN:
        logUnexpected(err, options);
        return { code: err.code, details: INTERNAL_MESSAGE, metadata, unexpected: true };
      case grpc.status.CANCELLED:
        if (options.signal !== undefined && !options.signal.aborted) {
          return {
            code: grpc.status.UNAVAILABLE,
            details: `downstream call cancelled: ${err.details}`,
            metadata,
            unexpected: false,
          };
        }
        return { code: grpc.status.CANCELLED, details: err.details, metadata, unexpected: false };
      default:
        return { code: err.code, details: err.details, metadata, unexpected: false };
    }
  }
  if (isNamedError(err, 'AbortError')) {
    return {
      code: grpc.status.CANCELLED,
      details: 'cancelled',
      metadata: new grpc.Metadata(),
      unexpected: false,
    };
  }
  if (isNamedError(err, 'TimeoutError')) {
    return {
      code: grpc.status.DEADLINE_EXCEEDED,
      details: 'deadline exceeded',
      metadata: new grpc.Metadata(),
      unexpected: false,
    };
  }
  logUnexpected(err, options);
  return {
    code: grpc.status.INTERNAL,
    details: INTERNAL_MESSAGE,
    metadata: new grpc.Metadata(),
    unexpected: true,
  };
}

function logUnexpected(err: unknown, options: ToStatusOptions): void {
  options.logger?.error({ err, method: options.method }, 'rpc failed with an unexpected error');
}

/** The grpc-js error object for a status (what `callback(err)` and `call.emit('error')` take). */
export function toGrpcError(status: RpcStatus): grpc.ServiceError {
  return new ServiceError(status.code, status.details, { metadata: status.metadata });
}
