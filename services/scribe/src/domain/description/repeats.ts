// "click \"Increase quantity\" twice", "press Tab three times", "then \"Decrease quantity\" once": a
// step said with how many times it is done. Each time is a step of its own, as a user does it; the
// count word is no part of the control's name.

import { parseCount } from '../text';

/** The largest repeat a description is taken at its word for (a stepper pressed 20 times is rare). */
const MAX_REPEAT = 10;

const REPEAT = /\s+(?:(once)|(twice)|(thrice)|([\p{L}\d]+)\s+times)$/iu;

/** The body without its trailing count word, and how many times the step is done (1 when unsaid). */
export function repeatOf(body: string): { body: string; times: number; said: boolean } {
  const m = REPEAT.exec(body);
  if (!m) return { body, times: 1, said: false };
  const times = m[1] ? 1 : m[2] ? 2 : m[3] ? 3 : parseCount(m[4] ?? '');
  if (times === undefined || times < 1 || times > MAX_REPEAT) return { body, times: 1, said: false };
  return { body: body.slice(0, m.index), times, said: true };
}
