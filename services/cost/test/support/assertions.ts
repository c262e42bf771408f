// Assertions the cost service's integration tests share.
import assert from 'node:assert/strict';
import type { status } from '@grpc/grpc-js';

/** `call` fails with gRPC status `code` and a message matching `message`. */
export async function rejects(call: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  await assert.rejects(call, (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.equal((err as Error & { code?: number }).code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}
