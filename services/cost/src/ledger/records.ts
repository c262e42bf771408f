import { invalidArgument } from '@superagent/grpc';
import type { UsageInput } from '../domain/usage';
import type { LedgerContext, RecordOutcome } from './context';

/** Record and RecordBatch. */
export function recordUseCases(ctx: LedgerContext) {
  const version = (): string => ctx.options.prices.current().version;
  return {
    /** One record: problems name `record.<field>`. */
    async recordOne(
      input: UsageInput | undefined,
    ): Promise<{ outcome: RecordOutcome; priceVersion: string }> {
      if (!input) throw invalidArgument('record', 'is required');
      const [outcome] = await ctx.record(ctx.priceAll([input], () => 'record'));
      if (!outcome) throw new Error('store answered no outcome for one record');
      return { outcome, priceVersion: version() };
    },

    /** 1..maxBatch records: problems name `records[i].<field>`. */
    async recordBatch(
      inputs: readonly UsageInput[],
    ): Promise<{ outcomes: RecordOutcome[]; priceVersion: string }> {
      ctx.checkBatchSize('records', inputs.length, 1);
      ctx.options.metrics?.batch(inputs.length);
      const outcomes = await ctx.record(ctx.priceAll(inputs, (i) => `records[${i}]`));
      return { outcomes, priceVersion: version() };
    },
  };
}
