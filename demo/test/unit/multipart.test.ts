import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MultipartError,
  MultipartParser,
  multipartBoundary,
  parsePartHeaders,
  type PartInfo,
} from '../../src/server/multipart';

interface Parsed {
  readonly info: PartInfo;
  readonly body: Buffer;
}

function body(boundary: string, parts: readonly { headers: string; content: Buffer }[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const p of parts)
    chunks.push(Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`), p.content, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\nepilogue`));
  return Buffer.concat(chunks);
}

function parse(boundary: string, input: Buffer, chunkSize: number): Parsed[] {
  const parts: Parsed[] = [];
  let info: PartInfo | undefined;
  let data: Buffer[] = [];
  const parser = new MultipartParser(boundary, {
    onPartStart: (p) => {
      info = p;
      data = [];
    },
    onPartData: (c) => data.push(Buffer.from(c)),
    onPartEnd: () => parts.push({ info: info!, body: Buffer.concat(data) }),
  });
  for (let i = 0; i < input.length; i += chunkSize) parser.write(input.subarray(i, i + chunkSize));
  parser.end();
  return parts;
}

describe('multipart parser', () => {
  const boundary = '----WebKitFormBoundaryAbC123';
  // Content that contains near-boundaries and CRLFs, to catch delimiter matching across chunks.
  const tricky = Buffer.concat([
    Buffer.from(`x\r\n--${boundary.slice(0, 10)}\r\n`),
    Buffer.alloc(300, 0xff),
    Buffer.from('\r\n-'),
  ]);
  const input = body(boundary, [
    { headers: 'Content-Disposition: form-data; name="title"', content: Buffer.from('holiday') },
    {
      headers:
        'Content-Disposition: form-data; name="files"; filename="a \\"b\\".bin"\r\nContent-Type: application/octet-stream',
      content: tricky,
    },
    {
      headers:
        'Content-Disposition: form-data; name="files"; filename="empty.txt"\r\nContent-Type: text/plain',
      content: Buffer.alloc(0),
    },
  ]);

  test('yields every part with exact bytes for every chunk size', () => {
    for (const size of [1, 2, 3, 7, 31, 64, 1000, input.length]) {
      const parts = parse(boundary, input, size);
      assert.equal(parts.length, 3, `chunk size ${size}`);
      assert.deepEqual(parts[0]!.info, { name: 'title', filename: undefined, contentType: 'text/plain' });
      assert.equal(parts[0]!.body.toString(), 'holiday');
      assert.deepEqual(parts[1]!.info, {
        name: 'files',
        filename: 'a "b".bin',
        contentType: 'application/octet-stream',
      });
      assert.ok(parts[1]!.body.equals(tricky), `chunk size ${size}`);
      assert.equal(parts[2]!.body.length, 0);
    }
  });

  test('rejects a body that ends before the closing boundary', () => {
    const truncated = input.subarray(0, input.length - 20);
    assert.throws(() => parse(boundary, truncated, 50), MultipartError);
  });

  test('rejects a part without form-data disposition or name', () => {
    assert.throws(() => parsePartHeaders('Content-Type: text/plain'), /Content-Disposition/);
    assert.throws(() => parsePartHeaders('Content-Disposition: form-data; filename="x"'), /without a name/);
    assert.throws(() => parsePartHeaders('no colon here'), /malformed/);
  });

  test('rejects oversized part headers', () => {
    const huge = Buffer.from(`--b\r\nContent-Disposition: form-data; name="${'x'.repeat(9000)}"`);
    const parser = new MultipartParser('b', {
      onPartStart: () => undefined,
      onPartData: () => undefined,
      onPartEnd: () => undefined,
    });
    assert.throws(() => parser.write(huge), /too large/);
  });

  test('reads the boundary from a content type', () => {
    assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
    assert.equal(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('application/json'), undefined);
    assert.equal(multipartBoundary('multipart/form-data'), undefined);
    assert.equal(multipartBoundary(undefined), undefined);
  });
});
