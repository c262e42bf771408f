import { unary } from '@superagent/grpc';
import type { cost } from '@superagent/proto';
import type { Ledger } from '../ledger';
import { recordResult, usageInput } from './mapping';

export function recordHandlers(ledger: Ledger) {
  return {
    record: unary<cost.RecordRequest, cost.RecordResponse>(async (req) => {
      const { outcome, priceVersion } = await ledger.recordOne(
        req.record && usageInput(req.record, 'record'),
      );
      return { result: recordResult(outcome), priceTableVersion: priceVersion };
    }),

    recordBatch: unary<cost.RecordBatchRequest, cost.RecordBatchResponse>(async (req) => {
      const { outcomes, priceVersion } = await ledger.recordBatch(
        req.records.map((r, i) => usageInput(r, `records[${i}]`)),
      );
      let recorded = 0;
      let total = 0;
      for (const o of outcomes)
        if (o.recorded) {
          recorded++;
          if (o.priced) total += o.costMicros;
        }
      return {
        results: outcomes.map(recordResult),
        recorded,
        duplicates: outcomes.length - recorded,
        totalCostMicros: total,
        priceTableVersion: priceVersion,
      };
    }),
  };
}
