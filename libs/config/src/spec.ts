// Typed, declarative environment variables. Each field parses one raw string and reports
// problems as text, so loadConfig can list every problem at once instead of failing on the first.

export interface FieldOptions<T> {
  /** Used when the variable is unset or empty. */
  default?: T;
  /** When true an unset variable yields undefined instead of a problem. */
  optional?: boolean;
  /** One line for README tables and `describeSpec`. */
  doc?: string;
  /** Secrets are never printed (describeSpec shows them as secret, errors never echo their value). */
  secret?: boolean;
}

export interface Field<T, O extends FieldOptions<T> = FieldOptions<T>> {
  readonly kind: string;
  readonly options: O;
  /** Returns the parsed value or a problem description (without the variable name). */
  parse(raw: string): { value: T } | { problem: string };
}

type Parsed<T> = { value: T } | { problem: string };

function field<T, O extends FieldOptions<T>>(
  kind: string,
  options: O,
  parse: (raw: string) => Parsed<T>,
): Field<T, O> {
  return { kind, options, parse };
}

export function str<const O extends FieldOptions<string> & { pattern?: RegExp }>(
  options: O = {} as O,
): Field<string, O> {
  return field<string, O>('string', options, (raw) =>
    options.pattern && !options.pattern.test(raw)
      ? { problem: `must match ${String(options.pattern)}` }
      : { value: raw },
  );
}

export function int<const O extends FieldOptions<number> & { min?: number; max?: number }>(
  options: O = {} as O,
): Field<number, O> {
  return field<number, O>('integer', options, (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) return { problem: `must be an integer, got "${raw}"` };
    const value = Number(raw.trim());
    if (!Number.isSafeInteger(value)) return { problem: `is out of range` };
    if (options.min !== undefined && value < options.min) return { problem: `must be ≥ ${options.min}` };
    if (options.max !== undefined && value > options.max) return { problem: `must be ≤ ${options.max}` };
    return { value };
  });
}

export function num<const O extends FieldOptions<number> & { min?: number; max?: number }>(
  options: O = {} as O,
): Field<number, O> {
  return field<number, O>('number', options, (raw) => {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value)) return { problem: `must be a number, got "${raw}"` };
    if (options.min !== undefined && value < options.min) return { problem: `must be ≥ ${options.min}` };
    if (options.max !== undefined && value > options.max) return { problem: `must be ≤ ${options.max}` };
    return { value };
  });
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export function bool<const O extends FieldOptions<boolean>>(options: O = {} as O): Field<boolean, O> {
  return field<boolean, O>('boolean', options, (raw) => {
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) return { value: true };
    if (FALSE.has(v)) return { value: false };
    return { problem: `must be one of true/false/1/0/yes/no/on/off, got "${raw}"` };
  });
}

export function oneOf<
  const T extends readonly string[],
  const O extends FieldOptions<T[number]> = FieldOptions<T[number]>,
>(choices: T, options: O = {} as O): Field<T[number], O> {
  return field<T[number], O>(`one of ${choices.join('|')}`, options, (raw) =>
    (choices as readonly string[]).includes(raw.trim())
      ? { value: raw.trim() }
      : { problem: `must be one of ${choices.join(', ')}, got "${raw}"` },
  );
}

export function url<const O extends FieldOptions<string> & { protocols?: string[] }>(
  options: O = {} as O,
): Field<string, O> {
  const protocols = options.protocols ?? ['http:', 'https:'];
  return field<string, O>('url', options, (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw.trim());
    } catch {
      return { problem: `must be a URL, got "${raw}"` };
    }
    if (!protocols.includes(parsed.protocol)) return { problem: `must use ${protocols.join(' or ')}` };
    return { value: raw.trim() };
  });
}

/** host:port, as used by every `<DEP>_ADDR`. */
export function address<const O extends FieldOptions<string>>(options: O = {} as O): Field<string, O> {
  return field<string, O>('host:port', options, (raw) => {
    const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw.trim());
    if (!m || Number(m[2]) > 65535) return { problem: `must be host:port, got "${raw}"` };
    return { value: raw.trim() };
  });
}

/** Comma-separated list; each item parsed by `item`. */
export function list<T, const O extends FieldOptions<T[]> = FieldOptions<T[]>>(
  item: Pick<Field<T>, 'kind' | 'parse'>,
  options: O = {} as O,
): Field<T[], O> {
  return field<T[], O>(`list of ${item.kind}`, options, (raw) => {
    const values: T[] = [];
    const parts = raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    for (const [i, part] of parts.entries()) {
      const r = item.parse(part);
      if ('problem' in r) return { problem: `item ${i + 1} ${r.problem}` };
      values.push(r.value);
    }
    return { value: values };
  });
}
