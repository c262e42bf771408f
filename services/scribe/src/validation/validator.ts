// Critic + type check → one ValidationReport. A spec is accepted when no rule rejects it and it
// type-checks; warnings are reported and never reject (the original rejected on warnings).
import { scribe } from '@superagent/proto';
import { critique, type CriticFinding } from '../domain/critic';
import type { TypeChecker, TypeDiagnostic } from './type-checker';

export interface ValidateOptions {
  baseUrl?: string;
  typeCheck: boolean;
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

export function createValidator(typeChecker: TypeChecker): Validator {
  return {
    validate(source, options) {
      const started = performance.now();
      const report = critique(source, options.baseUrl ? { baseUrl: options.baseUrl } : {});
      let diagnostics: TypeDiagnostic[] = [];
      if (options.typeCheck) diagnostics = typeChecker.check(source);
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
