// The contract every benchmark follows: figures (numbers), goals (target + op, as named by its
// issue) and a readable table. `npm run bench -- <name> [--json]` prints one or the other.

import type { BenchOptionSpecs, BenchOptionValues } from './options';

export type GoalOp = '>=' | '<=';

export interface Goal {
  target: number;
  op: GoalOp;
  met: boolean;
}

export interface BenchResult {
  bench: string;
  figures: Record<string, number>;
  goals: Record<string, Goal>;
  /** Extra human-readable lines (context: machine, settings) printed above the table. */
  notes?: string[];
}

export interface BenchOptions<S extends BenchOptionSpecs = BenchOptionSpecs> {
  json: boolean;
  /** The `--key=value` options after the bench name, parsed and checked against `Bench.options`. */
  args: BenchOptionValues<S>;
}

export interface Bench<S extends BenchOptionSpecs = BenchOptionSpecs> {
  name: string;
  description: string;
  /** Every option the bench reads; any other key, or a value out of range, fails before it starts. */
  options: S;
  run(options: BenchOptions<S>): Promise<BenchResult>;
}

/** Declares a bench with its option types inferred from `options`. */
export function defineBench<S extends BenchOptionSpecs>(bench: Bench<S>): Bench<S> {
  return bench;
}

export function goal(value: number, op: GoalOp, target: number): Goal {
  return { target, op, met: op === '>=' ? value >= target : value <= target };
}

/** Builds the goals map from figures, so a goal can never refer to a figure that was not reported. */
export function goalsFor(
  figures: Record<string, number>,
  spec: Record<string, { op: GoalOp; target: number }>,
): Record<string, Goal> {
  const goals: Record<string, Goal> = {};
  for (const [name, { op, target }] of Object.entries(spec)) {
    const value = figures[name];
    if (value === undefined) throw new Error(`goal ${name} has no figure`);
    goals[name] = goal(value, op, target);
  }
  return goals;
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return Math.abs(n) >= 100 ? n.toFixed(1) : n.toPrecision(4);
}

export function formatTable(result: BenchResult): string {
  const rows: string[][] = [['figure', 'value', 'goal', 'met']];
  for (const [name, value] of Object.entries(result.figures)) {
    const g = result.goals[name];
    rows.push([name, fmt(value), g ? `${g.op} ${fmt(g.target)}` : '', g ? (g.met ? 'yes' : 'NO') : '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [
    `bench: ${result.bench}`,
    ...(result.notes ?? []).map((n) => `  ${n}`),
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
