// Text pre-passes before clauses are split: lists, arrows, tickets' and testers' note-taking styles
// (shorthand, typos, timestamps, a manual run told in the past) rewritten as plain sentences.

import { nominalActions } from './nominal-actions';
import { saysAState } from './stated-states';
import { withoutLiterals } from '../literals';
import { oneEditApart, parseCount } from '../text';
import {
  ACTION_VERBS,
  EXPECT_VERBS,
  FIELD_LABEL,
  FIELD_NOUN_ALTERNATION,
  gerundAction,
  isVerbStart,
  LEADING_FILLER,
  ONE_VALUE,
  startsWithVerb,
  STATEMENT,
} from './vocabulary';

/** A lead-in that ends in a verb of showing: what follows its colon is the text shown. */
const SHOWN_BEFORE_COLON =
  /\b(?:greets?|welcomes?|thanks?|says?|reads?|shows?|displays?)(?:\s+(?:the\s+)?(?:user|users|customer|customers|visitor|visitors|you|me|us|them))?$/i;

/** A verb of showing, then a capitalised label ("reads Total", "shows Order total"): its colon is shown. */
const SHOWN_LABEL_BEFORE_COLON =
  /\b(?:says?|shows?|reads?|displays?)\s+\p{Lu}[\p{L}\d]*(?:\s+[\p{L}\d]+){0,2}$/u;

/** "the discount line says …", "the total is $21.60": a part of the page and what it shows. */
const OUTCOME_STATED =
  /^(?:the|its|your|my)\s+(?:[\p{L}-]+\s+){0,3}?(?:says|reads|shows|displays|is|are|becomes|should|must|will)\b/iu;

/** The first word of a button named for what it does ("Cancel membership", "Load more"). */
const CONTROL_VERB =
  '(?:Cancel|Delete|Save|Submit|Send|Remove|Confirm|Continue|Apply|Load|Rename|Archive|Undo|Update|Clear|Reset|Close)';

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
export function withoutBackground(text: string): string {
  return text.replace(
    /(^|\n)[ \t]*(?:background|context|some context)\s*:\s*([^\n]*)/gi,
    (_m, lead: string, paragraph: string) => {
      const sentences = paragraph.split(/(?<=[.!?;])\s+/);
      const first = sentences.findIndex((s) => isVerbStart(s.replace(LEADING_FILLER, '')));
      return `${lead}${first < 0 ? paragraph : sentences.slice(first).join(' ')}`;
    },
  );
}

/** "posting two comments", "leave 3 reviews": a post said with how many (two or three). */
const POSTED_MANY = /\b(post|leave|write|submit)(ing|s)?\s+(two|three|2|3)\s+([a-z]{3,}?)s\b/gi;

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

/**
 * "uploading them gets all three to 100%": a gerund step, then its outcome; also as a line of a
 * list ("- typing 'bri' suggests Bristol").
 */
const GERUND_DOES =
  /(^[ \t]*(?:[-*•+][ \t]+)?|[.!?;,]\s+(?:and\s+)?)(\p{L}+ing\b(?:(?!\b(?:should|must|will|would|can|could|does|do)\b)[^.!?;,])*?)\s+(get|show|put|bring|make|lead|result|display|list|take|say|give|suggest)s(?=\s+(?!to\b|in\b)|\s+(?:to|in)\b)/gimu;
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

/** Plurals that do not end in s, as a form's repeated groups are named ("Add another person"). */
const SINGULAR: ReadonlyMap<string, string> = new Map([
  ['people', 'person'],
  ['children', 'child'],
]);

/** Verbs a tester tells a manual run with ("I registered …, went to …, clicked …"), as steps. */
const PAST_STEPS = new Map([
  ['registered', 'register'],
  ['went', 'go'],
  ['moved', 'move'],
  ['dragged', 'drag'],
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
  // A screen-reader user hears what the page shows.
  ['heard', 'see'],
]);
const TIMESTAMPED = /^([ \t]*)\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?=\S)/m;
const PAST_STEP = `(${[...PAST_STEPS.keys()].join('|')})`;
// "She pressed Sign up …": a customer's run retold by support is told in the third person.
const PAST_NARRATIVE = new RegExp(`\\b(?:I|we|she|he|they)\\s+${PAST_STEP}\\b`, 'i');
const PAST_STEP_AT = new RegExp(
  `(^|\\b(?:I|we|she|he|they)\\s+|,\\s*(?:and\\s+)?(?:then\\s+)?|\\band\\s+(?:then\\s+)?|\\bthen\\s+)${PAST_STEP}\\b`,
  'gi',
);

/** "The bill was 84.00, I moved …": in a run told in the past, a number a field was given. */
const WAS_GIVEN =
  /(^|[,;]\s*|\.\s+)[Tt]he\s+(bill|amount|deposit|budget|loan|income|salary|distance|weight|height|age)\s+was\s+(\d[\d,]*(?:\.\d+)?\b|\uE000\d+\uE001)/g;

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
        // "But when she chose X her cursor ended up in the name box": what went wrong, not a step.
        (notes || PAST_NARRATIVE.test(sentence)) && !/^\s*but\b/i.test(sentence)
          ? sentence
              .replace(
                PAST_STEP_AT,
                (_m, lead: string, verb: string) => `${lead}${PAST_STEPS.get(verb.toLowerCase()) ?? verb}`,
              )
              .replace(WAS_GIVEN, '$1enter $3 as the $2')
          : sentence,
      )
      .join('')
  );
}

/** "-> name Priya Nair ->": a field and its value between arrows. */
const ARROW_FIELD_VALUE = new RegExp(
  String.raw`(^|->|→|=>|:)([ \t]*)(${FIELD_NOUN_ALTERNATION})[ \t]+([\p{Lu}\d\uE000][^\n]{0,60}?)[ \t]*(?=->|→|=>)`,
  'gimu',
);
/** "-> next ->": a form's own button, named in lower case. */
const ARROW_FORM_BUTTON = /(->|→|=>)[ \t]*(next|continue|back|submit|confirm|done|finish)[ \t]*(?=->|→|=>)/gi;

/** "- main menu About → page /about, …": a control named before an arrow, with no verb, is clicked. */
function arrowControls(text: string): string {
  return (
    text
      // "EUR -> GBP": two codes, from the one to the other (a converter's From and To).
      .replace(/\b([A-Z]{3})[ \t]*(?:->|→)[ \t]*([A-Z]{3})\b/g, 'set From to $1, set To to $2')
      .replace(ARROW_FIELD_VALUE, (whole, lead: string, space: string, field: string, value: string) =>
        isVerbStart(value) ? whole : `${lead}${space}enter ${field} ${value} `,
      )
      .replace(ARROW_FORM_BUTTON, '$1 click $2 ')
      // "Full service + 13:30 -> …": choices joined by "+", made before the arrow.
      .replace(
        /(^|:[ \t]*)(\p{Lu}[^+\n<>]{0,30}?)[ \t]*\+[ \t]*([^+\n<>-]{1,30}?)[ \t]*(?=->|→)/gmu,
        '$1choose $2, choose $3 ',
      )
      // "-> 'Book this slot' =>": a quoted name between two arrows is a control pressed.
      .replace(/(->|→|=>)[ \t]*(\uE000\d+\uE001)[ \t]*(?=->|→|=>)/gu, '$1 click $2 ')
      // "→ 'Serves 5' + '625 ml milk'": quoted texts joined by "+" after the last arrow, each shown.
      .replace(
        /(->|→|=>)[ \t]*(\uE000\d+\uE001(?:[ \t]*\+[ \t]*\uE000\d+\uE001)+)[ \t]*(?=[;.\n]|$)/gu,
        (_m, arrow: string, texts: string) =>
          `${arrow} the page shows ${texts.split(/[ \t]*\+[ \t]*/).join(', ')}`,
      )
      // "; back on the form: '…'": the page visited again shows the text.
      .replace(
        /\bback[ \t]+on[ \t]+the[ \t]+(?:form|page)[ \t]*:[ \t]*(?=\uE000)/gi,
        'when you come back to the page, the page shows ',
      )
      // "=> confirmation 'at 13:30';": where a quoted text is shown.
      .replace(
        /(->|→|=>)[ \t]*(?:the[ \t]+)?(\p{Ll}[\p{L}]{2,20})[ \t]+(\uE000\d+\uE001)[ \t]*(?=;|$)/gmu,
        '$1 the $2 shows $3',
      )
      // "-> Cancel =>": a control's name between two arrows, with no verb, is pressed.
      .replace(
        /(->|→|=>)[ \t]*(\p{Lu}[\p{L}'-]*(?:[ \t]+[\p{L}'-]+){0,2})[ \t]*(?=->|→|=>)/gu,
        (whole, arrow: string, control: string) =>
          isVerbStart(control) || /\b(?:page|screen)$/i.test(control) ? whole : `${arrow} click ${control} `,
      )
      // "→ Check your inbox page →" is the page reached, "→ Verify email address link →" the link
      // followed: a name ending in its kind says which, whatever verb the name starts with.
      .replace(
        /(->|→|=>)[ \t]*(\p{Lu}[\p{L} '-]{0,40}?)[ \t]+(page|screen|link|button|tab)[ \t]*(?=->|→|=>|$)/gmu,
        (_m, arrow: string, name: string, kind: string) =>
          /^(?:page|screen)$/i.test(kind)
            ? `${arrow} the page shows ${name} `
            : `${arrow} click the ${name} ${kind} `,
      )
      // "=> still 'Sunday morning', no 'Brunch'": what the page still shows, after the last step.
      .replace(/(->|→|=>)[ \t]*still[ \t]+(?=\uE000)/gu, '$1 the page still shows ')
      // "… -> 'Seat A1 is held …'": a quoted text the arrows end on is what the page shows.
      .replace(/(->|→|=>)[ \t]*(\uE000\d+\uE001)[ \t]*[.!]?[ \t]*$/gmu, '$1 the page shows $2')
      // "… → Payment successful", "… → 0 tasks left": a bare text the arrows end on is what the page shows.
      .replace(
        /(->|→|=>)[ \t]*(\p{Lu}[\p{L} '-]{0,60}?|\d{1,4}[ \t]+\p{L}[\p{L} '-]{0,60}?)[ \t]*[.!]?[ \t]*$/gmu,
        (whole, arrow: string, shown: string) =>
          shown.split(/\s+/).length <= 6 && !isVerbStart(shown) && !saysAState(shown)
            ? `${arrow} the page shows ${shown}`
            : whole,
      )
      .replace(
        /^([ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+|\uE000\d+\uE001:[ \t]+)?)([^\n→]{1,60}?)[ \t]*(->|→|=>)/gm,
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
  return (
    text
      // "Register (any name, e.g. Mary Jackson, email x, password y)": the example is what to fill in.
      .replace(
        /\s*\((?:any\s+([\p{L} ]{1,20}?)\s*,\s*)?(?:e\.\s?g\.|for example|for instance|say)\s*,?\s+([^()\n]+)\)/giu,
        (_m, field: string | undefined, values: string) => ` with ${field ? `the ${field} ` : ''}${values}`,
      )
      .replace(
        /\s+[—–]\s+(?:say|e\.g\.|for example|for instance)\s+([^—–\n]+?)\s+[—–]\s+([^.!?\n]+)/gi,
        (_m, values: string, rest: string) => {
          const and = rest.search(/\s+and\s+/);
          const first = and < 0 ? rest : rest.slice(0, and);
          return ` ${first} as ${values.replace(/\bchoosing\s+(?=the\s+password\b)/i, '')}${and < 0 ? '' : rest.slice(and)}`;
        },
      )
  );
}

/**
 * "Steps: 1. Enter email 2. Enter password 3. Click Log in" (a spreadsheet cell, a ticket field),
 * "3. Remove it 4. Check the cart": the numbered items on one line (after an optional label), split
 * only where the numbers follow in order, so "1. Set the quantity to 3. Click Update" keeps its 3.
 */
function inlineNumberedItems(text: string): string {
  return text.replace(
    /^([ \t]*(?:\p{L}[\p{L} ]{0,25}:[ \t]*)?)(\d{1,2})[.)][ \t]+(\S.*)$/gmu,
    (whole, lead: string, first: string, items: string) => {
      let out = items;
      let next = Number(first) + 1;
      for (let at = 0; ; next++) {
        const found = new RegExp(`\\s${next}[.)]\\s+(?=\\S)`, 'g');
        found.lastIndex = at;
        const m = found.exec(out);
        if (!m) break;
        out = `${out.slice(0, m.index).replace(/[.;,]?$/, '.')} ${out.slice(m.index + m[0].length)}`;
        at = m.index + 2;
      }
      return next > Number(first) + 1 ? `${lead}${out}` : whole;
    },
  );
}

/**
 * Lists and arrows read as sentences: a step per line ("1. …", "- …", "Step 2: …"), inline numbers
 * ("1) add … 2) open …", or "1. … 2. …" when the text starts with "1."), and "x -> y" / "x → y".
 */
/** Asides that say where something is on this test site: "(in the demo: the Mailbox page)". */
const HERE_ASIDE =
  /\s*\((?:in\s+(?:the\s+)?(?:demo|test(?:s|\s+environment)?|staging)|here|locally)\s*:\s*(?:the\s+)?([^()\n]{1,40}?)\s*\)/i;

/**
 * "the system shall send a message titled X to the given address (in the demo: the Mailbox page)":
 * where the message arrives should show it (the mailbox page, or the place an aside names).
 */
function sentMessages(text: string): string {
  return text.replace(
    /(?:\b(?:on|after|upon)\s+[\p{L} -]{1,30}?,?\s+)?(?:the\s+)?(?:system|app|application|site|shop|store|service|it|we)\s+(?:(?:shall|must|should|will|then)\s+)?sends?\s+(?:(?:a|an|the)\s+)?(?:(?:verification|confirmation|welcome|reset)\s+)?(e-?mail|message|mail|letter)\s+(?:titled|called|named|with\s+(?:the\s+)?subject|subject)\s*:?\s*(\uE000\d+\uE001)([^.!?;\n]*)/giu,
    (whole, kind: string, title: string, rest: string) => {
      // Only "to <someone>" may follow, and an aside saying where that is here.
      const place = HERE_ASIDE.exec(rest);
      const after = place ? rest.slice(0, place.index) + rest.slice(place.index + place[0].length) : rest;
      if (!/^\s*(?:to\s+[\p{L} '’-]{1,40})?\s*$/u.test(after)) return whole;
      const article = /^e/i.test(kind) ? 'an' : 'a';
      return `the ${place?.[1] ?? 'mailbox page'} should show ${article} ${kind} titled ${title}`;
    },
  );
}

/** The verb of a terse note's past participle ("Upload pressed"). */
const PARTICIPLE_BASE: Readonly<Record<string, string>> = {
  chosen: 'choose',
  selected: 'select',
  picked: 'pick',
  pressed: 'press',
  clicked: 'click',
  tapped: 'tap',
  entered: 'enter',
  typed: 'type',
  opened: 'open',
  ticked: 'tick',
  submitted: 'submit',
  uploaded: 'upload',
};

/** "Upload pressed", "two files chosen together": a line of what, then the participle of what was done. */
const TERSE_NOTE = new RegExp(
  `^([ \\t]*)(?:the\\s+)?([^\\n.,;:]{1,40}?)\\s+(${Object.keys(PARTICIPLE_BASE).join('|')})(\\s+together)?[ \\t]*$`,
  'gim',
);

/** "demo at example dot com, so demo@example.com": an address spoken, then as written. */
const SPOKEN_ADDRESS =
  /\b[\w.-]+\s+at\s+[\w-]+\s+dot\s+[a-z]{2,}\s*,?\s*(?:so|that is|i\.e\.|meaning)\s+(?=\uE000)/gi;

/** "Analytics is ticked", "the cart count in the header is 1": a state, a visibility or a value. */
const THEN_STATE =
  /^(?:(?!\b(?:and|it|tells|says|shows|goes)\b)[^,;.]){1,50}?\s+(?:is|are)\s+(?:not\s+)?(?:(?:still|now)\s+)?(?:ticked|checked|unticked|unchecked|selected|on|off|enabled|disabled|shown|visible|displayed|hidden|empty|\d+|\uE000\d+\uE001)$/i;

/**
 * Gherkin's "Then Analytics is ticked" / "And Marketing is ticked": what a Then step (and the And and
 * But steps under it) states is an outcome to check, also when it has no verb of checking.
 */
function thenStatements(text: string): string {
  let inThen = false;
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(given|when|then|and|but)\s+(.*)$/i.exec(line);
      if (!m) return line;
      const keyword = (m[2] ?? '').toLowerCase();
      if (keyword === 'given' || keyword === 'when') inThen = false;
      if (keyword === 'then') inThen = true;
      const rest = m[3] ?? '';
      const stated =
        inThen &&
        startsWithVerb(rest, EXPECT_VERBS) === undefined &&
        startsWithVerb(rest, ACTION_VERBS) === undefined &&
        !/\b(?:should|must|will|shall)\b/i.test(rest) &&
        THEN_STATE.test(rest);
      return stated ? `${m[1] ?? ''}${m[2] ?? ''} verify that ${rest}` : line;
    })
    .join('\n');
}

/** A control on an item, and what pressing it does ("Move down on Minack Theatre should …"). */
const PRESSED_ON_ITEM = new RegExp(
  String.raw`(^|[.!?;:]\s+)(\p{Lu}\p{L}+(?:\s+\p{Ll}+){0,2}?)\s+on\s+(\uE000\d+\uE001|\p{Lu}[\p{L}]*(?:\s+[\p{L}]+){0,3}?)` +
    String.raw`(?:\s+(opens)\s+|\s+(turns)\s+(?:the|its|their)\s+[\p{L} ]{1,20}?\s+into\s+|\s+(should|must|will)\s+(?!be\b|not\b)|\s+(?:swaps|moves|puts|takes)\s+it\b[^.;!?\n]*|(,)\s+(?=\p{Ll}+ing\s))`,
  'gmu',
);

function pressedOnItem(
  _m: string,
  lead: string,
  control: string,
  item: string,
  opens?: string,
  turns?: string,
  modal?: string,
  comma?: string,
): string {
  const click = `${lead}click ${control} on ${item}`;
  if (opens) return `${click}. It should open `;
  if (turns) return `${click}. It should show `;
  if (modal) return `${click}. It ${modal} `;
  return comma ? `${click}, then ` : click;
}

export function normalizeLayout(text0: string): string {
  const text = thenStatements(text0);
  let out = exampleValues(
    spelledOutItems(
      arrowControls(
        pastAsSteps(inlineNumberedItems(sentMessages(nominalActions(text.replace(SPOKEN_ADDRESS, ''))))),
      ),
    ),
  )
    .replace(/\b(it|that|there|what|here)['’]s\b/gi, '$1 is')
    // "adding two more people, with the names Ann, Ben and Cat": the form's "Add another person"
    // pressed that often, and the names typed into the empty boxes in turn (not "add two more lamps",
    // which goes to a cart).
    .replace(
      /\badd(?:ing|s)?\s+(two|three|four|five|[2-6])\s+more\s+(people|persons|guests|passengers|travell?ers|attendees|members|children|adults|rows|entries)\b(?:,?\s+with\s+the\s+names\s+((?:\p{Lu}[\p{L}'’-]*,\s+)*\p{Lu}[\p{L}'’-]*\s+and\s+\p{Lu}[\p{L}'’-]*))?/gu,
      (_m, count: string, plural: string, names: string | undefined) => {
        const n = parseCount(count) ?? 2;
        const one = SINGULAR.get(plural.toLowerCase()) ?? plural.replace(/s$/i, '');
        const typed = (names ?? '').split(/,\s+|\s+and\s+/).filter((name) => name !== '');
        return [
          `click Add another ${one} ${n === 2 ? 'twice' : `${n} times`}`,
          ...typed.map((name) => `type ${name} into the next empty field`),
        ].join(', ');
      },
    )
    // "remove Ben with his Remove button": that button, the one of the group Ben is in.
    .replace(
      /\b(?:remove|delete|take\s+off)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)\s+(?:with|using|via)\s+(?:his|her|its|their|the)\s+(\p{Lu}[\p{L}]*(?:\s+[\p{L}]+){0,2}?)\s+button\b/gu,
      'click the $2 button for $1',
    )
    // "the line must drop to 2 people, total £24": what the line then says.
    .replace(
      /\b(should|must|will)\s+(?:drop|fall|go\s+down|go\s+up|rise|climb)\s+to\s+(?=\d|\uE000)/gi,
      '$1 say ',
    )
    // "pressed Sign up before filling anything in": the form sent empty, nothing to fill.
    .replace(
      /\s+(?:before|without)\s+filling\s+(?:anything|in\s+anything|anything\s+in|any\s+of\s+it)(?:\s+in)?\b/gi,
      '',
    )
    // ", which is good": the teller's opinion of what happened.
    .replace(/,?\s+which\s+is\s+(?:good|fine|correct|right|expected|ok|okay|great)\b/gi, '')
    // "move the tip slider up to 20%": the slider set to that value.
    .replace(
      /\b(?:move|drag|slide|push|pull)\s+(?:the\s+)?([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+slider\s+(?:(?:up|down|right|left|all\s+the\s+way)\s+)?to\s+(?=\d|\uE000)/giu,
      'set the $1 to ',
    )
    // "put 3 people", "make it 2 guests": how many, in the field that counts them.
    .replace(
      /\b(?:put|make\s+it)\s+(\d{1,2})\s+(people|persons|guests|diners|adults|children|passengers|nights|rooms)\b/gi,
      'enter $1 as the $2',
    )
    // "theres only 1 egg": typed without its apostrophe.
    .replace(/\btheres\b/gi, 'there is')
    .replace(/\b(is|are|was|were|does|do|did|has|have|should)n['’]t\b/gi, '$1 not')
    .replace(/\bcan['’]t\b/gi, 'cannot')
    // "after adding X from the Products page the cart count must be 1": the action, then its outcome.
    .replace(
      /\b(after|once|when)\s+(\p{L}+ing\b[^,;.\n]*?)\s+(?=(?:the|its|my|your)\s+(?:[\p{L}-]+\s+){0,3}(?:must|should|will|needs? to)\b)/giu,
      '$1 $2, ',
    )
    // "when I pick X … I'd like to see just Y": then Y should be seen.
    .replace(/\s+(?:I|we)\s*(?:['’]d|\s+would)\s+like\s+to\s+see\b/gi, ', I should see')
    // "With Walks and Talks ticked the page should say …": the set-up done first, then its outcome.
    .replace(
      /\b[Ww]ith\s+((?:the\s+)?\p{Lu}[^,.;:!?\n]{0,80}?)\s+(ticked|checked|selected|chosen|switched on|turned on)\s*,?\s+(?=(?:[Tt]he|[Ii]t|[Yy]ou|I|[Ww]e|[Tt]here)\s)/gu,
      (_m, what: string, how: string) =>
        `${/^(?:selected|chosen)$/i.test(how) ? 'choose' : 'tick'} ${what}, then `,
    )
    // Second-language English: "you take Safety check for the Service" chooses it as the Service;
    // "choose the time 15:00" chooses 15:00 as the time; "Then must appear Service booked" is what
    // the page must show; "Your booking with 15:00 also" is both.
    .replace(/\b([Yy]ou|I|[Ww]e)\s+take\s+(\p{Lu}[^,;.]*?)\s+for\s+the\s+(?=\p{L})/gu, '$1 choose $2 as the ')
    .replace(
      /\b(choose|select|pick)\s+the\s+(\p{L}+)\s+(\d{1,2}:\d{2}|\d+)(?=[\s,.;]|$)/giu,
      '$1 $3 as the $2',
    )
    .replace(
      /(^|[.!?;]\s+|\b[Tt]hen\s+)(?:must|should|will)\s+(?:appear|be shown)\s+(?=\p{Lu})/gmu,
      '$1the page must show ',
    )
    .replace(
      /\b(shows?\s+\p{Lu}[\p{L}' ]{0,40}?)\s+with\s+([\p{L}\d:.]+)\s+(?:also|too|as well)\b/gu,
      '$1 and $2',
    )
    // "pick Workshops and Socials together": both, each chosen.
    .replace(
      /\b(\p{Lu}[\p{L}'’-]*\s+and\s+\p{Lu}[\p{L}'’-]*)\s+(?:together|at once|at the same time)\b/gu,
      '$1',
    )
    // "join the chat under the name Linus": as Linus.
    .replace(/\bunder\s+the\s+(?:user\s*|nick\s*)?name\s+(?=\S)/gi, 'as ')
    // "…, because the server keeps the history": why, not what to check.
    .replace(/\s*[,–—-]?\s+because\s+[^.!?;\n]*/gi, '')
    // Requirements' "shall" is "should".
    .replace(/\bshall\b/gi, 'should')
    // "no 'Brunch' anywhere", "is not shown anywhere on the page": the whole page is where to look.
    .replace(/\s+anywhere(?:\s+(?:on|in)\s+the\s+(?:page|screen))?(?=\s*(?:[.,;!?\n]|$))/gi, '')
    // "the Verify link in that message", "… in the mail.": the message is open on the page; the link is there.
    .replace(
      /\s+(?:in|from|inside|within)\s+(?:(?:that|this|the\s+same)\s+(?:e-?mail|message|mail|letter)\b|the\s+(?:e-?mail|message|mail|letter)(?=\s*(?:[,.;!?]|$)))/gim,
      '',
    )
    // "A page saying Email verified.": the page says it.
    .replace(
      /(^|[.!?]\s+)(?:(?:a|the)\s+)?(?:page|screen|message|banner|notice)\s+(?:saying|that says|reading|with the text)\s+/gim,
      '$1the page says ',
    )
    .replace(/\bwon['’]t\b/gi, 'will not')
    // "You'll see …" (the reader's "we'll", as in "We'll be in touch", is often the page's own text).
    .replace(/\b(you|i)['’]ll\b/gi, '$1 will')
    // "… once it has gone through": when, not what to check.
    .replace(
      /\s+once\s+(?:it|they|the\s+[\p{L}-]+)\s+(?:has|have|is|are)\s+(?:gone\s+through|been\s+sent|sent|finished|done|completed|loaded)\b/giu,
      '',
    )
    // "type 'Hiking' + enter": a key pressed after.
    .replace(/\s+\+\s+(?=(?:enter|return|tab|esc|escape)\b)/gi, ' and press ')
    // "… while hiking is already a tag": how things stand before the step, nothing to do or check.
    .replace(/\s+while\s+[^.!?;,]*?\b(?:is|are)\s+already\b(?:(?!\s*(?:->|→|=>))[^.!?;,])*/gi, '')
    // "there should only be one cornwall chip (3 of 5 tags)": a counter's text, said in passing.
    .replace(/\s*\((\d+\s+of\s+\d+(?:\s+[\p{L}-]+){1,2})\)(?=\s*(?:[.!?;]|$))/gu, '. It should say $1')
    // "-> rejected, still 2 of 5 tags": a figure that stays, shown as it was.
    .replace(/(^|[.!?;]\s+|,\s+)still\s+(?=\d+\s+(?:of\s+\d+\s+)?\p{L})/gimu, (_m, lead: string) =>
      lead.startsWith(',') ? '. It should still say ' : `${lead}it should still say `,
    )
    // "h1 X + price Y": a plus between words is "and".
    .replace(/\s+\+\s+(?=\p{L})/gu, ' and ')
    // "badge 0 -> 1": a value that changes, not two steps.
    .replace(/\b(\d+)\s*(?:->|→|=>|⟶|⇒)\s*(\d+)\b/g, 'from $1 to $2')
    .replace(/\s*(?:->|→|=>|⟶|⇒)\s*/g, '. ')
    // List items, markdown task boxes ("- [ ] …") and requirement numbers ("R-4.2.1") included.
    .replace(
      /^[ \t]*(?:(?:[-*•·–]|\(?\d{1,2}[.)]|\(?[a-h]\)|step\s+\d{1,2}\s*[:.)-]?|ac\s?-?\d{1,2}\s*[:.)–-]?|(?:[a-z]{1,5}-)?\d{1,3}(?:\.\d{1,3}){1,4}\s*[:.)–-]?)(?:[ \t]+\[[ xX✓]?\])?|\[[ xX✓]?\])[ \t]+/gim,
      '',
    )
    // "posting two comments", "post another comment": one post each, as a user makes them.
    .replace(POSTED_MANY, (_m, verb: string, form: string | undefined, count: string, noun: string) =>
      Array.from(
        { length: /^(?:two|2)$/i.test(count) ? 2 : 3 },
        () => `${verb}${form ?? ''} ${article(noun)} ${noun}`,
      ).join(' and '),
    )
    .replace(/\b(post|leave|write)(ing|s)?\s+another\s+(?=\p{L})/giu, '$1$2 a ')
    // "deleting one (Delete, then Delete comment)": the controls pressed to do it, in turn.
    .replace(
      /\b(?:delet(?:e|es|ing)|remov(?:e|es|ing)|archiv(?:e|es|ing)|cancel(?:s|l?ing)?)\s+(?:one|it|them|this|that)(?:\s+of\s+them)?\s+\((\p{Lu}[^,()]{0,30}),\s*then\s+(\p{Lu}[^()]{0,30})\)/gu,
      (whole: string, first: string, second: string) =>
        /^\S+ing\s/i.test(whole)
          ? `clicking ${first} and clicking ${second}`
          : `click ${first}, then click ${second}`,
    )
    // "set From and To both to 14 Mar 2026": each field to that value.
    .replace(
      /\b(set|enter|fill in|put)\s+(\p{Lu}[\p{L} ]{0,20}?)\s+and\s+(\p{Lu}[\p{L} ]{0,20}?)\s+both\s+(?:to|with|as)\s+(\uE000\d+\uE001)/gu,
      '$1 $2 to $4 and $3 to $4',
    )
    // "From 2026-04-01 and To 2026-04-30 shall show …": the values entered, then what they show.
    .replace(
      /(^|[.!?;:]\s+)((?:\p{Lu}[\p{L}]*\s+\uE000\d+\uE001)(?:,?\s+(?:and\s+)?\p{Lu}[\p{L}]*\s+\uE000\d+\uE001)+)\s+(shall|should|must|will)\s+/gu,
      '$1enter $2. It $3 ',
    )
    // "should say Showing 1 of 12 rentals and list R-2103", "3 of 12 rentals, including R-2178": a
    // figure, then an item it shows.
    .replace(
      /\s+and\s+(?:lists?|includes?)\s+(?=\uE000\d+\uE001)|,\s+including\s+(?=\uE000\d+\uE001)/g,
      '. It should show ',
    )
    // "I click Show rentals, but R-2131 is not in the list": what went wrong, told after the step.
    .replace(/\b(I\s+(?:click|press|tap|hit)\s+[^,.;!?]+),\s+but\s+[^.!?;]*/g, '$1')
    // "with only \"Bothy\" typed, X is disabled": that typed first, then the state.
    .replace(
      /(^|[.!?;:]\s+|,\s+)with\s+(?:only\s+|just\s+)?(\uE000\d+\uE001|[\p{L}\d-]+)\s+(?:typed|written|entered)(?:\s+in(?:\s+it|\s+there|\s+the\s+box))?,\s+/gimu,
      '$1type $2. ',
    )
    // "type bothy map (all lowercase)": how the value is written, not part of it.
    .replace(
      /(\b(?:type|enter|write|put in)\s+[^,.;()\n]{1,40}?)\s*\((?:all\s+|in\s+|with\s+)*(?:lower\s*-?case|upper\s*-?case|small\s+letters|capitals?|caps|no\s+capitals?|a\s+typo|exactly|as\s+is|sic)\b[^()]*\)/gi,
      '$1',
    )
    // "that should NOT let you delete": the control that would do it cannot be used.
    .replace(
      /(^|[.!?;,]\s+)(?:(?:that|it|this)\s+)?(should|must)\s+not\s+let\s+(?:you|me|us|the user|them|her|him)\s+(\p{L}+)\b/giu,
      (_m, lead: string, modal: string, verb: string) =>
        `${lead.trim() === ',' ? '. ' : lead}The ${verb.toLowerCase()} button ${modal.toLowerCase()} be disabled`,
    )
    // "Cancel membership with the box empty says X", "Save shows Y": a control named by its verb,
    // pressed (the box left as it is), then what the page says.
    .replace(
      new RegExp(
        String.raw`(^|[.!?;]\s+)(${CONTROL_VERB}(?:\s+\p{Ll}+){0,3}?)(?:\s+with\s+(?:the\s+)?[\p{L} ]{1,20}?\s+(?:empty|blank|left\s+empty))?\s+(?:says|shows)\s+(?=\p{Lu}|\uE000)`,
        'gmu',
      ),
      '$1click $2. It should say ',
    )
    // "… in Tell us more and cancel.": the last step, the page's cancel control ("and Cancel", a name,
    // may be something shown).
    .replace(/\s+and\s+(cancel)(?=\s*(?:[.!?;\n]|$))/g, ', then click $1')
    // "should repeat X as the reason": X shown.
    .replace(
      /\b(should|must|will)\s+(?:repeat|echo|quote)\s+(?!(?:their|my|your|his|her|our|the)\s)([^.;!?\n]+?)\s+as\s+the\s+[\p{L}]+(?=\s*(?:[.!?;\n]|$))/giu,
      '$1 show $2',
    )
    // "Delete this project is disabled": a control's state, though its name starts with a verb.
    .replace(
      /(^|[.!?;,]\s+)(\p{Lu}\p{Ll}+(?:\s+\p{Ll}+){1,4}?)\s+(?:(?:must|should|will)\s+)?(is|stays?|remains?)\s+(?:still\s+)?(disabled|enabled|greyed out)\b/gmu,
      (_m, lead: string, name: string, verb: string, state: string) =>
        `${lead}verify the ${name} button ${verb.replace(/^(stay|remain)$/, '$1s')} ${state}`,
    )
    // "deleting Coast path guide needs the exact name: …": the item's own control pressed, then the rest.
    .replace(
      /(?:\b(?:please\s+)?(?:verify|check|test|confirm|make\s+sure)\s+(?:on\s+the\s+[\p{L} ]{1,30}?\s+)?that\s+)?\b(delet|remov|archiv|renam)ing\s+(\uE000\d+\uE001|\p{Lu}[\p{L}]*(?:\s+[\p{L}]+){0,3}?)\s+(?:needs|requires|asks\s+for)\b[^:.;!?\n]*[:;]\s*/gu,
      (_m, stem: string, item: string) =>
        `click ${stem[0]?.toUpperCase() ?? ''}${stem.slice(1)}e on ${item}. `,
    )
    // "Delete on Bothy map opens a dialog …", "Rename on Sunday morning turns the name into a
    // Playlist name box", "Move down on Minack Theatre should make it stop 3", "Move down on
    // Porthcurno beach swaps it with Minack Theatre", "Rename on Running mix, typing Gym …": the
    // control on that item pressed, then what it does (where a moved item goes is what a later
    // outcome checks).
    .replace(PRESSED_ON_ITEM, pressedOnItem)
    // "Load more stays until every photo is on the page; after the last one the page says X": pressed
    // as long as it is there, then X checked.
    .replace(
      /(^|[.!?;:]\s+)(\p{Lu}[\p{L}]*(?:\s+[\p{L}]+){0,2}?)\s+(?:stays|remains|is\s+there|is\s+shown)\s+until\s+(?:every|all|the\s+last)\s+[^;.!?\n]*?\s+(?:is|are)\s+(?:on\s+the\s+page|shown|loaded|listed|visible)(?:[;,]\s*after\s+the\s+last\s+(?:one|page|batch)\s*,?)?/gmu,
      '$1click $2 until it is gone. Then ',
    )
    // "keep clicking Load more until …": the same.
    .replace(/\bkeep\s+(?:on\s+)?(?:clicking|pressing|tapping|hitting)\s+(?=\S)/gi, 'click ')
    // "Save order confirms with \"Saved. …\"", ", Cancel asks \"Discard your changes?\"": pressed,
    // then that text.
    .replace(
      /(^|[.!?;:,]\s+)(\p{Lu}\p{Ll}+(?:\s+\p{Ll}+){0,2}?)\s+(?:(?:confirms|answers|responds|replies)\s+with|asks(?:\s+me)?)\s+(?=\uE000\d+\uE001)/gmu,
      '$1click $2. It should show ',
    )
    // "Keep editing closes the question": pressed, and the question goes.
    .replace(
      /(^|[.!?;:]\s+)(\p{Lu}\p{Ll}+(?:\s+\p{Ll}+){0,2}?)\s+(?:closes|dismisses)\s+the\s+(question|dialog|popup|pop-up|prompt|modal)\b/gmu,
      '$1click $2. The $3 should close',
    )
    // "saving \"Sunday coffee\" shows …": that typed, then Save pressed.
    .replace(
      /\b([Ss])aving\s+(\uE000\d+\uE001)\s+(?=shows|says|gives)/gu,
      (_m, s: string, value: string) => `${s === 'S' ? 'T' : 't'}yping ${value} and clicking Save `,
    )
    // "the playlist keeps the name Running mix": that name still shown.
    .replace(/\bkeeps?\s+(?:the|its|their)\s+name\s+(?=\S)/gi, 'still shows ')
    // "nothing says it was renamed": no text with that word.
    .replace(
      /\bnothing\s+(?:says|mentions|shows)\s+(?:that\s+)?(?:it|they)\s+(?:was|were|got|has\s+been)\s+(\p{L}+)/giu,
      (_m, word: string) => `the text ${word[0]?.toUpperCase() ?? ''}${word.slice(1)} is not shown`,
    )
    // "… leaves it called Running mix": the name it still shows.
    .replace(/\s+leaves\s+(?:it|them)\s+(?:called|named|as)\s+(?=\S)/gi, '. It should show ')
    .replace(
      /(^|[.!?;]\s+)(\p{Lu}\p{L}+)\s+closes\s+the\s+(dialog|modal|pop-?up|banner|menu)\b/gmu,
      '$1click $2. The $3 should close',
    )
    // "Undo gives 5 messages": a control pressed, then the figure it gives.
    .replace(
      /(^|[.!?;]\s+)(\p{Lu}\p{L}+|\uE000\d+\uE001)\s+gives\s+(\d+\s+\p{L}+)(?:\s+and\s+|(?=\s*(?:[.!?;,]|$)))/gmu,
      '$1click $2. It should say $3. ',
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
    // Terse notes, one per line: "two files chosen together", "Upload pressed" (the control, then
    // what was done to it) are "choose two files together", "press Upload".
    .replace(TERSE_NOTE, (whole, lead: string, what: string, done: string, together: string | undefined) =>
      // "Lighting is selected" states what is so, a check, not a note of what was done.
      /\b(?:is|are|was|were|be|been|being|gets?|got|stays?|remains?|not|still|now|should|must|will)$/i.test(
        what,
      )
        ? whole
        : `${lead}${PARTICIPLE_BASE[done.toLowerCase()] ?? done} ${what}${together ?? ''}`,
    )
    // English as a second language: "in the page of checkout", "on the page Contact us" (the page
    // named after it), "the date of expiry", "I make click in X", "must to appear the message X",
    // "I must become the message X" (German "bekommen": get).
    .replace(/\b(in|on|at)\s+the\s+page\s+of\s+(?:the\s+)?([\p{L}-]+)/giu, 'on the $2 page')
    .replace(
      /\bon\s+the\s+page\s+(\p{Lu}[\p{L}-]*(?:\s+[\p{Ll}]{1,3}|\s+\p{Lu}[\p{L}-]*){0,2})\s+(?=I\s)/gu,
      'on the $1 page, ',
    )
    .replace(/\bthe\s+date\s+of\s+(expiry|expiration|birth)\b/gi, 'the $1 date')
    .replace(/\bas\s+(message|comment|subject|text)\s+(?=\uE000)/gi, 'the $1 ')
    .replace(/\b(?:make|do|give)\s+(?:a\s+)?click\s+(?:in|on|at)\s+/gi, 'click ')
    .replace(/\bafter,\s+appears?\s+[^.!?;\n]*?\s+and\s+there\s+/gi, 'then ')
    .replace(/\bat\s+the\s+(?:final|end)\b,?\s*/gi, 'finally ')
    .replace(
      /\b(must|should)\s+(?:to\s+)?appear\s+(?:the\s+)?(message|text|notice|page|window)\s+([^.!?;\n]+)/gi,
      'the $2 $3 $1 appear',
    )
    .replace(
      /\b(?:I|we)\s+(?:must|should|will)\s+become\s+(?=(?:the\s+|a\s+)?(?:message|text|e-?mail|answer|confirmation)\b)/gi,
      'I should see ',
    )
    // "I put the card number X", "there I write the code X", "I fill the name X": the step, as an order.
    .replace(
      /(^|[.!?,;:]\s+|\band\s+|\bthen\s+)(?:there\s+)?I\s+(?:put(?:\s+in)?|write)\s+(?=\S)/gimu,
      '$1enter ',
    )
    .replace(/(^|[.!?,;:]\s+|\band\s+|\bthen\s+)(?:there\s+)?I\s+fill\s+(?=the\s)/gim, '$1fill in ')
    // A lab report's or a procedure's past passive ("lamp was entered in the box and Search was
    // pressed") reads as the present passive the voice rules turn into steps.
    .replace(
      /\b(was|were)\s+(?=(?:entered|typed|pressed|clicked|tapped|selected|chosen|picked|checked|ticked|unchecked|filled(?:\s+in)?|opened|submitted|cleared|uploaded)\b)/gi,
      (_m, aux: string) => (aux.toLowerCase() === 'was' ? 'is ' : 'are '),
    )
    .replace(/\bthe\s+(?:word|term|text|query|value)\s+(?=\S+\s+(?:is|are)\s+(?:entered|typed)\b)/gi, '')
    // "The box is cleared, zzz is entered and Search is pressed": one step per passive.
    .replace(
      /,\s+(?=[^,.;:\n]{1,40}?\s+(?:is|are)\s+(?:entered|typed|pressed|clicked|tapped|selected|chosen|picked|checked|ticked|cleared|submitted|uploaded)\b)/gi,
      '. ',
    )
    // Dictated fillers ("um", "uh") say nothing.
    .replace(/(?<![\p{L}'’-])(?:u+m+|u+h+|e+r+m+|h+m+)(?![\p{L}'’-])[,.]?\s*/giu, '')
    // "I'm on the checkout page, card number …": a field named after the page starts a new step.
    .replace(
      new RegExp(
        `\\b(page|screen)\\s*,\\s+(?=(?:the\\s+|my\\s+|your\\s+)?(?:${FIELD_NOUN_ALTERNATION})\\b)`,
        'giu',
      ),
      '$1. ',
    )
    // "card number is the test card 4242 …": the field and its value.
    .replace(
      new RegExp(
        `\\b(${FIELD_NOUN_ALTERNATION})\\s+(?:is|should be)\\s+(?:the\\s+)?(?:(?:test|demo|usual)\\s+)?(?:card|number|value|one|code)?\\s*(?=\\uE000)`,
        'giu',
      ),
      '$1 ',
    )
    // "Card number 4242 … expiry 12/34 CVC 123": a sentence of fields and values is what to enter.
    .replace(new RegExp(`(^|[.!?]\\s+)(?=(?:${FIELD_NOUN_ALTERNATION})\\s+\\uE000)`, 'gimu'), '$1enter ')
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
    // "it tells me X", "shows you X": what the page says. Not "a Tell us more box", a name written
    // capitalised within a sentence.
    .replace(
      /\b(tells?|shows?)\s+(?:me|you|us|the user|users)\s+(?:that\s+)?(?!there\s)/gi,
      (whole, verb: string, at: number, all: string) =>
        /^\p{Lu}/u.test(verb) && !/(?:^|[.!?:;\n]\s*|\uE001\s*)$/u.test(all.slice(0, at))
          ? whole
          : /^t/i.test(verb)
            ? 'says '
            : `${verb} `,
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
    // "… using x / y (button \"Sign in\")": the control pressed to finish the step, named by its kind.
    .replace(
      /\s*\(\s*(?:the\s+)?(button|link)\s+(\uE000\d+\uE001)\s*\)(?=\s*(?:[.;]|$))/gim,
      ', then click the $2 $1',
    )
    // "the message Upload complete: 2 files uploaded. is displayed": the text, its colon and full stop
    // included, is shown.
    .replace(
      /\b(?:the\s+)?(?:message|text|notice|banner)\s+(\p{Lu}[^\n]{0,80}?)[.!]?\s+(?:is|are|gets)\s+(?:displayed|shown|visible)\b/gu,
      'verify the page shows $1',
    )
    // "…, then the Sign in button": pressed. Not "and the Load more button is gone", its state.
    .replace(
      /\b(then|and)\s+(?=the\s+[^.,;\n]{1,30}\s+button\b(?!\s+(?:is|are|stays?|remains?|should|must|will|goes|has|disappears?|vanishes)\b))/gi,
      '$1 click ',
    )
    // "The Mailbox (via Open mailbox) contains …": the control named is how it is reached, first.
    .replace(
      /(^|[.!?;:]\s+)([^.!?;:\n(]{1,60}?)\s*\((?:via|through)\s+(\p{Lu}[^()\n]{0,40})\)\s*/gu,
      '$1click $3. $2 ',
    )
    // Telegraphic outcomes: "message visible in chat log", "message still in chat log". Not what a
    // step puts somewhere ("enter your name in Settings", "type a message in the box").
    .replace(
      /(?<!\b(?:your|my|his|her|their|our|its|enter|type|put|write|paste|add|post|send|upload|drop)\s+(?:(?:a|an|the|some)\s+)?)\b((?:the\s+)?(?:message|text|item|product|file|name|heading|dialog|error|banner|switch))\s+(?=(?:still\s+)?(?:visible|shown|displayed|listed|present|hidden|gone|in\s))/gi,
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
    // "going to the last page should show X": the way there is a step, then what it shows.
    .replace(
      /\b(?:going|navigating|moving|jumping|skipping)\s+to\s+((?:the\s+)?[\p{L} ]{1,30}?\s+page)\s+(should|must|will)\b/giu,
      'go to $1. It $2',
    )
    // "Page 4 should list …": that page of the list is opened, then what it lists is checked.
    .replace(
      /(^|[.!?;:]\s+|,\s+)(?:[Cc]heck\s+(?:that\s+)?)?(?:the\s+)?[Pp]age\s+(\d{1,3})\s+(?:(?:of|in)\s+(?:the\s+)?[\p{L} ]{1,30}?\s+)?(?:(should|must|will)\s+(show|list|contain|include|have)|(shows|lists|contains|includes|has))\b/gmu,
      (_m, lead: string, n: string, modal?: string, verb?: string, present?: string) =>
        `${lead}click Page ${n}. The page ${modal ? `${modal} ${verb ?? ''}` : (present ?? '')}`,
    )
    // "it should be on page 4 of the invoices list": that page opened, and it is shown there.
    .replace(
      /\b(it|they|\uE000\d+\uE001)\s+(should|must|will)\s+be\s+on\s+page\s+(\d{1,3})(?:\s+of\s+(?:the\s+)?[\p{L} ]{1,30}?)?(?=\s*[,.;!?]|$)/gimu,
      'click Page $3. $1 $2 be shown',
    )
    // "INV-1004 down to INV-1001": the first and the last of a run, each shown.
    .replace(/(?<!\bfrom\s+)(\uE000\d+\uE001)\s+(?:down\s+to|through)\s+(\uE000\d+\uE001)/g, '$1 and $2')
    // "there is no Next link on this page": the link is not shown.
    .replace(
      /(^|[.!?;:]\s+|,\s+(?:and\s+)?|\band\s+)(?:(?:verify|check|expect)\s+(?:that\s+)?)?[Tt]here\s+(?:is|are)\s+no\s+((?:\p{Lu}|\uE000)[^,.;!?\n]{0,40}?)(?:\s+(?:on|in)\s+(?:this|that|the\s+same)\s+page)?(?=\s*[,.;!?]|\s+(?:and|then)\s|$)/gmu,
      '$1the $2 should not be shown',
    )
    // "when I change it to Mountain99 it says …": the condition ends where "it says" starts.
    .replace(
      /\b(when|once|after|if)\s+((?:i|you|we|they|the user)\s+[^,;.!?\n]{1,60}?)\s+(?=it\s+(?:says|shows|reads|displays|should|must|will)\b)/gi,
      '$1 $2, ',
    )
    // "with hikingboots7 entered as the new password, …": that value typed there first.
    .replace(
      /\bwith\s+(\S+)\s+(?:entered|typed|filled\s+in)\s+(as|in|into)\s+((?:the\s+)?[^,;.!?\n]{1,40}?),\s*/gi,
      'enter $1 $2 $3. Verify that ',
    )
    // "Jo rates it 5 stars": the reviewer's name, then the stars chosen.
    .replace(
      /\b(?:(\p{Lu}\p{Ll}+)\s+)?rates?\s+(?:it|this|them|the\s+\p{L}+(?:\s+\d+)?(?:\s+\p{L}+)?)\s+(\d)\s+stars?\b/gu,
      (_m, name: string | undefined, n: string) =>
        `${name && !/^(?:If|When|Then|And|Once)$/.test(name) ? `enter ${name} as your name, ` : ''}choose ${n} ${n === '1' ? 'star' : 'stars'}`,
    )
    // "after Reject all on the journal page, opening X should …": the control named is pressed first.
    .replace(
      /\b[Aa]fter\s+(\p{Lu}[\p{L}]*(?:\s+\p{Ll}[\p{L}]*){0,2}?)(?:\s+(?:on|in)\s+the\s+[\p{L} ]{1,30}?\s+page)?,\s*(?=\p{Ll}+ing\b)/gu,
      'click $1, then ',
    )
    // "deletes it (we ask \"Delete this comment?\" first and they confirm with Delete comment)",
    // "I confirm with Delete comment": the control confirmed with is pressed.
    .replace(
      /\s*\((?:[^()]*?\s)?(?:they|you|i|we|the user|users?)\s+confirms?\s+with\s+(?:the\s+)?(\p{Lu}[\p{L}]*(?:\s+\p{Ll}[\p{L}]*){0,3})\s*\)/giu,
      ', then click $1',
    )
    .replace(/\bconfirms?\s+with\s+(?:the\s+)?(\p{Lu}[\p{L}]*(?:\s+\p{Ll}[\p{L}]*){0,3})/gu, 'click $1')
    // "the results read 2 stores in Vienna": what they should read.
    .replace(
      /\b((?:the|its|their)(?:\s+(?!(?:should|must|will|does|do|can|would)\b)[\p{L}-]+){1,2}\s+)(read|say|show|list)\s+(?=\d)/giu,
      '$1should $2 ',
    )
    // "Press the Down arrow twice and then Enter": the last key pressed too.
    .replace(
      /\b(press(?:es|ing)?\s+[^.;\n]{1,40}?)\s+(?:and\s+)?then\s+(Enter|Tab|Escape|Space)\b/gi,
      '$1, then press $2',
    )
    // "click D3 again to unselect it": the click is the unselecting, not another step.
    .replace(/\bagain\s+to\s+(?:unselect|deselect|drop|remove|free|release|clear)\s+(?:it|them)\b/gi, 'again')
    // "it should go away and stay away:": it goes away (and is checked again after what follows).
    .replace(/\b(go|goes)\s+away\s+and\s+stays?\s+away\b\s*:?/gi, '$1 away.')
    // "Analytics is ticked and Marketing is not": the state said once, for both.
    .replace(
      /\b(is|are)\s+(ticked|checked|selected|enabled)\s+and\s+([^,.;!?\n]{1,30}?)\s+(is|are)\s+not\b(?=\s*[,.;!?]|$)/gim,
      '$1 $2 and $3 $4 not $2',
    )
    // "I cannot press Set new password yet": that button is disabled.
    .replace(
      /\b(?:i|you|we|they|users?|the user)\s+(?:cannot|can not|(?:am|are|is)\s+not\s+able\s+to)\s+(?:press|click|tap|use)\s+(?:the\s+)?([^,.;!?\n]{1,40}?)(?:\s+button)?(?:\s+yet)?(?=\s*[,.;!?]|\s+(?:and|but|then|until)\s|$)/gimu,
      'the $1 button should be disabled',
    )
    // "I immediately see X": what I see.
    .replace(/\b(i|you|we|they)\s+(?:immediately|instantly|then|also|now)\s+(see|notice)\b/gi, '$1 $2')
    // "Leave From on US dollar": the control keeps that value; it is set, so the test does not rely on
    // the page's default.
    .replace(
      /\b[Ll]eave\s+(?:the\s+)?(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?)\s+(?:on|at|as)\s+(\p{Lu}[^,.;!?\n]{0,30}?)(?=\s+(?:and|then)\s|\s*[,.;!?]|$)/gmu,
      'set $1 to $2.',
    )
    // "100 with US dollar to Euro", "EUR -> GBP": a pair of values, from the one to the other (a
    // converter's From and To).
    .replace(
      /\s+with\s+(\p{Lu}[\p{L}]*(?:\s+\p{Ll}[\p{L}]*)?)\s+to\s+(\p{Lu}[\p{L}]*(?:\s+\p{Ll}[\p{L}]*)?)(?=\s|[,.;!?]|$)/gu,
      '. Set From to $1. Set To to $2. ',
    )
    // "Once Yearly is chosen the Business plan should read …": the condition ends where the outcome's
    // subject starts.
    .replace(
      /\b(once|when|after|as soon as)\s+([^,;.!?\n]{1,40}?\s+(?:is|are|has been|have been|gets|get)\s+(?:chosen|selected|picked|clicked|pressed|tapped|opened|ticked|checked|enabled|switched on|turned on))\s+(?=(?:the|its|my|your|their|a|an)\s[^,;.!?\n]{0,60}?\b(?:should|must|will|shows?|reads?|says?)\b)/giu,
      '$1 $2, ',
    )
    // "with focus on the Monthly tab, pressing the Right Arrow key …": the key pressed on that control.
    .replace(
      /\bwith\s+(?:the\s+)?(?:keyboard\s+)?focus\s+on\s+((?:the\s+)?[^,.;\n]{1,40}?),?\s+(press(?:ing)?|hit(?:ting)?)\s+((?:the\s+)?[\p{L} ]{1,20}?\s+key)\b/giu,
      '$2 $3 on $1',
    )
    // "the thank-you message should come": it appears.
    .replace(/\b(should|must|will)\s+come(?:\s+up)?\b/gi, '$1 appear')
    // "check the summary shows X before I confirm": the check comes first; the confirming is not done.
    .replace(
      /\s+before\s+(?:i|you|we|they|the user)\s+(?:confirm|submit|pay|send|save|finish|book|continue)(?:\s+(?:it|them|the\s+\p{L}+))?(?=[.!?;]|$)/gimu,
      '',
    )
    // "enter the name (X) and then their address (Y)": the verb said once does both.
    .replace(
      /\b(enter|type|fill in|put in)\s+([^.!?;\n]{1,120}?\))\s+and\s+then\s+(?=(?:the|their|his|her|your|my|its)\s+[\p{L}' -]{1,30}?\s*\()/giu,
      '$1 $2 and then $1 ',
    )
    // "registers (Full name: X, Email: Y)": labelled values in parentheses are what to fill in.
    .replace(
      /\s*\(((?:[^():,]{1,30}:\s*[^():,]+,\s*)+[^():,]{1,30}:\s*[^():,]+)\)/g,
      (_m, items: string) => ` with ${items.replace(/:\s*/g, ' ')}`,
    )
    .replace(/(^|\s)\(?\d{1,2}\)\s+(?=\S)/g, '$1. ');
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
      // "Expected: …", "Expected result: …" state the outcome; "Expected behaviour: enter x as the new
      // password. …" starts with the step the outcome follows.
      .replace(
        /(^|[.!?;]\s+)(?:expected(?:\s+(?:results?|behaviou?r|outcome))?(?:\s+after\s+the\s+fix)?|expectations?|results?|outcome)\s*:\s*(?=([^.!?;\n]{0,80}))/gi,
        (_m, lead: string, rest: string) =>
          // "Expected: after posting two comments …, the thread says …": the steps come first.
          /^(?:after|once|when|upon)\s+\p{L}+ing\b/iu.test(rest) ||
          (startsWithVerb(rest, ACTION_VERBS) !== undefined &&
            startsWithVerb(rest, EXPECT_VERBS) === undefined &&
            !STATEMENT.test(withoutLiterals(rest.split(/,|\bthen\b/)[0] ?? '')))
            ? lead
            : `${lead}verify `,
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
          // "the total should read Total: $24.00": the colon is inside the text shown, a label's own.
          if (SHOWN_LABEL_BEFORE_COLON.test(h)) return whole;
          // "Retest of BUG-88 (…) on build 2024.06.3: from /products click X": a long title.
          if (n > 8 && isVerbStart(tail.replace(/^(?:from|on|at|in)\s+\S+\s+/i, ''))) return `${lead}${tail}`;
          // "Full name: Tom Baker, Phone number: 07700 900123, press Next": fields and values in a row.
          if (FIELD_LABEL.test(h) && /,\s+\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,2}:\s/u.test(tail)) return whole;
          // "Email: x", "Password: y" on lines of their own: a field and its value.
          if (FIELD_LABEL.test(h) && ONE_VALUE.test(tail.trim())) return whole;
          // "Rating: 1 star": the stars chosen; "Your review: Leaked at the seams": the field the page
          // labels so, and what is typed in it.
          if (/^\d\s+stars?$/i.test(tail.trim())) return `${lead}choose ${tail.trim()}`;
          if (/^your\s+\p{L}[\p{L} -]{0,20}$/iu.test(h) && tail.trim() !== '' && !isVerbStart(tail))
            return `${lead}type ${tail.trim()} into ${h}`;
          // "listed: A, B", "not listed: C", "counter: Showing 3 products": what the page shows.
          if (/^(?:listed|shown|visible|displayed|present)$/i.test(h)) return `${lead}verify ${tail}`;
          if (/^(?:not\s+(?:listed|shown|visible|displayed|present)|hidden|absent|gone)$/i.test(h))
            return `${lead}verify not ${tail}`;
          if (/^(?:counter|count|total|message|banner|heading|h1|toast|alert|notice|status line)$/i.test(h))
            return `${lead}the ${h} shows ${tail}`;
          // "page: /newsletter": where the test starts.
          if (/^(?:page|start page|url|path|start)$/i.test(h) && /^\uE000\d+\uE001$/.test(tail.trim()))
            return `${lead}go to ${tail}`;
          // "Evidence: screenshot of …": what the tester keeps, nothing to do or check.
          if (/^(?:evidence|screenshots?|attachments?|artifacts?)$/i.test(h)) return lead;
          // "Deviation: any message beginning \"Sign-in failed\" …", "Fail if: …": a text that must not show.
          if (/^(?:deviations?|fail(?:s|ure)?(?:\s+(?:if|when|criteria|condition))?|defect\s+if)$/i.test(h)) {
            const shown = /\uE000\d+\uE001/.exec(tail)?.[0];
            return shown ? `${lead}verify not ${shown}` : lead;
          }
          // "Please check on Tag your trip report: …": the page named is where to check.
          const checkOn =
            /^(?:[Pp]lease\s+)?(?:[Cc]heck|[Vv]erify|[Tt]est|[Ll]ook)\s+(?:on|at)\s+(?:the\s+)?(\p{Lu}.*)$/u.exec(
              h,
            );
          if (checkOn) return `${lead}go to ${checkOn[1] ?? ''}. ${tail}`;
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
          const title =
            startsWithVerb(h, EXPECT_VERBS) !== undefined || /^(?:please\s+)?(?:test|testing)\b/i.test(h);
          const action = !title && startsWithVerb(h, ACTION_VERBS) !== undefined;
          // "Apply the code SAVE10 after raising the quantity to 2: the discount line says …": a long
          // step, then what it shows. Other long lead-ins stay whole.
          if (n > 8 && !(action && OUTCOME_STATED.test(withoutLiterals(tail)))) return whole;
          if (action) {
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
