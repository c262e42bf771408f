import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';

// Hostile-input testing over real gRPC: a raw client that sends exact bytes (so a test can put wrong
// wire types, invalid UTF-8 or out-of-range integers on the wire, which a generated client refuses
// to encode), a tiny protobuf wire writer, and the row shape the per-service tests share.

/** What the server answered: the final status and how many messages came back. */
export interface RawReply {
  code: grpc.status;
  details: string;
  messages: Buffer[];
}

export interface RawCallOptions {
  /** Deadline relative to now (ms); none when unset. */
  deadlineMs?: number;
  /** Cancel the call this many ms after it starts (0: right after starting it). */
  cancelAfterMs?: number;
  metadata?: Record<string, string>;
}

const identity = (b: Buffer): Buffer => b;

/** A client for raw calls to `address` (close it in `after`). */
export function rawClient(address: string, maxMessageBytes = 64 * 1024 * 1024): grpc.Client {
  return new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': maxMessageBytes,
  });
}

function callOptions(options: RawCallOptions): grpc.CallOptions {
  return options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
}

function metadataOf(options: RawCallOptions): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v);
  return md;
}

function scheduleCancel(call: { cancel(): void }, options: RawCallOptions): void {
  if (options.cancelAfterMs === undefined) return;
  if (options.cancelAfterMs === 0) call.cancel();
  else setTimeout(() => call.cancel(), options.cancelAfterMs).unref();
}

/** A unary call with `body` sent as-is. */
export function rawUnary(
  client: grpc.Client,
  path: string,
  body: Buffer,
  options: RawCallOptions = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const call = client.makeUnaryRequest(
      path,
      identity,
      identity,
      body,
      metadataOf(options),
      callOptions(options),
      (err, reply) => {
        if (err) resolve({ code: err.code, details: err.details, messages: [] });
        else resolve({ code: grpc.status.OK, details: '', messages: reply === undefined ? [] : [reply] });
      },
    );
    scheduleCancel(call, options);
  });
}

type ReadableCall = grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer>;

function collect(call: ReadableCall): Promise<RawReply> {
  const messages: Buffer[] = [];
  return new Promise((resolve) => {
    call.on('data', (m: Buffer) => messages.push(m));
    // The status event carries the outcome; 'error' repeats it for non-OK codes.
    call.on('error', () => undefined);
    call.on('status', (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details, messages }));
  });
}

/** A server-streaming call with `body` sent as-is. */
export function rawServerStream(
  client: grpc.Client,
  path: string,
  body: Buffer,
  options: RawCallOptions = {},
): Promise<RawReply> {
  const call = client.makeServerStreamRequest(
    path,
    identity,
    identity,
    body,
    metadataOf(options),
    callOptions(options),
  );
  const reply = collect(call);
  scheduleCancel(call, options);
  return reply;
}

/** A bidi (or client-streaming) call: writes `bodies`, then half-closes unless `keepOpen`. */
export function rawBidi(
  client: grpc.Client,
  path: string,
  bodies: Buffer[],
  options: RawCallOptions & { keepOpen?: boolean } = {},
): Promise<RawReply> {
  const call = client.makeBidiStreamRequest(
    path,
    identity,
    identity,
    metadataOf(options),
    callOptions(options),
  );
  const reply = collect(call);
  for (const b of bodies) call.write(b);
  if (!options.keepOpen) call.end();
  scheduleCancel(call, options);
  return reply;
}

/** Asserts the code (named in the failure) and, when given, that the details match. */
export function assertStatus(reply: RawReply, code: grpc.status, details?: RegExp): void {
  assert.equal(
    grpc.status[reply.code],
    grpc.status[code],
    `expected ${grpc.status[code]}, got ${grpc.status[reply.code]}: ${reply.details}`,
  );
  if (details !== undefined) assert.match(reply.details, details);
}

/** The standard health check answers SERVING (`''` is the whole server). */
export async function assertServing(client: grpc.Client, service = ''): Promise<void> {
  const reply = await rawUnary(client, '/grpc.health.v1.Health/Check', wire.string(1, service), {
    deadlineMs: 5_000,
  });
  assertStatus(reply, grpc.status.OK);
  // HealthCheckResponse { status = 1 (SERVING) }
  assert.deepEqual(reply.messages[0], wire.varint(1, 1));
}

/** One hostile case: what to send and what the server must answer. */
export interface HostileRow {
  name: string;
  send: () => Promise<RawReply>;
  code: grpc.status;
  /** For INVALID_ARGUMENT: the field that must be named, e.g. /^record\.tenant_id: /. */
  details?: RegExp;
  /** OK is an acceptable answer too (a reply that beat a 1 ms deadline on loopback). */
  orOk?: boolean;
}

/** The expectation for a validation problem: INVALID_ARGUMENT whose details start with `<field>: `. */
export function invalidField(field: string): Pick<HostileRow, 'code' | 'details'> {
  return {
    code: grpc.status.INVALID_ARGUMENT,
    details: new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `),
  };
}

/** One node:test test per row: the answer has the row's code (and details), then `stillAnswers` passes. */
export function hostileTests(rows: readonly HostileRow[], stillAnswers: () => Promise<void>): void {
  for (const row of rows) {
    test(row.name, async () => {
      const reply = await row.send();
      if (!(row.orOk && reply.code === grpc.status.OK)) assertStatus(reply, row.code, row.details);
      await stillAnswers();
    });
  }
}

/** How a test calls one RPC with raw bytes (unary, server-streaming or a bidi stream of one message). */
export type RawSend = (body: Buffer, options?: RawCallOptions) => Promise<RawReply>;

export interface StandardCases {
  /** What an empty request (all defaults) must answer. */
  empty: { code: grpc.status; details?: RegExp };
  /** A request that is valid, for the deadline and cancellation rows. */
  valid: Buffer;
  /** The request with invalid UTF-8 in a string field (omit when the request has no string). */
  invalidUtf8?: Buffer;
  /** The request with an int64 field beyond 2^53 (omit when the request has no int64). */
  beyond2to53?: Buffer;
}

/**
 * The rows every RPC gets: empty, bytes that are not a message, invalid UTF-8, an int64 beyond
 * 2^53 (each decode problem is INVALID_ARGUMENT naming `request`), a 1 ms deadline, a cancelled call.
 */
export function standardRows(rpc: string, send: RawSend, cases: StandardCases): HostileRow[] {
  const decodeProblem = (details: RegExp): Pick<HostileRow, 'code' | 'details'> => ({
    code: grpc.status.INVALID_ARGUMENT,
    details,
  });
  const rows: HostileRow[] = [
    { name: `${rpc}: empty request`, send: () => send(Buffer.alloc(0)), ...cases.empty },
    {
      // Field 1, length-delimited, claims 100 bytes but the message ends after 2.
      name: `${rpc}: truncated bytes`,
      send: () => send(Buffer.from([0x0a, 100, 0x41, 0x42])),
      ...decodeProblem(/^request: cannot be decoded/),
    },
    {
      // Wire type 7 does not exist.
      name: `${rpc}: invalid wire type`,
      send: () => send(Buffer.from([0x0f, 0x00])),
      ...decodeProblem(/^request: cannot be decoded/),
    },
    {
      // No request has a fixed-width field 1 or 2: as in every protobuf runtime, a field of the
      // wrong wire type is skipped as unknown, so the request is answered as if it were empty.
      name: `${rpc}: wrong wire types for fields 1 and 2`,
      send: () => send(Buffer.concat([wire.fixed32(1, 7), wire.fixed64(2, 7n)])),
      ...cases.empty,
    },
    {
      // A fast RPC on loopback may answer within the millisecond: that is fine too. Anything else
      // (another error, a hang, a server that stops answering) is not.
      name: `${rpc}: 1 ms deadline`,
      send: () => send(cases.valid, { deadlineMs: 1 }),
      code: grpc.status.DEADLINE_EXCEEDED,
      orOk: true,
    },
    {
      name: `${rpc}: cancelled call`,
      send: () => send(cases.valid, { cancelAfterMs: 0 }),
      code: grpc.status.CANCELLED,
    },
  ];
  const utf8 = cases.invalidUtf8;
  if (utf8 !== undefined) {
    rows.push({
      name: `${rpc}: invalid UTF-8 in a string`,
      send: () => send(utf8),
      ...decodeProblem(/^request: a string field is not valid UTF-8/),
    });
  }
  const beyond = cases.beyond2to53;
  if (beyond !== undefined) {
    rows.push({
      name: `${rpc}: int64 beyond 2^53`,
      send: () => send(beyond),
      ...decodeProblem(/^request: an integer field is outside ±2\^53/),
    });
  }
  return rows;
}

/**
 * The bytes of a protobuf message, written field by field, so tests can send what a generated
 * encoder never would: a string where a number belongs, invalid UTF-8, out-of-range varints.
 */
export const wire = {
  varint(field: number, value: number | bigint): Buffer {
    return Buffer.concat([tag(field, 0), varint(BigInt.asUintN(64, BigInt(value)))]);
  },
  /** Length-delimited: a string, bytes or an embedded message. */
  bytes(field: number, value: Buffer | Uint8Array): Buffer {
    return Buffer.concat([tag(field, 2), varint(BigInt(value.length)), Buffer.from(value)]);
  },
  string(field: number, value: string): Buffer {
    return wire.bytes(field, Buffer.from(value, 'utf8'));
  },
  message(field: number, ...parts: Buffer[]): Buffer {
    return wire.bytes(field, Buffer.concat(parts));
  },
  fixed32(field: number, value: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    return Buffer.concat([tag(field, 5), b]);
  },
  fixed64(field: number, value: bigint): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt.asUintN(64, value));
    return Buffer.concat([tag(field, 1), b]);
  },
};

/** Bytes that are not UTF-8 (a lone continuation byte, an overlong form, a surrogate, 0xFF). */
export const INVALID_UTF8 = Buffer.from([0x61, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0x62]);

/** 2^53 + 1: the first int64 a JavaScript number cannot hold exactly. */
export const BEYOND_2_53 = 2n ** 53n + 1n;

function tag(field: number, wireType: number): Buffer {
  return varint(BigInt(field) * 8n + BigInt(wireType));
}

function varint(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}
