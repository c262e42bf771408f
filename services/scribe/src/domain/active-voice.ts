// Tickets and acceptance criteria often state steps in the third person ("the user clicks Log in"),
// in the passive ("the card number … is entered", "after Send is clicked") or as an outcome with
// its cause ("a modal is displayed once the user clicks X"). These rules rewrite such a clause into
// the imperative clauses the parser reads ("click Log in"), in the order the steps happen. They
// work on protected text: literals are placeholders (\uE000n\uE001).

const LITERAL = '\uE000\\d+\uE001';

/** Who performs a step: "the user", "a new customer", "they"; an optional name literal after it. */
const PERSON = new RegExp(
  `^(?:(?:the|a|an|new|registered|returning|existing|logged[- ]in|signed[- ]in|any)\\s+)*(?:users?|customers?|visitors?|shoppers?|buyers?|members?|admins?|testers?|someone|somebody|he|she|they)\\s+(?:(${LITERAL})\\s+)?`,
  'i',
);

const NAMED = new RegExp(`^(${LITERAL})\\s+(?=\\p{L}+s\\s)`, 'u');

/** A participle the user's own action is stated with, and the imperative verb for it. */
const ACTION_PARTICIPLES: ReadonlyMap<string, string> = new Map([
  ['clicked on', 'click'],
  ['clicked', 'click'],
  ['pressed', 'press'],
  ['tapped on', 'tap'],
  ['tapped', 'tap'],
  ['hit', 'click'],
  ['submitted', 'submit'],
  ['entered', 'enter'],
  ['typed in', 'type'],
  ['typed', 'type'],
  ['keyed in', 'enter'],
  ['filled in', 'fill in'],
  ['filled out', 'fill in'],
  ['filled', 'fill in'],
  ['completed', 'fill in'],
  ['selected', 'select'],
  ['chosen', 'choose'],
  ['picked', 'pick'],
  ['set', 'set'],
  ['cleared', 'clear'],
  ['emptied', 'clear'],
]);

/** What "X can be …" can be done to X. */
const ABLE_PARTICIPLES: ReadonlyMap<string, string> = new Map([
  ['turned on', 'turn on'],
  ['turned off', 'turn off'],
  ['switched on', 'switch on'],
  ['switched off', 'switch off'],
  ['enabled', 'enable'],
  ['disabled', 'disable'],
  ['toggled', 'toggle'],
  ['checked', 'check'],
  ['unchecked', 'uncheck'],
  ['ticked', 'tick'],
  ['opened', 'open'],
  ['closed', 'close'],
  ['expanded', 'expand'],
  ['collapsed', 'collapse'],
  ['dismissed', 'dismiss'],
  ['added', 'add'],
  ['removed', 'remove'],
  ['deleted', 'delete'],
  ['saved', 'save'],
  ['sent', 'send'],
  ['uploaded', 'upload'],
  ['clicked', 'click'],
  ['pressed', 'press'],
  ['submitted', 'submit'],
  ['selected', 'select'],
]);

const alternation = (words: Iterable<string>): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, '\\s+'))
    .join('|');

const PASSIVE = new RegExp(
  `^(.+?)\\s+(?:is|are|gets|get|has been|have been)\\s+(${alternation(ACTION_PARTICIPLES.keys())})\\b\\s*(.*)$`,
  'i',
);
const ABLE = new RegExp(
  `^(.+?)\\s+can\\s+(?:now\\s+|also\\s+)?be\\s+(${alternation(ABLE_PARTICIPLES.keys())})\\b\\s*(.*)$`,
  'i',
);
/** "is redirected to /account", "gets taken back to the shop". */
const REDIRECTED =
  /^(?:is|are|gets?|got|will be|should be)\s+(?:redirected|taken|sent|brought|forwarded|navigated|returned)\s+(?:back\s+)?to\s+(.+?)(?:\s+and\s+(.+))?$/i;
/** "greeted with X", "is welcomed by X": what the page says. */
const GREETED = /^(?:is\s+|are\s+|gets?\s+)?(?:greeted|welcomed)\s+(?:with|by)\s+(.+)$/i;
/** "X is expected to be shown": the outcome, with nothing after it. */
const EXPECTED_SHOWN =
  /^(.+?)\s+(?:is|are)\s+expected(?:\s+to\s+(?:be\s+)?(?:shown|displayed|visible|present|there|listed|appear|show up))?$/i;
/** "X lands on /path (with Y)": a link followed to the path it goes to. */
const LANDS_ON = new RegExp(
  `^(.+?)\\s+(?:lands?\\s+(?:me\\s+|you\\s+|the\\s+user\\s+)?on|leads?\\s+to|takes?\\s+(?:me|you|the\\s+user|us)\\s+to|goes\\s+to|navigates?\\s+to)\\s+(${LITERAL})(?:\\s+with\\s+(.+))?$`,
  'i',
);
/** "the cart page will list X": what another page shows (it is gone to first). */
const PAGE_SHOWS =
  /^(?:the\s+)?(?!(?:the|this|that|a|an|each|every|same|whole)\s+page)([\p{L}][\p{L} -]{0,20}?)(?<!\b(?:the|this|that|a|an))\s+page\s+(?:should\s+|will\s+|must\s+)?(?:then\s+|also\s+|now\s+)?(lists?|shows?|displays?|contains?|says?|includes?)\s+(.+)$/iu;
/** "with Category = Office, …": a filter or field set, then what follows from it. */
const WITH_SETTING = /^with\s+(?:the\s+)?(\p{L}[\p{L} -]{0,30}?)\s*(?:=|set to)\s*(\S+?)\s*,?\s+(\S.*)$/iu;
/** "(we should) land back on the shop showing X": the text shown where the flow ends. */
const LAND_SHOWING =
  /^(?:should\s+|will\s+)?(?:land|end up|get|come|be|are|is)\s+(?:back\s+)?(?:on|to|at|in)\s+.+?\s+(?:showing|displaying|saying|reading)\s+(.+)$/i;
/** "'Close' hides it again", "the X button closes the dialog". */
const CONTROL_HIDES = new RegExp(
  `^(${LITERAL}|(?:the\\s+)?[\\p{L}][\\p{L} -]{0,30}?\\s+(?:button|link|icon))\\s+(?:hides|closes|dismisses)\\s+(it|them|the\\s+\\p{L}+)(?:\\s+again)?$`,
  'iu',
);
/** "a 'Verify' mail arrives in the Mailbox": the mailbox is opened to see it. */
const MAIL_ARRIVES =
  /^(.+?)\s+(?:arrives?|lands?|shows up|appears|is delivered)\s+(?:in|to)\s+(?:the\s+|my\s+|your\s+)?(mailbox|inbox|mail box)\b.*$/i;
/** "X changes from A to B": the value it ends with. */
const CHANGES_FROM =
  /^(.+?)\s+(?:(should|must|will)\s+)?(?:changes?|goes|go|switch(?:es)?|turns?|updates?|flips?)\s+from\s+(.+?)\s+to\s+(.+)$/i;
/** Modal verbs and their kin before the verb a person does a step with. */
const MODAL_LEAD =
  /^(?:will|shall|would|should|must|can|could|may|(?:is|are|am)\s+going\s+to|needs?\s+to|has\s+to|have\s+to|wants?\s+to|tries\s+to|try\s+to)(?:\s+be\s+able\s+to)?\s+(?:then\s+|also\s+|now\s+|first\s+)?(\p{L}+)(.*)$/iu;
/** "are showing X": an outcome in the progressive, as "shows X". */
const SHOWING = /^(.+?)\s+(?:is|are)\s+(show|display|list|say|read|contain|includ)ing\b(.*)$/i;

/** "… once the user clicks X, with …": an outcome, its cause, and more about the outcome. */
const OUTCOME_ONCE = /^(.+?)\s*,?\s+(?:once|when|whenever|after|as soon as)\s+(.+)$/i;

export interface VoiceContext {
  /** The first words of the parser's action verbs ("click", "log" for "log in"). */
  readonly actionHeads: ReadonlySet<string>;
  /** The first words of its expectation verbs ("see", "verify"). */
  readonly expectHeads: ReadonlySet<string>;
  /** Whether a literal placeholder is a path ("/pricing"). */
  isPath(literal: string): boolean;
  /** Whether the clause began with "when", "once", "after" or "if" (a condition: an action). */
  readonly conditional: boolean;
  /** The clause follows an expectation verb ("ensure that …"): only outcome rewrites apply. */
  readonly asserted: boolean;
}

/** Whether the clause is a passive of the user's action ("X is clicked"), and so has a subject. */
export function passiveSubject(body: string): boolean {
  return PASSIVE.test(body);
}

/** Whether the clause ends in a passive participle ("Send message is clicked"). */
export function endsInPassive(body: string): boolean {
  const m = PASSIVE.exec(body);
  return m !== null && (m[3] ?? '') === '';
}

/**
 * Verbs an app does as often as its user: in the third person their subject is the app ("the bank
 * asks for a code", "the site requests access"), so they are no step of the user's.
 */
const APP_VERBS: ReadonlySet<string> = new Set(['ask', 'request']);

/** The base form of a verb in the third person ("clicks" → "click", "applies" → "apply"). */
export function baseOfThirdPerson(word: string, heads: ReadonlySet<string>): string | undefined {
  const w = word.toLowerCase();
  if (!w.endsWith('s')) return undefined;
  const candidates = [w.slice(0, -1), w.replace(/es$/, ''), w.replace(/ies$/, 'y')];
  return candidates.find((c) => c !== w && heads.has(c) && !APP_VERBS.has(c));
}

/** The clause as imperative clauses, or undefined when it is not written in one of these voices. */
export function activeVoice(body: string, ctx: VoiceContext): string[] | undefined {
  // "'Frank' joins the chat": a name alone can be the subject too.
  const named = NAMED.exec(body);
  const namedActs =
    named !== null && baseOfThirdPerson(body.slice(named[0].length).split(/\s+/)[0] ?? '', ctx.actionHeads);
  const person = PERSON.exec(body) ?? (namedActs ? named : null);
  const rest = person ? body.slice(person[0].length) : body;
  const name = person?.[1];

  const redirected = REDIRECTED.exec(rest);
  if (redirected) {
    const then = redirected[2];
    return [`should end up on ${redirected[1] ?? ''}`, ...(then ? (activeVoice(then, ctx) ?? [then]) : [])];
  }
  const greeted = GREETED.exec(rest);
  if (greeted) return [`greet the user with ${greeted[1] ?? ''}`];

  // "with Category = Office the catalogue lists …": the setting made first, then the outcome.
  const setting = WITH_SETTING.exec(body);
  if (setting) return [`select ${setting[2] ?? ''} in ${setting[1] ?? ''}`, setting[3] ?? ''];
  const landed = LAND_SHOWING.exec(rest);
  if (landed) return [`the page shows ${landed[1] ?? ''}`];
  if (ctx.asserted)
    return equalsNumber(body) ?? changedValue(body) ?? landsOn(body, ctx) ?? outcomeOnceAction(body, ctx);
  // "(the user) will add X", "should be able to narrow …", "is typing X": the verb they do it with.
  const tensed = tensedStep(rest, ctx, person !== null);
  if (tensed) return thirdPersonSteps(tensed, ctx);
  const [first = '', ...tail] = rest.split(/\s+/);
  const base = baseOfThirdPerson(first, ctx.actionHeads) ?? baseOfThirdPerson(first, ctx.expectHeads);
  // "Filters are kept", "Searches should …": a plural noun, not a verb.
  const nounSubject = /^(?:is|are|was|were|should|must|will|can|may|do|don't)$/i.test(tail[0] ?? '');
  if (base !== undefined && tail.length > 0 && (person || !nounSubject)) {
    // "joins the chat and sends X": each verb its own step.
    const [clause = '', ...more] = thirdPersonSteps(`${base} ${tail.join(' ')}`, ctx);
    // "user 'Frank' joins the chat": the name is who joins.
    const who = name && /^(?:join|enter|register|sign|log)$/.test(base) ? `${clause} as ${name}` : clause;
    return [who, ...more];
  }
  if (person) return undefined;

  const showing = SHOWING.exec(body);
  if (showing) {
    const verb = (showing[2] ?? '').toLowerCase();
    return [`${showing[1] ?? ''} ${verb === 'includ' ? 'includes' : `${verb}s`}${showing[3] ?? ''}`];
  }
  const pageShows = PAGE_SHOWS.exec(body);
  // "the group page should say No dogs, please": words written as the page writes them are its text
  // ("see No dogs …" would read "No" as not).
  if (pageShows && /^says?$/i.test(pageShows[2] ?? '') && /^\p{Lu}/u.test(pageShows[3] ?? ''))
    return [`go to the ${pageShows[1] ?? ''} page`, `it says ${pageShows[3] ?? ''}`];
  if (pageShows) return [`see ${pageShows[3] ?? ''} on the ${pageShows[1] ?? ''} page`];
  const able = ABLE.exec(body);
  // "a dialog which can be closed": said of something a step before it produced, not an action;
  // "Settings has a Dark mode switch that can be switched on": a control, and what to do with it.
  const relative = able
    ? /^(?:.*\b(?:has|have|with|shows?)\s+)?(?:a|an|the)?\s*(.+?)\s+(?:which|that)$/i.exec(able[1] ?? '')
    : null;
  const control =
    relative && /\b(?:switch|toggle|checkbox|check box|button|link|field|option)$/i.test(relative[1] ?? '');
  if (able && (control || !/\b(?:which|that|who|where)\b/i.test(able[1] ?? ''))) {
    const verb = ABLE_PARTICIPLES.get(normalized(able[2])) ?? 'click';
    const object = control ? (relative?.[1] ?? '') : (able[1] ?? '');
    return [`${verb} ${object}${able[3] ? ` ${able[3]}` : ''}`];
  }
  const passive = passiveClauses(body, ctx);
  if (passive) return passive;

  // "Close hides it again": a click on the control, and what it hides is gone.
  const hides = CONTROL_HIDES.exec(body);
  if (hides) return [`click ${hides[1] ?? ''}`, `${hides[2] ?? 'it'} should be hidden`];
  const mail = MAIL_ARRIVES.exec(body);
  if (mail) return [`open the ${mail[2] ?? ''}`, `expect to see ${mail[1] ?? ''}`];
  const expected = EXPECTED_SHOWN.exec(body);
  if (expected) return [`expect to see ${expected[1] ?? ''}`];

  return landsOn(body, ctx) ?? changedValue(body) ?? outcomeOnceAction(body, ctx);
}

function landsOn(body: string, ctx: VoiceContext): string[] | undefined {
  const lands = LANDS_ON.exec(body);
  if (!lands || !ctx.isPath(lands[2] ?? '')) return undefined;
  // "clicking About should take you to /about": the gerund names the step, the modal no control.
  const control = (lands[1] ?? '').replace(/\s+(?:should|must|will|shall|would)$/i, '');
  const gerund =
    /^(?:clicking|tapping|pressing|following|choosing|selecting|opening)\s+(?:on\s+)?(.+)$/i.exec(control);
  return [
    `click ${gerund?.[1] ?? control}`,
    `should end up on ${lands[2] ?? ''}`,
    ...(lands[3] ? [`expect to see ${lands[3]}`] : []),
  ];
}

/** "cart badge = 1" (in expected results): the value something shows. */
function equalsNumber(body: string): string[] | undefined {
  const m = /^((?:the\s+)?\p{L}[\p{L} -]{0,30}?)\s*={1,2}\s*(\d{1,6})$/u.exec(body);
  return m ? [`${m[1] ?? ''} should be ${m[2] ?? ''}`] : undefined;
}

/** "X changes from A to B": X should be B. What it was before the step is not asserted: the step came first. */
function changedValue(body: string): string[] | undefined {
  const changes = CHANGES_FROM.exec(body);
  if (!changes) return undefined;
  const to = changes[4] ?? '';
  // A number is the value ("the badge should be 1"); a number of something is a figure it reaches
  // ("go from 3 to 4 votes"); a text is what it says, which may itself read as a statement ("Dark
  // theme is on").
  const verb = /^\d+$/.test(to) ? 'be' : /^\d[\d,.]*\s*(?:%|\p{L})/u.test(to) ? 'go to' : 'say';
  return [`${changes[1] ?? ''} ${changes[2] ?? 'should'} ${verb} ${to}`];
}

/**
 * "join the chat and sends X", "is typing 123456 and clicks Verify", "open the mailbox, click X
 * and will see Y": each verb after "and" (in any of these forms) starts a clause of its own.
 */
function thirdPersonSteps(clause: string, ctx: VoiceContext): string[] {
  const out: string[] = [];
  let verb = '';
  let start = 0;
  for (const m of clause.matchAll(/\s+and\s+((?:(?:will|then|is|are|also)\s+)*)(\p{L}+)(?=\s)/gu)) {
    const word = m[2] ?? '';
    const helper = (m[1] ?? '').trim();
    const base =
      baseOfThirdPerson(word, ctx.actionHeads) ??
      baseOfThirdPerson(word, ctx.expectHeads) ??
      (/\bwill\b/i.test(helper) && (ctx.actionHeads.has(word) || ctx.expectHeads.has(word))
        ? word
        : undefined) ??
      (/\b(?:is|are)\b/i.test(helper) ? gerundBase(word, ctx) : undefined);
    if (base === undefined || m.index === undefined) continue;
    out.push(verb + clause.slice(start, m.index));
    verb = base;
    start = m.index + m[0].length;
  }
  out.push(verb + clause.slice(start));
  return out;
}

/** The action a gerund names ("typing" → "type", "clicking" → "click"), if it is one. */
function gerundBase(word: string, ctx: VoiceContext): string | undefined {
  const w = word.toLowerCase();
  if (!w.endsWith('ing')) return undefined;
  const stem = w.slice(0, -3);
  const candidates = [stem, `${stem}e`, stem.slice(0, -1)];
  return candidates.find((c) => ctx.actionHeads.has(c) || ctx.expectHeads.has(c));
}

/**
 * A step stated with a modal verb or in the progressive: "(the user) will add X" → "add X",
 * "should be able to narrow …" → "narrow …", "(user) is typing X" → "type X". Without a person
 * before it, only a clause that starts with the auxiliary (its subject left out) counts.
 */
function tensedStep(rest: string, ctx: VoiceContext, person: boolean): string | undefined {
  const modal = MODAL_LEAD.exec(rest);
  if (modal && person) {
    const word = (modal[1] ?? '').toLowerCase();
    if (ctx.actionHeads.has(word) || ctx.expectHeads.has(word)) return `${word}${modal[2] ?? ''}`;
  }
  const progressive = /^(?:is|are|am)\s+(\p{L}+ing)\b(.*)$/iu.exec(rest);
  if (progressive) {
    const base = gerundBase(progressive[1] ?? '', ctx);
    if (base) return `${base}${progressive[2] ?? ''}`;
    // "(then) is showing Payment successful": what the page shows.
    const shown = /^(show|display|say|read)ing$/i.exec(progressive[1] ?? '');
    if (shown && !person) return `the page ${(shown[1] ?? '').toLowerCase()}s${progressive[2] ?? ''}`;
  }
  return undefined;
}

function normalized(participle: string | undefined): string {
  return (participle ?? '').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * "The card number N is entered with expiry E and CVC C and Pay is clicked": one clause per
 * passive, each as an imperative. Parts joined by "and" without a passive of their own belong to
 * the passive before them ("… with expiry E and CVC C").
 */
function passiveClauses(body: string, ctx: VoiceContext): string[] | undefined {
  const parts = body.split(/\s+and\s+/);
  const groups: string[] = [];
  for (const part of parts) {
    if (groups.length === 0 || PASSIVE.test(part)) groups.push(part);
    else groups[groups.length - 1] += ` and ${part}`;
  }
  const out: string[] = [];
  for (const group of groups) {
    const m = PASSIVE.exec(group);
    const imperative = m ? passiveToImperative(m[1] ?? '', normalized(m[2]), m[3] ?? '', ctx) : undefined;
    if (!imperative) return undefined;
    out.push(...imperative);
  }
  return out;
}

function passiveToImperative(
  object: string,
  participle: string,
  after: string,
  ctx: VoiceContext,
): string[] | undefined {
  const verb = ACTION_PARTICIPLES.get(participle);
  if (!verb) return undefined;
  const hasValue = new RegExp(`${LITERAL}|\\d`).test(object);
  if (verb === 'set') {
    // "the Category filter is set to Lighting": a choice, when the clause is its condition.
    const to = /^to\s+(.+)$/i.exec(after);
    return to && ctx.conditional ? [`select ${to[1] ?? ''} in ${object}`] : undefined;
  }
  if (verb === 'select' || verb === 'choose' || verb === 'pick') {
    // "Lighting is selected" is as often an outcome; "… in the filter" or a condition is a choice.
    const where = /^(?:in|from|on)\s+(.+)$/i.exec(after);
    if (where) return [`${verb} ${object} in ${where[1] ?? ''}`];
    return ctx.conditional && after === '' ? [`${verb} ${object}`] : undefined;
  }
  if (verb === 'fill in') {
    const withWhat = /^with\s+(.+)$/i.exec(after);
    return [`fill in ${object}${withWhat ? ` with ${withWhat[1] ?? ''}` : after ? ` ${after}` : ''}`];
  }
  if (verb === 'enter' || verb === 'type') {
    const into = /^(?:into|in|as)\s+(.+?)(?:\s+with\s+(.+))?$/i.exec(after);
    if (into) return [`${verb} ${object} into ${into[1] ?? ''}${into[2] ? `, ${into[2]}` : ''}`];
    const withMore = /^with\s+(.+)$/i.exec(after);
    return [`${verb} ${object}${withMore ? `, ${withMore[1] ?? ''}` : after ? ` ${after}` : ''}`];
  }
  if (verb === 'submit' && hasValue) {
    // "the one-time code 123456 is submitted": typed in, then sent.
    return [`enter ${object}${after ? ` ${after}` : ''}`, 'submit'];
  }
  return [`${verb} ${object}${after ? ` ${after}` : ''}`];
}

/** "a modal is displayed once the user clicks on X, with the title Y": the click, then the outcome. */
function outcomeOnceAction(body: string, ctx: VoiceContext): string[] | undefined {
  const m = OUTCOME_ONCE.exec(body);
  if (!m) return undefined;
  const outcome = m[1] ?? '';
  const cause = m[2] ?? '';
  const person = PERSON.exec(cause);
  const action = person ? cause.slice(person[0].length) : cause.replace(/^(?:i|you|we)\s+/i, '');
  const [first = '', ...tail] = action.split(/\s+/);
  const base = ctx.actionHeads.has(first.toLowerCase())
    ? first.toLowerCase()
    : baseOfThirdPerson(first, ctx.actionHeads);
  if (base === undefined || tail.length === 0) return undefined;
  // What follows a comma after the action describes the outcome ("…, with the title Y").
  const [did = '', ...more] = tail.join(' ').split(/\s*,\s*/);
  const about = more.length > 0 ? ` ${more.join(', ')}` : '';
  // "the badge should go up to 1 when I hit X": the outcome already says it is expected.
  const stated = /\s(?:should|must|will|shall)\s/i.test(` ${outcome} `);
  return [`${base} ${did}`, `${stated ? '' : 'expect '}${outcome}${about}`];
}
