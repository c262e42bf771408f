// Critic + type check → one ValidationReport. A spec is accepted when no rule rejects it and it
// type-checks; warnings are reported and never reject (the original rejected on warnings).
// Type-check results are cached by the source's hash: the warm path re-serves remembered specs.
import { createHash } from 'node:crypto';
import { scribe } from '@superagent/proto';
import { critique, type CriticFinding } from '../domain/critic';
import { boundedMemo } from '../domain/memo';
import type { TypeChecker, TypeDiagnostic } from './type-checker';

export interface ValidateOptions {
  baseUrl?: string;
  typeCheck: boolean;
  /** Type-check this source instead (same code, e.g. before the titles were changed). */
  typeCheckSource?: string;
}

export interface Validator {
  validate(source: string, options: ValidateOptions): scribe.ValidationReport;
}

export function toFinding(f: CriticFinding): scribe.Finding {
  return scribe.Finding.fromPartial({
    ruleId: f.ruleId,
    severity: f.severity === 'reject' ? scribe.Severity.REJECT : scribe.Severity.WARNING,
    line: f.line,
    column: f.column,
    message: f.message,
    excerpt: f.excerpt,
  });
}

export function createValidator(typeChecker: TypeChecker, cacheSize = 512): Validator {
  const typeCheck = boundedMemo(
    (source: string): TypeDiagnostic[] => typeChecker.check(source),
    cacheSize,
    (source) => createHash('sha256').update(source, 'utf8').digest('hex'),
  );
  return {
    validate(source, options) {
      const started = performance.now();
      let report: ReturnType<typeof critique>;
      let diagnostics: TypeDiagnostic[];
      try {
        report = critique(source, options.baseUrl ? { baseUrl: options.baseUrl } : {});
        diagnostics = options.typeCheck ? typeCheck(options.typeCheckSource ?? source) : [];
      } catch (err) {
        // TypeScript's parser recurses per nesting level: a few thousand nested brackets overflow its
        // stack. That is the spec's doing (it could not be loaded either), not a fault of ours.
        if (!(err instanceof RangeError)) throw err;
        return scribe.ValidationReport.fromPartial({
          accepted: false,
          findings: [
            {
              ruleId: 'too-deeply-nested',
              severity: scribe.Severity.REJECT,
              message: 'The spec is nested too deeply to be parsed; write it as flat, ordinary steps.',
            },
          ],
          typeChecked: false,
          durationMs: Math.round(performance.now() - started),
        });
      }
      return scribe.ValidationReport.fromPartial({
        accepted: report.accepted && diagnostics.length === 0,
        findings: report.findings.map(toFinding),
        typeDiagnostics: diagnostics.map((d) => scribe.TypeDiagnostic.fromPartial(d)),
        typeChecked: options.typeCheck,
        stepCount: report.stepCount,
        estimatedDurationMs: report.estimatedDurationMs,
        durationMs: Math.round(performance.now() - started),
      });
    },
  };
}
