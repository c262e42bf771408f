import { cost } from '@superagent/proto';
import { costClient } from '../clients';
import { dollars, table } from '../format';
import type { CommandContext } from './context';

export async function costReportCommand(
  ctx: CommandContext,
  input: { scope: string; scopeId: string; days: number },
): Promise<number> {
  const client = costClient(ctx.addresses.cost);
  try {
    const res = await client.unary(
      'getReport',
      cost.GetReportRequest.fromPartial({
        scope: cost.reportScopeFromJSON(`REPORT_SCOPE_${input.scope.toUpperCase()}`),
        scopeId: input.scopeId,
        period: { kind: cost.PeriodKind.RANGE, fromDay: daysAgo(input.days - 1), toDay: daysAgo(0) },
        trendDays: input.days,
      }),
    );
    if (ctx.json) ctx.print(cost.GetReportResponse.toJSON(res));
    else {
      const rows = [['by', 'key', 'spend', 'records', 'unpriced']];
      for (const [by, list] of [
        ['agent', res.byAgent],
        ['model', res.byModel],
        ['feature', res.byFeature],
        ['tier', res.byTier],
      ] as const) {
        for (const b of list)
          rows.push([by, b.key, dollars(b.costMicros), String(b.count), String(b.unpricedCount)]);
      }
      ctx.print(
        `${res.fromDay} … ${res.toDay}: ${dollars(res.totalMicros)} over ${res.count} records (${res.unpricedCount} unpriced), prices ${res.priceTableVersion}\n\n${table(rows)}`,
      );
    }
    return 0;
  } finally {
    client.close();
  }
}

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
