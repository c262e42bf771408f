// A state said plainly, with no verb of checking: "the toggle is still off", "it actually stays
// off when the page comes back", "email checkbox greyed out", "Toggle still off".
import { step, type PlannedStep } from '../plan';
import { LIST_SEPARATOR } from '../text';
import { type Ctx, isPronoun, plain, previousTarget, roleAntecedent, roleHintsOf } from './context';
import { expectationSteps } from './expectations';
import { EXPECT_VERBS, startsWithVerb } from './vocabulary';

/** A word a subject cannot hold: a verb or a modal belongs to the statement, not to its subject. */
const NOT_SUBJECT = String.raw`(?!(?:should|must|will|would|can|shall|says?|shows?|reads?|to|still|and|is|are|be)\b)`;

const STATED_STATE = new RegExp(
  String.raw`^((?:(?:the|its|my|your|this|that)\s+)?((?:${NOT_SUBJECT}[\p{L}'’-]+\s+){0,4}?${NOT_SUBJECT}[\p{L}'’-]+))\s+(?:(?:actually|really|then)\s+)?(?:(?:(?:must|should|will|shall)\s+(?:still\s+)?(?:be|stay|remain)|is|are|stays?|remains?)\s+(?:still\s+|now\s+)?|still\s+|(?=gr[ae]yed\s+out$))(on|off|checked|unchecked|ticked|unticked|enabled|disabled|gr[ae]yed\s+out)(?:\s+(?:when|after|once)\s+.+)?$`,
  'iu',
);

/** "Text message is still ticked": a state said plainly (not a text the page shows). */
export function saysAState(text: string): boolean {
  return STATED_STATE.test(text.trim());
}

/**
 * A checkbox named as one: "disabled" then says it cannot be used, not that it is off (a switch or
 * a setting disabled is off).
 */
const CHECKBOX_WORD = /\bcheck\s*box(?:es)?$/i;

/** "the channel checkboxes", "all buttons": controls of one kind, none of them named. */
const PLURAL_CONTROLS =
  /^(?:(?:the|all|all the)\s+)?(?:[\p{Ll}-]+\s+)?(?:check\s*boxes|switches|toggles|buttons|radio buttons)$/u;

const CHECKED_WORDS = /^(?:on|checked|ticked)$/;
const UNCHECKED_WORDS = /^(?:off|unchecked|unticked)$/;

/** "make sure (that)", "check": the statement after a verb of checking is what to check. */
const CHECK_VERBS: readonly string[] = [...EXPECT_VERBS, 'check', 'confirm'];

/** "verify (that) focus moves to …": the statement after a verb of checking, or the text itself. */
export function checkedStatement(text: string): string {
  const lead = startsWithVerb(text.trim(), CHECK_VERBS);
  return (lead ? text.trim().slice(lead.length) : text).replace(/^\s*that\s+/i, '').trim();
}

/**
 * Steps for a state said plainly, or undefined when the clause is no such statement. Two states
 * joined by "and" ("the toggle is still off and the email checkbox is greyed out") are both read.
 */
export function statedStateSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const lead = startsWithVerb(text, CHECK_VERBS);
  const body = lead ? text.slice(lead.length).trim() : text;
  const listed = eachListed(body);
  if (listed) return listed.flatMap((one) => stateSteps(ctx, one, phrase));
  if (STATED_STATE.test(body)) return stateSteps(ctx, body, phrase);
  const parts = body.split(LIST_SEPARATOR);
  if (parts.length < 2 || !parts.every((p) => STATED_STATE.test(p))) return undefined;
  return parts.flatMap((p) => stateSteps(ctx, p, phrase));
}

/** "the Email, Text message and App notification checkboxes": names listed, then their kind. */
const LISTED_SUBJECT =
  /^(?:(?:[Tt]he|[Ii]ts|[Mm]y|[Yy]our|[Aa]ll)\s+)?(\p{Lu}.*?)\s+(check\s*box|switch|toggle|button|field|box|option)(?:es|s)\s+(.+)$/u;

/** Each name of a listed subject with its own statement ("Email checkbox should be greyed out", …). */
function eachListed(body: string): string[] | undefined {
  const m = LISTED_SUBJECT.exec(body);
  const names = m?.[1]?.split(LIST_SEPARATOR) ?? [];
  if (!m || names.length < 2) return undefined;
  const each = names.map((name) => `${name} ${m[2] ?? ''} ${m[3] ?? ''}`);
  return each.every((one) => STATED_STATE.test(one)) ? each : undefined;
}

function stateSteps(ctx: Ctx, body: string, phrase: string): PlannedStep[] {
  const m = STATED_STATE.exec(body);
  if (!m) return [];
  const said = m[1] ?? '';
  const subject = m[2] ?? '';
  const word = (m[3] ?? '').toLowerCase().replace(/\s+/g, ' ');
  // Greyed out, or a checkbox disabled: it cannot be used (a button disabled is read as before).
  if (/^gr[ae]yed out$/.test(word) || (/^(?:en|dis)abled$/.test(word) && CHECKBOX_WORD.test(subject))) {
    const named = roleAntecedent(ctx, subject);
    return [
      step('expectState', phrase, {
        target: named?.target ?? plain(ctx, subject),
        ...(named?.exactName ? { exactName: named.exactName } : {}),
        roleHints: named?.roleHints ?? roleHintsOf(subject),
        state: word === 'enabled' ? 'enabled' : 'disabled',
        ...(!named && PLURAL_CONTROLS.test(subject) ? { everyOfRole: true } : {}),
      }),
    ];
  }
  // "it stays off" after "switch X off, save": the control switched, not the one pressed since.
  const toggled = [...ctx.steps].reverse().find((s) => s.kind === 'check' || s.kind === 'uncheck');
  if (
    isPronoun(subject) &&
    toggled &&
    previousTarget(ctx) !== toggled &&
    (CHECKED_WORDS.test(word) || UNCHECKED_WORDS.test(word))
  )
    return [
      step('expectState', phrase, {
        target: toggled.target,
        ...(toggled.exactName ? { exactName: toggled.exactName } : {}),
        roleHints: toggled.roleHints,
        state: CHECKED_WORDS.test(word) ? 'checked' : 'unchecked',
      }),
    ];
  // Anything else is read as "<subject> is <state>": the adverb, the modal and the "when …" say
  // when it holds, which is where the step stands in the flow.
  return expectationSteps(ctx, 'see', `${said} is ${word}`, phrase);
}
