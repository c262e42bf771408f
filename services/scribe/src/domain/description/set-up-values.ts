// The inputs of a worked example, named by their numbers before the outcome: "For a $60 bill with the
// tip left at 15% and 3 people, the page should show …", "bill 45.50, tip 20%, 2 ppl -> each pays
// $27.30". Each number goes into the field its noun names (the matcher finds "Bill amount" for
// "bill"), and what the page should show is the outcome of those steps.

import type { Literal } from '../literals';

const NUMBER = String.raw`(?:\uE000\d+\uE001|\d+(?:[.,]\d+)?)%?`;
const NOUN = String.raw`[\p{L}][\p{L}'-]*(?:\s+[\p{L}][\p{L}'-]*){0,2}`;
/** "a $60 bill", "3 people". */
const NUMBER_FIRST = new RegExp(String.raw`^(?:(?:a|an)\s+)?(${NUMBER})\s+(${NOUN})$`, 'iu');
/** "the tip left at 15%", "tip at 20%", "bill 45.50", "tip 20%". */
const NOUN_FIRST = new RegExp(
  String.raw`^(?:the\s+)?(${NOUN}?)\s+(?:(?:left|set|kept|put|still)\s+)?(?:(?:at|to|of)\s+)?(${NUMBER})$`,
  'iu',
);
/** Words that make a noun phrase an outcome or a step, not an input. */
const NOT_AN_INPUT =
  /\b(?:should|must|will|shows?|says?|reads?|pays?|goes|go|went|changes?|becomes?|is|are|was|were|from|click|press|tap|enter|type|total|results?|items?)\b/i;

const SHORTHAND_NOUNS: ReadonlyMap<string, string> = new Map([
  ['ppl', 'people'],
  ['pax', 'people'],
  ['qty', 'quantity'],
]);

/** "For <inputs>, <outcome>" and "<inputs> -> <outcome>", each input with a number. */
const FOR_INPUTS = /(^|[.!?:]\s+|\n)for\s+((?:[^,.;:!?\n]|\.(?=\d)){3,160}?),\s+(?=\S)/giu;
const ARROW_INPUTS = /(^|[.!?:]\s+|\n)((?:[^.;:!?\n>]|\.(?=\d)){3,160}?)\s*(?:->|→|=>)\s*(?=\S)/gu;

/** `text` (literals protected) with a worked example's inputs written as steps. */
export function setUpValues(text: string, literals: readonly Literal[]): string {
  const rewrite =
    (then: string) =>
    (whole: string, lead: string, inputs: string): string => {
      const steps = inputSteps(inputs, literals);
      return steps ? `${lead}${steps.join(', ')}${then}` : whole;
    };
  return text
    .replace(FOR_INPUTS, rewrite('. Then '))
    .replace(ARROW_INPUTS, (whole: string, lead: string, inputs: string, at: number, all: string) =>
      // "Servings 4 → More servings → 'Serves 5'": another arrow on the line, so what follows this
      // one is a step, not yet the outcome; the arrow stays for the layout pass to read.
      rewrite(NEXT_ARROW.test(all.slice(at + whole.length)) ? ' -> ' : '. Then verify that ')(
        whole,
        lead,
        inputs,
      ),
    );
}

/** An arrow later on the same line, before its sentence ends. */
const NEXT_ARROW = /^[^\n.!?;]*(?:->|→|=>)/u;

/** One "enter N as the X" (or "set the X to N%") per input, or undefined unless every part is a number with its noun. */
function inputSteps(inputs: string, literals: readonly Literal[]): string[] | undefined {
  const parts = inputs
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+with\s+/i)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const steps: string[] = [];
  for (const part of parts) {
    const first = NUMBER_FIRST.exec(part);
    const noun0 = first?.[2] ?? NOUN_FIRST.exec(part)?.[1];
    const value0 = first?.[1] ?? NOUN_FIRST.exec(part)?.[2];
    if (noun0 === undefined || value0 === undefined || NOT_AN_INPUT.test(noun0)) return undefined;
    const value = numberOf(value0, literals);
    if (value === undefined) return undefined;
    const noun = SHORTHAND_NOUNS.get(noun0.toLowerCase()) ?? noun0;
    // A percentage is usually a slider's or a select's setting, set rather than typed.
    steps.push(value0.endsWith('%') ? `set the ${noun} to ${value}%` : `enter ${value} as the ${noun}`);
  }
  return steps;
}

/** "$60" → "60", "15%" → "15", "45.50" as it is; a literal that is no amount → undefined. */
function numberOf(value: string, literals: readonly Literal[]): string | undefined {
  const id = /^\uE000(\d+)\uE001/.exec(value)?.[1];
  const text = id === undefined ? value : (literals[Number(id)]?.text ?? '');
  const digits = /^[$€£]?\s?(\d[\d,]*(?:\.\d+)?)%?$/.exec(text.trim())?.[1];
  return digits?.replace(/,(?=\d{3}\b)/g, '');
}
