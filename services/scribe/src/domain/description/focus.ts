// Where the keyboard focus is, as testers of forms and of accessibility say it: "the Email address
// field should be focused", "focus moves to the Email address input", "the link puts the focus in
// Email address", "her cursor ends up in the name box". Each is a check that the control named has
// the focus (Playwright's toBeFocused); a control said to put it there is pressed first.
import { step, type PlannedStep } from '../plan';
import { type Ctx, literalOf, plain, roleHintsOf, stripArticles } from './context';
import { actionSteps } from './actions';
import { checkedStatement } from './stated-states';

const MODAL = String.raw`(?:(?:should|must|will|shall|does|do)\s+(?:then\s+)?|now\s+)?`;
const FOCUS = String.raw`(?:(?:the|her|his|my|your|their|our)\s+)?(?:keyboard\s+)?(?:focus|cursor|caret)`;

/** "X should be focused", "X has focus", "X receives the focus". */
const IS_FOCUSED = new RegExp(
  String.raw`^(.+?)\s+${MODAL}(?:be|is|are|gets?|get|becomes?|receives?|has|have)\s+(?:(?:in|given)\s+)?(?:focused|focus|the\s+focus|keyboard\s+focus)$`,
  'i',
);
/** "focus moves to X", "the cursor ends up in X", "focus should land on X". */
const FOCUS_GOES = new RegExp(
  String.raw`^${FOCUS}\s+${MODAL}(?:moves?|goes|go|lands?|is|ends?\s+up|jumps?|returns?|stays?|remains?|shifts?|sits?)\s+(?:back\s+)?(?:to|in|into|on|onto|at)\s+(.+)$`,
  'i',
);
/** "the X link puts the focus in Y", "it moves focus to Y": what is pressed, and where the focus goes. */
const PUTS_FOCUS = new RegExp(
  String.raw`^(.+?)\s+${MODAL}(?:puts?|moves?|sends?|takes?|brings?|gives?|sets?|places?)\s+${FOCUS}\s+(?:to|in|into|on|onto|at)\s+(.+)$`,
  'i',
);

/** "When the dialog opens": when the focus is checked, said before the control. */
const OPENS_FIRST =
  /^\s*(?:(?:when|once|after|as\s+soon\s+as)\s+)?(?:the|a|an)\s+[\p{L} -]{1,30}?\s+(?:opens|closes|appears|loads|is\s+(?:shown|open|opened|closed))\s*,?\s+(?=the\s)/iu;

/** "the Email address input": the control's words, without the article. */
function focusedStep(ctx: Ctx, where: string, phrase: string): PlannedStep {
  const words = stripArticles(where.trim());
  const named = literalOf(
    ctx,
    words.replace(/\s+(?:field|box|input|checkbox|check\s*box|button|link)$/i, ''),
  );
  return step('expectState', phrase, {
    target: named?.text ?? plain(ctx, words),
    roleHints: roleHintsOf(words),
    state: 'focused',
  });
}

/**
 * "each link puts the cursor in the right place: the full name one in Full name, the email one in
 * Email address": each control of that kind named by its words, pressed, and where the focus goes.
 */
const EACH_PUTS = new RegExp(
  String.raw`^(?:each|every)\s+(link|button|tab)\s+${MODAL}(?:puts?|moves?|sends?|takes?|brings?)\s+${FOCUS}\s+(?:to|in|into|on|onto|at)\s+(?:the\s+)?(?:right|correct|matching|expected)\s+(?:place|field|box|control|spot)\s*:\s*(.+)$`,
  'i',
);
const EACH_ITEM =
  /^(?:and\s+)?(?:the\s+)?(.+?)\s+one\s+(?:goes\s+|puts\s+it\s+)?(?:to|in|into|on|onto|at)\s+(.+)$/i;

function eachPutsFocus(ctx: Ctx, body: string, phrase: string): PlannedStep[] | undefined {
  const m = EACH_PUTS.exec(body);
  if (!m) return undefined;
  const kind = (m[1] ?? '').toLowerCase();
  const items = (m[2] ?? '').split(/\s*,\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?\S+(?:\s+\S+)?\s+one\b)/i);
  const steps = items.map((item) => EACH_ITEM.exec(item.trim()));
  if (steps.some((s) => s === null)) return undefined;
  return steps.flatMap((s) => [
    ...actionSteps(ctx, 'click', `the ${s?.[1] ?? ''} ${kind}`, phrase),
    focusedStep(ctx, s?.[2] ?? '', phrase),
  ]);
}

/** Steps for a clause about the focus, or undefined when it is about something else. */
export function focusSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  // "(when) the dialog opens the Cancel button is focused": when, not which control.
  const body = checkedStatement(text).replace(OPENS_FIRST, '').trim();
  const each = eachPutsFocus(ctx, body, phrase);
  if (each) return each;
  const goes = FOCUS_GOES.exec(body);
  if (goes) return [focusedStep(ctx, goes[1] ?? '', phrase)];
  const puts = PUTS_FOCUS.exec(body);
  if (puts) {
    const by = stripArticles(puts[1] ?? '');
    // "it puts the focus in X": the control used last did.
    const pressed = /^(?:it|this|that|they|which)$/i.test(by) ? [] : actionSteps(ctx, 'click', by, phrase);
    return [...pressed, focusedStep(ctx, puts[2] ?? '', phrase)];
  }
  const focused = IS_FOCUSED.exec(body);
  if (focused) return [focusedStep(ctx, focused[1] ?? '', phrase)];
  // "(… appears) and receives focus": no control named; the focus is said of the text before it,
  // which may be no control at all (an error summary). Nothing to check, and nothing read.
  if (/^(?:(?:then|and)\s+)?(?:receives?|gets?|takes?|has)\s+(?:the\s+)?(?:keyboard\s+)?focus$/i.test(body)) {
    ctx.skipped.push(phrase);
    return [];
  }
  return undefined;
}
