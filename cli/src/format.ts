import { common, router } from '@superagent/proto';

/** `TIER_LOCAL` → `local`: enum names without their prefix, for people. */
export function enumLabel(name: string): string {
  return name
    .replace(
      /^(TIER|TASK_STATUS|TASK_STAGE|TASK_EVENT_TYPE|RUN_STATUS|TEST_STATUS|ERROR_CATEGORY|BUDGET_STATUS|DIFFICULTY)_/,
      '',
    )
    .toLowerCase();
}

export const tierLabel = (t: common.Tier): string => enumLabel(common.tierToJSON(t));
export const runStatusLabel = (s: common.RunStatus): string => enumLabel(common.runStatusToJSON(s));
export const taskStatusLabel = (s: router.TaskStatus): string => enumLabel(router.taskStatusToJSON(s));
export const eventLabel = (e: router.TaskEventType): string => enumLabel(router.taskEventTypeToJSON(e));

export function dollars(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}$${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

/** A plain text table: first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function describeEvent(e: router.TaskEvent): string {
  const parts = [eventLabel(e.type)];
  if (e.attempt) parts.push(`attempt ${e.attempt}`);
  if (e.tier) parts.push(tierLabel(e.tier));
  if (e.amountMicros) parts.push(dollars(e.amountMicros));
  if (e.message) parts.push(e.message);
  return parts.join(' · ');
}
