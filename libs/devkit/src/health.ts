import * as grpc from '@grpc/grpc-js';
import { rawUnary, wire } from './hostile';

// The standard gRPC health check over raw bytes, so devkit needs neither @superagent/grpc nor
// @superagent/proto (libs/grpc's own tests use devkit).

export type HealthStatus = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'DOWN';

const CHECK = '/grpc.health.v1.Health/Check';

/** HealthCheckResponse { ServingStatus status = 1 }: 1 SERVING, 2 NOT_SERVING; absent or other: UNKNOWN. */
function decodeStatus(message: Buffer | undefined): HealthStatus {
  if (message === undefined || message.length < 2 || message[0] !== 0x08) return 'UNKNOWN';
  if (message[1] === 1) return 'SERVING';
  if (message[1] === 2) return 'NOT_SERVING';
  return 'UNKNOWN';
}

/**
 * What `address` answers for `service` ('' is the whole server). A service the server does not know
 * (NOT_FOUND) is UNKNOWN; no answer within `timeoutMs` (refused, not yet listening) is DOWN. A fresh
 * client per call: a reused one would sit in grpc-js's reconnect backoff after the first refused
 * connection and see a starting server up to seconds late. Default channel options on purpose:
 * grpc-js shares a subchannel between clients of one process with equal options, so the connection
 * this check makes also wakes a default client of the caller's that is backing off from the
 * server's previous incarnation (a service restarted on the same port is reachable at once).
 */
export async function healthStatus(address: string, service = '', timeoutMs = 1_000): Promise<HealthStatus> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const reply = await rawUnary(client, CHECK, wire.string(1, service), { deadlineMs: timeoutMs });
    if (reply.code === grpc.status.OK) return decodeStatus(reply.messages[0]);
    return reply.code === grpc.status.NOT_FOUND ? 'UNKNOWN' : 'DOWN';
  } finally {
    client.close();
  }
}
