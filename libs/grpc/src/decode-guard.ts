import * as grpc from '@grpc/grpc-js';
import { ForwardingServerCall } from './forwarding-call';

/**
 * Requests that cannot be decoded are the client's fault, so they must be INVALID_ARGUMENT, not the
 * INTERNAL "Error deserializing request" grpc-js answers when a deserializer throws. Two cases:
 * - ts-proto (forceLong=number) throws on an int64 beyond ±2^53, and on malformed wire data;
 * - proto3 requires string fields to be UTF-8, but the decoder silently substitutes U+FFFD for
 *   invalid bytes; a request carrying them is rejected rather than handled as altered text.
 *
 * The guarded deserializer never throws: it returns an `UndecodableRequest` marker, and
 * `decodeGuardInterceptor` answers any call whose message is a marker before a handler sees it
 * (this covers unary and every streaming shape alike).
 */
export class UndecodableRequest {
  constructor(readonly problem: string) {}
}

/** The replacement character TextDecoder substitutes for invalid UTF-8. */
const REPLACEMENT = '\uFFFD';
/** Its valid UTF-8 encoding: a client may legitimately send it. */
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

/** `definition` with every method's request deserializer guarded (see `UndecodableRequest`). */
export function guardDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const guarded: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    guarded[name] = { ...method, requestDeserialize: guardDeserializer(method.requestDeserialize) };
  }
  return guarded;
}

export function guardDeserializer(deserialize: grpc.deserialize<unknown>): grpc.deserialize<unknown> {
  return (bytes: Buffer) => {
    let message: unknown;
    try {
      message = deserialize(bytes);
    } catch (err) {
      return new UndecodableRequest(describeDecodeError(err));
    }
    const replaced = countReplacements(message);
    // Only a message with U+FFFD in its text pays for the byte scan. More U+FFFD in the decoded text
    // than encoded on the wire means the decoder substituted some: the bytes were not UTF-8. (A genuine
    // U+FFFD in an unknown field, or in a field sent twice, can mask one; that text stays U+FFFD: safe.)
    if (replaced > 0 && replaced > countOccurrences(bytes, REPLACEMENT_BYTES)) {
      return new UndecodableRequest('a string field is not valid UTF-8');
    }
    return message;
  };
}

function describeDecodeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/MAX_SAFE_INTEGER|MIN_SAFE_INTEGER/.test(text)) {
    return 'an integer field is outside ±2^53 (the largest integer this service accepts exactly)';
  }
  return `cannot be decoded (${text.slice(0, 200)})`;
}

/** U+FFFD characters in every string reachable from a decoded message (plain objects and arrays). */
function countReplacements(value: unknown): number {
  if (typeof value === 'string') return value.includes(REPLACEMENT) ? value.split(REPLACEMENT).length - 1 : 0;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return 0;
  let total = 0;
  // Runs on every request: plain loops, no intermediate arrays.
  if (Array.isArray(value)) {
    for (const item of value) total += countReplacements(item);
    return total;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'string' || (typeof item === 'object' && item !== null))
      total += countReplacements(item);
  }
  return total;
}

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
    count++;
  return count;
}

/** A call whose refused messages are answered here; the handler never sees them. */
class GuardedCall extends ForwardingServerCall {
  private refused = false;

  override onReceiveMessage(message: unknown): void {
    if (this.refused) return;
    if (message instanceof UndecodableRequest) {
      this.refused = true;
      this.sendStatus({
        code: grpc.status.INVALID_ARGUMENT,
        details: `request: ${message.problem}`,
        metadata: new grpc.Metadata(),
      });
      return;
    }
    super.onReceiveMessage(message);
  }

  override onReceiveHalfClose(): void {
    // The handler never saw the refused message; a half-close would make a unary handler
    // answer "no message received" over our status.
    if (!this.refused) super.onReceiveHalfClose();
  }
}

/** Answers INVALID_ARGUMENT, naming `request`, for every message the guarded deserializer refused. */
export function decodeGuardInterceptor(): grpc.ServerInterceptor {
  return (_methodDescriptor, call) => new GuardedCall(call);
}
