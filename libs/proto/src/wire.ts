// Hand-written protobuf wire helpers for the few hot replies whose generated encoders cost more than
// the rest of the call (the generated writer forks a chunk list per sub-message and allocates per
// string). Callers write fields in field-number order and skip proto3 defaults, as the generated
// `encode` does; each hand-written encoder is pinned by a test to the generated one's bytes.

/** Bytes of a varint: int32 negatives are sign-extended to 64 bits (10 bytes). */
export function varintSize(value: number): number {
  if (value < 0) return 10;
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) size++;
  return size;
}

/** Writes `value` as a varint at `pos`; returns the position after it. */
export function writeVarint(out: Buffer, pos: number, value: number): number {
  if (value >= 0 && value <= 0x7fffffff) {
    let v = value;
    while (v >= 0x80) {
      out[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[pos++] = v;
    return pos;
  }
  // Beyond 31 bits plain bit operations overflow; negatives take the 64-bit two's complement.
  let v = value < 0 ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
  while (v >= 0x80n) {
    out[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  out[pos++] = Number(v);
  return pos;
}

const VARINT = 0;
const LENGTH_DELIMITED = 2;

/**
 * Appends wire fields to a buffer it reuses from message to message; `finish()` copies the
 * message out. One writer serves one message at a time (synchronous use only).
 */
export class WireWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new message. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** int32, int64 (below 2^53), enum or bool field. */
  varint(field: number, value: number | boolean): this {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    this.ensure(5 + 10);
    this.pos = writeVarint(this.buf, this.pos, (field << 3) | VARINT);
    this.pos = writeVarint(this.buf, this.pos, v);
    return this;
  }

  /** string field, UTF-8. */
  string(field: number, value: string): this {
    const length = Buffer.byteLength(value, 'utf8');
    this.ensure(5 + 5 + length);
    this.pos = writeVarint(this.buf, this.pos, (field << 3) | LENGTH_DELIMITED);
    this.pos = writeVarint(this.buf, this.pos, length);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    return this;
  }

  /** bytes field, or an already encoded sub-message. */
  bytes(field: number, value: Uint8Array): this {
    this.ensure(5 + 5 + value.length);
    this.pos = writeVarint(this.buf, this.pos, (field << 3) | LENGTH_DELIMITED);
    this.pos = writeVarint(this.buf, this.pos, value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** The message so far, copied out of the reused buffer. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
