// Tokens a GenerateTest paid a model for before it failed: scribe sends them in the error's trailing
// metadata, and the attempt still records them (they were spent whether or not a spec came of it).
import * as grpc from '@grpc/grpc-js';
import { common, decodeSpentUsage, SPENT_USAGE_METADATA_KEY } from '@superagent/proto';

export class SpentTokens {
  private model = '';
  private inputTokens = 0;
  private outputTokens = 0;

  /** Awaits `call`; a failure's spend is noted before the failure is passed on. */
  async keepFrom<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      const spent = spentUsageOf(err);
      if (spent) {
        this.model ||= spent.model;
        this.inputTokens += spent.inputTokens;
        this.outputTokens += spent.outputTokens;
      }
      throw err;
    }
  }

  /** A successful try's usage with what the failed tries before it spent. */
  plus(usage: common.TokenUsage | undefined): common.TokenUsage | undefined {
    if (this.inputTokens === 0 && this.outputTokens === 0) return usage;
    return common.TokenUsage.fromPartial({
      model: usage?.model || this.model,
      inputTokens: (usage?.inputTokens ?? 0) + this.inputTokens,
      outputTokens: (usage?.outputTokens ?? 0) + this.outputTokens,
    });
  }

  /** What the failed tries spent, if anything. */
  total(): common.TokenUsage | undefined {
    return this.plus(undefined);
  }
}

function spentUsageOf(err: unknown): common.TokenUsage | undefined {
  const metadata =
    typeof err === 'object' && err !== null ? (err as { metadata?: unknown }).metadata : undefined;
  if (!(metadata instanceof grpc.Metadata)) return undefined;
  return decodeSpentUsage(metadata.get(SPENT_USAGE_METADATA_KEY)[0]);
}
