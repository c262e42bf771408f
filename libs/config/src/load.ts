import type { Field, FieldOptions } from './spec';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: any Field fits a spec
export type Spec = Record<string, Field<any, any>>;

/** What loadConfig and describeSpec read of any field, without the `any` of Spec's variance. */
type AnyField = Field<unknown, FieldOptions<unknown>>;

function fields(spec: Spec): [string, AnyField][] {
  return Object.entries(spec) as [string, AnyField][];
}

type ValueOf<F> = F extends Field<infer T, infer _O> ? T : never;
/** Optional (may be undefined) only when declared optional and given no default. */
type IsOptional<F> = F extends { options: infer O }
  ? O extends { default: unknown }
    ? false
    : O extends { optional: true }
      ? true
      : false
  : false;

/** The typed, frozen configuration a spec describes. */
export type ConfigOf<S extends Spec> = {
  readonly [K in keyof S]: IsOptional<S[K]> extends true ? ValueOf<S[K]> | undefined : ValueOf<S[K]>;
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The longest delay a Node timer takes (2^31 − 1 ms, about 24.8 days); a longer one fires after 1 ms,
 * so a duration setting above it would turn a rare timer into a busy loop.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** A duration setting (an integer named `…_MS`) beyond what a timer can wait. */
function timerProblem(name: string, kind: string, value: unknown): string | undefined {
  if (!name.endsWith('_MS') || kind !== 'integer' || typeof value !== 'number') return undefined;
  return value > MAX_TIMER_MS
    ? `must be ≤ ${MAX_TIMER_MS} (the longest delay a timer can wait, about 24.8 days)`
    : undefined;
}

/**
 * Rules that involve several variables ("exactly one of A or B", "X ≤ Y"). It sees every variable
 * that parsed (the others are undefined, so it must cope with gaps) and returns its problems, which
 * are listed together with the variables' own: an operator fixes everything in one go.
 */
export type CrossCheck<S extends Spec> = (config: Partial<ConfigOf<S>>) => readonly string[];

/**
 * Parses every variable of `spec` from `env`; throws one ConfigError listing every problem, those
 * of `check` included. An integer named `…_MS` is a duration and may not exceed `MAX_TIMER_MS`.
 */
export function loadConfig<S extends Spec>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
  check?: CrossCheck<S>,
): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, f] of fields(spec)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      if (f.options.default !== undefined) out[name] = f.options.default;
      else if (!f.options.optional) problems.push(`${name} is required (${f.kind})`);
      continue;
    }
    const r = f.parse(raw);
    const problem = 'problem' in r ? r.problem : timerProblem(name, f.kind, r.value);
    // A secret's value must not reach logs, even when it is wrong.
    if (problem !== undefined) problems.push(`${name} ${f.options.secret ? 'is invalid' : problem}`);
    else if ('value' in r) out[name] = r.value;
  }
  if (check) problems.push(...check(out as Partial<ConfigOf<S>>));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}

export interface SpecRow {
  name: string;
  kind: string;
  default: string;
  required: boolean;
  secret: boolean;
  doc: string;
}

/** Defaults are strings, numbers, booleans or lists of strings (the field kinds this library has). */
function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** Rows for README tables and chart checks. */
export function describeSpec(spec: Spec): SpecRow[] {
  return fields(spec).map(([name, f]) => ({
    name,
    kind: f.kind,
    default: formatDefault(f.options.default),
    required: f.options.default === undefined && !f.options.optional,
    secret: f.options.secret === true,
    doc: f.options.doc ?? '',
  }));
}
