// What a failed downstream call means for a task: try the next tier, or stop with ERROR because
// the failure is not the test's (a service down, a request the service will never accept).
import * as grpc from '@grpc/grpc-js';
import { isGrpcStatusError, ServiceError } from '@superagent/grpc';
import { router } from '@superagent/proto';

export type CallFailure =
  | { kind: 'attempt'; failure: router.FailureKind; message: string }
  | { kind: 'infrastructure'; message: string };

export function statusOf(err: unknown): { code: grpc.status | undefined; message: string } {
  if (err instanceof ServiceError || isGrpcStatusError(err))
    return { code: err.code, message: err.details || err.message };
  if (err instanceof Error && err.name === 'TimeoutError')
    return { code: grpc.status.DEADLINE_EXCEEDED, message: err.message };
  return { code: undefined, message: err instanceof Error ? err.message : String(err) };
}

function codeName(code: grpc.status | undefined): string {
  return code === undefined ? 'ERROR' : (grpc.status[code] ?? String(code));
}

/** Services that could not take the call: the same call later might work, another tier would not help. */
export function isUnavailable(code: grpc.status | undefined): boolean {
  return (
    code === grpc.status.UNAVAILABLE ||
    code === grpc.status.RESOURCE_EXHAUSTED ||
    code === grpc.status.CANCELLED
  );
}

/** scribe.GenerateTest failed. */
export function classifyGenerateError(err: unknown, target = 'scribe'): CallFailure {
  const { code, message } = statusOf(err);
  const text = `${target} ${codeName(code)}: ${message}`;
  switch (code) {
    case grpc.status.DEADLINE_EXCEEDED:
      return { kind: 'attempt', failure: router.FailureKind.TIMEOUT, message: text };
    case grpc.status.FAILED_PRECONDITION:
    case grpc.status.UNIMPLEMENTED:
      return { kind: 'attempt', failure: router.FailureKind.TIER_UNAVAILABLE, message: text };
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.PERMISSION_DENIED:
    case grpc.status.UNAUTHENTICATED:
      return { kind: 'infrastructure', message: text };
    default:
      if (isUnavailable(code)) return { kind: 'infrastructure', message: text };
      return { kind: 'attempt', failure: router.FailureKind.GENERATION_ERROR, message: text };
  }
}

/** runner.RunSpec failed (a failing test is not an error: it is an answer with status FAIL). */
export function classifyRunError(err: unknown): CallFailure {
  const { code, message } = statusOf(err);
  const text = `runner ${codeName(code)}: ${message}`;
  if (code === grpc.status.DEADLINE_EXCEEDED)
    return { kind: 'attempt', failure: router.FailureKind.TIMEOUT, message: text };
  if (code === grpc.status.INVALID_ARGUMENT && /spec|source|compile|size/i.test(message)) {
    // The generated spec itself was refused (too large, not runnable): another tier may do better.
    return { kind: 'attempt', failure: router.FailureKind.RUN_FAILED, message: text };
  }
  if (code === undefined || code === grpc.status.INTERNAL || code === grpc.status.UNKNOWN) {
    return { kind: 'attempt', failure: router.FailureKind.RUN_FAILED, message: text };
  }
  return { kind: 'infrastructure', message: text };
}

export function describeError(err: unknown, target: string): string {
  const { code, message } = statusOf(err);
  return `${target} ${codeName(code)}: ${message}`;
}
