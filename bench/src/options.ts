// A benchmark's `--key=value` options: declared once with their meaning, default and range, parsed
// before anything starts. A typo in a key or a value fails the run with the option named, instead of
// measuring the defaults (or NaN rounds) under the settings the caller believed they asked for.

/** A bad command line: reported without a stack, exit code 2. */
export class BenchArgsError extends Error {
  override name = 'BenchArgsError';
}

export interface BenchOption<T> {
  /** What it changes, shown by `npm run bench -- <name> --help`. */
  readonly doc: string;
  /** The default as shown in help ('' when unset means the bench's own behaviour). */
  readonly shownDefault: string;
  /** `raw` is the text after `=`, undefined when the option was not given. */
  parse(raw: string | undefined, name: string): T;
}

export type BenchOptionSpecs = Readonly<Record<string, BenchOption<unknown>>>;

export type BenchOptionValues<S extends BenchOptionSpecs> = {
  readonly [K in keyof S]: S[K] extends BenchOption<infer T> ? T : never;
};

interface Range {
  min?: number;
  max?: number;
}

function parseInteger(raw: string, name: string, { min = 0, max }: Range): number {
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new Error(`--${name} must be a whole number ${range}, got "${raw}"`);
  }
  return value;
}

/** A whole number with a default. */
export function intOption(doc: string, fallback: number, range: Range = {}): BenchOption<number> {
  return {
    doc,
    shownDefault: String(fallback),
    parse: (raw, name) => (raw === undefined ? fallback : parseInteger(raw, name, range)),
  };
}

/** A whole number that, when absent, leaves the setting to what the bench starts (undefined). */
export function optionalIntOption(doc: string, range: Range = {}): BenchOption<number | undefined> {
  return {
    doc,
    shownDefault: '',
    parse: (raw, name) => (raw === undefined ? undefined : parseInteger(raw, name, range)),
  };
}

/** One of a fixed set of words. */
export function choiceOption<C extends string>(
  doc: string,
  choices: readonly C[],
  fallback: C,
): BenchOption<C> {
  return {
    doc: `${doc} (${choices.join(' | ')})`,
    shownDefault: fallback,
    parse: (raw, name) => {
      if (raw === undefined) return fallback;
      const choice = choices.find((c) => c === raw);
      if (choice === undefined)
        throw new Error(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
      return choice;
    },
  };
}

/** A comma-separated list of names, checked by the bench that knows which exist. */
export function listOption(doc: string): BenchOption<string[] | undefined> {
  return {
    doc,
    shownDefault: '',
    parse: (raw, name) => {
      if (raw === undefined) return undefined;
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === ''))
        throw new Error(`--${name} must be a comma-separated list of names, got "${raw}"`);
      return items;
    },
  };
}

/**
 * Command-line words after the bench name → the bench's option values. `--json` is the harness's
 * own flag; every other word must be `--key=value` with a declared key.
 */
export function parseBenchArgs<S extends BenchOptionSpecs>(
  specs: S,
  words: readonly string[],
): BenchOptionValues<S> {
  const raw = new Map<string, string>();
  const problems: string[] = [];
  for (const word of words) {
    if (word === '--json') continue;
    const m = /^--([^=]+)=(.*)$/s.exec(word);
    if (!m) {
      problems.push(`"${word}" is not --key=value`);
      continue;
    }
    const [, key = '', value = ''] = m;
    if (!Object.hasOwn(specs, key)) problems.push(`unknown option --${key}`);
    else if (raw.has(key)) problems.push(`--${key} given twice`);
    else raw.set(key, value);
  }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    try {
      values[key] = spec.parse(raw.get(key), key);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (problems.length > 0) {
    const known = Object.keys(specs);
    throw new BenchArgsError(
      `${problems.join('; ')}. ${known.length > 0 ? `Options: ${known.map((k) => `--${k}`).join(', ')}` : 'This bench takes no options'} (--help lists them)`,
    );
  }
  return values as BenchOptionValues<S>;
}

/** The help lines for a bench's options. */
export function describeOptions(specs: BenchOptionSpecs): string[] {
  const width = Math.max(0, ...Object.keys(specs).map((key) => key.length));
  return Object.entries(specs).map(
    ([key, spec]) =>
      `  --${`${key}=`.padEnd(width + 1)}  ${spec.doc}${spec.shownDefault === '' ? '' : ` (default ${spec.shownDefault})`}`,
  );
}
