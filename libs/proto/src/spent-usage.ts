import { TokenUsage } from './gen/superagent/common/v1/common';

/**
 * Trailing metadata of a GenerateTest that failed after it had paid a model (tokens spent, then an
 * outage or a deadline inside scribe): what it spent, as a binary common.v1.TokenUsage. The spend
 * happened, so the router still records it with the attempt; an error status has no body to carry it.
 */
export const SPENT_USAGE_METADATA_KEY = 'superagent-spent-usage-bin';

export function encodeSpentUsage(usage: TokenUsage): Buffer {
  return Buffer.from(TokenUsage.encode(usage).finish());
}

/** The usage in a metadata value, or undefined when there is none (or nothing was spent). */
export function decodeSpentUsage(value: unknown): TokenUsage | undefined {
  if (!Buffer.isBuffer(value)) return undefined;
  try {
    const usage = TokenUsage.decode(value);
    return usage.inputTokens > 0 || usage.outputTokens > 0 ? usage : undefined;
  } catch {
    return undefined;
  }
}
