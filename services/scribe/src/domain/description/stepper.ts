// "increase the quantity of the coffee beans to 3 with the plus button", "raising the quantity to
// 2", "lower the guests to one": a stepper taken to a value. How many presses that takes depends on
// where the page starts, which only exploring can tell; the step carries the value to reach and the
// generator presses until the page shows it.

import { type PlannedStep, step } from '../plan';
import { parseCount } from '../text';
import { type Ctx, plain, stripArticles } from './context';
import { stepperDirection } from './icon-controls';

/** The largest value a stepper is taken to by presses (the generator presses at most this often). */
export const MAX_STEPPER_VALUE = 20;

/** The verb, what it changes (of what), "to N" or "by N", and the control pressed. */
const STEPPER =
  /^(increas(?:e|ing)|rais(?:e|ing)|bump(?:ing)?(?:\s+up)?|lower(?:ing)?|decreas(?:e|ing)|reduc(?:e|ing))\s+((?:(?:the|my|your|our)\s+)?[\p{L}-]+(?:\s+[\p{L}-]+){0,2}?)(?:\s+of\s+(?:the\s+|my\s+|your\s+)?[^,]{1,40}?)?(?:\s+(?:up|down))?(?:\s+(to|by)\s+(\d{1,2}|[\p{L}]+))?(?:\s+(?:with|using|via|by\s+(?:clicking|pressing|tapping)(?:\s+on)?)\s+(.{1,40}))?$/iu;

/**
 * The presses of a stepper clause: one that carries the value to reach ("to 3"), or as many as "by
 * N" says (one when it says neither). Undefined when the clause is no stepper's.
 */
export function stepperSteps(ctx: Ctx, body: string, phrase: string): PlannedStep[] | undefined {
  const m = STEPPER.exec(body.trim());
  if (!m) return undefined;
  const count = m[4] === undefined ? 1 : parseCount(m[4]);
  if (count === undefined || count > MAX_STEPPER_VALUE) return undefined;
  const counter = stripArticles(m[2] ?? '');
  const control = plain(ctx, stripArticles((m[5] ?? '').replace(/\s+(?:button|icon|control)$/i, '')));
  // The control as the description names it ("the plus button" is the one that increases), else
  // the direction the verb says: icon steppers are named for what they do ("Increase quantity").
  const direction = stepperDirection(control) || stepperDirection(m[1] ?? '');
  const target = direction === '' ? control : `${direction} ${counter}`;
  if (target === '') return undefined;
  if (m[3]?.toLowerCase() === 'to')
    return [step('click', phrase, { target, roleHints: ['button'], untilValue: String(count) })];
  const press = step('click', phrase, { target, roleHints: ['button'] });
  return Array.from({ length: Math.min(count, 10) }, () => press);
}
