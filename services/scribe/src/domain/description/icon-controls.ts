// "bump coffee beans up by one (+)", "lower it by two (−)": a step whose control is an icon, given
// in parentheses as the symbol the button shows. Icon buttons are named for what they do ("Increase
// quantity"), so the target is the direction the words say; the symbol stays as the exact text to
// prefer. "by N" is how many presses.

import { type PlannedStep, step } from '../plan';
import { parseCount } from '../text';

/** A clause that ends in one or two symbols in parentheses: "(+)", "(−)", "(×)". */
const ICON_AT_END = /^(.*?)\s*\(\s*([^\p{L}\p{N}\s()]{1,2})\s*\)\s*$/u;
/** Words saying a stepper goes up or down. */
const UP = /\b(?:up|rais(?:e|ing)|increas(?:e|ing)|increment(?:ing)?|bump(?:ing)?|more|add|plus)\b|^[+＋]$/i;
const DOWN =
  /\b(?:down|lower(?:ing)?|decreas(?:e|ing)|decrement(?:ing)?|less|reduc(?:e|ing)|minus)\b|^[-−–]$/i;

/** Which way words (or a symbol) say a stepper goes: '' when they say neither ("bump … down" goes down). */
export function stepperDirection(words: string): 'increase' | 'decrease' | '' {
  return DOWN.test(words) ? 'decrease' : UP.test(words) ? 'increase' : '';
}

/** The clicks of an icon step, or undefined when the clause names no icon. */
export function iconControlSteps(body: string, phrase: string): PlannedStep[] | undefined {
  const m = ICON_AT_END.exec(body.trim());
  if (!m) return undefined;
  const words = m[1] ?? '';
  const symbol = m[2] ?? '';
  const direction = stepperDirection(words) || stepperDirection(symbol);
  if (direction === '') return undefined;
  const by = /\bby\s+(\S+)/i.exec(words)?.[1];
  const times = Math.min(by ? (parseCount(by) ?? 1) : 1, 10);
  const click = step('click', phrase, { target: direction, roleHints: ['button'] });
  return Array.from({ length: times }, () => click);
}
