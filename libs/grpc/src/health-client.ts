import * as grpc from '@grpc/grpc-js';
import { service as healthService, type ServingStatus } from 'grpc-health-check';

export type HealthStatus = ServingStatus | 'SERVICE_UNKNOWN';

interface HealthCheckResponse {
  status?: string;
}

function isHealthCheckResponse(value: object): value is HealthCheckResponse {
  return !('status' in value) || typeof value.status === 'string';
}

/**
 * One `grpc.health.v1.Health/Check` call. Resolves with the status, `SERVICE_UNKNOWN` for a
 * service the server does not know (NOT_FOUND), and rejects when the server cannot be reached.
 */
export async function checkHealth(address: string, service = '', timeoutMs = 1_000): Promise<HealthStatus> {
  const check = healthService.Check;
  if (check === undefined) throw new Error('grpc-health-check has no Check method');
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    return await new Promise<HealthStatus>((resolve, reject) => {
      client.makeUnaryRequest(
        check.path,
        check.requestSerialize,
        check.responseDeserialize,
        { service },
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (err, response) => {
          if (err?.code === grpc.status.NOT_FOUND) resolve('SERVICE_UNKNOWN');
          else if (err) reject(err);
          else if (response === undefined || !isHealthCheckResponse(response))
            reject(new Error('malformed health response'));
          else
            resolve(
              response.status === 'SERVING' || response.status === 'NOT_SERVING'
                ? response.status
                : 'UNKNOWN',
            );
        },
      );
    });
  } finally {
    client.close();
  }
}

/** Polls the health check until it answers SERVING; rejects with the last answer after `timeoutMs`. */
export async function waitForServing(address: string, service = '', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // The last status answered says more than a later check that failed (e.g. past its deadline on a
  // busy machine): both are reported.
  let answered: string | undefined;
  let failed: string | undefined;
  for (let delayMs = 25; ; delayMs = Math.min(delayMs * 2, 250)) {
    try {
      const status = await checkHealth(
        address,
        service,
        Math.max(100, Math.min(1_000, deadline - Date.now())),
      );
      if (status === 'SERVING') return;
      answered = status;
      failed = undefined;
    } catch (err) {
      failed = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() + delayMs > deadline) {
      const seen =
        answered === undefined ? (failed ?? 'no answer') : `${answered}${failed ? ` (then: ${failed})` : ''}`;
      throw new Error(`${address} (service '${service}') not SERVING after ${timeoutMs} ms: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
