// The local tier's reading of a feature description: a small rule-based parser over verbs, quoted
// strings and other literals. It splits the text into clauses, recognises the verb of each, and
// turns it into planned steps with target words, values and role cues. It never guesses a locator:
// targets are resolved later against the live page.

import {
  activeVoice,
  baseOfThirdPerson,
  endsInPassive,
  passiveSubject,
  type VoiceContext,
} from './active-voice';
import { questionAsStatement, withoutChatter } from './ticket-text';
import { type Literal, literalIds, protectLiterals, restore, withoutLiterals } from './literals';
import { isAction, type PlannedStep, type RoleHint, step } from './plan';
import { overlap, parseCount, squash, words } from './text';

export interface ParsedDescription {
  steps: PlannedStep[];
  literals: Literal[];
  /** Clauses the parser could not turn into a step. */
  skipped: string[];
}

interface Clause {
  text: string;
  purpose: boolean;
}

/** Verbs that go to a page or open something (longest first, as ACTION_VERBS is matched). */
const NAVIGATION_VERB_LIST = [
  'open',
  'go back to',
  'go to',
  'go',
  'navigate to',
  'navigate',
  'visit',
  'reach',
  'browse to',
  'return to',
] as const;

/** Verbs whose object is the control itself ("click Save": the target is "Save"). */
const CLICK_VERB_LIST = ['click on', 'click', 'tap on', 'tap', 'press', 'hit', 'push'] as const;

const ACTION_VERBS = [
  ...CLICK_VERB_LIST,
  ...NAVIGATION_VERB_LIST,
  'fill in',
  'fill out',
  'fill',
  'put in',
  'key in',
  'enter',
  'type',
  'input',
  'write',
  'provide',
  'give',
  'complete',
  'search for',
  'query',
  'search',
  'look up',
  'filter',
  'narrow down',
  'narrow',
  'sort',
  'select',
  'choose',
  'pick',
  'check out',
  'check',
  'tick',
  'mark',
  'enable',
  'turn on',
  'switch on',
  'activate',
  'uncheck',
  'untick',
  'disable',
  'turn off',
  'switch off',
  'deactivate',
  'toggle',
  'flip',
  'upload',
  'attach',
  'hover over',
  'hover',
  'reload',
  'refresh',
  'add',
  'put',
  'place',
  'remove',
  'delete',
  'clear',
  'send',
  'leave',
  'post',
  'submit',
  'save',
  'close',
  'dismiss',
  'log in',
  'login',
  'sign in',
  'log out',
  'logout',
  'sign out',
  'register',
  'sign up',
  'subscribe',
  'join',
  'pay',
  'allow',
  'grant',
  'approve',
  'authorize',
  'authorise',
  'deny',
  'decline',
  'accept',
  'buy',
  'purchase',
  'checkout',
  'follow',
  'use',
  'expand',
  'collapse',
  'confirm',
  'continue',
  'apply',
  'scroll to',
] as const;

const EXPECT_VERBS = [
  'should not see',
  'do not see',
  "don't see",
  'does not show',
  'never see',
  'should see',
  'should be',
  'should',
  'see that',
  'see',
  'verify that',
  'verify',
  'expect that',
  'expect to see',
  'expect',
  'ensure that',
  'ensure',
  'assert that',
  'assert',
  'confirm that',
  'check that',
  'check whether',
  'make sure that',
  'make sure',
  'observe',
  'notice',
  'wait until',
  'wait till',
  'wait for',
  'find',
  'still see',
  'no longer see',
  'not see',
] as const;

const firstWords = (verbs: readonly string[]): ReadonlySet<string> =>
  new Set(verbs.map((v) => v.split(' ')[0] ?? v));
const ACTION_HEADS = firstWords(ACTION_VERBS);
/** Verbs of seeing and checking that a third person can be the subject of ("the user sees X"). */
const EXPECT_HEADS = firstWords([
  'see',
  'verify',
  'expect',
  'ensure',
  'assert',
  'confirm',
  'observe',
  'notice',
]);

const LEADING_FILLER =
  /^(?:(?:ok|okay|so|then|and|first|firstly|next|finally|also|afterwards|after that|after|when|once|if|now|please|i|you|we|she|he|the user|user|can|must|will|try to|to|there(?=\s+(?:i|you|we)\s))\s+)+/i;
/** "Given I am on the login page": a start page (nothing to do when the test is there already). */
const ON_PAGE =
  /^(?:given\s+)?(?:i am|i'm|am|we are|the user is|user is|you are)\s+(?:on|at|in)\s+(?:the\s+)?(.+?)(?:\s+page)?$/i;
/** "As a shopper I'd like to be able to …", "I want to …": a user story's wish is the action. */
const USER_STORY =
  /^(?:as an?\s+[\w -]{1,30}?,?\s+)?(?:i|we|users?|customers?)(?:\s+would like|['’]d like|\s+want|\s+need|\s+wish|\s+should be able|\s+must be able)\s+(?:to\s+)?(?:be able to\s+)?/i;

const KEYS = new Map<string, string>([
  ['enter', 'Enter'],
  ['return', 'Enter'],
  ['tab', 'Tab'],
  ['escape', 'Escape'],
  ['esc', 'Escape'],
  ['space', 'Space'],
  ['backspace', 'Backspace'],
  ['delete', 'Delete'],
  ['arrowdown', 'ArrowDown'],
  ['arrowup', 'ArrowUp'],
  ['down', 'ArrowDown'],
  ['up', 'ArrowUp'],
]);

const ROLE_WORDS: [RegExp, RoleHint][] = [
  [/\bbuttons?\b/, 'button'],
  [/\blinks?\b/, 'link'],
  [/\b(?:field|box|input|textbox|text box|textarea|text area)s?\b/, 'textbox'],
  [/\bcheck ?box(?:es)?\b/, 'checkbox'],
  [/\b(?:switch|toggle)(?:es)?\b/, 'switch'],
  [/\bradio(?: button)?s?\b/, 'radio'],
  [/\b(?:dropdown|drop-down|select|combo ?box|picker)s?\b/, 'combobox'],
  [/\b(?:heading|headline|title)s?\b/, 'heading'],
  [/\b(?:dialog|modal|popup|pop-up|overlay)s?\b/, 'dialog'],
  [/\b(?:menu|navigation|nav)\b/, 'navigation'],
  [/\btabs?\b/, 'tab'],
  [/\bmenu items?\b/, 'menuitem'],
  [/\b(?:message|text|notice|banner|label)\b/, 'text'],
];

/** Field nouns recognised in "with email x and password y" lists (longest first). */
const FIELD_NOUNS = [
  'one-time code',
  'verification code',
  'security code',
  'card number',
  'email address',
  'e-mail address',
  'postal code',
  'zip code',
  'first name',
  'last name',
  'full name',
  'user name',
  'phone number',
  'expiry date',
  'expiration date',
  'email',
  'e-mail',
  'password',
  'passcode',
  'pwd',
  'pw',
  'username',
  'name',
  'phone',
  'code',
  'otp',
  'pin',
  'card',
  'expiry',
  'expiration',
  'cvc',
  'cvv',
  'message',
  'comment',
  'address',
  'city',
  'zip',
  'query',
  'title',
  'quantity',
  'amount',
  'date',
  'subject',
  'company',
  'country',
  'age',
];

const FIELD_NOUN_ALTERNATION = FIELD_NOUNS.join('|');
/** "Email", "Your password", "Card number": a field's label ("Title" and "Subject" name tickets too). */
const FIELD_LABEL = new RegExp(
  `^(?:(?:your|the|my)\\s+)?(?:[\\p{L}\\d-]+\\s+)?(?!title$|subject$)(?:${FIELD_NOUN_ALTERNATION})$`,
  'iu',
);
/** One value: a literal, or a single word ("demo-pass"). */
const ONE_VALUE = /^(?:\uE000\d+\uE001|[^\s.!?;,]+)$/u;

// Not the "in" of a control's own name ("Sign in with DemoID", "Log in").
const CONTEXT_TAIL =
  /(?<!\b(?:sign|log|check|opt))\s+(?:from|in|on|within|inside|under|of|using|via|through)\s+(?:the\s+)?([^,]+)$/i;
/** "click Add to cart for the lamp": for a control, "for X" names the item it belongs to. */
const CONTROL_CONTEXT_TAIL =
  /(?<!\b(?:sign|log|check|opt))\s+(?:from|in|on|within|inside|under|of|using|via|through|for)\s+(?:the\s+)?([^,]+)$/i;
/** "remove it on the cart page": the page the action happens on, gone to first. */
const ON_NAMED_PAGE = /\s+(?:on|in|at|from)\s+(?:the\s+)?([\p{L}\d][\p{L}\d -]{0,30}?)\s+page$/iu;
/** A tail that only names the control's role ("Log in button"): part of the name, not a context. */
const ROLE_ONLY = /^(?:button|link|tab|icon|field|box|menu item|checkbox|switch|toggle|option)s?$/i;

function startsWithVerb(text: string, verbs: readonly string[]): string | undefined {
  const lower = text.toLowerCase().replace(LEADING_FILLER, '');
  return verbs.find((v) => lower === v || lower.startsWith(`${v} `));
}

function isVerbStart(text: string): boolean {
  if (startsWithVerb(text, ACTION_VERBS) !== undefined || startsWithVerb(text, EXPECT_VERBS) !== undefined)
    return true;
  // "…, sends it and checks that …": a third-person verb starts a clause too.
  const first = /^\s*(\p{L}+)\s/u.exec(text.replace(LEADING_FILLER, ''))?.[1] ?? '';
  return (
    baseOfThirdPerson(first, ACTION_HEADS) !== undefined ||
    baseOfThirdPerson(first, EXPECT_HEADS) !== undefined
  );
}

/** "the count should be 1", "it must close", "gets greeted with …": an outcome stated after a comma or "and". */
const OUTCOME_START =
  /^(?:[^\s,]+\s+){0,6}?(?:should|must|shall|needs? to|ought to|(?:is|are) expected to)\s|^(?:gets?|sees?|receives?|lands?|ends? up)\s|^(?:the|a|an|it|its|this|that|their|my|your)\b(?:\s+[^\s,]+){0,5}?\s+(?:pops up|shows up|appears|disappears|goes away|(?:is|are) (?:shown|displayed|visible|hidden|gone|there|present|listed|empty)|shows|displays|says|reads|lists|contains|includes|becomes|(?:changes|updates) to)\b/i;

/** An action verb written as a gerund ("clicking", "searching for", "logging in"): the verb and the rest. */
export function gerundAction(text: string): { verb: string; rest: string } | undefined {
  const lower = text.toLowerCase();
  for (const verb of ACTION_VERBS) {
    const [head = '', ...tail] = verb.split(' ');
    const forms = new Set([`${head}ing`, `${head.replace(/e$/, '')}ing`, `${head}${head.slice(-1)}ing`]);
    for (const form of forms) {
      const phrase = [form, ...tail].join(' ');
      if (lower === phrase || lower.startsWith(`${phrase} `))
        return { verb, rest: text.slice(phrase.length).trim() };
    }
  }
  return undefined;
}

/**
 * Lists and arrows read as sentences: a step per line ("1. …", "- …", "Step 2: …"), inline numbers
 * ("1) add … 2) open …", or "1. … 2. …" when the text starts with "1."), and "x -> y" / "x → y".
 */
/** A lead-in that ends in a verb of showing: what follows its colon is the text shown. */
const SHOWN_BEFORE_COLON =
  /\b(?:greets?|welcomes?|thanks?|says?|reads?|shows?|displays?)(?:\s+(?:the\s+)?(?:user|users|customer|customers|visitor|visitors|you|me|us|them))?$/i;

/** Note-taking shorthand, read as the words it stands for. */
const SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['w/', 'with'],
  ['w/o', 'without'],
  ['msg', 'message'],
  ['msgs', 'messages'],
  ['creds', 'credentials'],
  ['h1', 'heading'],
  ['h2', 'heading'],
  ['h3', 'heading'],
  ['exp', 'expiry'],
  ['pls', 'please'],
  ['plz', 'please'],
  // Not shorthand: the commonest slips of the keyboard.
  ['teh', 'the'],
  ['chek', 'check'],
  ['shud', 'should'],
]);
const SHORTHAND = /(?<![\p{L}\d/])(?:w\/o|w\/|msgs?|creds|h[123]|teh|exp|pls|plz|chek|shud)(?![\p{L}\d/])/giu;

/** Words a slip of the keyboard must not hide: the verbs and nouns outcomes are read by. */
const TYPO_TARGETS = [
  'appears',
  'appear',
  'displayed',
  'visible',
  'should',
  'verify',
  'confirm',
  'message',
  'button',
  'password',
  'search',
  'result',
  'results',
  'something',
  'check',
];

/** "apears" → "appears": a word one edit away from a target (not an inflection of it) is that target. */
function corrected(word: string): string {
  const lower = word.toLowerCase();
  if (TYPO_TARGETS.includes(lower)) return word;
  const inflection = (t: string): boolean => lower === `${t}s` || lower === `${t}ed` || lower === `${t}d`;
  return TYPO_TARGETS.find((t) => !inflection(t) && oneEditApart(lower, t)) ?? word;
}

/**
 * "Background: marketing launches …; legal asked …. Register on …": the sentences of a background
 * paragraph up to the first one that says what to do are left out.
 */
function withoutBackground(text: string): string {
  return text.replace(
    /(^|\n)[ \t]*(?:background|context|some context)\s*:\s*([^\n]*)/gi,
    (_m, lead: string, paragraph: string) => {
      const sentences = paragraph.split(/(?<=[.!?;])\s+/);
      const first = sentences.findIndex((s) => isVerbStart(s.replace(LEADING_FILLER, '')));
      return `${lead}${first < 0 ? paragraph : sentences.slice(first).join(' ')}`;
    },
  );
}

/** "uploading them gets all three to 100%": a gerund step, then its outcome. */
const GERUND_DOES =
  /(^|[.!?;,]\s+)(\p{L}+ing\b(?:(?!\b(?:should|must|will|would|can|could|does|do)\b)[^.!?;,])*?)\s+(get|show|put|bring|make|lead|result|display|list|take)s(?=\s+(?!to\b|in\b)|\s+(?:to|in)\b)/giu;
const CLICK_HEADS = /^(?:click|tap|press|hit|select|choose|open|visit|fill|type|enter|upload)$/i;

/** "x@y.z with 'letmein' must show …": those credentials tried, then what the page says. */
const TRIED_WITH =
  /(^|[.!?;:]\s+)(\uE000\d+\uE001)\s+with\s+(?:the\s+password\s+)?(\uE000\d+\uE001|[^\s,.;]+)\s+(must|should|will)\s+/i;
/** "the correct password demo-pass must log you in (and show …)": signing in with it. */
const RIGHT_PASSWORD =
  /\bthe\s+(?:correct|right|valid|real)\s+password\s+(\uE000\d+\uE001|[^\s,.;]+)\s+(must|should|will)\s+log\s+(?:you|me|the user|us|them)\s+in\b(?:\s+and\s+(?=\S))?/i;

/** A wrong password tried, then the right one: each a sign-in of its own, with what it shows. */
function credentialsTried(text: string): string {
  const tried = TRIED_WITH.exec(text);
  const email = tried?.[2];
  const out = tried ? text.replace(TRIED_WITH, `$1log in with $2 and the password $3. It $4 `) : text;
  return out.replace(RIGHT_PASSWORD, (whole, password: string, modal: string, at: number) => {
    const more = whole.endsWith(' ') && /\S/.test(out.slice(at + whole.length, at + whole.length + 1));
    return `log in with ${email ? `${email} and ` : ''}the password ${password}${more ? `. It ${modal} ` : ''}`;
  });
}

/** "x@y.z / secret": an email and a password (the slash is a path literal of its own). */
const CREDENTIAL_PAIR = /\uE000\d+\uE001\s*(?:\/|\uE000\d+\uE001)\s*[^\s,;]*[^\s,;.]/u;
const THAT_ACCOUNT =
  /\bwith\s+(?:that|this|the same|those|these|the above|said)\s+(?:account|credentials|user|login|log-?in details|details)\b/gi;

/** Verbs a tester tells a manual run with ("I registered …, went to …, clicked …"), as steps. */
const PAST_STEPS = new Map([
  ['registered', 'register'],
  ['went', 'go'],
  ['navigated', 'navigate'],
  ['opened', 'open'],
  ['clicked', 'click'],
  ['pressed', 'press'],
  ['tapped', 'tap'],
  ['typed', 'type'],
  ['entered', 'enter'],
  ['filled', 'fill'],
  ['selected', 'select'],
  ['chose', 'choose'],
  ['picked', 'pick'],
  ['added', 'add'],
  ['removed', 'remove'],
  ['searched', 'search'],
  ['submitted', 'submit'],
  ['uploaded', 'upload'],
  ['logged', 'log'],
  ['signed', 'sign'],
  ['joined', 'join'],
  ['sent', 'send'],
  ['reloaded', 'reload'],
  ['refreshed', 'refresh'],
  ['got', 'see'],
  ['saw', 'see'],
]);
const TIMESTAMPED = /^([ \t]*)\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?=\S)/m;
const PAST_STEP = `(${[...PAST_STEPS.keys()].join('|')})`;
const PAST_NARRATIVE = new RegExp(`\\b(?:I|we)\\s+${PAST_STEP}\\b`, 'i');
const PAST_STEP_AT = new RegExp(
  `(^|\\b(?:I|we)\\s+|,\\s*(?:and\\s+)?(?:then\\s+)?|\\band\\s+(?:then\\s+)?|\\bthen\\s+)${PAST_STEP}\\b`,
  'gi',
);

/** "I registered as X, went to the Mailbox and got Y": a manual run told in the past, as its steps. */
function pastAsSteps(text: string): string {
  // Timestamped notes ("10:02 /products, clicked X") tell a run too.
  const notes = TIMESTAMPED.test(text);
  return (
    text
      .replace(new RegExp(TIMESTAMPED.source, 'gm'), '$1')
      // The spaces and line breaks between sentences are kept: a line break may end a list item.
      .split(/((?<=[.!?])\s+)/)
      .map((sentence) =>
        notes || PAST_NARRATIVE.test(sentence)
          ? sentence.replace(
              PAST_STEP_AT,
              (_m, lead: string, verb: string) => `${lead}${PAST_STEPS.get(verb.toLowerCase()) ?? verb}`,
            )
          : sentence,
      )
      .join('')
  );
}

/** "- main menu About → page /about, …": a control named before an arrow, with no verb, is clicked. */
function arrowControls(text: string): string {
  return (
    text
      // "… → Payment successful": a bare text the arrows end on is what the page shows.
      .replace(
        /(->|→|=>)[ \t]*(\p{Lu}[\p{L} '-]{0,60}?)[ \t]*[.!]?[ \t]*$/gmu,
        (whole, arrow: string, shown: string) =>
          shown.split(/\s+/).length <= 6 && !isVerbStart(shown) ? `${arrow} the page shows ${shown}` : whole,
      )
      .replace(
        /^([ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)?)([^\n→]{1,60}?)[ \t]*(->|→|=>)/gm,
        (whole, lead: string, control: string, arrow: string) =>
          control.split(/\s+/).length <= 6 &&
          /^[\p{L}][\p{L} '-]*$/u.test(control) &&
          /\p{Lu}/u.test(control) &&
          !isVerbStart(control.replace(LEADING_FILLER, '')) &&
          !/:$/.test(control)
            ? `${lead}click ${control} ${arrow}`
            : whole,
      )
  );
}

/**
 * A list item that spells itself out in parentheses: "Approve the request (click Allow on …)",
 * "Check the result (the heading reads X)" — the words in parentheses are the step; an aside
 * ("(this takes you to the DemoID site)") is left out.
 */
function spelledOutItems(text: string): string {
  return text.replace(
    /^([ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+)([^\n()]+?)[ \t]*\(([^()\n]{8,})\)[ \t]*[.;]?[ \t]*$/gm,
    (whole, lead: string, head: string, inner: string) => {
      if (/^(?:this|that|which|it|you['’]ll|you will|so|i\.e\.|e\.g\.)\s/i.test(inner))
        return `${lead}${head}`;
      const words = withoutLiterals(inner);
      const step =
        isVerbStart(inner.replace(LEADING_FILLER, '')) || /\bthen\b/i.test(words) || STATEMENT.test(words);
      if (!step || /[=]/.test(inner)) return whole;
      // "Email: x, Password: y, then Sign in": a field per sentence, then the rest.
      return `${lead}${inner.replace(/,\s*(?=[\p{L} -]{1,30}:\s)/gu, '. ').replace(/,\s*(?=then\s)/i, '. ')}`;
    },
  );
}

/**
 * "a new shopper — say Marie Curie, m@x.y, choosing the password p — fills in Create an account and
 * submits it": the example's values go with the first thing the person does.
 */
function exampleValues(text: string): string {
  return text.replace(
    /\s+[—–]\s+(?:say|e\.g\.|for example|for instance)\s+([^—–\n]+?)\s+[—–]\s+([^.!?\n]+)/gi,
    (_m, values: string, rest: string) => {
      const and = rest.search(/\s+and\s+/);
      const first = and < 0 ? rest : rest.slice(0, and);
      return ` ${first} as ${values.replace(/\bchoosing\s+(?=the\s+password\b)/i, '')}${and < 0 ? '' : rest.slice(and)}`;
    },
  );
}

export function normalizeLayout(text: string): string {
  let out = exampleValues(spelledOutItems(arrowControls(pastAsSteps(text))))
    .replace(/\b(it|that|there|what|here)['’]s\b/gi, '$1 is')
    .replace(/\b(is|are|was|were|does|do|did|has|have|should)n['’]t\b/gi, '$1 not')
    .replace(/\bcan['’]t\b/gi, 'cannot')
    .replace(/\bwon['’]t\b/gi, 'will not')
    // "h1 X + price Y": a plus between words is "and".
    .replace(/\s+\+\s+(?=\p{L})/gu, ' and ')
    // "badge 0 -> 1": a value that changes, not two steps.
    .replace(/\b(\d+)\s*(?:->|→|=>|⟶|⇒)\s*(\d+)\b/g, 'from $1 to $2')
    .replace(/\s*(?:->|→|=>|⟶|⇒)\s*/g, '. ')
    // List items, markdown task boxes ("- [ ] …") included.
    .replace(
      /^[ \t]*(?:(?:[-*•·–]|\(?\d{1,2}[.)]|\(?[a-h]\)|step\s+\d{1,2}\s*[:.)-]?|ac\s?-?\d{1,2}\s*[:.)–-]?)(?:[ \t]+\[[ xX✓]?\])?|\[[ xX✓]?\])[ \t]+/gim,
      '',
    )
    .replace(SHORTHAND, (word) => SHORTHANDS.get(word.toLowerCase()) ?? word)
    // "pay by card 4242 … with expiry …": the card number is a field like the others.
    .replace(
      /\bby\s+(?:credit\s+|debit\s+)?card\s*:?\s*(\uE000\d+\uE001)(?:\s+with\s+)?/gi,
      'with card number $1, ',
    )
    // "type Omar Haddad as your name, x@y.z as your email": the field, then its value.
    .replace(
      new RegExp(
        `(\\p{Lu}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*){0,3}|\\uE000\\d+\\uE001|[^\\s,]+)\\s+as\\s+(?:your|the|my)\\s+(${FIELD_NOUN_ALTERNATION})\\b`,
        // Case matters here: a name starts with a capital.
        'gu',
      ),
      '$2 $1',
    )
    // "register … as Hedy Lamarr, hedy@example.com, password x": a name, then an email.
    .replace(
      /\bas\s+(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,3}),\s*(\uE000\d+\uE001)(?=\s*(?:,|\band\b))/gu,
      'with the name $1, the email $2',
    )
    // "registered as Alan Turing with alan@example.com and …": the name, then the email.
    .replace(
      /\b(register(?:ed|s)?|sign(?:ed|s)?\s+up|join(?:ed|s)?)\s+as\s+(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,3})\s+with\s+(\uE000\d+\uE001)/gu,
      '$1 with the name $2, the email $3',
    )
    // "the form as Maria Garcia (maria@example.com)": who fills it in, by name and email.
    .replace(
      /\bas\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,3})\s*\((\uE000\d+\uE001)\)/gu,
      'with the name $1, the email $2',
    )
    .replace(/\p{L}{5,}/gu, corrected)
    // "fill name as Ravi Kumar, email as x@y": the field, then its value.
    .replace(
      new RegExp(
        `\\b(${FIELD_NOUN_ALTERNATION})\\s+as\\s+(?=\\S)(?!(?:shown|above|below|before|follows)\\b)`,
        'giu',
      ),
      '$1 ',
    )
    // "go to the login page type x …" (dictated, no comma): a new step after the page.
    .replace(
      /\b(page|screen)\s+(?=(?:type|enter|click|fill|press|hit|tap|select|choose|pick|search|add|open|upload)\s)/gi,
      '$1. ',
    )
    // "if you reload the page(,) the switch …": what it should show after a reload.
    .replace(
      /\b(?:if|when|once|after)\s+(?:you|we|i|the user)\s+(?:reload|refresh)(?:es)?\s+(?:the\s+|this\s+)?page\s*,?\s+(?=(?:the|a|an|it|its|your|my)\s)/gi,
      'after a reload ',
    )
    .replace(/\bgive\s+(?:the|this)\s+page\s+a\s+(?:quick\s+)?(?:refresh|reload)\b/gi, 'reload the page')
    // "it tells me X", "shows you X": what the page says.
    .replace(
      /\b(tells?|shows?)\s+(?:me|you|us|the user|users)\s+(?:that\s+)?(?!there\s)/gi,
      (_m, verb: string) => (/^t/i.test(verb) ? 'says ' : `${verb} `),
    )
    // "it should say Showing 4 products, with A, B and C": the text, then the items listed.
    .replace(/\b((?:says?|shows?|reads?|displays?)\s+[^,.;\n]+?),\s+with\s+(?=\p{Lu})/gu, '$1. verify ')
    // A screen-reader user's words: "tab to the Email edit field and type x", "tab to the Log in
    // button and press Enter", "read out the heading level 1 X".
    .replace(
      /\btab\s+to\s+(?:the\s+)?([^,.;]+?)\s+(?:edit\s+)?(?:field|box|input|text box)\s+and\s+(?:type|enter)\s+([^,.;]+)/gi,
      'type $2 into the $1 field',
    )
    .replace(
      /\btab\s+to\s+(?:the\s+)?([^,.;]+?\s+button)\s+and\s+(?:press|hit)\s+(?:enter|return|space)\b/gi,
      'click the $1',
    )
    .replace(/\bread\s+out\b/gi, 'show')
    .replace(/\bheading\s+level\s+\d\b/gi, 'heading')
    .replace(/\bought\s+to\b/gi, 'should')
    // "authenticate at DemoID as x / y": signing in.
    .replace(/\bauthenticates?\b/gi, 'log in')
    // Telegraphic outcomes: "message visible in chat log", "message still in chat log".
    .replace(
      /\b((?:the\s+)?(?:message|text|item|product|file|name|heading|dialog|error|banner|switch))\s+(?=(?:still\s+)?(?:visible|shown|displayed|listed|present|hidden|gone|in\s))/gi,
      (_m, what: string) => `${/^the\s/i.test(what) ? '' : 'the '}${what} is `,
    )
    // "sends her a 'Verify …' message, which she finds in the Mailbox": that mail, where it arrives.
    .replace(
      /\bsends?\s+(?:her|him|them|you|me|the user)\s+(?:an?\s+)?(\S.*?)\s+(?:message|e-?mail|mail),?\s+which\s+(?:she|he|they|you|i)\s+finds?\s+in\s+(?:the|her|his|their|your|my)\s+(mailbox|inbox)\b/gi,
      '. a $1 mail arrives in the $2',
    )
    // "she should be told Email verified": what she sees.
    .replace(/\b(should|must|will)\s+be\s+told\s+(?:that\s+)?/gi, '$1 see ')
    // "choosing About should take you to …": a link followed; "from there, Services should show …" too.
    .replace(
      /\b(?:choosing|selecting|picking)\s+(?=\p{Lu}[^,;.]*?\s+(?:should|must|will)\s+(?:take|lead|bring|navigate|go)\b)/gu,
      'clicking ',
    )
    .replace(
      /\b(from there,?\s+)(?=\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,2}\s+(?:should|must|will)\s)/gu,
      '$1clicking ',
    )
    .replace(/\bpoint\s+out\b/gi, 'verify')
    // "should only bring up X": a result shown.
    .replace(/\b(should|must|will)\s+(?:only\s+)?(?:bring|pull|turn)\s+up\b/gi, '$1 show')
    .replace(/\b(?:brings|pulls|turns)\s+up\b/gi, 'shows')
    // "please check the search - typing …": what is tested, then how.
    .replace(
      /(^|[.!?;]\s+)(?:please\s+)?(?:check|test|verify)\s+(?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?\s+[-–—]\s+/giu,
      '$1',
    )
    // "the thank-you message should come": it appears.
    .replace(/\b(should|must|will)\s+come(?:\s+up)?\b/gi, '$1 appear')
    // "registers (Full name: X, Email: Y)": labelled values in parentheses are what to fill in.
    .replace(
      /\s*\(((?:[^():,]{1,30}:\s*[^():,]+,\s*)+[^():,]{1,30}:\s*[^():,]+)\)/g,
      (_m, items: string) => ` with ${items.replace(/:\s*/g, ' ')}`,
    )
    .replace(/(^|\s)\(?\d{1,2}\)\s+(?=\S)/g, '$1. ');
  if (/^\s*1[.)]\s/.test(text)) out = out.replace(/\s\d{1,2}\.\s+(?=\p{L})/gu, '. ');
  out = out.replace(GERUND_DOES, (whole, lead: string, gerund: string, verb: string) =>
    gerundAction(gerund) ? `${lead}${gerund} should ${verb}` : whole,
  );
  // YAML-like steps: "expect_hidden: dialog X" is "dialog X should be hidden".
  out = out.replace(
    /\bexpect[_-](visible|hidden|text|url)\s*:\s*([^\n]+)/gi,
    (_m, kind: string, what: string) =>
      ({
        visible: `${what} should be visible`,
        hidden: `${what} should be hidden`,
        text: `see ${what}`,
        url: `the URL should be ${what}`,
      })[kind.toLowerCase() as 'visible'],
  );
  out = credentialsTried(out);
  // "log in with that account": the credentials given before ("Precondition: account x@y.z / secret").
  const pair = CREDENTIAL_PAIR.exec(out);
  if (pair) out = out.replace(THAT_ACCOUNT, `with ${pair[0]}`);
  return (
    out
      .replace(/[ \t]*:?[ \t]*(?:\r?\n)+[ \t]*/g, '. ')
      .replace(/([.!?;:])(?:\s*\.)+(?=\s|$)/g, '$1')
      .replace(/^[\s.]+/, '')
      // "Expected: …", "Expected result: …" state the outcome.
      .replace(
        /(^|[.!?;]\s+)(?:expected(?:\s+(?:results?|behaviou?r|outcome))?(?:\s+after\s+the\s+fix)?|expectations?|results?|outcome)\s*:\s*/gi,
        '$1verify ',
      )
      // "Scenario: sign in.", "Feature: …": a named title, up to its sentence end, is no step.
      .replace(
        /(^|[.!?;]\s+)(?:scenario(?: outline)?|feature|story|test case|title)\s*:[^.!?;]*(?:[.!?;]\s*|$)/gi,
        '$1',
      )
      // A lead-in before a colon: a title ("Verify login works:", "Dark mode:") is left out; an
      // action is a step ("Reload: …"), or takes the list after it ("Leave a message: your name, …").
      .replace(
        /(^|[.!?;]\s+)([^.!?;:]{1,60}):\s+([^.!?;]*)/g,
        (whole, lead: string, head: string, tail: string) => {
          const h = head.trim();
          const n = h.split(/\s+/).length;
          // "it should greet the user: X", "the banner says: X": the colon introduces the text shown.
          if (SHOWN_BEFORE_COLON.test(h)) return `${lead}${h} ${tail}`;
          // "Retest of BUG-88 (…) on build 2024.06.3: from /products click X": a long title.
          if (n > 8 && isVerbStart(tail.replace(/^(?:from|on|at|in)\s+\S+\s+/i, ''))) return `${lead}${tail}`;
          // "Email: x", "Password: y" on lines of their own: a field and its value.
          if (FIELD_LABEL.test(h) && ONE_VALUE.test(tail.trim())) return whole;
          // "listed: A, B", "not listed: C", "counter: Showing 3 products": what the page shows.
          if (/^(?:listed|shown|visible|displayed|present)$/i.test(h)) return `${lead}verify ${tail}`;
          if (/^(?:not\s+(?:listed|shown|visible|displayed|present)|hidden|absent|gone)$/i.test(h))
            return `${lead}verify not ${tail}`;
          if (/^(?:counter|count|total|message|banner|heading|h1|toast|alert|notice|status line)$/i.test(h))
            return `${lead}the ${h} shows ${tail}`;
          // "page: /newsletter": where the test starts.
          if (/^(?:page|start page|url|path|start)$/i.test(h) && /^\uE000\d+\uE001$/.test(tail.trim()))
            return `${lead}go to ${tail}`;
          // "Check: activate X …": the verb names the kind of section, not a step.
          if (/^(?:check|verify|test|steps?|expect|ensure|confirm)$/i.test(h)) return `${lead}${tail}`;
          // "click: Subscribe to the newsletter": the verb and its object, one step.
          if (n === 1 && CLICK_HEADS.test(h) && !isVerbStart(withoutLiterals(tail).replace(/^\S+/, '')))
            return `${lead}${h} ${tail}`;
          // "on the DemoID page: email x, password y, Sign in": the fields there, then the control.
          const place = /^(?:on|in|at)\s+(?:the\s+)?\S.*\s(?:page|screen|form|dialog)$/i.test(h);
          const fillsThenControl = /^(.*?),\s*(\p{Lu}[\p{L} ]{1,30})$/u.exec(tail);
          if (
            place &&
            fillsThenControl &&
            FIELD_LABEL.test((fillsThenControl[1] ?? '').split(/\s+/)[0] ?? '')
          )
            return `${lead}enter ${fillsThenControl[1] ?? ''}, then click ${fillsThenControl[2] ?? ''}`;
          // "Use Kitchen: pick it in the Category dropdown": "it" is what the lead-in names.
          const use = /^use\s+(.+)$/i.exec(h);
          if (use && /\bit\b/i.test(tail)) return `${lead}${tail.replace(/\bit\b/i, use[1] ?? '')}`;
          // "Test data: Email x, Password y": the values to enter ("Email = x, …" reads so already).
          if (/^(?:test\s+)?(?:data|inputs?|credentials|login|account)$/i.test(h))
            return /[=:]/.test(tail) ? `${lead}${tail}` : `${lead}enter ${tail}`;
          if (n > 8) return whole;
          const title =
            startsWithVerb(h, EXPECT_VERBS) !== undefined || /^(?:please\s+)?(?:test|testing)\b/i.test(h);
          if (!title && startsWithVerb(h, ACTION_VERBS) !== undefined) {
            // "Sign in through X: on the provider page use …": a place, then the next step.
            const next = tail.replace(
              /^(?:on|in|at|from)\s+(?:the\s+)?[^,]{1,40}?\s+(?:page|screen|site)\s+/i,
              '',
            );
            const list =
              !isVerbStart(next) && !STATEMENT.test(withoutLiterals(tail)) && /,|\band\b/.test(tail);
            return `${lead}${h}${list ? ' with ' : '. '}${tail}`;
          }
          return title || n <= 4 ? `${lead}${tail}` : `${lead}${h}. ${tail}`;
        },
      )
      // "Product page test - click X", "… - exactly 2 results": a spaced dash between sentences.
      .replace(/\s+[-–—]\s+(?=\S)/g, '. ')
      .trim()
  );
}

const GOES_TO =
  /\b(?:go|goes|going|navigate|navigates|head|heads|return|returns|come|comes|get|gets|move|jump|proceed|back)$/i;

const PAGE_SHOWN =
  /^(?:the\s+|your\s+|my\s+)?[\p{L} -]{1,30}?\s+(?:page|screen)\s+(?:is|gets|should be)\s+(?:shown|displayed|opened|loaded|open)$/iu;
const BACK_ON =
  /^(?:that\s+)?(?:(?:i|we|you|they|the user|users?|the customer|it)\s+(?:am|are|is|get|gets|end up)\s+)?back\s+(?:on|at|in|to)\s+(?:the\s+)?[^\uE000]+$/i;

/** "log in with my DemoID account and …": the sign-in, the provider named, what follows. */
const SIGN_IN_THROUGH =
  /^((?:sign|log)\s*(?:in|on))\s+(?:with|through|via|using|on|at)\s+(?:(?:my|your|the|a|an|their|his|her)\s+)?([\p{L}][\p{L}\d.-]*)(?:\s+(?:account|login|log-in|id|identity|profile|page|site|screen))?\b(.*)$/iu;
/** What a sign-in is done with that is no provider: "with my email", "with valid credentials". */
const NOT_A_PROVIDER = new RegExp(
  `^(?:${FIELD_NOUN_ALTERNATION}|credentials|details|account|user|users|valid|correct|wrong|invalid|good|bad|known|new|existing|registered|demo|test|these|those|that|this|them|it|same|both|no|an?|one|two|social)$`,
  'i',
);

/** Splits protected text into clauses at sentence ends, "then", and commas/"and" that start a new verb. */
export function splitClauses(text: string): Clause[] {
  const sentences = text
    .split(/(?<=[.!?;])\s+|;\s*/)
    // A question that states nothing to check ("Can someone pick this up this sprint?") is chatter.
    .map((s) => (/\?\s*$/.test(s) ? questionAsStatement(s) : s))
    .filter((s) => !/\?\s*$/.test(s))
    .map((s) => s.replace(/[.!?;]+$/, '').trim())
    .filter((s) => s !== '');
  const clauses: Clause[] = [];
  for (const sentence of sentences) {
    const boundary =
      /\s*,\s*and then\s+|\s*,\s*then\s+|\s+then\s+|,?\s+so that\s+|,?\s+so\s+(?=(?:the|a|an|it|its|i|you|we|that)\s)|\s*,\s*and\s+|\s*,\s*|\s+and then\s+|\s+and\s+|\s+to\s+(?=\S)|\s+(?=(?:i|you|we|she|he|they|the user)\s+(?:expect|should|must|will|see|get|can see)\b)|,?\s+when\s+(?=(?:i|you|we|they|the user|a user)\s)/gi;
    let start = 0;
    let purpose = false;
    let m: RegExpExecArray | null;
    const push = (end: number, nextPurpose: boolean): void => {
      const piece = sentence.slice(start, end).trim();
      if (piece !== '') clauses.push({ text: piece, purpose });
      purpose = nextPurpose;
    };
    const nested = parenthesised(sentence);
    while ((m = boundary.exec(sentence)) !== null) {
      // "(Aurora Desk Lamp, Halo Floor Lamp)": a list in parentheses is part of its clause.
      if (nested[m.index]) continue;
      const sep = m[0].toLowerCase();
      const rest = sentence.slice(m.index + m[0].length).replace(/\s*\([^()]*\)/g, '');
      const before = sentence.slice(start, m.index);
      // "Given …, when I …": Gherkin's order is the order of the steps; elsewhere "when" says when.
      if (/\bwhen\b/.test(sep) && !/^given\s/i.test(sentence)) continue;
      // "will then show 1": "then" after a modal verb is an adverb.
      if (
        /^\s+then\s+$/.test(sep) &&
        /\b(?:will|would|should|must|can|could|shall|does|do)$/i.test(before.trim())
      )
        continue;
      if (/\bthen\b|\bso\b/.test(sep)) {
        push(m.index, false);
        start = m.index + m[0].length;
      } else if (/^\s+$/.test(sep)) {
        // "… on the products page I expect to see …": a new subject states the outcome.
        if (isVerbStart(before)) {
          push(m.index, false);
          start = m.index + m[0].length;
        }
      } else if (/^\s+to\s+$/.test(sep)) {
        // "Click X to open the dialog": a purpose clause, only when a verb follows and one came before
        // ("go to login" goes somewhere).
        if (isVerbStart(rest) && isVerbStart(before) && !GOES_TO.test(before)) {
          push(m.index, true);
          start = m.index + m[0].length;
        }
      } else if (
        /,\s*and/.test(sep) ||
        isVerbStart(rest) ||
        OUTCOME_START.test(rest) ||
        // "I tap X and the little number next to Cart at the top should go to 1": a long subject.
        (/^\s+and\s+$/i.test(sep) &&
          /^(?:the|its|my|your|this|that)\s[^,]*\b(?:should|must|will|shall)\s/i.test(rest) &&
          isVerbStart(before.replace(/^(?:on|in|at|from)\s+(?:the\s+)?\S+\s+/i, '')) &&
          !/\b(?:should|must|will|shall)\b/i.test(before))
      ) {
        push(m.index, false);
        start = m.index + m[0].length;
      }
    }
    push(sentence.length, false);
  }
  return clauses;
}

/** For each position of `text`, whether it is inside parentheses (one pass: a long text stays linear). */
function parenthesised(text: string): boolean[] {
  const inside: boolean[] = [];
  let depth = 0;
  // By UTF-16 index, as RegExp match indexes are.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    inside.push(depth > 0);
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
  }
  return inside;
}

function roleHintsOf(text: string): RoleHint[] {
  const lower = withoutLiterals(text).toLowerCase();
  const hints: RoleHint[] = [];
  for (const [re, hint] of ROLE_WORDS) if (re.test(lower) && !hints.includes(hint)) hints.push(hint);
  return hints;
}

function stripArticles(text: string): string {
  return text.replace(/^(?:(?:the|a|an|its|their|his|her|my|your|our|some|on|to|into|onto)\s+)+/i, '').trim();
}

interface Ctx {
  literals: Literal[];
  steps: PlannedStep[];
  skipped: string[];
  /** Last exact name the description mentioned ("Aurora Desk Lamp"). */
  lastEntity?: string;
  /** Scope set by a context clause ("use the main menu"). */
  scope?: string;
  /** A field the page asks for ("when the bank asks for a code"): where the next bare value goes. */
  askedFor?: string;
}

function literalOf(ctx: Ctx, fragment: string, kinds?: readonly Literal['kind'][]): Literal | undefined {
  for (const id of literalIds(fragment)) {
    const lit = ctx.literals[id];
    if (lit && (!kinds || kinds.includes(lit.kind))) return lit;
  }
  return undefined;
}

function plain(ctx: Ctx, fragment: string): string {
  return squash(restore(fragment, ctx.literals));
}

/** Splits "the x thing from the product list" into the target and its context ("product list"). */
function splitContext(ctx: Ctx, fragment: string, control = false): { target: string; scope?: string } {
  const m = (control ? CONTROL_CONTEXT_TAIL : CONTEXT_TAIL).exec(fragment);
  if (m && m.index > 0 && !ROLE_ONLY.test(withoutLiterals(m[1] ?? ''))) {
    const target = fragment.slice(0, m.index).trim();
    if (target !== '') return { target, scope: plain(ctx, m[1] ?? '') };
  }
  return { target: fragment };
}

/** Whether `a` and `b` differ by at most one edit (insert, delete, replace, or swap of neighbours). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The field noun an item starts with ("password demo-pass" → password), also when mistyped by one
 * letter ("pasword", "emial"; nouns of 5 letters or more, so "name" never becomes "game").
 */
function fieldNounOf(item: string): { noun?: string; rest: string } {
  const lower = item.toLowerCase();
  const noun = FIELD_NOUNS.find((n) => lower === n || lower.startsWith(`${n} `));
  if (noun) return { noun, rest: item.slice(noun.length).trim() };
  const first = /^\S+/.exec(lower)?.[0] ?? '';
  const typo = FIELD_NOUNS.find((n) => !n.includes(' ') && n.length >= 5 && oneEditApart(first, n));
  if (typo) return { noun: typo, rest: item.slice(first.length).trim() };
  return { rest: item };
}

/** "email x and password y", "a name, an email address and a message" → fill steps. */
function fillList(ctx: Ctx, phrase: string, list0: string, scope: string | undefined): PlannedStep[] {
  // "ada@example.com / s3cret": an email and its password.
  const list = list0.replace(
    /(\uE000(\d+)\uE001)\s*\uE000(\d+)\uE001\s*([^\s,]+)/g,
    (whole, email: string, first: string, slash: string, password: string) =>
      ctx.literals[Number(first)]?.kind === 'email' && ctx.literals[Number(slash)]?.text === '/'
        ? `email ${email} and password ${password}`
        : whole,
  );
  const items = list
    // "x@y.z pw secret": a value, then the next field without a comma.
    .split(
      new RegExp(
        `\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|(?<=\uE001)\\s+(?=(?:${FIELD_NOUN_ALTERNATION})\\s)`,
        'i',
      ),
    )
    .map((i) => stripArticles(i.trim()))
    .filter((i) => i !== '');
  const hasPassword = items.some(
    (i) =>
      /\b(?:pass(?:word|code)|pwd?)\b/i.test(i) ||
      /^(?:pass(?:word|code)|pwd?)$/.test(fieldNounOf(i).noun ?? ''),
  );
  const out: PlannedStep[] = [];
  for (const item0 of items) {
    // "Omar Haddad as your name": the value, then the field it goes in.
    const asField = /^(.+?)\s+as\s+(?:your|the|my|his|her|their)\s+(.+)$/i.exec(item0);
    const item = asField ? `${asField[2] ?? ''} ${asField[1] ?? ''}` : item0;
    const lit = literalOf(ctx, item);
    let target = withoutLiterals(item);
    let value = lit?.text ?? '';
    if (target === '' && lit)
      target = lit.kind === 'email' ? 'email' : lit.kind === 'url' || lit.kind === 'path' ? 'url' : 'text';
    if (!lit) {
      const { noun, rest } = fieldNounOf(item);
      if (noun && rest !== '' && !/^(?:of|with|that|at|which)\b/i.test(rest)) {
        target = noun;
        value = rest;
      } else if (noun) target = `${noun}${rest ? ` ${rest}` : ''}`;
    } else {
      const { noun, rest } = fieldNounOf(target);
      if (noun && rest === '' && noun !== target.toLowerCase()) target = noun;
    }
    target =
      stripArticles(
        target
          .replace(/\s+(?:of at least|with at least|at least)\b.*$/i, '')
          .replace(/\s+(?:of|with)\s+\d+\+?\s*(?:or more\s+)?(?:characters|chars|letters|digits)\b.*$/i, ''),
      ) || target;
    // "pw" and "pwd" are how people write password.
    if (/^pwd?$/i.test(target)) target = 'password';
    const lower = target.toLowerCase();
    const credential = /\bpass(?:word|code)\b/.test(lower)
      ? 'PASSWORD'
      : hasPassword && /\be-?mail\b/.test(lower)
        ? 'EMAIL'
        : hasPassword && /\buser ?name\b/.test(lower)
          ? 'USERNAME'
          : undefined;
    out.push(
      step('fill', phrase, {
        target,
        value,
        valueSource: value === '' ? 'generated' : 'description',
        roleHints: ['textbox'],
        ...(scope ? { scope } : {}),
        ...(credential ? { credential } : {}),
      }),
    );
  }
  return out;
}

function previousTarget(ctx: Ctx): PlannedStep | undefined {
  for (let i = ctx.steps.length - 1; i >= 0; i--) {
    const s = ctx.steps[i];
    if (s && s.target !== '' && !s.kind.startsWith('expect')) return s;
  }
  return undefined;
}

/** A target that is files to upload ("two files", "an image", "the documents"). */
const NAMES_FILES = /\b(?:files?|documents?|images?|photos?|pictures?|attachments?)\b/i;
/** The object of "upload …" once files were chosen: "them", "the files", "both". */
const FILES_CHOSEN =
  /^(?:them|it|both|all|those|these|(?:the|both|all|those|these|all the) (?:files?|documents?|images?|photos?|pictures?))$/i;

/**
 * An upload: the quoted names are fixture files; without names, `files` says how many the
 * generator picks from the runner's fixtures ("two files" → 2).
 */
/** "report.txt", "prices.csv": file names written without quotes. */
const FILE_NAME = /\b[\w-]+\.(?:txt|csv|pdf|png|jpe?g|gif|svg|docx?|xlsx?|json|xml|zip|md)\b/gi;

function uploadStep(ctx: Ctx, body: string, phrase: string): PlannedStep {
  const names = [
    ...literalIds(body).map((id) => ctx.literals[id]?.text ?? ''),
    ...(withoutLiterals(body).match(FILE_NAME) ?? []),
  ].filter((n) => n !== '');
  const count = words(body)
    .map(parseCount)
    .find((n) => n !== undefined);
  return step('upload', phrase, {
    target: 'file upload',
    value: names.join(','),
    valueSource: names.length > 0 ? 'description' : 'generated',
    roleHints: ['button'],
    ...(names.length === 0 ? { files: Math.max(1, Math.min(count ?? 1, 20)) } : {}),
  });
}

function isPronoun(text: string): boolean {
  return /^(?:it|them|this|that|one|this one|that one)$/i.test(text.trim());
}

const NAVIGATION_VERBS: ReadonlySet<string> = new Set(NAVIGATION_VERB_LIST);
/** "About (URL /about, heading \"About us\") and after that Services": a page, what it shows, what next. */
const PAGE_DESCRIBED = /^(.*?)\s*\(((?:the\s+)?(?:url|path|address|heading|title)\b[^()]*)\)\s*(.*)$/i;

/**
 * "reach About (URL /about, heading \"About us\") and after that Services": the page is reached as
 * named, the parentheses say what it shows, and a bare name after "and then" is the next page
 * reached the same way.
 */
function describedPageSteps(ctx: Ctx, verb: string, m: RegExpExecArray, phrase: string): PlannedStep[] {
  const scope = ctx.scope;
  const out = actionSteps(ctx, verb, m[1] ?? '', phrase);
  for (const item of (m[2] ?? '').split(/\s*,\s*(?:and\s+)?|\s+and\s+/))
    out.push(...expectationSteps(ctx, 'see', item, phrase));
  const next = /^,?\s*(?:and\s+)?(?:then|after that|afterwards|next)\s+(.+)$/i.exec(m[3] ?? '');
  if (next) {
    ctx.scope = scope;
    out.push(...actionSteps(ctx, verb, next[1] ?? '', phrase));
  }
  return out;
}

/** One action clause → steps. */
function actionSteps(ctx: Ctx, verb: string, body: string, phrase: string): PlannedStep[] {
  const described = NAVIGATION_VERBS.has(verb) ? PAGE_DESCRIBED.exec(body) : null;
  if (described) return describedPageSteps(ctx, verb, described, phrase);
  const scope = ctx.scope;
  ctx.scope = undefined;
  const lit = literalOf(ctx, body);
  const exact = lit && (lit.kind === 'quote' || lit.kind === 'money') ? lit.text : undefined;
  const rawTarget = stripArticles(body);
  const withScope = (s: PlannedStep): PlannedStep => (scope && !s.scope ? { ...s, scope } : s);
  if (exact) ctx.lastEntity = exact;

  const withMatch = /^(.*?)\s*\bwith\s+(.+)$/i.exec(body);

  if (NAVIGATION_VERBS.has(verb)) {
    const path = literalOf(ctx, body, ['path', 'url']);
    if (path) return [step('navigate', phrase, { value: path.text, valueSource: 'description' })];
    const { target, scope: tail } = splitContext(ctx, rawTarget);
    const name = plain(ctx, target).replace(/\s+page$/i, '');
    return [
      withScope(
        step('click', phrase, {
          target: name,
          ...(exact ? {} : { navigation: true }),
          ...(exact ? { exactName: exact } : {}),
          roleHints: verb === 'open' ? roleHintsOf(target) : ['link', ...roleHintsOf(target)],
          ...(tail ? { scope: tail } : {}),
        }),
      ),
    ];
  }
  switch (verb) {
    case 'reload':
    case 'refresh':
      return [step('reload', phrase)];
    case 'fill in':
    case 'fill out':
    case 'fill':
    case 'provide':
    case 'give':
    case 'complete': {
      // "fill in Email with x and Password with y": one field and its value per item.
      const eachWith = body
        .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
        .map((p) => /^(.+?)\s+with\s+(.+)$/i.exec(p));
      if (eachWith.length > 1 && eachWith.every((p) => p && literalIds(p[1] ?? '').length === 0)) {
        return fillList(
          ctx,
          phrase,
          eachWith.map((p) => `${stripArticles(p?.[1] ?? '')} ${p?.[2] ?? ''}`).join(' and '),
          scope,
        );
      }
      // "fill out the contact form (name, email, message)": the parentheses list the fields.
      const listed = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(body);
      if (!withMatch && listed && /,|\band\b/i.test(listed[2] ?? '')) {
        const where = stripArticles(listed[1] ?? '');
        return fillList(ctx, phrase, listed[2] ?? '', where === '' ? scope : plain(ctx, where));
      }
      if (withMatch) {
        const where = stripArticles(withMatch[1] ?? '');
        const list = withMatch[2] ?? '';
        const items = list.split(/\s*,\s*|\s+and\s+/);
        // One item that names its field ("complete the check with code 123456") is that field, in the place named.
        const multi =
          items.length > 1 ||
          /\bform\b/i.test(where) ||
          where === '' ||
          fieldNounOf(stripArticles(items[0] ?? '')).noun !== undefined;
        if (multi) return fillList(ctx, phrase, list, where === '' ? scope : plain(ctx, where));
        const value = literalOf(ctx, list);
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, where),
              value: value?.text ?? '',
              valueSource: value ? 'description' : 'generated',
              roleHints: ['textbox'],
            }),
          ),
        ];
      }
      return fillList(ctx, phrase, rawTarget, scope);
    }
    case 'put in':
    case 'key in':
    case 'enter':
    case 'type':
    case 'input':
    case 'write': {
      // "type mug": one bare word, no field named: typed into the field at hand.
      if (verb === 'type' && /^[\p{L}\d-]+$/u.test(body) && !fieldNounOf(body).noun)
        return [
          withScope(
            step('fill', phrase, {
              target: 'text',
              value: body,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      // "enter X in the Y field" or "enter the Y code X in the Z".
      const INTO = /^(.*?)\s+(?:in|into|as)\s+(?:the\s+)?(.+)$/i;
      // "type X into the A box and Y into the B box": one fill per pair.
      const pairs = body.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).map((p) => INTO.exec(p));
      // A value is a literal or one bare word ("demo-pass"), not a description ("the code").
      const isValue = (v: string): boolean =>
        (literalIds(v).length > 0 && withoutLiterals(v) === '') ||
        (/^\S+$/.test(v) && !/^(?:the|a|an|it|them|its|their|his|her|my|your|our|some|any)$/i.test(v));
      if (pairs.length > 1 && pairs.every((p) => p && isValue(p[1] ?? ''))) {
        return pairs.map((p) =>
          withScope(
            step('fill', phrase, {
              target: plain(ctx, p?.[2] ?? ''),
              value: literalOf(ctx, p?.[1] ?? '')?.text ?? plain(ctx, p?.[1] ?? ''),
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        );
      }
      const into = INTO.exec(body);
      // An unquoted value typed into a field the words name ("type lamp into the search box").
      const namesField = (where: string): boolean =>
        roleHintsOf(where).includes('textbox') || fieldNounOf(stripArticles(where)).noun !== undefined;
      if (
        into &&
        literalIds(into[1] ?? '').length === 0 &&
        !/^(?:the|a|an|its|their|his|her|my|your|our|some|any)\b/i.test(into[1] ?? '') &&
        namesField(into[2] ?? '')
      ) {
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, into[2] ?? ''),
              value: plain(ctx, into[1] ?? ''),
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      }
      if (into && literalIds(into[1] ?? '').length > 0 && withoutLiterals(into[1] ?? '') === '') {
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, into[2] ?? ''),
              value: literalOf(ctx, into[1] ?? '')?.text ?? '',
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      }
      const head = into ? (into[1] ?? '') : body;
      const tailScope = into ? plain(ctx, into[2] ?? '') : scope;
      if (withMatch && !into)
        return fillList(ctx, phrase, withMatch[2] ?? '', plain(ctx, withMatch[1] ?? ''));
      const items = head.split(/\s*,\s*(?:and\s+)?|\s+and\s+/);
      if (items.length > 1) return fillList(ctx, phrase, head, tailScope);
      const value = literalOf(ctx, head);
      // "write \"good morning\"": what is written is a message.
      if (verb === 'write' && value && withoutLiterals(head) === '' && !into) {
        return [
          withScope(
            step('fill', phrase, {
              target: 'message',
              value: value.text,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      }
      // "enter ada@example.com / s3cret": an email and its password.
      const ids = literalIds(head);
      const [first, slash] = ids.map((i) => ctx.literals[i]);
      const pair = /^\uE000\d+\uE001\s*\uE000\d+\uE001\s*(\S+)(?:\s+(?:on|in|into)\s+(?:the\s+)?(.+))?$/.exec(
        head,
      );
      if (first?.kind === 'email' && slash?.kind === 'path' && slash.text === '/' && pair) {
        const where = pair[2] ? plain(ctx, pair[2]) : tailScope;
        return fillList(ctx, phrase, `email ${first.text} and password ${pair[1] ?? ''}`, where);
      }
      const fields = fillList(ctx, phrase, head, tailScope);
      if (fields.length === 1 && fields[0] && value)
        return [{ ...fields[0], value: value.text, valueSource: 'description' }];
      return fields;
    }
    case 'query':
    case 'search for':
    case 'search':
    case 'look up': {
      const m = /^(?:(.*?)\s+)?for\s+(.+)$/i.exec(body);
      const value = literalOf(ctx, m ? (m[2] ?? '') : body)?.text ?? plain(ctx, m ? (m[2] ?? '') : body);
      const where = m?.[1] ? plain(ctx, stripArticles(m[1])) : '';
      return [
        withScope(
          step('fill', phrase, {
            target: where ? `search ${where}` : 'search',
            value,
            valueSource: 'description',
            roleHints: ['textbox'],
          }),
        ),
        step('press', phrase, { value: 'Enter', refersToPrevious: true, valueSource: 'description' }),
      ];
    }
    case 'filter':
    case 'narrow down':
    case 'narrow':
    case 'sort': {
      // "narrow the catalogue down to Lighting (category dropdown)": the parentheses name the control.
      const control = /\s*\(([^()]+)\)\s*$/.exec(body);
      if (control && roleHintsOf(control[1] ?? '').length > 0 && verb.startsWith('narrow')) {
        const m0 = /^(?:(.*?)\s+)?(?:down\s+)?to\s+(.+)$/i.exec(body.slice(0, control.index));
        return [
          withScope(
            step('select', phrase, {
              target: plain(ctx, control[1] ?? ''),
              value: literalOf(ctx, m0?.[2] ?? '')?.text ?? plain(ctx, stripArticles(m0?.[2] ?? '')),
              valueSource: 'description',
              roleHints: ['combobox'],
            }),
          ),
        ];
      }
      const m = /^(?:(.*?)\s+)?(?:by|down to|to)\s+(.+)$/i.exec(body);
      const by = m ? (m[2] ?? '') : body;
      const value = literalOf(ctx, by)?.text ?? plain(ctx, stripArticles(by));
      const rest = stripArticles(withoutLiterals(by));
      return [
        withScope(
          step('select', phrase, {
            target: rest !== '' ? rest : verb,
            value,
            valueSource: 'description',
            roleHints: ['combobox'],
            ...(m?.[1] ? { scope: plain(ctx, stripArticles(m[1])) } : {}),
          }),
        ),
      ];
    }
    case 'select':
    case 'choose':
    case 'pick': {
      if (NAMES_FILES.test(rawTarget)) return [withScope(uploadStep(ctx, body, phrase))];
      const m = /^(.*?)\s+(?:from|in|on)\s+(?:the\s+)?(.+)$/i.exec(body);
      const option = stripArticles(m?.[1] ?? '');
      // "choose the Lighting category in the filter": the capitalised name is the option, its noun
      // part of what holds it.
      const nounAfter = /^(\p{Lu}[\p{L}\d-]*(?:\s+\p{Lu}[\p{L}\d-]*)*)\s+(\p{Ll}[\p{L}-]*)$/u.exec(option);
      // "choose Lighting from the Category dropdown": an unquoted option of a named select.
      if (
        m &&
        !literalOf(ctx, m[1] ?? '') &&
        (roleHintsOf(m[2] ?? '').includes('combobox') || /^\p{Lu}/u.test(option))
      ) {
        return [
          withScope(
            step('select', phrase, {
              target: plain(ctx, nounAfter ? `${nounAfter[2] ?? ''} ${m[2] ?? ''}` : (m[2] ?? '')),
              value: plain(ctx, nounAfter ? (nounAfter[1] ?? '') : option),
              valueSource: 'description',
              roleHints: ['combobox'],
            }),
          ),
        ];
      }
      if (m && literalOf(ctx, m[1] ?? '')) {
        return [
          withScope(
            step('select', phrase, {
              target: plain(ctx, m[2] ?? ''),
              value: literalOf(ctx, m[1] ?? '')?.text ?? '',
              valueSource: 'description',
              roleHints: ['combobox'],
            }),
          ),
        ];
      }
      // "pick the Lighting category": the capitalised name is the option, the noun what holds it.
      const named = exact
        ? null
        : /^(\p{Lu}[\p{L}\d-]*(?:\s+\p{Lu}[\p{L}\d-]*)*)\s+(\p{Ll}[\p{L}-]*)$/u.exec(rawTarget);
      if (named) {
        return [
          withScope(
            step('select', phrase, {
              target: named[2] ?? '',
              value: named[1] ?? '',
              valueSource: 'description',
              exactName: named[1] ?? '',
              roleHints: roleHintsOf(rawTarget),
            }),
          ),
        ];
      }
      return [
        withScope(
          step('select', phrase, {
            target: plain(ctx, rawTarget),
            value: exact ?? '',
            valueSource: exact ? 'description' : 'none',
            ...(exact ? { exactName: exact } : {}),
            roleHints: roleHintsOf(rawTarget),
          }),
        ),
      ];
    }
    case 'check':
    case 'tick':
    case 'mark':
    case 'enable':
    case 'turn on':
    case 'switch on':
    case 'activate':
    case 'uncheck':
    case 'untick':
    case 'disable':
    case 'turn off':
    case 'switch off':
    case 'deactivate': {
      const off = ['uncheck', 'untick', 'disable', 'turn off', 'switch off', 'deactivate'].includes(verb);
      const { target, scope: tail } = splitContext(ctx, rawTarget);
      const prev = isPronoun(target) ? previousTarget(ctx) : undefined;
      return [
        withScope(
          step(off ? 'uncheck' : 'check', phrase, {
            target: prev ? prev.target : plain(ctx, target),
            ...(prev?.exactName ? { exactName: prev.exactName } : exact ? { exactName: exact } : {}),
            roleHints: roleHintsOf(target).length > 0 ? roleHintsOf(target) : ['checkbox', 'switch'],
            refersToPrevious: prev !== undefined,
            ...(tail ? { scope: tail } : {}),
          }),
        ),
      ];
    }
    case 'upload':
    case 'attach': {
      // "choose two files, upload them": the files are chosen; uploading them is the form's button.
      const previous = ctx.steps.at(-1);
      if (verb === 'upload' && previous?.kind === 'upload' && FILES_CHOSEN.test(rawTarget)) {
        return [withScope(step('click', phrase, { target: 'upload', roleHints: ['button'] }))];
      }
      // "upload two files": chosen, then sent with the page's Upload button if it has one.
      const send = step('click', phrase, { target: 'upload', roleHints: ['button'], implied: true });
      return [withScope(uploadStep(ctx, body, phrase)), ...(verb === 'upload' ? [send] : [])];
    }
    case 'hover over':
    case 'hover':
      return [
        withScope(
          step('hover', phrase, {
            target: plain(ctx, rawTarget),
            ...(exact ? { exactName: exact } : {}),
            roleHints: roleHintsOf(rawTarget),
          }),
        ),
      ];
    case 'press':
    case 'hit':
    case 'push':
    case 'tap': {
      const key = KEYS.get(
        rawTarget
          .toLowerCase()
          .replace(/\s+key$/, '')
          .replace(/\s+/g, ''),
      );
      if (key)
        return [step('press', phrase, { value: key, valueSource: 'description', refersToPrevious: true })];
      break;
    }
    case 'log in':
    case 'login':
    case 'sign in':
    case 'register':
    case 'sign up':
    case 'subscribe':
    case 'join':
    case 'pay':
    case 'buy':
    case 'purchase':
    case 'checkout':
    case 'check out': {
      // "with email x and password y", "using the password y", "as x using the password y": who signs
      // in ("as x") is one more field, an email or a user name.
      // "sign in (email x, pw y)": the parentheses hold the fields.
      const creds =
        withMatch ??
        /^(.*?)\s*\busing\s+(.+)$/i.exec(body) ??
        /^(.*?)\s*\(([^()]*(?:,|\band\b)[^()]*)\)\s*$/i.exec(body);
      const as = creds ? /^as\s+(\S+)$/i.exec((creds[1] ?? '').trim()) : null;
      const who = as ? literalOf(ctx, as[1] ?? '') : undefined;
      const whoItem = as && who ? `${who.kind === 'email' ? 'email' : 'username'} ${as[1] ?? ''} and ` : '';
      // "using demo@example.com and demo-pass": an email, then a bare word: its password.
      const bare = /^(\uE000(\d+)\uE001)\s+and\s+([^\s,]+)$/.exec((creds?.[2] ?? '').trim());
      const credList =
        bare && ctx.literals[Number(bare[2])]?.kind === 'email' && !literalOf(ctx, bare[3] ?? '')
          ? `email ${bare[1] ?? ''} and password ${bare[3] ?? ''}`
          : (creds?.[2] ?? '');
      const fills = creds ? fillList(ctx, phrase, `${whoItem}${credList}`, scope) : [];
      const label = verb === 'login' ? 'log in' : verb;
      // "join the chat as Alice", "register as ada@example.com": who joins is the one field to fill.
      const asWho = creds ? null : /^(.*?)\s*\bas\s+(?:a\s+|an\s+)?(.+)$/i.exec(body);
      if (asWho && !/^(?:guest|new|member|customer|user|admin)\b/i.test(asWho[2] ?? '')) {
        const who = literalOf(ctx, asWho[2] ?? '');
        const signIn = ['log in', 'login', 'sign in'].includes(verb);
        const field = who?.kind === 'email' ? 'email' : signIn ? 'username' : 'name';
        const tail = stripArticles(asWho[1] ?? '');
        return [
          withScope(
            step('fill', phrase, {
              target: field,
              value: who?.text ?? plain(ctx, asWho[2] ?? ''),
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
          withScope(
            step('click', phrase, {
              target: label,
              roleHints: ['button'],
              ...(tail ? { scope: plain(ctx, tail) } : {}),
            }),
          ),
        ];
      }
      // "Log in with DemoID" names a button, not a field list.
      if (fills.length === 1 && fills[0]?.valueSource === 'generated' && !fieldNounOf(fills[0].target).noun) {
        return [
          withScope(
            step('click', phrase, {
              target: `${label} with ${fills[0].target}`,
              roleHints: ['button', 'link'],
            }),
          ),
        ];
      }
      const where = creds ? (whoItem ? '' : stripArticles(creds[1] ?? '')) : rawTarget;
      const tail = splitContext(ctx, where).scope;
      return [
        ...fills,
        withScope(
          step('click', phrase, {
            target: label,
            roleHints: ['button'],
            ...(tail && fills.length === 0 ? { scope: tail } : {}),
          }),
        ),
      ];
    }
    case 'add':
    case 'put':
    case 'place': {
      // "add X to the cart", "put X in the basket": the add button of X.
      const m =
        /^(.*?)\s+(?:to|in|into|inside)\s+(?:the\s+|my\s+|your\s+)?(.+?)(?:\s+(?:from|on|in)\s+.+)?$/i.exec(
          body,
        );
      const what = m ? (m[1] ?? '') : body;
      const where = m ? withoutLiterals(m[2] ?? '') : '';
      const entity = literalOf(ctx, what)?.text ?? plain(ctx, stripArticles(what));
      // A quoted or capitalised name ("Aurora Desk Lamp") is what "it" and "the lamp" refer to later.
      if (literalOf(ctx, what) || /^\p{Lu}/u.test(entity)) ctx.lastEntity = entity;
      return [
        withScope(
          step('click', phrase, {
            target: `add to ${where || 'cart'}`,
            exactName: undefined,
            value: '',
            roleHints: ['button'],
            scope: entity,
          }),
        ),
      ];
    }
    case 'remove':
    case 'delete':
    case 'clear': {
      const { target } = splitContext(ctx, rawTarget);
      const entity = isPronoun(target) || target === '' ? ctx.lastEntity : plain(ctx, target);
      return [
        withScope(
          step('click', phrase, {
            target: verb,
            roleHints: ['button'],
            ...(entity ? { scope: entity } : {}),
          }),
        ),
      ];
    }
    case 'close':
    case 'dismiss': {
      const target = withMatch ? plain(ctx, stripArticles(withMatch[2] ?? '')) : 'close';
      const what = (withMatch ? stripArticles(withMatch[1] ?? '') : rawTarget)
        .replace(/^(?:again|back|now|it again)$/i, 'it')
        .trim();
      return [
        withScope(
          step('click', phrase, {
            target,
            ...(withMatch && literalOf(ctx, withMatch[2] ?? '')
              ? { exactName: literalOf(ctx, withMatch[2] ?? '')?.text }
              : {}),
            roleHints: ['button'],
            ...(what && !isPronoun(what) ? { scope: plain(ctx, what) } : { scope: 'dialog' }),
          }),
        ),
      ];
    }
    case 'send':
    case 'leave':
    case 'post':
    case 'submit':
    case 'save':
    case 'apply':
    case 'confirm':
    case 'continue': {
      // "send a message", "post a comment": write one, then press the verb's button.
      const note = /^(?:message|comment|note|reply|review|feedback|text)s?\b\s*(.*)$/i.exec(rawTarget);
      const noteWith = note ? /^(.*?)\s*\bwith\s+(.+)$/i.exec(note[1] ?? '') : null;
      // "send a message through the contact form with my name X, email Y and the message Z".
      const sends = verb === 'send' || verb === 'post' || verb === 'leave';
      // "submit the contact form with name X and email Y": fill the fields, then submit.
      const formWith = withMatch && !(sends && note) ? withMatch : null;
      if (
        formWith &&
        fillList(ctx, phrase, formWith[2] ?? '', undefined).some((f) => fieldNounOf(f.target).noun)
      ) {
        const where = stripArticles(formWith[1] ?? '');
        const fills = fillList(ctx, phrase, formWith[2] ?? '', where === '' ? scope : plain(ctx, where));
        return [...fills, withScope(step('click', phrase, { target: verb, roleHints: ['button'] }))];
      }
      // "post 'hey there'": the text is the message to write.
      if (sends && lit && withoutLiterals(rawTarget) === '') {
        return [
          withScope(
            step('fill', phrase, {
              target: 'message',
              value: lit.text,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
          withScope(step('click', phrase, { target: verb, roleHints: ['button'] })),
        ];
      }
      if (sends && noteWith) {
        const where = /^(?:through|via|using|from|in|on)\s+(?:the\s+)?(.+)$/i.exec(noteWith[1] ?? '')?.[1];
        const fills = fillList(ctx, phrase, noteWith[2] ?? '', where ? plain(ctx, where) : scope);
        // "leave a message with …" writes it; sending it is said on its own ("hit Send").
        if (verb === 'leave') return fills;
        return [...fills, withScope(step('click', phrase, { target: verb, roleHints: ['button'] }))];
      }
      if (sends && note && withoutLiterals(note[1] ?? '') === '') {
        const value = literalOf(ctx, body);
        return [
          withScope(
            step('fill', phrase, {
              target: withoutLiterals(rawTarget),
              value: value?.text ?? '',
              valueSource: value ? 'description' : 'generated',
              roleHints: ['textbox'],
            }),
          ),
          withScope(step('click', phrase, { target: verb, roleHints: ['button'] })),
        ];
      }
      const object =
        isPronoun(rawTarget) || /^(?:the\s+)?form$/i.test(rawTarget) || rawTarget === ''
          ? ''
          : ` ${plain(ctx, rawTarget)}`;
      return [
        withScope(
          step('click', phrase, {
            target: `${verb}${object}`,
            ...(exact ? { exactName: exact } : {}),
            roleHints: ['button'],
          }),
        ),
      ];
    }
    case 'use': {
      ctx.scope = plain(ctx, rawTarget);
      return [];
    }
    default:
      break;
  }
  // click, tap, follow, allow, accept, expand, … : the words name the control.
  const { target, scope: tail } = splitContext(ctx, rawTarget, true);
  const named = [...CLICK_VERB_LIST, 'follow', 'scroll to'].includes(verb)
    ? plain(ctx, target)
    : `${verb} ${plain(ctx, target)}`.trim();
  const prev = isPronoun(target) ? previousTarget(ctx) : undefined;
  // A quoted name in the context ("on the \"Allow …?\" screen") names the screen, not the control.
  const exactName = literalIds(target).length > 0 || !tail ? exact : undefined;
  return [
    withScope(
      step(verb === 'scroll to' ? 'hover' : 'click', phrase, {
        target: prev ? prev.target : named,
        ...(prev?.exactName ? { exactName: prev.exactName } : exactName ? { exactName } : {}),
        roleHints: roleHintsOf(target),
        refersToPrevious: prev !== undefined,
        ...(tail ? { scope: tail } : {}),
      }),
    ),
  ];
}

const STATE_ON =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|being\s+|stays\s+|remains\s+)?(?:still\s+|now\s+|turned\s+|switched\s+)?(checked|on|enabled|selected|ticked|active)$/i;
const STATE_OFF =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|stays\s+|remains\s+)?(?:still\s+|now\s+|turned\s+|switched\s+)?(unchecked|off|disabled|unticked|inactive)$/i;
const VALUE_OF =
  /^(.+?)\s+(?:goes to|go to|go up to|is now|is|are|shows?|reads?|becomes|changes to|equals?|displays?|increases to|drops to|updates to)\s+(\S+)$/i;
const HIDDEN =
  /^(?:(.*?)\s+)?(?:is|are|gets|becomes)?\s*(?:hidden|gone|closed|not (?:visible|shown|displayed)|no longer (?:visible|shown))$|^(.*?)\s+(?:disappears?|closes|vanish(?:es)?)$/i;

/** A verb saying what something shows, with the shown words after it ("it says X", "changes to X"). */
const SAYS =
  /^(?:(.*?)\s+)?(?:says|say|reads|read|shows|show|displays|display|(?:changes|change|updates|update|turns|turn|switches|switch) to)\s+(.+)$/i;
const COUNT_START =
  /^(?:only\s+)?(?:the\s+)?(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i;

/**
 * "it says Showing 3 products", "the status changes to Dark theme is on": unquoted words shown on the
 * page, written as they appear (capitalised), are the exact text to find; a count is a count.
 */
function shownStep(
  ctx: Ctx,
  subject: string,
  shown: string,
  phrase: string,
  negated: boolean,
): PlannedStep | undefined {
  if (literalIds(shown).length > 0) return undefined;
  // "Showing 2 products (Oak Side Table, …), not kitchen stuff": the text, without the aside.
  const words0 = shown
    .trim()
    .replace(
      /\s*\([^()]*\).*$|,?\s+(?:not|and not|but not|instead of|rather than)\s+(?:an?\s+|the\s+|any\s+)?\S.*$|,\s+not\s.*$/i,
      '',
    )
    .replace(/[.!]+$/, '');
  if (COUNT_START.test(words0) && /\s/.test(words0)) return expectationStep(ctx, words0, phrase, negated);
  if (!/^[\p{Lu}\d]/u.test(words0) || /^(?:I|A|An|The)\b/.test(words0) || /^\d+$/.test(words0))
    return undefined;
  const text = plain(ctx, words0);
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

/** One object of an expectation ("the \"About us\" heading", "the /about URL", "it checked"). */
function expectationStep(
  ctx: Ctx,
  object: string,
  phrase: string,
  negated: boolean,
): PlannedStep | undefined {
  const text = stripArticles(object.replace(/^that\s+/i, '').trim());
  if (text === '') return undefined;
  const lit = literalOf(ctx, text);
  // "the text Dark theme is on", "the message Saved": the capitalised words are the text shown.
  const named = lit ? null : /^(?:text|message|label|notice|status|banner)\s+(\p{Lu}.*)$/u.exec(text);
  if (named && !negated)
    return step('expectVisible', phrase, {
      target: '',
      exactName: plain(ctx, named[1] ?? ''),
      value: plain(ctx, named[1] ?? ''),
      valueSource: 'description',
      roleHints: [],
    });
  const says = lit ? null : SAYS.exec(text);
  const shown = says ? shownStep(ctx, says[1] ?? '', says[2] ?? '', phrase, negated) : undefined;
  if (shown) return shown;
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
    return step('expectHidden', phrase, {
      target: prev ? prev.target : plain(ctx, withoutLiterals(what)),
      ...(l ? { exactName: l.text } : prev?.exactName ? { exactName: prev.exactName } : {}),
      roleHints: prev ? prev.roleHints : roleHintsOf(what),
      refersToPrevious: prev !== undefined,
    });
  }
  const path = literalOf(ctx, text, ['path', 'url']);
  if (path) return step('expectUrl', phrase, { value: path.text, valueSource: 'description' });
  const on = STATE_ON.exec(withoutLiterals(text));
  const off = STATE_OFF.exec(withoutLiterals(text));
  if ((on || off) && !lit) {
    const what = (on ?? off)?.[1] ?? 'it';
    const prev = isPronoun(what) || what === '' ? previousTarget(ctx) : undefined;
    return step('expectState', phrase, {
      target: prev ? prev.target : plain(ctx, what),
      ...(prev?.exactName ? { exactName: prev.exactName } : {}),
      roleHints: prev ? prev.roleHints : ['checkbox', 'switch'],
      refersToPrevious: prev !== undefined,
      state: on ? 'checked' : 'unchecked',
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
  if (count && !lit) {
    return step('expectCount', phrase, {
      target: count[2] ?? '',
      value: String(parseCount(count[1] ?? '') ?? ''),
      valueSource: 'description',
      roleHints: roleHintsOf(count[2] ?? ''),
    });
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
  // Without a literal the object is matched by meaning against what the page shows (or dropped).
  return step('expectVisible', phrase, { target: plain(ctx, text), roleHints: hints });
}

function negatedVerb(verb: string): boolean {
  return /\bnot\b|n't|\bno longer\b|\bnever\b/.test(verb);
}

function expectationSteps(ctx: Ctx, verb: string, body0: string, phrase: string): PlannedStep[] {
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
  const negated = negatedVerb(verb) || (!quoted && /^(?:no|not)\s+/i.test(body));
  const text = body.replace(/^(?:no|not)\s+/i, '');
  const objects: string[] = [];
  for (const o of text.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+with\s+/i).map((x) => x.trim())) {
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
  for (const object of objects) {
    // "the account page is shown with the heading X": the heading is the check.
    if (BACK_ON.test(object) || (objects.length > 1 && PAGE_SHOWN.test(object))) continue;
    const s = expectationStep(ctx, object, phrase, negated);
    if (s) out.push(s);
  }
  return out;
}

/** A verb saying what the app shows, with the shown text after it ("greets you with", "displays"). */
const OUTCOME_VERB =
  /\b(?:shows?|displays?|greets?|greeted|says?|reads?|welcomes?|welcomed|presents?|prints?|renders?)\b(?:\s+(?:you|the user|users|them|him|her))?(?:\s+(?:with|as|by))?\s+/i;
/** The shown text before the verb ("\"Saved\" appears"). */
const APPEARS = /^(.*?)\s+(?:appears?|is shown|is displayed|shows up|pops up|comes up)\b/i;

/**
 * An outcome stated without an expect verb — "afterwards the page greets you with \"X\"", "a banner
 * shows \"X\"", "\"X\" appears" — when it quotes what is shown: the quoted text is asserted.
 */
function outcomeSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  if (literalIds(text).length === 0) return undefined;
  const shown = OUTCOME_VERB.exec(text);
  const object = shown ? text.slice(shown.index + shown[0].length) : APPEARS.exec(text)?.[1];
  if (object === undefined || literalIds(object).length === 0) return undefined;
  const steps = expectationSteps(ctx, 'see', object, phrase);
  return steps.length > 0 ? steps : undefined;
}

/** "X should/must …": the subject, whether it is negated, and the predicate. */
const MODAL =
  /^(.+?)\s+(?:should|must|shall|will|needs? to|ought to|(?:is|are) expected to|has to|have to)\s+(not\s+)?(?:(?:now|still|then|also|immediately|only|correctly)\s+)*(.+)$/i;
/** Where a gerund's action ends and its outcome begins ("clicking X | should open …", "searching X | shows …"). */
const OUTCOME_BOUNDARY =
  /\s+(?:(?:should|must|will|shall)\s+(not\s+)?|(shows|displays|opens|closes|hides|gives|returns|leads to|takes (?:you|me|the user|users) to|brings up|reveals|lists|makes)\s+)/i;
/** "a user can …", "I am able to …" after "make sure": what follows is the action to perform. */
const ABILITY =
  /^(?:that\s+)?(?:(?:a|an|the|any|every)\s+)?(?:user|users|customer|customers|visitor|visitors|shopper|shoppers|buyer|buyers|member|members|i|you|we|they|someone|people|one|he|she)\s+(?:can|could|may|is able to|are able to|am able to|will be able to|should be able to)\s+(.+)$/i;
/** "make sure I see X", "verify the user gets X": the object is what is seen. */
const SEER =
  /^(?:that\s+)?(?:i|you|we|they|he|she|the user|users?|customers?|the customer)\s+(?:(?:can|will|should|also|then|still|now)\s+)*(?:see|sees|get|gets|receive|receives|am shown|are shown|is shown|find|finds)\s+(.+)$/i;
/** After "check"/"confirm", a statement ("the cart is empty") makes it an assertion, not a tick. */
const STATEMENT =
  /\b(?:is|are|was|were|isn't|aren't|has|have|shows?|displays?|contains?|appears?|says|reads|lists?|includes?|goes|gets|becomes|stays|remains|works|still|no longer|thanks|greets|welcomes|mentions|confirms|returns|gives|yields)\b/i;

/** "greet the user: Welcome, Demo User", "thank you with X": what the page says to its user. */
const GREETS =
  /^(?:greet|welcome|thank)s?\s+(?:((?:the\s+)?(?:user|users|customer|customers|visitor|visitors)|you|me|us|them|him|her)\s*)?(?:(?:with|by|as|using)\s+|:\s*)?(.+)$/i;

/** "X should be 1", "X should open the dialog", "it should say Y": an outcome as expectation steps. */
function predicateSteps(
  ctx: Ctx,
  subject: string,
  predicate: string,
  negated: boolean,
  phrase: string,
): PlannedStep[] {
  const subj = subject.trim();
  const generic =
    subj === '' ||
    /^(?:it|this|that|they|there|(?:the\s+)?(?:page|screen|app|site|website|user|users|result|results)|we|you|i)$/i.test(
      subj,
    );
  const see = (text: string, neg = negated): PlannedStep[] =>
    expectationSteps(ctx, neg ? 'not see' : 'see', text, phrase);
  const p = predicate.trim();
  let m: RegExpExecArray | null;
  if (
    (m =
      /^(?:open|appear|pop up|show up|come up|be shown|be displayed|be visible|load|show$|display$)\b\s*(.*)$/i.exec(
        p,
      ))
  ) {
    // "the lamp should show up on the Cart page": that page first, then the lamp.
    const page = ON_NAMED_PAGE.exec(` ${m[1] ?? ''}`);
    if (!generic && page && page.index === 0) return [impliedPage(ctx, page[1] ?? '', phrase), ...see(subj)];
    // "the message must be visible in the chat history": the subject is what is seen, the rest where.
    if (!generic && /^(?:in|on|under|inside|within)\s/i.test(m[1] ?? ''))
      return see(`${subj} is ${m[1] ?? ''}`);
    return see(m[1] || subj || 'it');
  }
  if (
    (m =
      /^(?:close|disappear|go away|vanish|hide|be hidden|be closed|be gone|be dismissed|be removed)\b\s*(.*)$/i.exec(
        p,
      ))
  )
    return see(m[1] || subj || 'it', !negated);
  if ((m = /^(?:be|become|get|stay|remain|look)\s+(.+)$/i.exec(p)))
    return see(/^there$/i.test(subj) ? (m[1] ?? '') : `${subj} is ${m[1] ?? ''}`);
  if (
    (m =
      /^(?:show|display|say|read|contain|include|list|present|give(?:\s+you)?|return|have|(?:change|update|turn|switch) to|tell (?:me|you|the user|us|them)(?:\s+that)?)\s+(.+)$/i.exec(
        p,
      ))
  ) {
    // "tell me there are No results": what there is, is what is shown.
    const object = (m[1] ?? '').replace(/^there\s+(?:is|are)\s+/i, '');
    // "the message shows in the log": the subject is what is shown, the object where.
    if (!generic && /^(?:in|on)\s+(?:the|my|your)\s+\S/i.test(object)) return see(`${subj} is ${object}`);
    // "the badge must read 1": a number shown by the subject.
    if (/^\d{1,6}$/.test(object) && !generic)
      return [
        step('expectText', phrase, {
          target: plain(ctx, stripArticles(subj)),
          value: object,
          valueSource: 'description',
          roleHints: roleHintsOf(subj),
        }),
      ];
    const shown = shownStep(ctx, generic ? '' : subj, object, phrase, negated);
    if (shown) return [shown];
    return see(generic || literalIds(object).length === 0 ? object : `${subj} ${object}`);
  }
  if (
    (m =
      /^(?:go to|take (?:you|me|the user|users|them) to|lead (?:you |me )?to|navigate to|redirect (?:you |me )?to|land (?:back )?on|end up (?:back )?on|get back to|come back to|return to|bring (?:you|me) to)\s+(.+)$/i.exec(
        p,
      ))
  ) {
    // "land back on the shop showing Signed in as X": the place, and the text it shows.
    const showing = /^(.+?)\s+(?:showing|displaying|saying|reading)\s+(.+)$/i.exec(m[1] ?? '');
    if (showing) return predicateSteps(ctx, showing[1] ?? '', `show ${showing[2] ?? ''}`, negated, phrase);
    return see(m[1] ?? '');
  }
  if ((m = /^(?:see|get|receive|find|notice)\s+(.+)$/i.exec(p))) return see(m[1] ?? '');
  if ((m = GREETS.exec(p))) {
    // Only words written as shown, quoted, or in parentheses: "greets you warmly" names no text.
    const object = m[2] ?? '';
    const shown = shownStep(ctx, '', object, phrase, negated);
    if (shown) return [shown];
    return literalIds(object).length > 0 || /\(.+\)/.test(object) ? see(object) : [];
  }
  // "the login form should accept x with password y": a form that takes values is submitted with them.
  if (!negated && /\bform\b/i.test(subj) && (m = /^(?:accept|take)\s+(.+)$/i.exec(p)))
    return actionSteps(
      ctx,
      'submit',
      `${subj} with ${(m[1] ?? '').replace(/\s+with\s+/gi, ' and ')}`,
      phrase,
    );
  return see(`${subj} ${p}`);
}

/** "Clicking X should open a modal", "searching for X shows Y": the action, then the outcome. */
function gerundSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const g = gerundAction(text);
  if (!g) return undefined;
  const b = OUTCOME_BOUNDARY.exec(g.rest);
  const steps = actionSteps(ctx, g.verb, (b ? g.rest.slice(0, b.index) : g.rest).trim(), phrase);
  if (!b) return steps;
  const predicate = b[2]
    ? `${b[2].replace(/^(\S+?)s\b/i, '$1')} ${g.rest.slice(b.index + b[0].length)}`
    : g.rest.slice(b.index + b[0].length);
  return [...steps, ...predicateSteps(ctx, '', predicate, b[1] !== undefined, phrase)];
}

/** "the Pricing link in the main menu takes you to /pricing": click the control, then the outcome. */
const CONTROL_OUTCOME =
  /^(?:that\s+)?(.+?\b(?:link|button|tab|menu item|item))(?:\s+(?:in|on|from|of|within)\s+(?:the\s+)?(.+?))?\s+(?:takes? (?:you|me|the user|users|them) to|leads? (?:you |me )?to|goes to|navigates? to|brings? (?:you|me|the user) to|redirects? (?:you |me )?to|opens?|shows?|displays?)\s+(.+)$/i;
/** "Services in the main menu opens the Services page": a capitalised name that goes somewhere. */
const NAMED_OUTCOME =
  /^(?:that\s+)?(\p{Lu}[\p{L}\d-]*(?:\s+\p{Lu}[\p{L}\d-]*){0,3})(?:\s+(?:in|on|from|of|within)\s+(?:the\s+)?(.+?))?\s+(?:takes? (?:you|me|the user|users|them) to|leads? (?:you |me )?to|navigates? to|brings? (?:you|me|the user) to|redirects? (?:you |me )?to|opens)\s+(.+)$/u;
/** "email = x, password: y": fields and their values. */
const FIELD_VALUE_ITEM = /^[\p{L} -]{1,30}?\s*[=:]\s*\S/u;
/** "… after reloading the page", "even after a refresh": where the page is reloaded. */
/** "… when you come back to the page": a reload too. */
const RETURN_PHRASE =
  /\s*,?\s*\b(?:even\s+)?(?:when|after|once|if)\s+(?:you|i|we|they|the user|users)\s+(?:come|comes|go|goes|get|gets)\s+back(?:\s+to\s+(?:the|this)\s+page)?\b/i;
const RELOAD_PHRASE =
  /\s*,?\s*\b(?:and\s+(?=survives?\b))?(?:(?:even|also|still)\s+)?(?:after|on|upon|when|survives?|across|through)\s+(?:a\s+|an\s+|the\s+)?(?:page\s+)?(?:reload(?:ing|s)?|refresh(?:ing|es)?|f5)(?:\s+(?:of\s+)?(?:the|this)\s+page|\s+it(?=\s*(?:,|$)))?\b/i;

interface ClauseState {
  lastWasAction: boolean;
}

/**
 * The clause rewritten as imperative clauses when it is written in the third person or the
 * passive, or states an outcome with its cause ("… once the user clicks X"); see active-voice.ts.
 */
function voiceRewrite(ctx: Ctx, text: string, body: string): string[] | undefined {
  const expectVerb = startsWithVerb(body, EXPECT_VERBS);
  const actionVerb = startsWithVerb(body, ACTION_VERBS);
  const conditional = /^\s*(?:(?:and|then)\s+)?(?:when|whenever|once|after|if|as soon as)\s/i.test(text);
  // "(After) Send message is clicked": a passive whose subject starts like a verb.
  const imperative =
    actionVerb !== undefined &&
    (!expectVerb || expectVerb.length <= actionVerb.length) &&
    !((conditional || endsInPassive(body)) && passiveSubject(body));
  if (imperative) return undefined;
  const voice: VoiceContext = {
    actionHeads: ACTION_HEADS,
    expectHeads: EXPECT_HEADS,
    isPath: (fragment) => literalOf(ctx, fragment, ['path']) !== undefined,
    conditional,
    asserted: expectVerb !== undefined,
  };
  if (!expectVerb) return activeVoice(body, voice);
  const inner = body
    .slice(expectVerb.length)
    .trim()
    .replace(/^that\s+/i, '');
  return activeVoice(inner, voice)?.map((c) => (/^expect\s/i.test(c) ? `${expectVerb} ${c.slice(7)}` : c));
}

/** One clause → steps, pushed to ctx.steps; `voiced` once it was rewritten by voiceRewrite. */
function clauseSteps(ctx: Ctx, text: string, purpose: boolean, state: ClauseState, voiced = false): void {
  const phrase = plain(ctx, text);
  const reloadAt = RELOAD_PHRASE.exec(text) ?? RETURN_PHRASE.exec(text);
  if (reloadAt) {
    reloadSteps(ctx, text, reloadAt, phrase, state);
    return;
  }
  // "turn dark mode on (in the settings)" reads as "turn on dark mode …"; a user story's wish is the action.
  let body0 = text
    .replace(LEADING_FILLER, '')
    .replace(USER_STORY, '')
    .replace(
      /^(?:turn|switch|toggle|flip|set)\s+(.+?)\s+(on|off)(\s+(?:from|in|on|at|under)\s+.+)?$/i,
      'turn $2 $1$3',
    );
  body0 = body0
    .replace(/^given\s+/i, '')
    // "(and) that it is dismissed": the statement after "that".
    .replace(/^that\s+(?=(?:it|they|the|a|an|this)\s)/i, '')
    // "a search for zzz should say …": the search is done, then the outcome checked.
    .replace(/^(?:a|the|another)\s+(?:search|query)\s+for\s+/i, 'searching for ')
    // "a nonsense term like qwerty should give …", "something like asdf …": that term searched for.
    .replace(/^(?:something|anything)\s+like\s+/i, 'searching for ')
    .replace(
      /^(?:a|an|the|another|some)\s+(?:[\p{L}-]+\s+)?(?:search\s+term|term|word|keyword|query|search)\s+(?:like|such as|e\.g\.)\s+/iu,
      'searching for ',
    )
    // "x@y.z / secret" on its own: those credentials sign in.
    .replace(/^(?=\uE000\d+\uE001\s*(?:\/|\uE000\d+\uE001)\s*[^\s/]+$)/, 'log in with ')
    // "view the basket" opens it, "reach About" goes there, "take it out (of X)" removes it.
    // "Given valid credentials (x / y)": the credentials are entered.
    .replace(
      /^(?:(?:enter|use|type|provide|fill in)\s+)?(?:(?:valid|correct|good|known|the|my|some)\s+)*(?:credentials|log-?in details)\s*(?:\(([^()]+)\)(\s+(?:on|in|at)\s+.+)?|:\s*(.+))$/i,
      (_m, inParens?: string, where?: string, afterColon?: string) =>
        `enter ${inParens ?? afterColon ?? ''}${where ?? ''}`,
    )
    // "switch the site to dark mode" turns dark mode on.
    .replace(
      /^(?:switch|set|change)\s+(?:the\s+)?(?:site|app|website|page|theme|display)\s+to\s+/i,
      'turn on ',
    )
    // "enter the chat as Eve": who joins is the name to fill.
    .replace(
      /^enter\s+((?:the\s+)?(?:chat|chat room|room|lobby|conversation|channel|game))\s+as\s+/i,
      'join $1 as ',
    )
    .replace(/^view\s+/i, 'open ')
    // "the URL is /pricing": where the page is, checked.
    .replace(
      /^(?:the\s+)?(?:url|address|path|location)\s+(?:is|becomes|changes to)\s+(?:now\s+)?(?=\uE000)/i,
      'the URL should be ',
    )
    // "activate Pricing" (a link or button by its name) is a click; "activate dark mode" a switch.
    .replace(
      /^[Aa]ctivate\s+(?=(?:the\s+)?\p{Lu})(?!.*\b(?:[Mm]ode|[Ss]witch|[Tt]oggle|[Ss]etting|[Oo]ption|[Cc]heckbox)\b)/u,
      'click ',
    )
    // "log in as x@y / secret": with those credentials.
    .replace(/^((?:log|sign)\s*in)\s+as\s+(?=\uE000\d+\uE001\s*(?:\/|\uE000\d+\uE001))/i, '$1 with ')
    // "check URL /about, heading About us": what to see, not a box to tick.
    .replace(
      /^check\s+(?=(?:the\s+)?(?:url|heading|title|page title|text|message|count|counter|badge|results?|total)\b)/i,
      'verify ',
    )
    // "grant consent with Allow": the control named.
    .replace(/^(?:grant|give)\s+(?:access|consent|permission)\s+(?:with|using|by clicking)\s+/i, 'click ')
    // "button Sign in with DemoID": that button clicked.
    .replace(/^(button|link|tab)\s+(\p{Lu}.*)$/u, 'click the $2 $1')
    // "grant access", "give the shop permission": what a consent screen's Allow button does.
    .replace(
      /^(?:grant|give)\s+(?=(?:(?:the\s+)?[\p{L}-]+\s+|it\s+|them\s+)?(?:access|permissions?|consent)\b)/iu,
      'allow ',
    )
    // "(so that I) end up signed in as X", "the user is now logged in as X": the state to see.
    .replace(/^(?:ends?\s+up|(?:is|am|are)\s+now)\s+(?=\S)/i, 'should be ')
    // "use x@y.z / secret": those credentials sign in.
    .replace(/^use\s+(?=\uE000\d+\uE001\s*(?:\/|\uE000\d+\uE001)\s*\S)/, 'log in with ')
    // "create an account (…)", "set up a new account": registering.
    .replace(
      /^(?:create|make|set up|open)\s+(?:a\s+|an\s+|your\s+|my\s+)?(?:new\s+)?(?:user\s+)?account\b/i,
      'register',
    )
    // "put card number 4242 …": a value put into a field is entered (not put in the cart).
    .replace(
      new RegExp(`^put\\s+(?=(?:the\\s+|my\\s+|a\\s+)?(?:${FIELD_NOUN_ALTERNATION})\\b)`, 'i'),
      'enter ',
    )
    // "(in the end) must be written X": X is shown.
    .replace(
      /^(?:in the end\s+|at the end\s+|finally\s+)?(?:it\s+)?(?:must|should|will)\s+be\s+(?:written|shown|displayed)\s+(?=\S)/i,
      'the page shows ',
    )
    // "flip the Dark mode switch": switched on (off is said: "toggle it off").
    .replace(/^(?:flip|toggle)\s+(?!.*\b(?:on|off)$)/i, 'turn on ')
    .replace(/^reach\s+/i, 'go to ')
    .replace(/^take\s+(.+?)\s+out(?:\s+again)?(?:\s+of\s+(.+))?$/i, (_m, what: string, from?: string) =>
      from ? `remove ${what} from ${from}` : `remove ${what}`,
    );
  // "log in with my DemoID account (…)", "sign in through Google": the provider's button first.
  const provider = SIGN_IN_THROUGH.exec(body0);
  // Not a field and its value: "sign in with emial x@y.z".
  if (provider && !NOT_A_PROVIDER.test(provider[2] ?? '') && !/^\s*\uE000/.test(provider[3] ?? '')) {
    ctx.steps.push(impliedPage(ctx, provider[2] ?? '', phrase, ['button', 'link']));
    state.lastWasAction = true;
    const rest = (provider[3] ?? '').trim();
    if (rest !== '') clauseSteps(ctx, `${provider[1] ?? ''} ${rest}`, purpose, state, voiced);
    return;
  }
  const onPage = ON_PAGE.exec(body0);
  if (onPage) {
    ctx.steps.push(
      step('click', phrase, { target: plain(ctx, onPage[1] ?? ''), roleHints: ['link'], navigation: true }),
    );
    state.lastWasAction = true;
    return;
  }
  // "X should open when \"Y\" is clicked": the click comes first.
  const passive =
    /^(.*?)\s*,?\s+(?:when|after|once|as soon as)\s+(.+?)\s+(?:is|are|gets|get)\s+(clicked|pressed|tapped|selected|checked|submitted)$/i.exec(
      body0,
    );
  if (passive && passive[1]) {
    const verb =
      {
        clicked: 'click',
        pressed: 'click',
        tapped: 'click',
        selected: 'select',
        checked: 'check',
        submitted: 'submit',
      }[(passive[3] ?? '').toLowerCase()] ?? 'click';
    ctx.steps.push(...actionSteps(ctx, verb, passive[2] ?? '', phrase));
    clauseSteps(ctx, passive[1], false, state);
    return;
  }
  // "when the bank asks for a code": the field the next bare value ("type 123456") goes into.
  const asks =
    /^(?:the|a|an|your|my)\s+.{1,40}?\s+(?:is asking|asks|prompts|is prompting|requests)\s+(?:(?:you|me|the user|us)\s+)?for\s+(?:a\s+|an\s+|the\s+|your\s+)?([^,]{1,40})(?:\s*,\s*(.+))?$/i.exec(
      body0,
    );
  if (asks) {
    ctx.askedFor = plain(ctx, asks[1] ?? '');
    // "…asking for one-time code, user is typing 123456": what is done then, in the same sentence.
    if (asks[2]) clauseSteps(ctx, asks[2], false, state, voiced);
    return;
  }
  // "fill in the form with the test data": the data lines were the fills.
  if (
    /^(?:fill\s+(?:in|out)|complete)\s+.+?\s+with\s+(?:the\s+)?(?:test data|data above|above data|details above|given data|test values)$/i.test(
      body0,
    )
  )
    return;
  // "open Halo Floor Lamp from /products": that page first, then the item on it.
  const fromPath =
    /^(?:open|click(?:\s+on)?|select|choose|pick)\s+(.+?)\s+(?:from|on|at)\s+(\uE000\d+\uE001)$/i.exec(body0);
  if (fromPath && literalOf(ctx, fromPath[2] ?? '', ['path', 'url'])) {
    clauseSteps(ctx, `go to ${fromPath[2] ?? ''}`, false, state, true);
    clauseSteps(ctx, `click ${fromPath[1] ?? ''}`, purpose, state, true);
    return;
  }
  // "on /catalog picking X should show Y": where it happens, then a gerund step with its outcome.
  const placeThenGerund = /^(?:on|in|at|from)\s+(?:the\s+)?(.{1,40}?)\s+(\p{L}+ing\b.*)$/u.exec(body0);
  if (placeThenGerund && gerundAction(placeThenGerund[2] ?? '')) {
    const place = placeThenGerund[1] ?? '';
    if (literalOf(ctx, place, ['path', 'url'])) clauseSteps(ctx, `go to ${place}`, false, state, true);
    else ctx.scope = plain(ctx, place);
    clauseSteps(ctx, placeThenGerund[2] ?? '', false, state, true);
    return;
  }
  const voicedClauses = voiced ? undefined : voiceRewrite(ctx, text, body0);
  if (voicedClauses) {
    for (const c of voicedClauses) clauseSteps(ctx, c, false, state, true);
    return;
  }
  // "Close button dismisses the dialog again": the click, then the dialog gone.
  const hides =
    /^(?:the\s+)?(\p{Lu}[\p{L} ]{0,30}?)\s+button\s+(?:hides|closes|dismisses)\s+(.+?)(?:\s+again)?$/u.exec(
      body0,
    );
  if (hides) {
    clauseSteps(ctx, `click the ${hides[1] ?? ''} button`, false, state, true);
    clauseSteps(ctx, `${hides[2] ?? ''} should be hidden`, false, state, true);
    return;
  }
  // "Subscribe to the newsletter button opens the … dialog": a control named with what it does.
  const namedControl = startsWithVerb(body0, CLICK_VERB_LIST) ? null : CONTROL_OUTCOME.exec(body0);
  if (
    namedControl &&
    /\b(?:button|link)$/i.test(namedControl[1] ?? '') &&
    startsWithVerb(body0, ACTION_VERBS)
  ) {
    ctx.steps.push(...controlSteps(ctx, namedControl, phrase));
    state.lastWasAction = false;
    return;
  }
  let expectVerb = startsWithVerb(body0, EXPECT_VERBS);
  let actionVerb = startsWithVerb(body0, ACTION_VERBS);
  // "check that …" and "confirm that …" are assertions; "check the box" is an action.
  if (expectVerb && actionVerb && expectVerb.length <= actionVerb.length) expectVerb = undefined;
  // "check the cart is empty": a statement after "check" or "confirm" is what to assert.
  if (
    !expectVerb &&
    (actionVerb === 'check' || actionVerb === 'confirm') &&
    STATEMENT.test(withoutLiterals(body0.slice(actionVerb.length)))
  )
    expectVerb = actionVerb;
  if (expectVerb) actionVerb = undefined;
  const push = (steps: PlannedStep[]): void => {
    ctx.steps.push(...steps);
    state.lastWasAction = steps.length > 0 && steps.every((s) => isAction(s.kind));
  };
  if (expectVerb) {
    // "make sure a user can sign in …", "verify that searching for X shows Y": an action to perform.
    const inner = body0.slice(expectVerb.length).trim();
    // "(verify) we are back on the shop": a place named, no text to check there.
    if (BACK_ON.test(inner)) return;
    const able = ABILITY.exec(inner)?.[1];
    const gerund = inner.replace(/^that\s+/i, '');
    const seen = SEER.exec(inner)?.[1];
    const control = CONTROL_OUTCOME.exec(inner) ?? NAMED_OUTCOME.exec(inner);
    if (able !== undefined && startsWithVerb(able, ACTION_VERBS)) {
      body0 = able;
      expectVerb = undefined;
      actionVerb = startsWithVerb(able, ACTION_VERBS);
    } else if (gerundAction(gerund)) {
      push(gerundSteps(ctx, gerund, phrase) ?? []);
      state.lastWasAction = false;
      return;
    } else if (control) {
      push(controlSteps(ctx, control, phrase));
      state.lastWasAction = false;
      return;
    } else if (seen !== undefined) body0 = `${expectVerb} ${seen}`;
  }
  if (!expectVerb && !actionVerb) {
    // "In the main menu, click About": a context for the next action.
    const where = /^(?:in|on|from|within|inside|under|using|via|through)\s+(?:the\s+)?(.+)$/i.exec(body0);
    if (where && !OUTCOME_BOUNDARY.test(body0) && !MODAL.test(body0)) {
      // "From the home page use the menu to open About": the context, then the clause after it.
      const tokens = (where[1] ?? '').split(/\s+/);
      const at = tokens.findIndex((_t, i) => i > 0 && isVerbStart(tokens.slice(i).join(' ')));
      ctx.scope = plain(ctx, at > 0 ? tokens.slice(0, at).join(' ') : (where[1] ?? ''));
      if (at > 0)
        for (const c of splitClauses(tokens.slice(at).join(' '))) clauseSteps(ctx, c.text, c.purpose, state);
      return;
    }
    // "email = x, password = y": fields to fill.
    const items0 = body0.split(/\s*,\s*(?:and\s+)?|\s+and\s+/);
    // "Catalogue filter, Category = Lighting": a name for what follows, then the settings.
    const items =
      items0.length > 1 &&
      !FIELD_VALUE_ITEM.test(items0[0] ?? '') &&
      /^[\p{L} -]{1,30}$/u.test(items0[0] ?? '')
        ? items0.slice(1)
        : items0;
    // "3DS code 123456": a field named, then its value.
    const labelled = /^(.+?)\s+(\uE000\d+\uE001)$/.exec(body0);
    if (labelled && FIELD_LABEL.test((labelled[1] ?? '').trim())) {
      push(fillList(ctx, phrase, `${labelled[1] ?? ''} ${labelled[2] ?? ''}`, ctx.scope));
      return;
    }
    // Not "the page says Upload complete: 2 files": a colon in a text shown is no field.
    const says = /\b(?:says|shows|reads|displays|contains)\b/i.test(body0);
    if (items.length > 0 && !says && items.every((i) => FIELD_VALUE_ITEM.test(i))) {
      const pairs = items.map((i) => /^(.*?)\s*[=:]\s*(.*)$/.exec(i) ?? ['', i, '']);
      // A field is filled; anything else with a value ("Category = Lighting") is chosen.
      const fields = pairs.filter((p) => FIELD_LABEL.test((p[1] ?? '').trim()));
      if (fields.length === pairs.length)
        push(fillList(ctx, phrase, pairs.map((p) => `${p[1]} ${p[2]}`).join(' and '), ctx.scope));
      else
        push(
          pairs.flatMap((p) =>
            FIELD_LABEL.test((p[1] ?? '').trim())
              ? fillList(ctx, phrase, `${p[1]} ${p[2]}`, ctx.scope)
              : actionSteps(ctx, 'select', `${p[2] ?? ''} in the ${p[1] ?? ''}`, phrase),
          ),
        );
      return;
    }
    // "the Save button opens the dialog": click it, then the outcome.
    const control = CONTROL_OUTCOME.exec(body0) ?? NAMED_OUTCOME.exec(body0);
    if (control) {
      push(controlSteps(ctx, control, phrase));
      state.lastWasAction = false;
      return;
    }
    // "Clicking X should open a modal"; "the cart count should be 1".
    const fromGerund = gerundSteps(ctx, body0, phrase);
    const modal = fromGerund ? null : MODAL.exec(body0);
    if (fromGerund || modal) {
      push(
        fromGerund ??
          predicateSteps(ctx, modal?.[1] ?? '', modal?.[3] ?? '', modal?.[2] !== undefined, phrase),
      );
      return;
    }
    // "\"good morning\" is still in the chat log": a quoted text that is (still) there.
    const stillThere =
      /^(.*\uE000\d+\uE001.*?)\s+(?:is|are)\s+(?:still\s+|now\s+)?(?:there|here|present|visible|shown|displayed|listed|(?:in|on|under)\s+.+)$/i.exec(
        body0,
      );
    if (stillThere) {
      push(expectationSteps(ctx, 'see', stillThere[1] ?? '', phrase));
      return;
    }
    // "a dialog pops up", "the message disappears": an outcome stated with its own verb.
    const happens =
      /^(.+?)\s+(pops up|shows up|comes up|appears|opens|closes|disappears|goes away|vanishes|is (?:shown|displayed|visible|open|hidden|closed|gone|dismissed))$/i.exec(
        body0,
      );
    if (happens && literalIds(body0).length === 0) {
      const verb = (happens[2] ?? '')
        .toLowerCase()
        .replace(/^is /, 'be ')
        .replace(/^(pop|show|come|appear|open|disappear)s\b/, '$1')
        .replace(/^(clos|vanish)es\b/, (_m, v: string) => (v === 'clos' ? 'close' : v))
        .replace(/^goes\b/, 'go');
      push(predicateSteps(ctx, happens[1] ?? '', verb, false, phrase));
      return;
    }
    // "it shows 2 results", "the status changes to Saved": what something shows, unquoted.
    const shows =
      literalIds(body0).length === 0
        ? /^(.+?)\s+(shows|displays|lists|says|reads|contains|includes|greets|welcomes|thanks|(?:changes|updates|turns) to)\s+(.+)$/i.exec(
            body0,
          )
        : null;
    if (shows) {
      const verb = (shows[2] ?? '').toLowerCase().replace(/^(\S+?)s\b/, '$1');
      push(predicateSteps(ctx, shows[1] ?? '', `${verb} ${shows[3] ?? ''}`, false, phrase));
      return;
    }
    // "the basket badge becomes 1": a value stated plainly.
    const becomes =
      /^((?:the|a|an|its|my|your|this)\s+.+?)\s+(?:becomes|goes (?:up |down )?to|increases to|drops to)\s+(\S+)$/i.exec(
        body0,
      );
    if (becomes) {
      push(predicateSteps(ctx, becomes[1] ?? '', `become ${becomes[2] ?? ''}`, false, phrase));
      return;
    }
    // "the lamp is there", "the basket is empty": a state stated plainly.
    const plainState =
      /^((?:the|a|an|its|my|your|this|both|all)\s+[^,]+?)\s+(?:is|are)\s+(?:still\s+|now\s+)?(there|here|present|listed|empty)$/i.exec(
        body0,
      );
    if (plainState) {
      const empty = plainState[2]?.toLowerCase() === 'empty';
      push(expectationSteps(ctx, 'see', empty ? body0 : (plainState[1] ?? ''), phrase));
      return;
    }
  }
  if (
    purpose &&
    state.lastWasAction &&
    actionVerb &&
    /^(?:open|show|reveal|display|bring up)$/.test(actionVerb)
  ) {
    // "Click X to open the dialog": the purpose is the outcome to check.
    push(expectationSteps(ctx, 'see', body0.slice(actionVerb.length).trim(), phrase));
    return;
  }
  if (expectVerb) {
    // "see the lamp on the cart page": that page first (as for actions, only through a link).
    const seen = body0.slice(expectVerb.length).trim();
    const page = ON_NAMED_PAGE.exec(seen);
    if (page) ctx.steps.push(impliedPage(ctx, page[1] ?? '', phrase));
    push(expectationSteps(ctx, expectVerb, page ? seen.slice(0, page.index) : seen, phrase));
    state.lastWasAction = false;
  } else if (actionVerb) {
    let rest = body0.slice(actionVerb.length).trim();
    // "log in on the DemoID page with x / y": the page named first, the step's own words after it.
    const pageFirst = /^(?:on|in|at|from)\s+(?:the\s+)?([\p{L}\d][\p{L}\d -]{0,30}?)\s+page\s+(.+)$/iu.exec(
      rest,
    );
    if (pageFirst && !NAVIGATION_VERBS.has(actionVerb))
      rest = `${pageFirst[2] ?? ''} on the ${pageFirst[1] ?? ''} page`;
    const page = NAVIGATION_VERBS.has(actionVerb) ? null : ON_NAMED_PAGE.exec(rest);
    if (page) {
      ctx.steps.push(impliedPage(ctx, page[1] ?? '', phrase));
      rest = rest.slice(0, page.index);
    }
    // "select report.txt and prices.csv (in Choose files)": files named are chosen for upload.
    const choosesFiles = /^(?:select|choose|pick)$/.test(actionVerb) && FILE_NAME.test(withoutLiterals(rest));
    FILE_NAME.lastIndex = 0;
    const produced = (
      choosesFiles ? [uploadStep(ctx, rest, phrase)] : actionSteps(ctx, actionVerb, rest, phrase)
    ).map((s) => {
      if (s.kind !== 'fill' || s.target !== 'text' || ctx.askedFor === undefined) return s;
      const asked = ctx.askedFor;
      ctx.askedFor = undefined;
      return { ...s, target: asked };
    });
    ctx.steps.push(...produced);
    state.lastWasAction = produced.length > 0;
  } else {
    // A verbless clause after an assertion adds objects to it ("…, and the text X").
    const prev = ctx.steps[ctx.steps.length - 1];
    // "greet the user: X" after "and then": the audience named makes it an outcome, not a "welcome heading".
    const outcome =
      GREETS.exec(body0)?.[1] !== undefined
        ? predicateSteps(ctx, '', body0, false, phrase)
        : outcomeSteps(ctx, body0, phrase);
    if (outcome) push(outcome);
    else if (
      prev &&
      (prev.kind.startsWith('expect') ||
        // "→ welcome heading with Demo User": a thing the page shows, named after the actions.
        /\b(?:heading|title|message|banner|notice|dialog|popup|modal)\b/i.test(withoutLiterals(body0)))
    )
      ctx.steps.push(...expectationSteps(ctx, 'see', text, phrase));
    else ctx.skipped.push(phrase);
  }
}

/**
 * A page the description names for a step ("… on the cart page"): going there is a no-op when the
 * test is on it already, and left out when no link leads there (the flow may have arrived: "allow
 * access on the consent page").
 */
function impliedPage(ctx: Ctx, name: string, phrase: string, roleHints: RoleHint[] = ['link']): PlannedStep {
  return step('click', phrase, {
    target: plain(ctx, name),
    roleHints,
    navigation: true,
    implied: true,
  });
}

/** A control named with what it does: a click on it, then the outcome. */
function controlSteps(ctx: Ctx, m: RegExpExecArray, phrase: string): PlannedStep[] {
  const clicks = actionSteps(ctx, 'click', `${m[1] ?? ''}${m[2] ? ` in the ${m[2]}` : ''}`, phrase);
  return [...clicks, ...expectationSteps(ctx, 'see', m[3] ?? '', phrase)];
}

/**
 * A clause that reloads the page: "the choice is kept after reloading" (reload, then the earlier
 * assertions again), "after a refresh the message should still be in the log" (reload, then the
 * clause's own), "see X, even after reloading" (X, reload, X again).
 */
function reloadSteps(ctx: Ctx, text: string, at: RegExpExecArray, phrase: string, state: ClauseState): void {
  const before = text.slice(0, at.index).trim();
  const after = text
    .slice(at.index + at[0].length)
    .replace(/^[\s,]+/, '')
    .trim();
  const rest = [before, after].filter((t) => t !== '').join(' ');
  const body = rest.replace(LEADING_FILLER, '');
  // "the choice is kept": the earlier assertions, again.
  // "it's still dark": as it was, so what was checked before holds again.
  const kept =
    /\b(?:persists?|(?:is|are|be) kept|(?:is|be) remembered|(?:is|be) saved|survives?|sticks?)\b/i.test(
      body,
    ) ||
    /^(?:it|this|that|everything|the page)\s+(?:is\s+|stays\s+|remains\s+)?still\s+(?:is\s+)?(?!(?:there|here|visible|shown|listed|present|displayed|on|off|checked)$)\p{L}+$/iu.test(
      body,
    );
  const verb =
    startsWithVerb(body, EXPECT_VERBS) !== undefined ||
    startsWithVerb(body, ACTION_VERBS) !== undefined ||
    MODAL.test(body);
  // "the switch is still on": a statement without a verb to start it is what to assert.
  const statement = !verb && STATEMENT.test(withoutLiterals(body));
  const reload = step('reload', phrase);
  let produced: PlannedStep[] = [];
  if (!kept && body !== '' && (verb || statement)) {
    const from = ctx.steps.length;
    if (statement) ctx.steps.push(...expectationSteps(ctx, 'see', body, phrase));
    else clauseSteps(ctx, rest, false, state);
    produced = ctx.steps.splice(from);
  }
  // "Dark mode toggle persists after reload", said of nothing done before: turned on, then kept.
  const setting =
    /^(.+?\b(?:toggle|switch|checkbox|check box|setting|preference|option|mode))\s+(?:persists?|is kept|is remembered|is saved|stays(?:\s+on)?|sticks)\b/i.exec(
      body,
    );
  if (kept && setting && !ctx.steps.some((s) => isAction(s.kind))) {
    const what = setting[1] ?? '';
    clauseSteps(ctx, `turn on ${what}`, false, state, true);
    clauseSteps(ctx, `${what} should be on`, false, state, true);
  }
  if (produced.length === 0) {
    ctx.steps.push(reload, step('expectVisible', phrase, { reassert: true }));
    state.lastWasAction = false;
    return;
  }
  // "X, even after a reload", "X and survives a refresh": X before the reload too.
  const both = /\b(?:even|also|survives?)\b/i.test(at[0]);
  ctx.steps.push(...(both ? produced : []), reload, ...produced.map((s) => ({ ...s })));
  state.lastWasAction = false;
}

/**
 * Every run of whitespace as one space, or one line break where the run has one (lists keep their
 * lines). The clause rules try `\s*` / `\s+` from every position, so a long run cost them cubic
 * time: 8 KiB of spaces in a description held scribe's only thread for tens of minutes. Literals
 * are protected first and keep their own spacing.
 */
/**
 * "pay with card X … and click Pay $49.00": the click a verb implies ("pay") is left out when the
 * next step clicks the control the description names for it ("Pay $49.00").
 */
function withoutDoubledSubmit(steps: PlannedStep[]): PlannedStep[] {
  return steps.filter((s, i) => {
    const next = steps[i + 1];
    return !(
      s.kind === 'click' &&
      next?.kind === 'click' &&
      !s.exactName &&
      /^(?:pay|log in|sign in|register|sign up|send|submit|subscribe|join|buy|check ?out|save|upload)$/i.test(
        s.target,
      ) &&
      next.target.toLowerCase().startsWith(s.target.toLowerCase())
    );
  });
}

export function collapseWhitespace(text: string): string {
  return text.replace(/[^\S\n]+/g, ' ').replace(/ ?\n\s*/g, '\n');
}

/**
 * A Gherkin "Scenario Outline" tested with its first example: the Examples table's first row in
 * place of the steps' <placeholders>, the table itself left out.
 */
export function withFirstExample(description: string): string {
  const table = /^[ \t]*examples?\s*:[ \t]*\n((?:[ \t]*\|[^\n]*\|[ \t]*(?:\n|$))+)/im.exec(description);
  if (!table) return description;
  const rows = (table[1] ?? '')
    .trim()
    .split('\n')
    .map((row) =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header = [], first = []] = rows;
  const values = new Map(header.map((name, i) => [name.toLowerCase(), first[i] ?? '']));
  const steps = description.slice(0, table.index) + description.slice(table.index + table[0].length);
  return steps.replace(
    /<([^<>\n]{1,40})>/g,
    (whole, name: string) => values.get(name.trim().toLowerCase()) ?? whole,
  );
}

export function parseDescription(description: string, maxSteps = 30): ParsedDescription {
  const { text: raw, literals } = protectLiterals(
    withFirstExample(withoutChatter(description.replace(/\r\n?/g, '\n'))),
  );
  const text = normalizeLayout(withoutBackground(collapseWhitespace(raw)));
  const later = LATER_DATA.exec(text);
  const ctx: Ctx = { literals, steps: [], skipped: [] };
  const state: ClauseState = { lastWasAction: false };
  const main = later ? text.slice(0, later.index) + (later[1] ?? '') : text;
  for (const clause of splitClauses(main)) clauseSteps(ctx, clause.text, clause.purpose, state);
  if (later) withLaterData(ctx, later[2] ?? '');
  return { steps: withoutDoubledSubmit(ctx.steps).slice(0, maxSteps), literals, skipped: ctx.skipped };
}

/** "… please check the steps still work, using the name X, the email Y": test data for steps above. */
const LATER_DATA =
  /(^|[.!?]\s+)(?:please\s+)?(?:check|verify|confirm|make sure|test)\s+(?:that\s+)?(?:the|these|those)\s+steps\s+(?:still\s+)?(?:work|are\s+(?:still\s+)?(?:right|correct|valid))\s*,?\s*(?:e\.\s?g\.\s*|for example\s*,?\s*|using\s+|with\s+)?(.*?)[.!?]?\s*$/i;

/** The values given after the steps go into the fields the steps fill without one. */
function withLaterData(ctx: Ctx, data: string): void {
  const given: Ctx = { literals: ctx.literals, steps: [], skipped: [] };
  for (const clause of splitClauses(`fill in ${data}`))
    clauseSteps(given, clause.text, false, { lastWasAction: false });
  for (const value of given.steps.filter((s) => s.kind === 'fill' && s.valueSource === 'description')) {
    const at = ctx.steps.findIndex(
      (s) => s.kind === 'fill' && s.valueSource !== 'description' && overlap(value.target, s.target) > 0,
    );
    const into = ctx.steps[at];
    if (!into) continue;
    ctx.steps[at] = {
      ...into,
      value: value.value,
      valueSource: 'description',
      ...(value.credential ? { credential: value.credential } : {}),
    };
  }
}
