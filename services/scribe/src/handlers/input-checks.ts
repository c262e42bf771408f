// Input checks shared by the handlers: every problem is INVALID_ARGUMENT naming the field.
import { invalidArgument } from '@superagent/grpc';
import { common, type scribe } from '@superagent/proto';
import { checkBaseUrl, type OriginPattern } from '../domain/origin-policy';
import { isValidFileName } from '../domain/spec-writer';

export const MAX_DESCRIPTION_BYTES = 8192;
export const MAX_SPEC_BYTES = 262_144;
export const MAX_FEEDBACK_TEXT_BYTES = 4096;
/** Findings of the previous attempt are quoted into the model prompt: bounded like the other feedback. */
export const MAX_FEEDBACK_FINDINGS = 100;

export function requireText(field: string, value: string, maxBytes: number): string {
  if (value.trim() === '') throw invalidArgument(field, 'required');
  // Zero-width and control characters alone are as empty as spaces.
  if (!/[\p{L}\p{N}\p{P}\p{S}]/u.test(value))
    throw invalidArgument(field, 'required (no visible characters)');
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxBytes) throw invalidArgument(field, `${bytes} bytes, at most ${maxBytes}`);
  return value;
}

export function requireBaseUrl(field: string, value: string, allowed: readonly OriginPattern[]): URL {
  const verdict = checkBaseUrl(value, allowed);
  if (!verdict.ok) throw invalidArgument(field, verdict.problem);
  return verdict.url;
}

/** A path relative to the base URL: starts with one "/", no scheme, host or control characters. */
export function requireStartPath(field: string, value: string): string {
  if (value === '') return '/';
  if (value.length > 2048) throw invalidArgument(field, 'longer than 2,048 characters');
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    throw invalidArgument(field, 'must be a path starting with a single "/", e.g. "/login"');
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || /\s/.test(c)))
    throw invalidArgument(field, 'must not contain spaces or control characters');
  return value;
}

export type TierName = 'local' | 'haiku' | 'sonnet' | 'opus';

export function requireTier(field: string, tier: common.Tier): { tier: common.Tier; name: TierName } {
  switch (tier) {
    case common.Tier.UNSPECIFIED:
    case common.Tier.LOCAL:
      return { tier: common.Tier.LOCAL, name: 'local' };
    case common.Tier.HAIKU:
      return { tier, name: 'haiku' };
    case common.Tier.SONNET:
      return { tier, name: 'sonnet' };
    case common.Tier.OPUS:
      return { tier, name: 'opus' };
    default:
      throw invalidArgument(field, `unknown tier ${String(tier)}`);
  }
}

export function requireModelId(field: string, value: string): string {
  if (value.length > 200 || /[^A-Za-z0-9._:@/-]/.test(value))
    throw invalidArgument(field, 'at most 200 characters of A-Z a-z 0-9 . _ : @ / -');
  return value;
}

export function intInRange(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalidArgument(field, `must be ${min} .. ${max}, got ${value}`);
  return value;
}

export function requireFeedback(feedback: scribe.Feedback | undefined): void {
  if (!feedback) return;
  if (Buffer.byteLength(feedback.previousSpec, 'utf8') > MAX_SPEC_BYTES)
    throw invalidArgument('feedback.previous_spec', `at most ${MAX_SPEC_BYTES} bytes`);
  if (Buffer.byteLength(feedback.errorMessage, 'utf8') > MAX_FEEDBACK_TEXT_BYTES)
    throw invalidArgument('feedback.error_message', `at most ${MAX_FEEDBACK_TEXT_BYTES} bytes`);
  if (Buffer.byteLength(feedback.notes, 'utf8') > MAX_FEEDBACK_TEXT_BYTES)
    throw invalidArgument('feedback.notes', `at most ${MAX_FEEDBACK_TEXT_BYTES} bytes`);
  if (feedback.findings.length > MAX_FEEDBACK_FINDINGS)
    throw invalidArgument(
      'feedback.findings',
      `${feedback.findings.length} findings, at most ${MAX_FEEDBACK_FINDINGS}`,
    );
  feedback.findings.forEach((f, i) => {
    for (const [k, v] of [
      ['rule_id', f.ruleId],
      ['message', f.message],
      ['excerpt', f.excerpt],
    ] as const) {
      if (Buffer.byteLength(v, 'utf8') > MAX_FEEDBACK_TEXT_BYTES)
        throw invalidArgument(`feedback.findings[${i}].${k}`, `at most ${MAX_FEEDBACK_TEXT_BYTES} bytes`);
    }
  });
}

export function requireFileName(field: string, value: string): string {
  if (value !== '' && !isValidFileName(value))
    throw invalidArgument(field, 'kebab-case words ending in .spec.ts, at most 120 characters');
  return value;
}
