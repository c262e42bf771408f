// The complexity estimate: the original's categories and points (steps, auth, file ops, real-time,
// payment, mocking; each counts once; hard at ≥ 5), with its defects fixed. Word lists, points and
// the threshold come from the policy. Speed matters (every uncached decision runs it), so the policy is
// compiled once into ONE case-insensitive regex that finds every term form and every step count in a
// single pass; nothing is allocated per call unless something matches.
import { inflect } from './inflection';
import { factoredAlternation, PHRASE_SEPARATOR_SOURCE } from './term-pattern';

export interface WordCategorySpec {
  readonly kind: 'words';
  readonly name: string;
  readonly points: number;
  /** Lower-case terms, words separated by one space; inflected forms count too. */
  readonly terms: readonly string[];
}

export interface StepCategorySpec {
  readonly kind: 'steps';
  readonly name: string;
  readonly points: number;
  /** Words that name a step ("step"); a number right before or after one is a step count. */
  readonly stepWords: readonly string[];
  /** The category scores when the largest step count read is greater than this. */
  readonly moreThan: number;
}

export type CategorySpec = WordCategorySpec | StepCategorySpec;

export interface ComplexitySpec {
  /** Score at or above which a task is hard. */
  readonly hardAt: number;
  /** Suffixes applied to every term ("s", "ing", "ment", …). */
  readonly inflections: readonly string[];
  readonly categories: readonly CategorySpec[];
}

export interface ComplexityEstimate {
  readonly score: number;
  readonly hard: boolean;
  /** Largest step count read ("12 steps", "steps: 7", "step 12"); 0 = none. */
  readonly stepCount: number;
  /**
   * Per category, in policy order: the matched words or phrases, lower-cased, in order of
   * appearance, de-duplicated; undefined where the category did not score. For the step category,
   * the step counts above its threshold. Undefined as a whole when nothing scored.
   */
  readonly matched: ReadonlyArray<readonly string[] | undefined> | undefined;
}

const SEPARATORS = /[\s_-]+/g;
const PLURALS = ['s', 'es'];
const SCOPE_MEMO_LIMIT = 10_000;
/** Step counts are read up to this many digits (anything longer is not a count). */
const MAX_COUNT_DIGITS = 9;

export class ComplexityEstimator {
  readonly spec: ComplexitySpec;
  /** Sum of every category's points (16 with the default policy). */
  readonly maxScore: number;
  private readonly pattern: RegExp;
  /** Normalised term form → category index. */
  private readonly categoryOf = new Map<string, number>();
  private readonly points: Int32Array;
  private readonly stepIndex: number;
  private readonly stepMoreThan: number;
  private readonly scopes = new Map<string, ScanState>();
  private readonly scratch: ScanState = { mask: 0, stepCount: 0, matched: undefined, stepPhrases: undefined };

  constructor(spec: ComplexitySpec) {
    this.spec = spec;
    this.points = Int32Array.from(spec.categories.map((c) => c.points));
    this.maxScore = spec.categories.reduce((sum, c) => sum + c.points, 0);
    const forms: string[] = [];
    const stepForms: string[] = [];
    let stepIndex = -1;
    let stepMoreThan = 0;
    spec.categories.forEach((category, index) => {
      if (category.kind === 'steps') {
        stepIndex = index;
        stepMoreThan = category.moreThan;
        // Only the plural goes with a count ("12 steps"); "stepper 12" is no step count.
        for (const word of category.stepWords) stepForms.push(...inflect(word, PLURALS));
        return;
      }
      for (const term of category.terms) {
        for (const form of inflect(term, spec.inflections)) {
          // Keyed as written ("log in") and without separators ("login", the form "log-in" is
          // looked up as). The validator rejects a term listed in two categories; a form that
          // inflection generates for two categories keeps its first category.
          for (const key of [form, form.replaceAll(' ', '')])
            if (!this.categoryOf.has(key)) this.categoryOf.set(key, index);
          forms.push(form);
        }
      }
    });
    this.stepIndex = stepIndex;
    this.stepMoreThan = stepMoreThan;
    const alternatives = [factoredAlternation(forms)];
    if (stepForms.length > 0) {
      const step = factoredAlternation(stepForms);
      const count = `(\\d{1,${MAX_COUNT_DIGITS}})`;
      // "12 steps", "5-step", "7 step"  |  "steps: 7", "step 12", "step #3", "steps = 4"
      alternatives.push(`${count}${PHRASE_SEPARATOR_SOURCE}${step}`, `${step}[\\s_:=#-]*${count}`);
    }
    // Word boundaries are the regex engine's \b (letters, digits and "_" are word characters): far
    // faster here than look-arounds. Paths, where "_" separates words, are scanned with "_" as space.
    this.pattern = new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
  }

  /** Estimates `description` and `scope` (the test path) together; each category counts once. */
  estimate(description: string, scope: string): ComplexityEstimate {
    // One scratch state, reset per call (estimates are synchronous and never nest); the lists it
    // collects are fresh per call and handed out with the result.
    const state = this.scratch;
    state.mask = 0;
    state.stepCount = 0;
    state.matched = undefined;
    state.stepPhrases = undefined;
    this.scan(description, state);
    if (scope !== '') this.merge(state, this.scopeState(scope));

    let score = 0;
    let mask = state.mask;
    if (this.stepIndex >= 0 && state.stepCount > this.stepMoreThan) {
      mask |= 1 << this.stepIndex;
      state.matched ??= new Array<string[] | undefined>(this.points.length);
      state.matched[this.stepIndex] = state.stepPhrases;
    }
    for (let i = 0; i < this.points.length; i++) if ((mask & (1 << i)) !== 0) score += this.points[i] ?? 0;
    return {
      score,
      hard: score >= this.spec.hardAt,
      stepCount: state.stepCount,
      matched: mask === 0 ? undefined : state.matched,
    };
  }

  /** A test path's own matches, memoised: paths repeat (one per feature), descriptions do not. */
  private scopeState(scope: string): ScanState {
    const known = this.scopes.get(scope);
    if (known !== undefined) return known;
    const state: ScanState = { mask: 0, stepCount: 0, matched: undefined, stepPhrases: undefined };
    this.scan(scope.includes('_') ? scope.replaceAll('_', ' ') : scope, state);
    if (this.scopes.size >= SCOPE_MEMO_LIMIT) this.scopes.clear();
    this.scopes.set(scope, state);
    return state;
  }

  /** Adds a memoised scope's matches to a description's (never mutating the memo's lists). */
  private merge(into: ScanState, from: ScanState): void {
    if (from.stepCount > into.stepCount) into.stepCount = from.stepCount;
    if (from.stepPhrases !== undefined) into.stepPhrases = union(into.stepPhrases, from.stepPhrases);
    if (from.matched === undefined) return;
    into.mask |= from.mask;
    into.matched ??= new Array<string[] | undefined>(this.points.length);
    for (let i = 0; i < from.matched.length; i++) {
      const words = from.matched[i];
      if (words !== undefined) into.matched[i] = union(into.matched[i], words);
    }
  }

  private scan(text: string, state: ScanState): void {
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      const before = m[1];
      const after = m[2];
      if (before !== undefined || after !== undefined) {
        const count = Number(before ?? after);
        if (count > state.stepCount) state.stepCount = count;
        // Only counts above the threshold are what made the category score; only they are reported.
        if (count > this.stepMoreThan) {
          const phrase = m[0].toLowerCase();
          state.stepPhrases ??= [];
          if (!state.stepPhrases.includes(phrase)) state.stepPhrases.push(phrase);
        }
        continue;
      }
      const lower = m[0].toLowerCase();
      const index = this.categoryOf.get(lower) ?? this.categoryOf.get(lower.replace(SEPARATORS, ''));
      if (index === undefined) continue;
      state.mask |= 1 << index;
      state.matched ??= new Array<string[] | undefined>(this.points.length);
      const list = (state.matched[index] ??= []);
      if (!list.includes(lower)) list.push(lower);
    }
  }
}

/** `a` (owned, may grow) followed by the words of `b` not in it; `b` itself when `a` is absent. */
function union(a: string[] | undefined, b: string[]): string[] {
  if (a === undefined) return b;
  for (const word of b) if (!a.includes(word)) a.push(word);
  return a;
}

interface ScanState {
  mask: number;
  stepCount: number;
  matched: Array<string[] | undefined> | undefined;
  stepPhrases: string[] | undefined;
}
