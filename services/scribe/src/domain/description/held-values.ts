// "Meeting point still says Sennen Cove car park", "the Group name box still says West Penwith
// Ramblers", "The Usual walk day must be still Sunday": what a field filled or chosen before still
// holds. Read as a text it would be found anywhere (the field's value is no text the page shows); it
// is the field's value.
import { type PlannedStep, step } from '../plan';
import { overlap } from '../text';

/** Words that say how the field is named or that it holds something, not which field. */
const NOT_THE_FIELD = /\b(?:still|box|field|input|dropdown|select|says?|reads?|shows?|holds?|contains?)\b/gi;
/** "X is still Y", "X must be still Y": the field and the value in one target. */
const STILL_IS =
  /^(.+?)\s+(?:(?:is|must be|should be|stays?|remains?)\s+)?still\s+(?:(?:says?|reads?|shows?)\s+)?(.+)$/i;

/** The fill or choice before `at` whose field `said` names and whose value is `value`. */
function setBefore(
  steps: readonly PlannedStep[],
  at: number,
  said: string,
  value: string,
): PlannedStep | undefined {
  const field = said.replace(NOT_THE_FIELD, ' ').trim();
  if (field === '') return undefined;
  return steps
    .slice(0, at)
    .reverse()
    .find(
      (s) =>
        (s.kind === 'fill' || s.kind === 'select') &&
        s.valueSource === 'description' &&
        s.value.toLowerCase() === value.toLowerCase() &&
        overlap(field, s.target) === 1,
    );
}

/** Each check of a text that is a value set before, still held by the field it was set in. */
export function heldValues(steps: PlannedStep[]): PlannedStep[] {
  return steps.map((s, at) => {
    if (s.kind !== 'expectVisible') return s;
    const still = s.exactName ? undefined : STILL_IS.exec(s.target);
    const said = still ? (still[1] ?? '') : s.target;
    const value = still ? (still[2] ?? '') : (s.exactName ?? '');
    const set = value === '' ? undefined : setBefore(steps, at, said, value);
    if (!set) return s;
    return step('expectValue', s.phrase, {
      target: set.target,
      value: set.value,
      valueSource: 'description',
      roleHints: set.roleHints,
      held: true,
    });
  });
}
