// A streaming multipart/form-data parser: bytes are handed on as they arrive and never buffered
// beyond one boundary's length, so an upload's size is bounded by the caller's limits, not memory.

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface PartInfo {
  readonly name: string;
  /** Present for file parts. */
  readonly filename: string | undefined;
  readonly contentType: string;
}

export interface PartHandlers {
  onPartStart(part: PartInfo): void;
  onPartData(chunk: Buffer): void;
  onPartEnd(): void;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

/** The boundary parameter of a multipart/form-data content type, if there is one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function parseParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const key = (m[1] ?? '').toLowerCase();
    const quoted = m[2];
    params.set(key, quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (m[3] ?? '').trim());
  }
  return params;
}

export function parsePartHeaders(block: string): PartInfo {
  let disposition: string | undefined;
  let contentType = 'text/plain';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('malformed part header');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (disposition === undefined || !/^form-data\b/i.test(disposition)) {
    throw new MultipartError('part without Content-Disposition: form-data');
  }
  const params = parseParams(disposition.slice('form-data'.length));
  const name = params.get('name');
  if (name === undefined) throw new MultipartError('part without a name');
  // Browsers percent-encode quotes and newlines in file names (%22, %0A, %0D).
  const filename = params.get('filename')?.replace(/%22/g, '"').replace(/%0A/gi, '\n').replace(/%0D/gi, '\r');
  return { name, filename, contentType };
}

export class MultipartParser {
  private state: State = 'preamble';
  private pending: Buffer = Buffer.alloc(0);
  private readonly firstDelimiter: Buffer;
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly handlers: PartHandlers,
  ) {
    this.firstDelimiter = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  write(chunk: Buffer): void {
    if (this.state === 'done') return; // the epilogue is ignored
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.step()) {
      // step() consumes what it can and says whether another step may make progress
    }
  }

  end(): void {
    if (this.state !== 'done') throw new MultipartError('multipart body ended before its closing boundary');
  }

  private step(): boolean {
    switch (this.state) {
      case 'preamble': {
        const at = this.pending.indexOf(this.firstDelimiter);
        if (at < 0) {
          this.keepTail(this.firstDelimiter.length - 1);
          return false;
        }
        this.pending = this.pending.subarray(at + this.firstDelimiter.length);
        this.state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (this.pending.length < 2) return false;
        if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
          this.state = 'done';
          this.pending = Buffer.alloc(0);
          return false;
        }
        if (!this.pending.subarray(0, 2).equals(CRLF)) throw new MultipartError('malformed boundary line');
        this.pending = this.pending.subarray(2);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        const at = this.pending.indexOf(HEADER_END);
        if (at < 0) {
          if (this.pending.length > MAX_HEADER_BYTES) throw new MultipartError('part headers too large');
          return false;
        }
        if (at > MAX_HEADER_BYTES) throw new MultipartError('part headers too large');
        this.handlers.onPartStart(parsePartHeaders(this.pending.subarray(0, at).toString('utf8')));
        this.pending = this.pending.subarray(at + HEADER_END.length);
        this.state = 'body';
        return true;
      }
      case 'body': {
        const at = this.pending.indexOf(this.delimiter);
        if (at < 0) {
          // Everything except a possible partial delimiter at the end is part data.
          const safe = this.pending.length - (this.delimiter.length - 1);
          if (safe > 0) {
            this.handlers.onPartData(this.pending.subarray(0, safe));
            this.pending = this.pending.subarray(safe);
          }
          return false;
        }
        if (at > 0) this.handlers.onPartData(this.pending.subarray(0, at));
        this.handlers.onPartEnd();
        this.pending = this.pending.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  }

  private keepTail(length: number): void {
    if (this.pending.length > length) this.pending = this.pending.subarray(this.pending.length - length);
  }
}
