// The words the description parser reads by: verbs of acting and of checking, keys, role and field
// nouns, and the patterns built from them. Data and small predicates only; no parsing state.

import { baseOfThirdPerson } from '../active-voice';
import { type RoleHint } from '../plan';

/** Verbs that go to a page or open something (longest first, as ACTION_VERBS is matched). */
export const NAVIGATION_VERB_LIST = [
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
export const CLICK_VERB_LIST = ['click on', 'click', 'tap on', 'tap', 'press', 'hit', 'push'] as const;

export const ACTION_VERBS = [
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
  'grab',
  'deselect',
  'unselect',
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
  'create',
  'put',
  'place',
  'remove',
  'delete',
  'archive',
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
  'cast a vote',
  'cast my vote',
  'cast your vote',
  'vote',
  'ask for',
  'request',
] as const;

export const EXPECT_VERBS = [
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

const firstWord = (phrase: string): string => phrase.split(' ')[0] ?? '';
const firstWords = (verbs: readonly string[]): ReadonlySet<string> => new Set(verbs.map(firstWord));
export const ACTION_HEADS = firstWords(ACTION_VERBS);
/** Verbs of seeing and checking that a third person can be the subject of ("the user sees X"). */
export const EXPECT_HEADS = firstWords([
  'see',
  'verify',
  'expect',
  'ensure',
  'assert',
  'confirm',
  'observe',
  'notice',
]);

export const LEADING_FILLER =
  /^(?:(?:ok|okay|so|then|and|first|firstly|next|finally|also|afterwards|after that|after|when|once|if|now|please|i|you|we|she|he|they|the user|user|can|must|will|try to|to|there(?=\s+(?:i|you|we)\s))\s+)+/i;
/** "Given I am on the login page": a start page (nothing to do when the test is there already). */
export const ON_PAGE =
  /^(?:given\s+)?(?:i am|i'm|am|we are|the user is|user is|you are)\s+(?:on|at|in)\s+(?:the\s+)?(.+?)(?:\s+page)?$/i;
/** "As a shopper I'd like to be able to …", "I want to …": a user story's wish is the action. */
export const USER_STORY =
  /^(?:as an?\s+[\w -]{1,30}?,?\s+)?(?:i|we|users?|customers?)(?:\s+would like|['’]d like|\s+want|\s+need|\s+wish|\s+should be able|\s+must be able)\s+(?:to\s+)?(?:be able to\s+)?|^(?:want|would like|wish)\s+to\s+(?:be able to\s+)?/i;

/** A requirement's "the system shall allow a visitor to …": what the visitor does is the action. */
export const SYSTEM_ALLOWS =
  /^(?:the\s+)?(?:system|application|app|site|web\s*site|page|product|service|platform|software|shop|store)\s+(?:shall|must|should|will|is to)\s+(?:allow|let|enable|permit)\s+(?:(?:a|an|the|any|every)\s+)?(?:user|visitor|customer|shopper|buyer|member|guest|person|admin(?:istrator)?)s?\s+(?:to\s+)?/i;

export const KEYS = new Map<string, string>([
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

export const ROLE_WORDS: [RegExp, RoleHint][] = [
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
export const FIELD_NOUNS = [
  'one-time code',
  'verification code',
  'security code',
  'card number',
  'email address',
  'e-mail address',
  'postal code',
  'postcode',
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

export const FIELD_NOUN_ALTERNATION = FIELD_NOUNS.join('|');
/** "Email", "Your password", "Card number": a field's label ("Title" and "Subject" name tickets too). */
export const FIELD_LABEL = new RegExp(
  `^(?:(?:your|the|my)\\s+)?(?:[\\p{L}\\d-]+\\s+)?(?!title$|subject$)(?:${FIELD_NOUN_ALTERNATION})$`,
  'iu',
);
/** One value: a literal, or a single word ("demo-pass"). */
export const ONE_VALUE = /^(?:\uE000\d+\uE001|[^\s.!?;,]+)$/u;

// Not the "in" of a control's own name ("Sign in with DemoID", "Log in").
export const CONTEXT_TAIL =
  /(?<!\b(?:sign|log|check|opt))\s+(?:from|in|on|within|inside|under|of|using|via|through)\s+(?:the\s+)?([^,]+)$/i;
/** "click Add to cart for the lamp": for a control, "for X" names the item it belongs to. */
export const CONTROL_CONTEXT_TAIL =
  /(?<!\b(?:sign|log|check|opt))\s+(?:from|in|on|within|inside|under|of|using|via|through|for)\s+(?:the\s+)?([^,]+)$/i;
/**
 * "remove it on the cart page": the page the action happens on, gone to first ("in the Category box
 * on your Catalogue page" names the Catalogue page, not a "Category box on your Catalogue" one).
 */
export const ON_NAMED_PAGE =
  /\s+(?:on|in|at|from)\s+(?:(?:the|your|my|our)\s+)?([\p{L}\d](?:(?!\s(?:on|in|at|from)\s)[\p{L}\d -]){0,30}?)\s+page$/iu;
/** A tail that only names the control's role ("Log in button"): part of the name, not a context. */
export const ROLE_ONLY = /^(?:button|link|tab|icon|field|box|menu item|checkbox|switch|toggle|option)s?$/i;

/** A verb list's verbs by their first word, in list order: the parser asks many times per clause. */
const verbsByHead = new WeakMap<readonly string[], Map<string, string[]>>();

function byHead<T>(entries: readonly T[], headOf: (entry: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const entry of entries) {
    const head = headOf(entry);
    const same = index.get(head);
    if (same) same.push(entry);
    else index.set(head, [entry]);
  }
  return index;
}

export function startsWithVerb(text: string, verbs: readonly string[]): string | undefined {
  const lower = text.toLowerCase().replace(LEADING_FILLER, '');
  let index = verbsByHead.get(verbs);
  if (!index) {
    index = byHead(verbs, firstWord);
    verbsByHead.set(verbs, index);
  }
  // Every verb that can match starts with the text's first word (up to a space or a comma).
  const head = /^[^ ,]*/.exec(lower)?.[0] ?? '';
  return index.get(head)?.find((v) => lower === v || lower.startsWith(`${v} `) || lower.startsWith(`${v},`));
}

/** "set To to Japanese yen", "change the quantity to 2": a setting, which starts a clause too. */
const SETTING_START = /^(?:set|change|update|correct|amend)\s+(?:\S+\s+){1,4}?to\s+\S/i;

export function isVerbStart(text: string): boolean {
  if (startsWithVerb(text, ACTION_VERBS) !== undefined || startsWithVerb(text, EXPECT_VERBS) !== undefined)
    return true;
  if (SETTING_START.test(text.replace(LEADING_FILLER, ''))) return true;
  // "…, sends it and checks that …": a third-person verb starts a clause too.
  const first = /^\s*(\p{L}+)\s/u.exec(text.replace(LEADING_FILLER, ''))?.[1] ?? '';
  return (
    baseOfThirdPerson(first, ACTION_HEADS) !== undefined ||
    baseOfThirdPerson(first, EXPECT_HEADS) !== undefined
  );
}

/**
 * "the count should be 1", "it must close", "gets greeted with …", "message still in chat log": an
 * outcome stated after a comma or "and".
 */
export const OUTCOME_START =
  /^(?:[^\s,]+\s+){0,6}?(?:should|must|shall|needs? to|ought to|(?:is|are) expected to)\s|^(?:(?:they|he|she|you|we|i|the user|users)\s+)?(?:gets?|sees?|receives?|lands?|ends? up)\s|^(?:the|a|an|it|its|this|that|their|my|your)\b(?:\s+[^\s,]+){0,5}?\s+(?:pops up|shows up|appears|disappears|goes away|(?:is|are) (?:shown|displayed|visible|hidden|gone|there|present|listed|empty|back)|(?:drops|goes|rises|falls|jumps|climbs|increases|decreases) (?:up |down |back )?to(?=\s+\d)|(?:stays|remains|is) (?:still |now )?at(?=\s+\d)|shows|displays|says|reads|lists|contains|includes|becomes|(?:changes|updates) to|(?:show|display|say|read|list|contain|include)(?=\s+\d))\b|^(?:[^\s,]+\s+){1,4}(?:still|no longer)\s+(?:visible|shown|displayed|there|present|listed|gone|hidden|empty|in|on)\b|^(?:you|we)(?:['’]re|\s+are)\s+(?:now\s+|back\s+|still\s+)?at\s+\d/i;

/** An action verb written as a gerund ("clicking", "searching for", "logging in"): the verb and the rest. */
export function gerundAction(text: string): { verb: string; rest: string } | undefined {
  const lower = text.toLowerCase();
  const found = GERUNDS.get(firstWord(lower))?.find(
    ({ phrase }) => lower === phrase || lower.startsWith(`${phrase} `),
  );
  return found && { verb: found.verb, rest: text.slice(found.phrase.length).trim() };
}

/** Every action verb's gerund phrases ("clicking on", "logging in"), by first word, in verb order. */
const GERUNDS = byHead(
  ACTION_VERBS.flatMap((verb) => {
    const [head = '', ...tail] = verb.split(' ');
    const forms = new Set([`${head}ing`, `${head.replace(/e$/, '')}ing`, `${head}${head.slice(-1)}ing`]);
    return [...forms].map((form) => ({ verb, phrase: [form, ...tail].join(' ') }));
  }),
  ({ phrase }) => firstWord(phrase),
);

/** After "check"/"confirm", a statement ("the cart is empty") makes it an assertion, not a tick. */
export const STATEMENT =
  /\b(?:is|are|was|were|isn't|aren't|has|have|shows?|displays?|contains?|appears?|says|reads|lists?|includes?|goes|gets|becomes|stays|remains|works|still|no longer|thanks|greets|welcomes|mentions|confirms|returns|gives|yields|must|should|shall)\b/i;

export const NAVIGATION_VERBS: ReadonlySet<string> = new Set(NAVIGATION_VERB_LIST);

/** "report.txt", "prices.csv": file names written without quotes. */
export const FILE_NAME = /\b[\w-]+\.(?:txt|csv|pdf|png|jpe?g|gif|svg|docx?|xlsx?|json|xml|zip|md)\b/gi;

/**
 * "0 tasks left", "3 items remaining", "2 seats selected: B1, F3", "3 of 4 requirements met": a counter's text, not
 * a number of elements to count (the tasks done are still listed; "left" is what the counter says).
 */
export const COUNTER_TEXT =
  /^[\p{L}-]+(?:\s+[\p{L}-]+)?\s+(?:left|remaining|to go|to do|pending|outstanding)$|^of\s+\d{1,6}\s+[\p{L}-]+(?:\s+[\p{L}-]+){0,3}$|^[\p{L}-]+\s+(?:selected|chosen|picked|added|booked|held)\b[^,;]{0,60}$/iu;
