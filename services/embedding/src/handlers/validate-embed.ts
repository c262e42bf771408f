import { invalidArgument } from '@superagent/grpc';

export interface EmbedLimits {
  readonly maxTexts: number;
  readonly maxTextChars: number;
}

/** Throws INVALID_ARGUMENT naming the offending field, e.g. `texts[3]: empty`. */
export function validateTexts(texts: readonly string[], limits: EmbedLimits): void {
  if (texts.length === 0) throw invalidArgument('texts', 'empty list: give at least one text');
  if (texts.length > limits.maxTexts) {
    throw invalidArgument('texts', `${texts.length} texts, at most ${limits.maxTexts} per call`);
  }
  texts.forEach((text, i) => {
    if (text.trim().length === 0) throw invalidArgument(`texts[${i}]`, 'empty');
    // Code units ≥ code points, so counting code points is only needed near the limit.
    if (text.length > limits.maxTextChars) {
      const chars = [...text].length;
      if (chars > limits.maxTextChars) {
        throw invalidArgument(`texts[${i}]`, `${chars} characters, at most ${limits.maxTextChars}`);
      }
    }
  });
}
