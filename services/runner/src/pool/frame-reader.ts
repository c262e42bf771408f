// Reads a spec worker's messages: lines of `<nonce>\t<json>`, from a pipe that spec code in the worker
// can also write to. Nothing in it is trusted: a line longer than `maxFrameBytes`, more than
// `maxBytes` in all, a nonce that was not issued, or JSON that does not parse to an object is a
// protocol violation, reported once; after it the reader ignores everything (the owner kills the
// worker). A line costs one JSON.parse and, when it arrives in pieces, one copy.

export type FrameHandler = (msg: Record<string, unknown>) => void;

export interface FrameReaderOptions {
  maxFrameBytes: number;
  /** Called once with what went wrong. */
  onViolation: (why: string) => void;
}

const NEWLINE = 0x0a;
/** Answers to requests already closed (a reply after its wait timed out) are ignored, not fatal. */
const RETIRED_KEPT = 16;

export class FrameReader {
  private readonly handlers = new Map<string, FrameHandler>();
  private readonly retired: string[] = [];
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private received = 0;
  private budget = Infinity;
  private failed = false;

  constructor(private readonly opts: FrameReaderOptions) {}

  /** Lines stamped with `nonce` go to `handler` until `close(nonce)`. */
  open(nonce: string, handler: FrameHandler, maxBytes: number): void {
    this.handlers.set(nonce, handler);
    // The byte budget counts from the latest request (a run), whatever arrived before.
    this.received = 0;
    this.budget = maxBytes;
  }

  close(nonce: string): void {
    if (!this.handlers.delete(nonce)) return;
    this.retired.push(nonce);
    if (this.retired.length > RETIRED_KEPT) this.retired.shift();
  }

  get violated(): boolean {
    return this.failed;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.received += chunk.length;
    if (this.received > this.budget) {
      this.fail(`the worker sent more than ${this.budget} bytes for one request`);
      return;
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      const tail = chunk.subarray(start, nl);
      const line = this.partialBytes > 0 ? Buffer.concat([...this.partial, tail]) : tail;
      this.partial = [];
      this.partialBytes = 0;
      start = nl + 1;
      if (line.length > this.opts.maxFrameBytes) {
        this.fail(`a message over the ${this.opts.maxFrameBytes}-byte limit`);
        return;
      }
      this.frame(line);
      if (this.failed) return;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.partialBytes += rest.length;
      if (this.partialBytes > this.opts.maxFrameBytes) {
        this.fail(`a message over the ${this.opts.maxFrameBytes}-byte limit`);
        return;
      }
      this.partial.push(rest);
    }
  }

  private frame(line: Buffer): void {
    const text = line.toString('utf8');
    const tab = text.indexOf('\t');
    const nonce = tab > 0 ? text.slice(0, tab) : '';
    const handler = this.handlers.get(nonce);
    if (!handler) {
      if (nonce !== '' && this.retired.includes(nonce)) return;
      this.fail('a message without a valid nonce (not written by the runner harness)');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text.slice(tab + 1));
    } catch {
      this.fail('a message that is not valid JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.fail('a message that is not a JSON object');
      return;
    }
    try {
      handler(msg as Record<string, unknown>);
    } catch (err) {
      this.fail(`an unreadable message (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.partial = [];
    this.partialBytes = 0;
    this.handlers.clear();
    this.opts.onViolation(why);
  }
}
