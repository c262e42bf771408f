import { categorize, stripAnsi } from '../../domain/error-category';
import type { ErrorCategory, SpecLocation, TestError } from '../../domain/run-result';
import { locateInSpec, specFrames } from '../../domain/spec-location';

const MAX_MESSAGE = 4000;

export interface SpecPaths {
  /** Absolute path the module was evaluated as (appears in stacks). */
  specPath: string;
  /** Name reported to callers (e.g. "login.spec.ts"). */
  fileName: string;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}\n… (truncated)` : text;
}

/** A thrown value as the runner reports it: message, category, and where in the spec it happened. */
export function toTestError(
  thrown: unknown,
  paths: SpecPaths,
  fallback?: { location?: SpecLocation; category?: ErrorCategory },
): TestError {
  if (thrown instanceof Error) {
    const raw = stripAnsi(thrown.message).split(paths.specPath).join(paths.fileName);
    const fromMatcher = 'matcherResult' in thrown;
    // Same shape as Playwright's JSON reporter: "Error: <message>" (its own timeout errors have no prefix).
    const message = truncate(thrown.name === 'TestTimeout' ? raw : `${thrown.name}: ${raw}`);
    const location = locateInSpec(thrown.stack, paths.specPath) ?? fallback?.location;
    const category = fallback?.category ?? categorize({ name: thrown.name, message: raw, fromMatcher });
    const stack = specFrames(thrown.stack, paths.specPath, paths.fileName);
    return { message, category, ...(location ? { location } : {}), ...(stack ? { stack } : {}) };
  }
  const message = truncate(`thrown value: ${typeof thrown === 'string' ? thrown : safeString(thrown)}`);
  return {
    message,
    category: fallback?.category ?? 'unknown',
    ...(fallback?.location ? { location: fallback.location } : {}),
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The error a test gets when its time budget runs out. */
export class TestTimeout extends Error {
  constructor(ms: number, what = 'Test') {
    super(`${what} timeout of ${ms}ms exceeded.`);
    this.name = 'TestTimeout';
  }
}
