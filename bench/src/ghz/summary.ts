import type { LoadResult } from '../load/driver';

const ms = (v: number): string => `${v.toFixed(2)} ms`;

/** The figures ghz prints in its default summary, in the same layout. */
export function formatGhzSummary(name: string, r: LoadResult): string {
  const lines = [
    'Summary:',
    `  Name:\t\t${name}`,
    `  Count:\t${r.count}`,
    `  Total:\t${(r.measuredMs / 1000).toFixed(2)} s`,
    `  Slowest:\t${ms(r.latency.max)}`,
    `  Fastest:\t${ms(r.latency.min)}`,
    `  Average:\t${ms(r.latency.mean)}`,
    `  Requests/sec:\t${r.rps.toFixed(2)}`,
    '',
    'Latency distribution:',
    ...([10, 25, 50, 75, 90, 95, 99] as const).map((p) => `  ${p} % in ${ms(r.latency.percentiles[p])}`),
    '',
    'Status code distribution:',
    ...Object.entries(r.statusCodes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `  [${code}]\t${n} responses`),
  ];
  if (r.firstError) lines.push('', 'Error distribution:', `  [${r.errors}]\t${r.firstError}`);
  return lines.join('\n');
}
