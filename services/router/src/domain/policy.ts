// The routing policy: a YAML document validated by hand into typed, frozen data. Validation lists
// EVERY problem with its path ("rules[2].tier: ...") so one edit fixes a broken file, and unknown keys
// are problems too (a typo must not silently fall back to a default).
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import type { CategorySpec, ComplexitySpec } from './complexity';
import { dollarsToMicros, MICROS_PER_DOLLAR } from './money';
import {
  FAILURE_KIND_NAMES,
  TASK_TYPE_NAMES,
  type Difficulty,
  type FailureKindName,
  type TaskTypeName,
} from './task-types';
import { TIER_NAMES, isTierName, type TierName } from './tiers';

export interface TierSpec {
  readonly provider: string;
  readonly model: string;
}

export interface RuleSpec {
  /** The rule's `id`, or `rules[<index>]`. */
  readonly id: string;
  readonly tasks: ReadonlySet<TaskTypeName>;
  /** undefined = any difficulty. */
  readonly difficulty: Difficulty | undefined;
  readonly agent: string;
  readonly tier: TierName;
  readonly reason: string;
  /** Overrides escalation.max_attempts for tasks this rule routes. */
  readonly maxAttempts: number | undefined;
}

export interface CapOverride {
  readonly glob: string;
  readonly capMicros: number;
}

export type LimitAction = 'downgrade' | 'refuse';
export type FailureAction = 'escalate' | 'retry' | 'ask_human';

export interface BudgetSpec {
  /** 0 = no session limit in the policy. */
  readonly sessionMicros: number;
  /** Per tenant per UTC day; 0 = no limit in the policy. */
  readonly dailyMicros: number;
  readonly warnPercent: number;
  readonly stopPercent: number;
  readonly atLimit: LimitAction;
}

export interface RoutingPolicy {
  /** The file's `version` field. */
  readonly version: string;
  /** sha256 of the file's bytes (first 12 hex digits): tells two edits with one version apart. */
  readonly contentHash: string;
  readonly complexity: ComplexitySpec;
  /** Tiers the policy defines; a missing tier is never chosen. `local` is always defined. */
  readonly tiers: Readonly<Partial<Record<TierName, TierSpec>>>;
  readonly rules: readonly RuleSpec[];
  readonly costCaps: { readonly defaultMicros: number; readonly overrides: readonly CapOverride[] };
  readonly budgets: BudgetSpec;
  readonly escalation: {
    readonly maxAttempts: number;
    readonly onFailure: Readonly<Record<FailureKindName, FailureAction>>;
  };
}

export class PolicyError extends Error {
  constructor(
    readonly problems: readonly string[],
    source?: string,
  ) {
    super(
      `invalid routing policy${source === undefined ? '' : ` ${source}`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'PolicyError';
  }
}

export const DEFAULT_INFLECTIONS = [
  's',
  'es',
  'd',
  'ed',
  'ing',
  'er',
  'ers',
  'ion',
  'ions',
  'ation',
  'ations',
  'ment',
  'ments',
];
const MAX_CATEGORIES = 30; // category flags live in one 32-bit mask
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const TERM = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const SUFFIX = /^[a-z]{1,8}$/;
const DIFFICULTIES = ['easy', 'hard', 'any'] as const;
const LIMIT_ACTIONS = ['downgrade', 'refuse'] as const;
const FAILURE_ACTIONS = ['escalate', 'retry', 'ask_human'] as const;

type Json = Record<string, unknown>;

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Collects problems while reading a document; every reader returns a usable fallback. */
class Reader {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  map(value: unknown, path: string, keys: readonly string[], required = true): Json | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is required (a mapping)');
      return undefined;
    }
    if (!isMap(value)) {
      this.problem(path, `must be a mapping, got ${show(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key))
        this.problem(`${path}.${key}`, `unknown key (expected one of ${keys.join(', ')})`);
    }
    return value;
  }

  list(value: unknown, path: string, required = true): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is required (a list)');
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(path, `must be a list, got ${show(value)}`);
      return [];
    }
    return value;
  }

  text(value: unknown, path: string, pattern?: RegExp, fallback = ''): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(
        path,
        value === undefined ? 'is required (text)' : `must be non-empty text, got ${show(value)}`,
      );
      return fallback;
    }
    if (pattern && !pattern.test(value)) {
      this.problem(path, `must match ${String(pattern)}, got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  int(value: unknown, path: string, min: number, max: number, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(path, `must be an integer from ${min} to ${max}, got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  dollars(value: unknown, path: string, fallback: number): number {
    if (value === undefined) return fallback;
    const micros = dollarsToMicros(value);
    if (micros === undefined) {
      this.problem(
        path,
        `must be a dollar amount ≥ 0 with at most 6 decimals (e.g. '0.50'), got ${show(value)}`,
      );
      return fallback;
    }
    return micros;
  }

  choice<T extends string>(value: unknown, path: string, choices: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      this.problem(path, `must be one of ${choices.join(', ')}, got ${show(value)}`);
      return fallback;
    }
    return value as T;
  }
}

/** Lower-cases a term and writes its words with single spaces ("Real-Time" → "real time"). */
export function normaliseTerm(term: string): string {
  return term
    .toLowerCase()
    .trim()
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .join(' ');
}

function readTerms(r: Reader, value: unknown, path: string): string[] {
  const terms: string[] = [];
  r.list(value, path).forEach((raw, i) => {
    const where = `${path}[${i}]`;
    if (typeof raw !== 'string') {
      r.problem(where, `must be text, got ${show(raw)}`);
      return;
    }
    const term = normaliseTerm(raw);
    if (!TERM.test(term))
      r.problem(
        where,
        `must be letters a-z and digits, words separated by spaces or hyphens, got ${show(raw)}`,
      );
    else terms.push(term);
  });
  if (terms.length === 0 && Array.isArray(value)) r.problem(path, 'must list at least one term');
  return terms;
}

function readComplexity(r: Reader, value: unknown): ComplexitySpec {
  const doc = r.map(value, 'complexity', ['hard_at', 'inflections', 'categories']) ?? {};
  const hardAt = r.int(doc.hard_at, 'complexity.hard_at', 0, 10_000, 5);
  const inflections: string[] = [];
  if (doc.inflections === undefined) inflections.push(...DEFAULT_INFLECTIONS);
  else
    r.list(doc.inflections, 'complexity.inflections').forEach((s, i) => {
      if (typeof s === 'string' && SUFFIX.test(s)) inflections.push(s);
      else r.problem(`complexity.inflections[${i}]`, `must be 1-8 lower-case letters, got ${show(s)}`);
    });

  const categories: CategorySpec[] = [];
  const owner = new Map<string, string>(); // term key → category, to catch a term in two categories
  const rawCategories = r.list(doc.categories, 'complexity.categories');
  if (rawCategories.length > MAX_CATEGORIES)
    r.problem('complexity.categories', `at most ${MAX_CATEGORIES} categories, got ${rawCategories.length}`);
  let stepCategories = 0;
  rawCategories.forEach((raw, i) => {
    const path = `complexity.categories[${i}]`;
    const c = r.map(raw, path, ['name', 'points', 'words', 'step_words', 'more_than']);
    if (!c) return;
    const name = r.text(c.name, `${path}.name`, NAME, `category${i}`);
    if (categories.some((other) => other.name === name))
      r.problem(`${path}.name`, `duplicate category ${show(name)}`);
    const points = r.int(c.points, `${path}.points`, 0, 1000, 0);
    if (c.points === undefined) r.problem(`${path}.points`, 'is required (an integer)');
    if (c.step_words !== undefined) {
      stepCategories += 1;
      if (c.words !== undefined) r.problem(path, 'a category has either words or step_words, not both');
      const moreThan = r.int(c.more_than, `${path}.more_than`, 0, 1_000_000, 4);
      if (c.more_than === undefined)
        r.problem(`${path}.more_than`, 'is required with step_words (an integer)');
      categories.push({
        kind: 'steps',
        name,
        points,
        stepWords: readTerms(r, c.step_words, `${path}.step_words`),
        moreThan,
      });
      return;
    }
    if (c.more_than !== undefined) r.problem(`${path}.more_than`, 'only applies to a step_words category');
    const terms = readTerms(r, c.words, `${path}.words`);
    for (const term of terms) {
      const key = term.replaceAll(' ', '');
      const previous = owner.get(key);
      if (previous !== undefined && previous !== name)
        r.problem(
          `${path}.words`,
          `term ${show(term)} is also in category ${show(previous)} (a word counts for one category)`,
        );
      owner.set(key, name);
    }
    categories.push({ kind: 'words', name, points, terms });
  });
  if (stepCategories > 1) r.problem('complexity.categories', 'at most one category may have step_words');
  return { hardAt, inflections, categories };
}

function readTiers(r: Reader, value: unknown): Partial<Record<TierName, TierSpec>> {
  const doc = r.map(value, 'tiers', TIER_NAMES) ?? {};
  const tiers: Partial<Record<TierName, TierSpec>> = {};
  for (const name of TIER_NAMES) {
    const path = `tiers.${name}`;
    const t = r.map(doc[name], path, ['provider', 'model'], name === 'local');
    if (!t) continue;
    const provider = r.text(t.provider, `${path}.provider`, NAME);
    const model = r.text(t.model, `${path}.model`);
    if (name === 'local' && provider !== 'local')
      r.problem(
        `${path}.provider`,
        `the local tier is the free offline generator: provider must be "local", got ${show(provider)}`,
      );
    if (name !== 'local' && provider === 'local')
      r.problem(`${path}.provider`, 'provider "local" serves only the local tier');
    tiers[name] = { provider, model };
  }
  return tiers;
}

function readTasks(r: Reader, value: unknown, path: string): Set<TaskTypeName> {
  if (value === 'any') return new Set(TASK_TYPE_NAMES);
  const names = typeof value === 'string' ? [value] : r.list(value, path);
  const tasks = new Set<TaskTypeName>();
  names.forEach((name, i) => {
    const where = typeof value === 'string' ? path : `${path}[${i}]`;
    if (typeof name === 'string' && (TASK_TYPE_NAMES as readonly string[]).includes(name))
      tasks.add(name as TaskTypeName);
    else r.problem(where, `must be "any" or one of ${TASK_TYPE_NAMES.join(', ')}, got ${show(name)}`);
  });
  if (names.length === 0 && Array.isArray(value)) r.problem(path, 'must name at least one task type');
  return tasks;
}

function readRules(r: Reader, value: unknown, tiers: Partial<Record<TierName, TierSpec>>): RuleSpec[] {
  const rules: RuleSpec[] = [];
  const raw = r.list(value, 'rules');
  if (Array.isArray(value) && raw.length === 0) r.problem('rules', 'must list at least one rule');
  raw.forEach((item, i) => {
    const path = `rules[${i}]`;
    const rule = r.map(item, path, ['id', 'task', 'difficulty', 'agent', 'tier', 'reason', 'max_attempts']);
    if (!rule) return;
    const id = rule.id === undefined ? path : r.text(rule.id, `${path}.id`, NAME, path);
    if (rule.id !== undefined && rules.some((other) => other.id === id))
      r.problem(`${path}.id`, `duplicate rule id ${show(id)}`);
    if (rule.task === undefined)
      r.problem(`${path}.task`, 'is required (a task type, a list of them, or "any")');
    const tasks = rule.task === undefined ? new Set<TaskTypeName>() : readTasks(r, rule.task, `${path}.task`);
    const difficulty = r.choice(rule.difficulty, `${path}.difficulty`, DIFFICULTIES, 'any');
    const agent = r.text(rule.agent, `${path}.agent`, NAME);
    let tier: TierName = 'local';
    if (typeof rule.tier === 'string' && isTierName(rule.tier)) {
      tier = rule.tier;
      if (tiers[tier] === undefined)
        r.problem(`${path}.tier`, `tier ${show(tier)} is not defined under tiers`);
    } else r.problem(`${path}.tier`, `must be one of ${TIER_NAMES.join(', ')}, got ${show(rule.tier)}`);
    const reason = r.text(rule.reason, `${path}.reason`);
    const maxAttempts =
      rule.max_attempts === undefined
        ? undefined
        : r.int(rule.max_attempts, `${path}.max_attempts`, 1, 10, 3);
    rules.push({
      id,
      tasks,
      difficulty: difficulty === 'any' ? undefined : difficulty,
      agent,
      tier,
      reason,
      maxAttempts,
    });
  });
  // Every task type at every difficulty must reach a rule: no request may find "no rule" at run time.
  for (const task of TASK_TYPE_NAMES)
    for (const difficulty of ['easy', 'hard'] as const)
      if (!rules.some((rule) => rule.tasks.has(task) && (rule.difficulty ?? difficulty) === difficulty))
        r.problem('rules', `no rule matches task ${task} at difficulty ${difficulty}`);
  return rules;
}

/**
 * The largest cap: the cost service takes a feature cap (Reserve and GetBudget feature_cap_micros) up
 * to $10,000 and refuses the call above it, so a larger cap would refuse every paid attempt.
 */
const MAX_CAP_MICROS = 10_000 * MICROS_PER_DOLLAR;

function readCap(r: Reader, value: unknown, path: string): number {
  const micros = r.dollars(value, path, 0);
  if (micros > MAX_CAP_MICROS) {
    r.problem(path, `must be at most $10,000 (the cost service's limit), got ${show(value)}`);
    return 0;
  }
  return micros;
}

function readCostCaps(r: Reader, value: unknown): RoutingPolicy['costCaps'] {
  const doc = r.map(value, 'cost_caps', ['default', 'overrides']) ?? {};
  if (doc.default === undefined) r.problem('cost_caps.default', "is required (a dollar amount, e.g. '0.50')");
  const defaultMicros = readCap(r, doc.default, 'cost_caps.default');
  const overrides: CapOverride[] = [];
  r.list(doc.overrides, 'cost_caps.overrides', false).forEach((item, i) => {
    const path = `cost_caps.overrides[${i}]`;
    const o = r.map(item, path, ['glob', 'cap']);
    if (!o) return;
    const glob = r.text(o.glob, `${path}.glob`);
    if (o.cap === undefined) r.problem(`${path}.cap`, 'is required (a dollar amount)');
    overrides.push({ glob, capMicros: readCap(r, o.cap, `${path}.cap`) });
  });
  return { defaultMicros, overrides };
}

function readBudgets(r: Reader, value: unknown): BudgetSpec {
  const doc = r.map(value, 'budgets', ['session', 'daily', 'warn_percent', 'stop_percent', 'at_limit']) ?? {};
  const warnPercent = r.int(doc.warn_percent, 'budgets.warn_percent', 1, 1000, 80);
  const stopPercent = r.int(doc.stop_percent, 'budgets.stop_percent', 1, 1000, 100);
  if (warnPercent >= stopPercent)
    r.problem('budgets.warn_percent', `must be below stop_percent (${stopPercent}), got ${warnPercent}`);
  return {
    sessionMicros: r.dollars(doc.session, 'budgets.session', 0),
    dailyMicros: r.dollars(doc.daily, 'budgets.daily', 0),
    warnPercent,
    stopPercent,
    atLimit: r.choice(doc.at_limit, 'budgets.at_limit', LIMIT_ACTIONS, 'downgrade'),
  };
}

function readEscalation(r: Reader, value: unknown): RoutingPolicy['escalation'] {
  const doc = r.map(value, 'escalation', ['max_attempts', 'on_failure'], false) ?? {};
  const maxAttempts = r.int(doc.max_attempts, 'escalation.max_attempts', 1, 10, 3);
  const raw = r.map(doc.on_failure, 'escalation.on_failure', FAILURE_KIND_NAMES, false) ?? {};
  const onFailure = {} as Record<FailureKindName, FailureAction>;
  for (const kind of FAILURE_KIND_NAMES)
    onFailure[kind] = r.choice(raw[kind], `escalation.on_failure.${kind}`, FAILURE_ACTIONS, 'escalate');
  return { maxAttempts, onFailure };
}

/** 1-based line of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const TOP_KEYS = ['version', 'complexity', 'tiers', 'rules', 'cost_caps', 'budgets', 'escalation'];

/** Parses and validates a policy file's text; throws PolicyError listing every problem. */
export function parsePolicy(text: string, source?: string): RoutingPolicy {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0)
    throw new PolicyError(
      document.errors.map((e) => `yaml line ${lineOf(text, e.pos[0])}: ${e.message.split('\n')[0] ?? ''}`),
      source,
    );
  const doc: unknown = document.toJS();
  const r = new Reader();
  const top = r.map(doc, '(document)', TOP_KEYS) ?? {};
  const version =
    typeof top.version === 'number'
      ? String(top.version)
      : r.text(top.version, 'version', /^[\w.+:-]{1,64}$/);
  const complexity = readComplexity(r, top.complexity);
  const tiers = readTiers(r, top.tiers);
  const costCaps = readCostCaps(r, top.cost_caps);
  const budgets = readBudgets(r, top.budgets);
  const escalation = readEscalation(r, top.escalation);
  const rules = readRules(r, top.rules, tiers);
  if (r.problems.length > 0) throw new PolicyError(r.problems, source);
  const contentHash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return deepFreeze({ version, contentHash, complexity, tiers, rules, costCaps, budgets, escalation });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    if (!(value instanceof Set)) for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
