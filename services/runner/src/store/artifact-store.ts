// Run artifacts (trace zips, screenshots) on local disk under one directory, with a total size cap
// (oldest evicted first) and a time to live. One run's artifacts together take at most a share of the
// cap (`maxRunBytes`): an artifact that would take a run past its share is not stored, and the caller
// says so in its answer. So one run can evict at most its share of what other runs kept, never all
// of it. The index is rebuilt from the directory at start, so a restarted runner still serves
// artifacts it kept. File names are `<id>.<ext>`; ids are random.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export type ArtifactKind = 'trace' | 'screenshot';

export interface StoredArtifact {
  id: string;
  kind: ArtifactKind;
  name: string;
  contentType: string;
  sizeBytes: number;
  createdUnixMs: number;
  expiresUnixMs: number;
}

export interface ArtifactStoreOptions {
  dir: string;
  /** Size cap of the whole store; the oldest artifacts are evicted to stay under it. */
  maxBytes: number;
  /** What one run's artifacts may take together (at most `maxBytes`). */
  maxRunBytes: number;
  ttlMs: number;
  now?: () => number;
}

/** What one run may still add to the store: its share, less what it stored already. */
export interface RunShare {
  remainingBytes: number;
}

/** An artifact a run produced that the store did not take, and why. */
export interface RefusedArtifact {
  sizeBytes: number;
  /** The run's whole share of the store. */
  shareBytes: number;
  reason: string;
}

export type PutOutcome = { stored: StoredArtifact } | { refused: RefusedArtifact };

const KINDS: Record<ArtifactKind, { ext: string; contentType: string }> = {
  trace: { ext: 'zip', contentType: 'application/zip' },
  screenshot: { ext: 'png', contentType: 'image/png' },
};

const ID = /^(trace|screenshot)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isArtifactId(id: string): boolean {
  return ID.test(id);
}

export class ArtifactStore {
  private readonly index = new Map<string, StoredArtifact>();
  private totalBytes = 0;
  private sweeper: NodeJS.Timeout | undefined;
  /** File deletions started by get() on an expired entry; sweep() waits for them. */
  private readonly removing = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly opts: ArtifactStoreOptions) {
    this.now = opts.now ?? Date.now;
    if (opts.maxRunBytes > opts.maxBytes) throw new Error('maxRunBytes must be at most maxBytes');
  }

  /** A new run's share of the store. */
  runShare(): RunShare {
    return { remainingBytes: this.opts.maxRunBytes };
  }

  /** Creates the directory, indexes what is already there and starts the TTL sweep. */
  async open(): Promise<void> {
    await fs.promises.mkdir(this.opts.dir, { recursive: true });
    for (const file of await fs.promises.readdir(this.opts.dir)) {
      const id = file.replace(/\.(zip|png)$/, '');
      if (!isArtifactId(id)) continue;
      const stat = await fs.promises.stat(path.join(this.opts.dir, file)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      this.add(this.describe(id, stat.size, stat.mtimeMs));
    }
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), Math.min(this.opts.ttlMs, 60_000));
    this.sweeper.unref();
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  stats(): { count: number; bytes: number } {
    return { count: this.index.size, bytes: this.totalBytes };
  }

  /**
   * Moves `source` into the store as one of a run's artifacts, counted against the run's `share`;
   * an artifact that does not fit in what is left of it is refused (and left where it is). Older
   * artifacts of any run are evicted to keep the store under its cap. `name` is the suggested
   * download name (e.g. "login-test-1-trace.zip").
   */
  async put(source: string, kind: ArtifactKind, name: string, share: RunShare): Promise<PutOutcome> {
    const stat = await fs.promises.stat(source);
    if (stat.size > share.remainingBytes) return { refused: this.refusal(stat.size, share) };
    share.remainingBytes -= stat.size;
    const id = `${kind}-${randomUUID()}`;
    const target = this.fileOf(id, kind);
    try {
      await fs.promises.rename(source, target);
    } catch {
      // Another filesystem: copy; the run's scratch directory is removed once the run is answered.
      await fs.promises.copyFile(source, target);
    }
    const artifact = { ...this.describe(id, stat.size, this.now()), name };
    this.add(artifact);
    await this.evictOverCap(id);
    return { stored: artifact };
  }

  private refusal(sizeBytes: number, share: RunShare): RefusedArtifact {
    const max = this.opts.maxRunBytes;
    const reason =
      sizeBytes > max
        ? `${sizeBytes} bytes, more than a run's share of the artifact store (${max} bytes)`
        : `${sizeBytes} bytes, more than the ${share.remainingBytes} bytes left of this run's share of the artifact store (${max} bytes)`;
    return { sizeBytes, shareBytes: max, reason };
  }

  get(id: string): StoredArtifact | undefined {
    const a = this.index.get(id);
    if (!a) return undefined;
    if (a.expiresUnixMs <= this.now()) {
      const removal = this.remove(a).finally(() => this.removing.delete(removal));
      this.removing.add(removal);
      return undefined;
    }
    return a;
  }

  /** A stream of the artifact's bytes in chunks of `chunkBytes`. */
  read(artifact: StoredArtifact, chunkBytes: number): Readable {
    return fs.createReadStream(this.fileOf(artifact.id, artifact.kind), { highWaterMark: chunkBytes });
  }

  async sweep(): Promise<void> {
    const now = this.now();
    for (const a of [...this.index.values()]) if (a.expiresUnixMs <= now) await this.remove(a);
    await Promise.all(this.removing);
  }

  private describe(id: string, sizeBytes: number, createdUnixMs: number): StoredArtifact {
    const kind: ArtifactKind = id.startsWith('trace-') ? 'trace' : 'screenshot';
    return {
      id,
      kind,
      name: `${kind === 'trace' ? 'trace' : 'screenshot'}.${KINDS[kind].ext}`,
      contentType: KINDS[kind].contentType,
      sizeBytes,
      createdUnixMs: Math.round(createdUnixMs),
      expiresUnixMs: Math.round(createdUnixMs + this.opts.ttlMs),
    };
  }

  private fileOf(id: string, kind: ArtifactKind): string {
    return path.join(this.opts.dir, `${id}.${KINDS[kind].ext}`);
  }

  private add(a: StoredArtifact): void {
    this.index.set(a.id, a);
    this.totalBytes += a.sizeBytes;
  }

  private async evictOverCap(keep: string): Promise<void> {
    if (this.totalBytes <= this.opts.maxBytes) return;
    const oldestFirst = [...this.index.values()].sort((a, b) => a.createdUnixMs - b.createdUnixMs);
    for (const a of oldestFirst) {
      if (this.totalBytes <= this.opts.maxBytes) break;
      if (a.id !== keep) await this.remove(a);
    }
  }

  private async remove(a: StoredArtifact): Promise<void> {
    if (!this.index.delete(a.id)) return;
    this.totalBytes -= a.sizeBytes;
    await fs.promises.rm(this.fileOf(a.id, a.kind), { force: true });
  }
}
