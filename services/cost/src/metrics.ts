import { metrics, type Counter } from '@opentelemetry/api';
import { ATTR, METRIC, UNIT } from '@superagent/telemetry';
import type { Usage } from './domain/usage';

// Cost metrics, named in the shared registry (@superagent/telemetry). Created lazily through the
// global meter, so they are no-ops when telemetry is not preloaded (unit tests).

export interface CostMetrics {
  /** Counts spend and tokens of newly recorded usages; unpriced ones go to their own counter. */
  recorded(usages: readonly Usage[]): void;
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
  return {
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
