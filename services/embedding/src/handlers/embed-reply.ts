import { endianness } from 'node:os';
import { varintSize, writeVarint } from '@superagent/proto';

/**
 * The Embed response as the handler builds it: vectors stay Float32Arrays (no copy into number[]),
 * and `encodeEmbedReply` writes exactly the bytes the generated `EmbedResponse.encode` writes for
 * the same values (checked by a unit test against the generated decoder and encoder). A cache hit
 * is then one small buffer copy per vector instead of 384 float writes through a protobuf writer.
 */
export interface EmbedReply {
  readonly vectors: readonly Float32Array[];
  readonly modelName: string;
  readonly modelRevision: string;
  readonly dimension: number;
  readonly cacheHits: number;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** The model name and revision are the same on every reply: their UTF-8 bytes are kept, not re-encoded. */
const utf8Memo = new Map<string, Buffer>();
const UTF8_MEMO_MAX = 16;

function utf8(text: string): Buffer {
  let bytes = utf8Memo.get(text);
  if (bytes === undefined) {
    bytes = Buffer.from(text, 'utf8');
    if (utf8Memo.size >= UTF8_MEMO_MAX) utf8Memo.clear();
    utf8Memo.set(text, bytes);
  }
  return bytes;
}

export function encodeEmbedReply(reply: EmbedReply): Buffer {
  const name = utf8(reply.modelName);
  const revision = utf8(reply.modelRevision);
  let size = 0;
  // An empty Vector has no values field at all (proto3 omits an empty packed field).
  const innerSize = (v: Float32Array): number =>
    v.length === 0 ? 0 : 1 + varintSize(v.length * 4) + v.length * 4;
  for (const v of reply.vectors) size += 1 + varintSize(innerSize(v)) + innerSize(v);
  if (name.length > 0) size += 1 + varintSize(name.length) + name.length;
  if (revision.length > 0) size += 1 + varintSize(revision.length) + revision.length;
  if (reply.dimension !== 0) size += 1 + varintSize(reply.dimension);
  if (reply.cacheHits !== 0) size += 1 + varintSize(reply.cacheHits);

  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const v of reply.vectors) {
    const packed = v.length * 4;
    out[pos++] = 0x0a; // field 1 (vectors), length-delimited
    pos = writeVarint(out, pos, innerSize(v));
    if (packed === 0) continue;
    out[pos++] = 0x0a; // Vector field 1 (values), packed floats
    pos = writeVarint(out, pos, packed);
    if (LITTLE_ENDIAN) {
      pos += Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(out, pos);
    } else {
      for (const x of v) pos = out.writeFloatLE(x, pos);
    }
  }
  for (const [tag, bytes] of [
    [0x12, name],
    [0x1a, revision],
  ] as const) {
    if (bytes.length === 0) continue;
    out[pos++] = tag;
    pos = writeVarint(out, pos, bytes.length);
    pos += bytes.copy(out, pos);
  }
  if (reply.dimension !== 0) {
    out[pos++] = 0x20;
    pos = writeVarint(out, pos, reply.dimension);
  }
  if (reply.cacheHits !== 0) {
    out[pos++] = 0x28;
    pos = writeVarint(out, pos, reply.cacheHits);
  }
  if (pos !== size) throw new Error(`EmbedResponse encoder wrote ${pos} of ${size} bytes`);
  return out;
}
