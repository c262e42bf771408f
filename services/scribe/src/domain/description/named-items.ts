// Creating items that have a name: "add two tasks, "Buy milk" and "Call mom"", "create a task called
// "X"", "add the note "X"". A list app makes each one by typing its name into the field for that kind
// of item and pressing that kind's add button, which is what a user does. "Add the lamp to the cart"
// names where it goes and no new item's name, so it stays the shop's add button (actions.ts).

import { literalIds } from '../literals';
import { type PlannedStep, step } from '../plan';
import { type Ctx } from './context';

/** Words before the noun: articles and counts ("a", "two", "3 new"). */
const LEAD = String.raw`(?:(?:the|a|an|another|new|more|some|one|two|three|four|five|\d+)\s+)*`;
/** What introduces the names: "called", "named", "titled", or nothing ("the task \"X\""). */
const NAMING = String.raw`(?:\s+(?:called|named|titled)\s*|\s*,?\s*)`;
/** One protected literal. */
const LIT = String.raw`\uE000\d+\uE001`;
const ITEMS = new RegExp(
  String.raw`^${LEAD}(\p{Ll}[\p{Ll}-]*)${NAMING}(${LIT}(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)${LIT})*)\s*$`,
  'u',
);

/** "tasks" → "task", "boxes" → "box", "entries" → "entry"; a singular noun is left alone. */
function singular(noun: string): string {
  if (/ies$/.test(noun)) return `${noun.slice(0, -3)}y`;
  if (/(?:x|ch|sh|ss)es$/.test(noun)) return noun.slice(0, -2);
  if (/[^s]s$/.test(noun)) return noun.slice(0, -1);
  return noun;
}

/**
 * The body of "add …"/"create …" when it names a kind of item and the quoted name of each new one:
 * per name, a fill of the field that names the noun and a click on the noun's add button. Only
 * quoted names count, so "add the lamp" or "add the Aurora Desk Lamp" (a product) are not read here.
 * The last name is what "it" refers to next ("tick it").
 */
export function namedItemSteps(ctx: Ctx, body: string, phrase: string): PlannedStep[] | undefined {
  const m = ITEMS.exec(body.trim());
  if (!m) return undefined;
  const noun = singular(m[1] ?? '');
  const names = literalIds(m[2] ?? '').map((id) => ctx.literals[id]);
  if (names.length === 0 || names.some((l) => l?.kind !== 'quote')) return undefined;
  const out: PlannedStep[] = [];
  for (const lit of names) {
    const name = lit?.text ?? '';
    out.push(
      step('fill', phrase, {
        target: noun,
        value: name,
        valueSource: 'description',
        roleHints: ['textbox'],
      }),
      step('click', phrase, { target: `add ${noun}`, roleHints: ['button'] }),
    );
    ctx.lastEntity = name;
  }
  return out;
}

/** "New task \"X\"" with no verb: the name of a new item, typed into the field for that noun. */
const NEW_ITEM = new RegExp(String.raw`^new\s+(\p{Ll}[\p{Ll}-]*)\s*:?\s*(${LIT})$`, 'iu');

/**
 * A verbless "new <noun> \"X\"" (a terse step list: "New task \"X\" → Add task"): the fill only;
 * the add is its own step when the description says it. X is what "it" refers to next.
 */
export function newItemFill(ctx: Ctx, body: string, phrase: string): PlannedStep | undefined {
  const m = NEW_ITEM.exec(body.trim());
  const lit = m ? ctx.literals[literalIds(m[2] ?? '')[0] ?? -1] : undefined;
  if (!m || lit?.kind !== 'quote') return undefined;
  ctx.lastEntity = lit.text;
  return step('fill', phrase, {
    target: m[1] ?? '',
    value: lit.text,
    valueSource: 'description',
    roleHints: ['textbox'],
  });
}

/**
 * "Add task", "add item": the verb and a bare noun, no article and nowhere to add it to, are the
 * label of the button that adds one, as list pages name it. ("Add the lamp" has its article and
 * stays the shop's add button of that product.)
 */
export function addButtonStep(body: string, phrase: string): PlannedStep | undefined {
  const noun = /^(\p{Ll}[\p{Ll}-]*)$/u.exec(body.trim())?.[1];
  if (!noun || /^(?:it|them|this|that|one|both|all|more|another|again)$/.test(noun)) return undefined;
  return step('click', phrase, { target: `add ${noun}`, roleHints: ['button'] });
}
