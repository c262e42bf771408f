// One expectation clause ("see …", "… should be …", "… appears") → planned assertion steps: text
// shown or hidden, URL, count, value and state.

import { literalIds, withoutLiterals } from '../literals';
import { type PlannedStep, step } from '../plan';
import { LIST_SEPARATOR, overlap, parseCount, words } from '../text';
import { BACK_ON, PAGE_SHOWN } from './clauses';
import {
  type Ctx,
  isPronoun,
  literalOf,
  plain,
  previousTarget,
  roleAntecedent,
  roleHintsOf,
  stripArticles,
} from './context';
import { COUNTER_TEXT, isVerbStart } from './vocabulary';

/** Words naming something that is switched on or off rather than used. */
const CHECKABLE_WORDS = /\b(?:switch|toggle|check ?box|option|setting|mode|feature|notifications?)\b/i;
/** Roles of controls that are used (pressed, typed in), so "disabled" says they cannot be. */
const USABLE_ROLES: ReadonlySet<string> = new Set(['button', 'link', 'textbox', 'combobox']);

/** Protected figures, codes of two to four capitals and the signs between them, nothing else. */
const FIGURES = /^(?:\uE000\d+\uE001|[A-Z]{2,4}\b|[=:+×/→-]|\s)+$/u;

const STATE_ON =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|being\s+|stays\s+|remains\s+)?(?:still\s+|now\s+|turned\s+|switched\s+)?(?<!\bnot\s)(checked|on|enabled|selected|ticked|active)$/i;
const STATE_OFF =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|stays\s+|remains\s+)?(?:still\s+|now\s+|turned\s+|switched\s+)?(unchecked|off|disabled|unticked|inactive|not\s+(?:checked|ticked|selected|enabled))$/i;
const VALUE_OF =
  /^(.+?)\s+(?:goes to|go to|go up to|is now|is|are|shows?|reads?|becomes|changes to|equals?|displays?|increases to|drops to|updates to)\s+(\S+)$/i;
const HIDDEN =
  /^(?:(.*?)\s+)?(?:is|are|gets|becomes)?\s*(?:hidden|gone|closed|not (?:visible|shown|displayed)|no longer (?:visible|shown))$|^(.*?)\s+(?:disappears?|closes|vanish(?:es)?)$/i;

/**
 * "\"Brunch\" is not shown", "the error is gone", "Bothy map is still listed": a statement that
 * something is, or is not, on the page.
 */
export function statesPresence(text: string): boolean {
  return HIDDEN_STATEMENT.test(withoutLiterals(text).trim()) || STILL_LISTED.test(text.trim());
}

/** Said with its verb ("is gone", "is not shown", "disappears"): "closed SHOP-2410" is no such statement. */
const HIDDEN_STATEMENT =
  /^[^,;:]*?\s*(?:is|are)\s+(?:now\s+|still\s+)?(?:hidden|gone|not\s+(?:visible|shown|displayed|listed|there)|no\s+longer\s+(?:visible|shown|displayed|listed|there))$|^[^,;:]*?\s+(?:disappears?|vanish(?:es)?)$/i;

const STILL_LISTED =
  /^((?!(?:For|The|A|An|No|Every|All|Each|Only|This|That|It|Its|Their|My|Your)\b)\p{Lu}[\p{L}'-]*(?:\s+(?!(?:no|not|only|exactly|all|every)\b)[\p{L}'-]+){0,3}?|\uE000\d+\uE001)\s+(?:is|are)\s+(?:still\s+)?(?:listed|there|in\s+the\s+list)$/u;

/** "a confirmation that repeats their address back to them": a message naming what the user typed. */
const ECHOES_VALUE =
  /^[\p{L} -]{1,40}?\s+(?:that|which)\s+(?:repeats|echoes|shows|mentions|includes|contains|names|quotes)\s+(?:back\s+)?(?:their|my|your|his|her|our|the)\s+([\p{L}-]+(?:\s+(?!back\b)[\p{L}-]+)?)(?:\s+back)?(?:\s+to\s+(?:them|me|you|him|her|us))?$/iu;

/** A verb saying what something shows, with the shown words after it ("it says X", "changes to X"). */
const SAYS =
  /^(?:(.*?)\s+)?(?:says|say|reads|read|shows|show|displays|display|mentions|mention|(?:changes|change|updates|update|turns|turn|switches|switch) to)\s+(.+)$/i;
const COUNT_START =
  /^(?:only\s+)?(?:the\s+)?(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i;

/** "it is", "your service's": a pronoun and its verb, which the page words its own way. */
const SAID_TO_BE =
  /^(?:that\s+)?(?:it|this|she|he|they|we|you)(?:['’]s|\s+(?:is|are|was|were|has been|have been|will be))\s+(?=\p{Ll})/iu;

/**
 * "the confirmation says it is booked for Thursday 4 June 2026 at 11:30": told, not quoted; what is
 * said of "it" with a time, date or number in it is the text to find (the page may begin it otherwise,
 * "Your full service is booked for …").
 */
function restatedText(
  ctx: Ctx,
  subject: string,
  shown: string,
  phrase: string,
  negated: boolean,
): PlannedStep | undefined {
  const rest = shown.trim().replace(SAID_TO_BE, '');
  if (rest === shown.trim()) return undefined;
  const text = plain(ctx, rest.replace(/[.!]+$/, ''));
  return /\d/.test(text) ? textStep(ctx, subject, text, phrase, negated) : undefined;
}

/** The exact text `text` seen (or not) on what `subject` names; anywhere for "it" or "the page". */
function textStep(ctx: Ctx, subject: string, text: string, phrase: string, negated: boolean): PlannedStep {
  const what = stripArticles(subject);
  const generic = what === '' || /^(?:it|this|that|they|page|screen|app|site)$/i.test(what);
  return step(negated ? 'expectHidden' : 'expectVisible', phrase, {
    target: generic ? '' : plain(ctx, what),
    exactName: text,
    value: text,
    valueSource: 'description',
    roleHints: generic ? [] : roleHintsOf(what),
  });
}

/**
 * "it says Showing 3 products", "the status changes to Dark theme is on": unquoted words shown on the
 * page, written as they appear (capitalised), are the exact text to find; a count is a count.
 */
export function shownStep(
  ctx: Ctx,
  subject: string,
  shown0: string,
  phrase: string,
  negated: boolean,
  said = false,
): PlannedStep | undefined {
  const restated = said ? restatedText(ctx, subject, shown0, phrase, negated) : undefined;
  if (restated) return restated;
  // "reads No results for \u201czzz\u201d": a quoted word inside a text written as shown is part of that
  // text. A quoted text on its own, or after other words, is asserted as quoted (by the caller).
  // "180 characters left": a number of three digits or more is a literal of its own, still a number
  // that starts the text.
  const shown = shown0.replace(/^\s*\uE000(\d+)\uE001/, (whole, id: string) => {
    const first = ctx.literals[Number(id)];
    return first?.kind === 'digits' && /^\d+$/.test(first.text) ? first.text : whole;
  });
  const inside = literalIds(shown).map((id) => ctx.literals[id]?.kind);
  const quoting = inside.length > 0;
  if (quoting && (!/^[\p{Lu}\d]/u.test(shown.trim()) || inside.some((k) => k === 'path' || k === 'url')))
    return undefined;
  // "Showing 2 products (Oak Side Table, …), not kitchen stuff": the text, without the aside. A quote
  // in parentheses ("Your reason: Other (\"…\")") is part of the text, and so is a count ("Done (2)").
  const words0 = shown
    .trim()
    .replace(
      /\s*\((?!\s*\uE000\d+\uE001\s*\))(?!\d+\))[^()]*\).*$|,?\s+(?:not|and not|but not|instead of|rather than)\s+(?:an?\s+|the\s+|any\s+)?\S.*$|,\s+not\s.*$/i,
      '',
    )
    .replace(/[.!]+$/, '')
    // "shows the page Email verified", "a mail Verify your email": the text, named by where it is.
    .replace(/^(?:the|a|an)\s+(?:page|screen|mail|e-?mail)\s+(?=[\p{Lu}\d])/u, '')
    // "Email verified, saying the account is now active": what follows says more about it.
    .replace(/,\s+(?:saying|telling|showing|which|where|while)\b.*$/i, '')
    .replace(/\s+for\s+(?:that|this|the same)\s+[\p{L}-]+$/iu, '');
  // "shows 3 products" counts them; "the heading says 3 comments" is what it says.
  if (COUNT_START.test(words0) && /\s/.test(words0) && !quoting && !said)
    return expectationStep(ctx, words0, phrase, negated);
  if (!/^[\p{Lu}\d]/u.test(words0) || /^(?:I|A|An|The)\b/.test(words0) || /^\d+$/.test(words0))
    return undefined;
  return textStep(ctx, subject, plain(ctx, words0), phrase, negated);
}

/** "Total: $24.00", "Status: \"Paid\"": a capitalised label, its colon and one value. */
const LABEL_AND_VALUE = /^\p{Lu}[\p{L}\d]*(?:\s+[\p{L}\d]+){0,2}:\s*\S+$/u;

/** "reads Total: $24.00": a label and its value as the page writes them are one text, asserted whole. */
export function labelledText(ctx: Ctx, shown: string, phrase: string): PlannedStep | undefined {
  if (!LABEL_AND_VALUE.test(shown.trim())) return undefined;
  const text = plain(ctx, shown.trim().replace(/[.!]$/, ''));
  return step('expectVisible', phrase, { value: text, valueSource: 'description', exactName: text });
}

/**
 * "Tip: $9.00, Total: $69.00 and Each person pays: $23.00": several labelled texts, each asserted;
 * else the one labelled text `shown` is, if it is one.
 */
export function labelledTexts(ctx: Ctx, shown: string, phrase: string): PlannedStep[] | undefined {
  const parts = shown
    .trim()
    .replace(/[.!]$/, '')
    .split(/,\s+(?:and\s+)?(?=\p{Lu})|\s+and\s+(?=\p{Lu})/u);
  const steps = parts.map((part) => labelledText(ctx, part, phrase));
  if (parts.length > 1 && steps.every((st) => st !== undefined)) return steps;
  const one = labelledText(ctx, shown, phrase);
  return one ? [one] : undefined;
}

/**
 * "Pine Forest Loop (45 m) is the first row", "Summit Trail the last", "Alder Ridge on top", "X ends
 * up at the bottom of the table": a named item and where it stands in its table or list.
 */
const POSITIONED =
  /^(.+?)\s+(?:(?:is|are|comes?|appears?|shows?|ends?\s+up|stays?|should\s+be)\s+)?(?:now\s+|still\s+)?(?:(?:the|in\s+the)\s+)?(?:(first|top|last|bottom)(?:\s+(?:row|item|entry|result|one|line|place|position))?|(?:at|on)\s+(?:the\s+)?(top|bottom)(?:\s+of\s+(?:the\s+)?[\p{L} ]{1,20})?|(?:on\s+)(top))$/iu;

/** "the last row is INV-1001 (1 Jan 2028, $49.00)": the place first, then the item in it. */
const PLACE_HOLDS =
  /^(?:the\s+)?(?:very\s+)?(first|top|last|bottom)\s+(?:row|item|entry|result|line|one)\s+(?:is|shows|reads|says|should\s+be)\s+(.+)$/i;

export function positionStep(ctx: Ctx, text: string, phrase: string): PlannedStep | undefined {
  const held = PLACE_HOLDS.exec(text.trim());
  const m = held ? [text, held[2], held[1]] : POSITIONED.exec(text.trim());
  if (!m) return undefined;
  // "the shortest trail, Brook Walk": the name is the capitalised words set off by commas.
  const said = (m[1] ?? '').replace(/\s*\([^()]*\)\s*$/, '').trim();
  const named = /,\s*(\p{Lu}[^,]*?),?$/u.exec(said)?.[1] ?? said;
  const name = literalOf(ctx, named)?.text ?? plain(ctx, stripArticles(named));
  if (!/^[\p{Lu}\d]/u.test(name) || name.split(/\s+/).length > 6) return undefined;
  const where = (m[2] ?? m[3] ?? m[4] ?? '').toLowerCase();
  return step('expectVisible', phrase, {
    exactName: name,
    value: name,
    valueSource: 'description',
    position: where === 'first' || where === 'top' ? 'first' : 'last',
  });
}

/** One object of an expectation ("the \"About us\" heading", "the /about URL", "it checked"). */
function expectationStep(
  ctx: Ctx,
  object: string,
  phrase: string,
  negated: boolean,
): PlannedStep | undefined {
  const text = stripArticles(object.replace(/^that\s+/i, '').trim());
  if (text === '') return undefined;
  const positioned = negated ? undefined : positionStep(ctx, text, phrase);
  if (positioned) return positioned;
  const lit = literalOf(ctx, text);
  // "the text Dark theme is on", "the message Saved": the capitalised words are the text shown.
  const named = lit ? null : /^(?:text|message|label|notice|status|banner)\s+(\p{Lu}.*)$/u.exec(text);
  // "the text Renamed is not shown": no text with those words.
  const absent = named
    ? /^(.+?)\s+(?:is|are)\s+(?:not|no\s+longer)\s+(?:shown|visible|displayed)$/.exec(named[1] ?? '')
    : null;
  if (absent && !negated)
    return step('expectHidden', phrase, { exactName: plain(ctx, absent[1] ?? ''), roleHints: [] });
  if (named && !negated)
    return step('expectVisible', phrase, {
      target: '',
      exactName: plain(ctx, named[1] ?? ''),
      value: plain(ctx, named[1] ?? ''),
      valueSource: 'description',
      roleHints: [],
    });
  // "Deleted \"Winter kit list\".": a message that quotes the item it is about, written whole.
  if (
    lit &&
    !negated &&
    /^\p{Lu}\p{Ll}+ed\s+\uE000\d+\uE001[.!]?$/u.test(text) &&
    roleHintsOf(text).length === 0
  ) {
    const whole = shownStep(ctx, '', text, phrase, false);
    if (whole) return whole;
  }
  // "Bothy map is still listed": the item, by its name, is on the page.
  const listed = negated ? null : STILL_LISTED.exec(text);
  if (listed) {
    const name = literalOf(ctx, listed[1] ?? '')?.text ?? plain(ctx, listed[1] ?? '');
    return step('expectVisible', phrase, { exactName: name, value: name, valueSource: 'description' });
  }
  const said = lit ? SAYS.exec(text) : null;
  const labelled = said && !negated ? labelledText(ctx, said[2] ?? '', phrase) : undefined;
  if (labelled) return labelled;
  const says = SAYS.exec(text);
  const verb = says
    ? text
        .slice((says[1] ?? '').length)
        .trim()
        .split(/\s+/)[0]
    : undefined;
  const shown = says
    ? shownStep(ctx, says[1] ?? '', says[2] ?? '', phrase, negated, /^(?:says?|reads?)$/i.test(verb ?? ''))
    : undefined;
  if (shown) return shown;
  // "a confirmation that repeats their address back to them": the value written into that field.
  const echoed = lit ? null : ECHOES_VALUE.exec(text);
  const filled = echoed ? ctx.steps.some((s) => s.kind === 'fill' && s.valueSource === 'description') : false;
  if (echoed && filled && !negated)
    return step('expectVisible', phrase, { target: echoed[1] ?? '', refersToPrevious: true, roleHints: [] });
  // "the message is still there": the value written into the field of that name.
  const there = lit
    ? null
    : /^(.+?)\s+(?:(?:is|are)\s+(?:still\s+)?(?:there|here|present|visible|shown|listed|displayed|in\s+(?:(?:the|my|your)\s+)?\S+)|(?:shows?(?:\s+up)?|appears?|turns?\s+up)\s+(?:in|on)\s+(?:the|my|your)\s+\S+)/i.exec(
        text,
      );
  const what = there ? stripArticles(there[1] ?? '') : '';
  if (
    there &&
    words(what).length <= 2 &&
    ctx.steps.some((s) => s.kind === 'fill' && s.valueSource !== 'none' && overlap(what, s.target) > 0)
  )
    return step('expectVisible', phrase, { target: plain(ctx, what), refersToPrevious: true, roleHints: [] });
  // "it should be shown" of the record an unread sentence named ("can't find invoice INV-1003"), when
  // no value was written since.
  const last = ctx.steps.at(-1);
  if (/^it\b/i.test(text) && ctx.mentioned && !negated && last?.kind !== 'fill' && !HIDDEN.test(text))
    return step('expectVisible', phrase, {
      exactName: ctx.mentioned,
      value: ctx.mentioned,
      valueSource: 'description',
    });
  // "see it in the chat log": the value the test just wrote.
  if (
    /^(?:it|them)\b/i.test(text) &&
    !lit &&
    !STATE_ON.test(text) &&
    !STATE_OFF.test(text) &&
    !negated &&
    !HIDDEN.test(text)
  ) {
    return step('expectVisible', phrase, { target: plain(ctx, text), refersToPrevious: true, roleHints: [] });
  }
  const hidden = HIDDEN.exec(text);
  if (negated || hidden) {
    const what = negated ? text : (hidden?.[1] ?? hidden?.[3] ?? '');
    const l = literalOf(ctx, what);
    const prev = isPronoun(what) ? previousTarget(ctx) : undefined;
    // "the button is gone" after "click Load more": that button, found by its name.
    const named = prev || l ? undefined : roleAntecedent(ctx, what);
    return step('expectHidden', phrase, {
      target: (prev ?? named)?.target ?? plain(ctx, withoutLiterals(what)),
      ...(l
        ? { exactName: l.text }
        : (prev ?? named)?.exactName
          ? { exactName: (prev ?? named)?.exactName }
          : {}),
      roleHints: prev ? prev.roleHints : roleHintsOf(what),
      refersToPrevious: prev !== undefined,
    });
  }
  const path = literalOf(ctx, text, ['path', 'url']);
  if (path) return step('expectUrl', phrase, { value: path.text, valueSource: 'description' });
  const on = STATE_ON.exec(withoutLiterals(text));
  const off = STATE_OFF.exec(withoutLiterals(text));
  // "2 seats selected": a counter's text, not the state of something called "2 seats".
  const counted = /^\d{1,6}\s+[\p{L}-]+$/u.test(((on ?? off)?.[1] ?? '').trim());
  if ((on || off) && !lit && !counted) {
    const what = (on ?? off)?.[1] ?? 'it';
    const prev = isPronoun(what) || what === '' ? previousTarget(ctx) : undefined;
    const named = prev ? undefined : roleAntecedent(ctx, what);
    const word = ((on ?? off)?.[2] ?? '').toLowerCase().replace(/^not\s+enabled$/, 'disabled');
    // "the Set new password button stays disabled": a control that cannot be used, not a switch off.
    const usable =
      (word === 'enabled' || word === 'disabled') &&
      !CHECKABLE_WORDS.test(what) &&
      roleHintsOf(what).some((h) => USABLE_ROLES.has(h));
    return step('expectState', phrase, {
      target: (prev ?? named)?.target ?? plain(ctx, what),
      ...((prev ?? named)?.exactName ? { exactName: (prev ?? named)?.exactName } : {}),
      roleHints: prev ? prev.roleHints : usable ? roleHintsOf(what) : ['checkbox', 'switch'],
      refersToPrevious: prev !== undefined,
      state: usable ? (on ? 'enabled' : 'disabled') : on ? 'checked' : 'unchecked',
    });
  }
  const valueOf = VALUE_OF.exec(text);
  if (valueOf && !lit && parseCount(valueOf[2] ?? '') !== undefined) {
    return step('expectText', phrase, {
      target: plain(ctx, stripArticles(valueOf[1] ?? '')),
      value: String(parseCount(valueOf[2] ?? '')),
      valueSource: 'description',
      roleHints: roleHintsOf(valueOf[1] ?? ''),
    });
  }
  const count =
    /^(?:only\s+|exactly\s+|precisely\s+)?(?:the\s+)?(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(.+)$/i.exec(
      withoutLiterals(text),
    );
  if (count && !lit && COUNTER_TEXT.test(count[2] ?? '')) {
    const shown = `${count[1] ?? ''} ${count[2] ?? ''}`;
    return step('expectVisible', phrase, { value: shown, valueSource: 'description', exactName: shown });
  }
  // "shows 14 Mill Lane": a number before a name is part of it (a house number), not a count.
  if (count && !lit && /^\d+$/.test(count[1] ?? '') && /^\p{Lu}\p{Ll}/u.test(count[2] ?? '')) {
    const shown = `${count[1] ?? ''} ${count[2] ?? ''}`;
    return step('expectVisible', phrase, { value: shown, valueSource: 'description', exactName: shown });
  }
  if (count && !lit) {
    return step('expectCount', phrase, {
      target: count[2] ?? '',
      value: String(parseCount(count[1] ?? '') ?? ''),
      valueSource: 'description',
      roleHints: roleHintsOf(count[2] ?? ''),
    });
  }
  // "250.00 USD = 39,350 JPY": figures and codes with only signs between them; the whole is the text.
  if (lit && FIGURES.test(text.trim()) && /[A-Z=]/.test(withoutLiterals(text))) {
    const shown = plain(ctx, text.trim());
    return step('expectVisible', phrase, { value: shown, valueSource: 'description', exactName: shown });
  }
  if (lit) {
    // "\"Saved\" is shown", "the heading \"X\" appears": the verb is not part of the target.
    const rest = withoutLiterals(text)
      .replace(/\s*\b(?:(?:is|are)\s+(?:shown|displayed|visible|there|present)|appears?|shows up)$/i, '')
      .trim();
    return step('expectVisible', phrase, {
      target: rest,
      exactName: lit.text,
      value: lit.text,
      valueSource: 'description',
      roleHints: roleHintsOf(rest),
    });
  }
  // "the title Join our newsletter", "a heading Welcome back": a heading named in plain words.
  const namedHeading =
    /^(?:with\s+)?(?:the\s+|a\s+|an\s+)?(?:page\s+|dialog\s+|modal\s+)?(?:heading|headline|title)\s+(?:reading\s+|saying\s+|is\s+|reads\s+|says\s+|=\s*)?(\p{Lu}.*)$/u.exec(
      text,
    );
  if (namedHeading && !lit) {
    const name = plain(ctx, namedHeading[1] ?? '');
    return step('expectVisible', phrase, {
      target: 'heading',
      exactName: name,
      value: name,
      valueSource: 'description',
      roleHints: ['heading'],
    });
  }
  const hints = roleHintsOf(text);
  if (hints.includes('dialog'))
    return step('expectVisible', phrase, { target: plain(ctx, text), roleHints: ['dialog'] });
  if (/\bname\b/i.test(text) && ctx.lastEntity && hints.length === 0) {
    return step('expectVisible', phrase, {
      target: 'name',
      exactName: ctx.lastEntity,
      value: ctx.lastEntity,
      valueSource: 'description',
      roleHints: ['heading'],
    });
  }
  const prevEntity = ctx.lastEntity;
  // "see the lamp listed": a word of the last named entity stands for it.
  if (prevEntity && words(text).some((w) => w.length > 3 && words(prevEntity).includes(w))) {
    return step('expectVisible', phrase, {
      target: plain(ctx, text),
      exactName: prevEntity,
      value: prevEntity,
      valueSource: 'description',
      roleHints: [],
    });
  }
  // Without a literal the object is matched by meaning against what the page shows (or dropped);
  // "Email is shown", "Name and Email are visible": the verb is no part of what is looked for.
  const seen = text.replace(SHOWN_VERB_AT_END, '').trim() || text;
  return step('expectVisible', phrase, { target: plain(ctx, seen), roleHints: hints });
}

/** A passive "is shown" closing an object that names what is seen. */
const SHOWN_VERB_AT_END =
  /\s+(?:is|are)\s+(?:now\s+|still\s+|also\s+)?(?:shown|displayed|visible|present|listed)$|\s+(?:appears?|shows up)$/i;

function negatedVerb(verb: string): boolean {
  return /\bnot\b|n't|\bno longer\b|\bnever\b/.test(verb);
}

export function expectationSteps(ctx: Ctx, verb: string, body0: string, phrase: string): PlannedStep[] {
  // "no results (\"No results\" message)": the quoted text in parentheses is what is shown.
  const quoted = /\(([^()]*\uE000\d+\uE001[^()]*)\)/.exec(body0);
  // "greet me by name (Demo User)": capitalised words in parentheses are the text shown.
  const named = quoted ? null : /\((\p{Lu}[^()]{0,60})\)\s*$/u.exec(body0);
  if (named && !negatedVerb(verb))
    return [
      step('expectVisible', phrase, {
        target: plain(ctx, stripArticles(withoutLiterals(body0.slice(0, named.index)))),
        exactName: plain(ctx, named[1] ?? ''),
        value: plain(ctx, named[1] ?? ''),
        valueSource: 'description',
        roleHints: [],
      }),
    ];
  // A quoted text in parentheses stands in the sentence ("price ($49.00)"), and says what "no
  // results (\"No results\")" means: the text is shown.
  const body = quoted
    ? body0
        .replace(quoted[0], ` ${quoted[1] ?? ''} `)
        .replace(/\s+/g, ' ')
        .trim()
    : body0;
  // "verify login works": a title for the steps, not something the page shows.
  if (/^(?:that\s+)?(?:the\s+)?[\p{L} -]{1,40}?\s+(?:works?|is working|functions? correctly)$/iu.test(body))
    return [];
  // "\"At least 8 characters\" and \"A lowercase letter\" are ticked": the state said of each named item.
  const itemState = ITEM_STATE.exec(body);
  if (itemState && !negatedVerb(verb)) {
    const items = body.slice(0, itemState.index).split(LIST_SEPARATOR);
    const named = items.map((i) => literalOf(ctx, i.trim()));
    if (named.every((l) => l !== undefined && withoutLiterals(items[named.indexOf(l)] ?? '').trim() === ''))
      return named.map((l) =>
        step('expectState', phrase, {
          target: l?.text ?? '',
          exactName: l?.text ?? '',
          roleHints: [],
          state: itemState[1] ? 'unchecked' : 'checked',
        }),
      );
  }
  const negated = negatedVerb(verb) || (!quoted && /^(?:no|not)\s+/i.test(body));
  const text = body.replace(/^(?:no|not)\s+/i, '');
  const objects: string[] = [];
  for (const o0 of text.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+with\s+/i).map((x) => x.trim())) {
    // "there is only 1 egg": the number and its noun, as for "1 egg".
    const o = o0.replace(/^there\s+(?:is|are)\s+(?:(?:only|just|exactly)\s+)?(?=\d)/i, '');
    if (o === '') continue;
    // "it says Welcome, Demo User": capitalised words after a comma continue the shown text.
    const prev = objects[objects.length - 1];
    const shown = prev === undefined ? null : SAYS.exec(prev);
    if (
      prev !== undefined &&
      shown &&
      /^[\p{Lu}\d]/u.test(shown[2] ?? '') &&
      /^\p{Lu}/u.test(o) &&
      o.split(/\s+/).length <= 4 &&
      !isVerbStart(o)
    )
      objects[objects.length - 1] = `${prev}, ${o}`;
    else objects.push(o);
  }
  const out: PlannedStep[] = [];
  // "the answer mentions 30 days and a full refund": each thing mentioned is a text in it.
  let mentioned = false;
  for (const [i, object] of objects.entries()) {
    // "show both May ones, R-2195 and R-2210": the words before the names only say how many they are.
    if (i < objects.length - 1 && SUMMARY_OF_NAMES.test(object)) continue;
    // "the account page is shown with the heading X": the heading is the check.
    if (BACK_ON.test(object) || (objects.length > 1 && PAGE_SHOWN.test(object))) continue;
    const mention = negated ? null : MENTIONS.exec(object);
    if (mention || mentioned) {
      mentioned = true;
      const words = stripArticles(mention ? (mention[2] ?? '') : object);
      const text = literalOf(ctx, words)?.text ?? plain(ctx, words);
      const where = stripArticles(mention?.[1] ?? '').replace(/\s+(?:should|must|will|does|can)$/i, '');
      out.push(
        step('expectVisible', phrase, {
          target: plain(ctx, where),
          value: text,
          valueSource: 'description',
          exactName: text,
        }),
      );
      continue;
    }
    // "get \"Saved\" and no error", "shows X, no Y": a later object of its own says what must not show.
    const none =
      !negated && out.length > 0 && /(?:\band|,)\s+no\s/.test(text) ? /^no\s+(?=\S)/.exec(object) : null;
    const s = none
      ? expectationStep(ctx, object.slice(none[0].length), phrase, true)
      : expectationStep(ctx, object, phrase, negated);
    if (s) out.push(s);
  }
  return out;
}

/** "both May ones", "the two new ones", "all three of them": the items named after it, counted. */
const SUMMARY_OF_NAMES =
  /^(?:both|all|all\s+(?:two|three|four|five)|the\s+(?:two|three|four|five))\s+(?:[\p{L}-]+\s+){0,2}?(?:ones|of\s+them)$/iu;

/** "… are ticked", "… is NOT ticked", "… stays unticked": the state of the items named before it. */
const ITEM_STATE =
  /\s+(?:is|are|stays?|remains?)\s+(?:still\s+)?(not\s+|un)?(?:ticked|checked|met|satisfied|crossed\s+off)$/i;

/** "the answer mentions 30 days": what follows is a text in it, not a count. */
const MENTIONS = /^(?:(.*?)\s)?(?:mentions?|refers? to)\s+(\S.*)$/i;

/** A verb saying what the app shows, with the shown text after it ("greets you with", "displays"). */
const OUTCOME_VERB =
  /\b(?:shows?|displays?|greets?|greeted|says?|reads?|welcomes?|welcomed|presents?|prints?|renders?)\b(?:\s+(?:you|the user|users|them|him|her))?(?:\s+(?:with|as|by))?\s+/i;
/** The shown text before the verb ("\"Saved\" appears"). */
const APPEARS = /^(.*?)\s+(?:appears?|is shown|is displayed|shows up|pops up|comes up)\b/i;

/**
 * An outcome stated without an expect verb — "afterwards the page greets you with \"X\"", "a banner
 * shows \"X\"", "\"X\" appears" — when it quotes what is shown: the quoted text is asserted.
 */
export function outcomeSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  if (literalIds(text).length === 0) return undefined;
  const shown = OUTCOME_VERB.exec(text);
  const object = shown ? text.slice(shown.index + shown[0].length) : APPEARS.exec(text)?.[1];
  if (object === undefined || literalIds(object).length === 0) return undefined;
  const labelled = labelledText(ctx, object, phrase);
  if (labelled) return [labelled];
  // "the status reads No results for \u201czzz\u201d": the words as the page writes them (no negation).
  const written =
    shown && /^[\p{Lu}\d]/u.test(object.trim()) && !/\s(?:and|or)\s/i.test(object)
      ? shownStep(ctx, text.slice(0, shown.index), object, phrase, false)
      : undefined;
  if (written) return [written];
  const steps = expectationSteps(ctx, 'see', object, phrase);
  return steps.length > 0 ? steps : undefined;
}
