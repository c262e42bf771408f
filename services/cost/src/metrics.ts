import { metrics, trace, type Counter, type Histogram } from '@opentelemetry/api';
import { ATTR, METRIC, UNIT } from '@superagent/telemetry';
import type { Usage } from './domain/usage';

// Cost metrics, named in the shared registry (@superagent/telemetry). Created lazily through the
// global meter, so they are no-ops when telemetry is not preloaded (unit tests).

export interface CostMetrics {
  /** Counts spend and tokens of newly recorded usages; unpriced ones go to their own counter. */
  recorded(usages: readonly Usage[]): void;
  /** Size of one RecordBatch call. */
  batch(size: number): void;
  /** Puts the priced usages' totals on the current call's span (counts and money only). */
  annotate(usages: readonly Usage[]): void;
}

/** One value when all usages agree, else `mixed`: a span attribute holds one string. */
function common(values: readonly string[]): string {
  const first = values[0] ?? '';
  return values.every((v) => v === first) ? first : 'mixed';
}

export function createCostMetrics(): CostMetrics {
  const meter = metrics.getMeter('@superagent/cost');
  const spend: Counter = meter.createCounter(METRIC.spendMicros, {
    unit: UNIT.microDollars,
    description: 'Recorded priced spend',
  });
  const tokens: Counter = meter.createCounter(METRIC.tokens, {
    unit: UNIT.tokens,
    description: 'Recorded tokens',
  });
  const unpriced: Counter = meter.createCounter(METRIC.unpricedRecords, {
    unit: '{record}',
    description: 'Usage records for models without a price (never counted as $0)',
  });
  const batchSize: Histogram = meter.createHistogram(METRIC.batchSize, {
    unit: UNIT.items,
    description: 'Records per RecordBatch call',
    advice: { explicitBucketBoundaries: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
  });
  return {
    batch(size) {
      batchSize.record(size, { [ATTR.batchName]: 'cost.record_batch' });
    },
    annotate(usages) {
      const span = trace.getActiveSpan();
      if (!span || usages.length === 0) return;
      let input = 0;
      let output = 0;
      let cost = 0;
      for (const u of usages) {
        input += u.inputTokens;
        output += u.outputTokens;
        if (u.priced) cost += u.costMicros;
      }
      span.setAttributes({
        [ATTR.tenantId]: common(usages.map((u) => u.tenant)),
        [ATTR.tier]: common(usages.map((u) => u.tier)),
        [ATTR.model]: common(usages.map((u) => u.model)),
        [ATTR.tokensInput]: input,
        [ATTR.tokensOutput]: output,
        [ATTR.costMicros]: cost,
        [ATTR.batchSize]: usages.length,
      });
    },
    recorded(usages) {
      for (const u of usages) {
        if (u.priced)
          spend.add(u.costMicros, { [ATTR.tenantId]: u.tenant, [ATTR.tier]: u.tier, [ATTR.model]: u.model });
        else unpriced.add(1, { [ATTR.model]: u.model });
        tokens.add(u.inputTokens, { [ATTR.model]: u.model, [ATTR.tokensDirection]: 'input' });
        tokens.add(u.outputTokens, { [ATTR.model]: u.model, [ATTR.tokensDirection]: 'output' });
      }
    },
  };
}
