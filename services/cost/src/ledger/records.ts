import { invalidArgument } from '@superagent/grpc';
import type { UsageInput } from '../domain/usage';
import type { LedgerContext, RecordOutcome } from './context';

/**
 * Record and RecordBatch. Each call prices with the table in force when it starts and answers that
 * table's version, even if a reload (SIGHUP) replaces the table while the records are written.
 */
export function recordUseCases(ctx: LedgerContext) {
  return {
    /** One record: problems name `record.<field>`. */
    async recordOne(
      input: UsageInput | undefined,
    ): Promise<{ outcome: RecordOutcome; priceVersion: string }> {
      if (!input) throw invalidArgument('record', 'is required');
      const prices = ctx.options.prices.current();
      const [outcome] = await ctx.record(ctx.priceAll([input], () => 'record', prices));
      if (!outcome) throw new Error('store answered no outcome for one record');
      return { outcome, priceVersion: prices.version };
    },

    /** 1..maxBatch records: problems name `records[i].<field>`. */
    async recordBatch(
      inputs: readonly UsageInput[],
    ): Promise<{ outcomes: RecordOutcome[]; priceVersion: string }> {
      ctx.checkBatchSize('records', inputs.length, 1);
      ctx.options.metrics?.batch(inputs.length);
      const prices = ctx.options.prices.current();
      const outcomes = await ctx.record(ctx.priceAll(inputs, (i) => `records[${i}]`, prices));
      return { outcomes, priceVersion: prices.version };
    },
  };
}
