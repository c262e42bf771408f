// "Clear completed", "delete selected", "remove checked": a list's button that acts on every item in
// a state. The word after the verb is that state, not an item or a place to scope the click to, so
// the verb and the state together are the button's name.

import { type PlannedStep, step } from '../plan';

/** One past participle after the verb ("completed", "selected", "done"), with no article. */
const STATE = /^(?:\p{Ll}+ed|done|all)$/u;

export function bulkActionStep(verb: string, body: string, phrase: string): PlannedStep | undefined {
  const state = body.trim();
  if (!STATE.test(state)) return undefined;
  return step('click', phrase, { target: `${verb} ${state}`, roleHints: ['button'] });
}
