// Cost cap per feature: the policy's default, or the cap of the first override whose glob matches
// the task's test path. Globs follow .gitignore's rule: a glob without "/" matches any single path
// segment ("*auth*" matches "tests/auth/login.spec.ts"), a glob with "/" matches the whole path.
import picomatch from 'picomatch';
import type { CapOverride } from './policy';

export interface CapMatch {
  readonly capMicros: number;
  /** The override's glob, or undefined for the default cap. */
  readonly glob: string | undefined;
}

type Matcher = (path: string) => boolean;

/** Paths repeat (one per feature), so answers are memoised; the memo is bounded and simply reset. */
const MEMO_LIMIT = 10_000;

export class CostCaps {
  private readonly matchers: ReadonlyArray<{ override: CapOverride; test: Matcher; perSegment: boolean }>;
  private readonly fallback: CapMatch;
  private readonly memo = new Map<string, CapMatch>();

  constructor(defaultMicros: number, overrides: readonly CapOverride[]) {
    this.fallback = { capMicros: defaultMicros, glob: undefined };
    this.matchers = overrides.map((override) => ({
      override,
      test: picomatch(override.glob, { nocase: true, dot: true }),
      perSegment: !override.glob.includes('/'),
    }));
  }

  /** The cap for a test path ("" = no path: the default cap). */
  capFor(testPath: string): CapMatch {
    if (testPath === '' || this.matchers.length === 0) return this.fallback;
    const known = this.memo.get(testPath);
    if (known !== undefined) return known;
    const found = this.lookup(testPath);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(testPath, found);
    return found;
  }

  private lookup(testPath: string): CapMatch {
    const path = testPath.replaceAll('\\', '/');
    let segments: string[] | undefined;
    for (const { override, test, perSegment } of this.matchers) {
      if (perSegment) {
        segments ??= path.split('/').filter((s) => s !== '');
        if (segments.some((segment) => test(segment)))
          return { capMicros: override.capMicros, glob: override.glob };
      } else if (test(path)) {
        return { capMicros: override.capMicros, glob: override.glob };
      }
    }
    return this.fallback;
  }
}
