// The local tier's reading of a feature description: a small rule-based parser over verbs, quoted
// strings and other literals. It splits the text into clauses, recognises the verb of each, and
// turns it into planned steps with target words, values and role cues. It never guesses a locator:
// targets are resolved later against the live page.

import { type Literal, literalIds, protectLiterals, restore, withoutLiterals } from './literals';
import { type PlannedStep, type RoleHint, step } from './plan';
import { parseCount, squash, words } from './text';

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

const ACTION_VERBS = [
  'click on',
  'click',
  'tap on',
  'tap',
  'press',
  'hit',
  'push',
  'open',
  'go back to',
  'go to',
  'go',
  'navigate to',
  'navigate',
  'visit',
  'browse to',
  'return to',
  'fill in',
  'fill out',
  'fill',
  'enter',
  'type',
  'input',
  'write',
  'provide',
  'search for',
  'search',
  'look up',
  'filter',
  'sort',
  'select',
  'choose',
  'pick',
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
  'upload',
  'attach',
  'hover over',
  'hover',
  'reload',
  'refresh',
  'add',
  'remove',
  'delete',
  'clear',
  'send',
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
  'wait for',
  'find',
  'still see',
  'no longer see',
  'not see',
] as const;

const LEADING_FILLER =
  /^(?:(?:then|and|first|firstly|next|finally|also|afterwards|after that|now|please|i|you|we|the user|user|can|must|will|try to|to)\s+)+/i;

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

const CONTEXT_TAIL = /\s+(?:from|in|on|within|inside|under|of)\s+(?:the\s+)?([^,]+)$/i;

function startsWithVerb(text: string, verbs: readonly string[]): string | undefined {
  const lower = text.toLowerCase().replace(LEADING_FILLER, '');
  return verbs.find((v) => lower === v || lower.startsWith(`${v} `));
}

function isVerbStart(text: string): boolean {
  return startsWithVerb(text, ACTION_VERBS) !== undefined || startsWithVerb(text, EXPECT_VERBS) !== undefined;
}

/** Splits protected text into clauses at sentence ends, "then", and commas/"and" that start a new verb. */
export function splitClauses(text: string): Clause[] {
  const sentences = text
    .split(/(?<=[.!?;])\s+|;\s*/)
    .map((s) => s.replace(/[.!?;]+$/, '').trim())
    .filter((s) => s !== '');
  const clauses: Clause[] = [];
  for (const sentence of sentences) {
    const boundary =
      /\s*,\s*and then\s+|\s*,\s*then\s+|\s+then\s+|\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+to\s+(?=\S)/gi;
    let start = 0;
    let purpose = false;
    let m: RegExpExecArray | null;
    const push = (end: number, nextPurpose: boolean): void => {
      const piece = sentence.slice(start, end).trim();
      if (piece !== '') clauses.push({ text: piece, purpose });
      purpose = nextPurpose;
    };
    while ((m = boundary.exec(sentence)) !== null) {
      const sep = m[0].toLowerCase();
      const rest = sentence.slice(m.index + m[0].length);
      const before = sentence.slice(start, m.index);
      if (/\bthen\b/.test(sep)) {
        push(m.index, false);
        start = m.index + m[0].length;
      } else if (/^\s+to\s+$/.test(sep)) {
        // "Click X to open the dialog": a purpose clause, only when a verb follows and one came before.
        if (isVerbStart(rest) && isVerbStart(before)) {
          push(m.index, true);
          start = m.index + m[0].length;
        }
      } else if (/,\s*and/.test(sep) || isVerbStart(rest)) {
        push(m.index, false);
        start = m.index + m[0].length;
      }
    }
    push(sentence.length, false);
  }
  return clauses;
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
function splitContext(ctx: Ctx, fragment: string): { target: string; scope?: string } {
  const m = CONTEXT_TAIL.exec(fragment);
  if (m && m.index > 0) {
    const target = fragment.slice(0, m.index).trim();
    if (target !== '') return { target, scope: plain(ctx, m[1] ?? '') };
  }
  return { target: fragment };
}

function fieldNounOf(item: string): { noun?: string; rest: string } {
  const lower = item.toLowerCase();
  const noun = FIELD_NOUNS.find((n) => lower === n || lower.startsWith(`${n} `));
  if (!noun) return { rest: item };
  return { noun, rest: item.slice(noun.length).trim() };
}

/** "email x and password y", "a name, an email address and a message" → fill steps. */
function fillList(ctx: Ctx, phrase: string, list: string, scope: string | undefined): PlannedStep[] {
  const items = list
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/i)
    .map((i) => stripArticles(i.trim()))
    .filter((i) => i !== '');
  const hasPassword = items.some((i) => /\bpass(?:word|code)\b/i.test(i));
  const out: PlannedStep[] = [];
  for (const item of items) {
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
    }
    target = stripArticles(target.replace(/\s+(?:of at least|with at least|at least)\b.*$/i, '')) || target;
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
function uploadStep(ctx: Ctx, body: string, phrase: string): PlannedStep {
  const names = literalIds(body)
    .map((id) => ctx.literals[id]?.text ?? '')
    .filter((n) => n !== '');
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

/** One action clause → steps. */
function actionSteps(ctx: Ctx, verb: string, body: string, phrase: string): PlannedStep[] {
  const scope = ctx.scope;
  ctx.scope = undefined;
  const lit = literalOf(ctx, body);
  const exact = lit && (lit.kind === 'quote' || lit.kind === 'money') ? lit.text : undefined;
  const rawTarget = stripArticles(body);
  const withScope = (s: PlannedStep): PlannedStep => (scope && !s.scope ? { ...s, scope } : s);
  if (exact) ctx.lastEntity = exact;

  const withMatch = /^(.*?)\s*\bwith\s+(.+)$/i.exec(body);

  switch (verb) {
    case 'go to':
    case 'go':
    case 'navigate to':
    case 'navigate':
    case 'visit':
    case 'browse to':
    case 'return to':
    case 'go back to':
    case 'open': {
      const path = literalOf(ctx, body, ['path', 'url']);
      if (path) return [step('navigate', phrase, { value: path.text, valueSource: 'description' })];
      const { target, scope: tail } = splitContext(ctx, rawTarget);
      const name = plain(ctx, target).replace(/\s+page$/i, '');
      return [
        withScope(
          step('click', phrase, {
            target: name,
            ...(exact ? { exactName: exact } : {}),
            roleHints: verb === 'open' ? roleHintsOf(target) : ['link', ...roleHintsOf(target)],
            ...(tail ? { scope: tail } : {}),
          }),
        ),
      ];
    }
    case 'reload':
    case 'refresh':
      return [step('reload', phrase)];
    case 'fill in':
    case 'fill out':
    case 'fill':
    case 'provide': {
      if (withMatch) {
        const where = stripArticles(withMatch[1] ?? '');
        const list = withMatch[2] ?? '';
        const items = list.split(/\s*,\s*|\s+and\s+/);
        const multi = items.length > 1 || /\bform\b/i.test(where) || where === '';
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
    case 'enter':
    case 'type':
    case 'input':
    case 'write': {
      // "enter X in the Y field" or "enter the Y code X in the Z".
      const into = /^(.*?)\s+(?:in|into|as)\s+(?:the\s+)?(.+)$/i.exec(body);
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
      const fields = fillList(ctx, phrase, head, tailScope);
      if (fields.length === 1 && fields[0] && value)
        return [{ ...fields[0], value: value.text, valueSource: 'description' }];
      return fields;
    }
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
    case 'sort': {
      const m = /^(?:(.*?)\s+)?by\s+(.+)$/i.exec(body);
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
      return [withScope(uploadStep(ctx, body, phrase))];
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
    case 'press': {
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
    case 'checkout': {
      // "with email x and password y", "using the password y", "as x using the password y": who signs
      // in ("as x") is one more field, an email or a user name.
      const creds = withMatch ?? /^(.*?)\s*\busing\s+(.+)$/i.exec(body);
      const as = creds ? /^as\s+(\S+)$/i.exec((creds[1] ?? '').trim()) : null;
      const who = as ? literalOf(ctx, as[1] ?? '') : undefined;
      const whoItem = as && who ? `${who.kind === 'email' ? 'email' : 'username'} ${as[1] ?? ''} and ` : '';
      const fills = creds ? fillList(ctx, phrase, `${whoItem}${creds[2] ?? ''}`, scope) : [];
      const label = verb === 'login' ? 'log in' : verb;
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
    case 'add': {
      const m = /^(.*?)\s+to\s+(?:the\s+|my\s+|your\s+)?(.+?)(?:\s+(?:from|on|in)\s+.+)?$/i.exec(body);
      const what = m ? (m[1] ?? '') : body;
      const where = m ? withoutLiterals(m[2] ?? '') : '';
      const entity = literalOf(ctx, what)?.text ?? plain(ctx, stripArticles(what));
      if (literalOf(ctx, what)) ctx.lastEntity = entity;
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
      const what = withMatch ? stripArticles(withMatch[1] ?? '') : rawTarget;
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
    case 'submit':
    case 'save':
    case 'apply':
    case 'confirm':
    case 'continue': {
      // "send a message", "post a comment": write one, then press the verb's button.
      if (verb === 'send' && /^(?:message|comment|note|reply|review|feedback|text)s?$/i.test(rawTarget)) {
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
  const { target, scope: tail } = splitContext(ctx, rawTarget);
  const named = [
    'click on',
    'click',
    'tap on',
    'tap',
    'press',
    'hit',
    'push',
    'follow',
    'scroll to',
  ].includes(verb)
    ? plain(ctx, target)
    : `${verb} ${plain(ctx, target)}`.trim();
  const prev = isPronoun(target) ? previousTarget(ctx) : undefined;
  return [
    withScope(
      step(verb === 'scroll to' ? 'hover' : 'click', phrase, {
        target: prev ? prev.target : named,
        ...(prev?.exactName ? { exactName: prev.exactName } : exact ? { exactName: exact } : {}),
        roleHints: roleHintsOf(target),
        refersToPrevious: prev !== undefined,
        ...(tail ? { scope: tail } : {}),
      }),
    ),
  ];
}

const STATE_ON =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|being\s+|stays\s+|remains\s+)?(checked|on|enabled|selected|ticked|active)$/i;
const STATE_OFF =
  /^(?:(.*?)\s+)?(?:is\s+|are\s+|gets\s+|becomes\s+|stays\s+|remains\s+)?(unchecked|off|disabled|unticked|inactive)$/i;
const VALUE_OF =
  /^(.+?)\s+(?:goes to|go to|go up to|is now|is|are|shows?|reads?|becomes|changes to|equals?|displays?|increases to|drops to|updates to)\s+(\S+)$/i;
const HIDDEN =
  /^(?:(.*?)\s+)?(?:is|are|gets|becomes)?\s*(?:hidden|gone|closed|not (?:visible|shown|displayed)|no longer (?:visible|shown))$|^(.*?)\s+(?:disappears?|closes|vanish(?:es)?)$/i;

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
    /^(?:only\s+)?(?:the\s+)?(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(.+)$/i.exec(
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
    const rest = withoutLiterals(text);
    return step('expectVisible', phrase, {
      target: rest,
      exactName: lit.text,
      value: lit.text,
      valueSource: 'description',
      roleHints: roleHintsOf(rest),
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

function expectationSteps(ctx: Ctx, verb: string, body: string, phrase: string): PlannedStep[] {
  const negated = /\bnot\b|n't|\bno longer\b|\bnever\b/.test(verb) || /^(?:no|not)\s+/i.test(body);
  const text = body.replace(/^(?:no|not)\s+/i, '');
  const objects = text
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+with\s+/i)
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const out: PlannedStep[] = [];
  for (const object of objects) {
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

/** "the choice is kept after reloading the page" → a reload and the earlier assertions again. */
function persistenceSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  if (!/\b(?:after|on|upon|when)\s+(?:a\s+)?(?:page\s+)?(?:reload(?:ing)?|refresh(?:ing)?)\b/i.test(text))
    return undefined;
  const before = text
    .replace(
      /\s*\b(?:after|on|upon|when)\s+(?:a\s+)?(?:page\s+)?(?:reload(?:ing)?|refresh(?:ing)?)\b.*$/i,
      '',
    )
    .trim();
  const out: PlannedStep[] = [step('reload', phrase)];
  const verb = startsWithVerb(before, EXPECT_VERBS);
  if (verb) {
    const body = before.replace(LEADING_FILLER, '').slice(verb.length).trim();
    out.push(...expectationSteps(ctx, verb, body, phrase));
  } else out.push(step('expectVisible', phrase, { reassert: true }));
  return out;
}

export function parseDescription(description: string, maxSteps = 30): ParsedDescription {
  const { text, literals } = protectLiterals(description);
  const ctx: Ctx = { literals, steps: [], skipped: [] };
  const clauses = splitClauses(text);
  let lastWasAction = false;
  for (const clause of clauses) {
    const phrase = plain(ctx, clause.text);
    const persisted = persistenceSteps(ctx, clause.text, phrase);
    if (persisted) {
      ctx.steps.push(...persisted);
      continue;
    }
    const body0 = clause.text.replace(LEADING_FILLER, '');
    let expectVerb = startsWithVerb(clause.text, EXPECT_VERBS);
    let actionVerb = startsWithVerb(clause.text, ACTION_VERBS);
    // "check that …" and "confirm that …" are assertions; "check the box" is an action.
    if (expectVerb && actionVerb && expectVerb.length <= actionVerb.length) expectVerb = undefined;
    if (expectVerb) actionVerb = undefined;
    if (
      clause.purpose &&
      lastWasAction &&
      actionVerb &&
      /^(?:open|show|reveal|display|bring up)$/.test(actionVerb)
    ) {
      // "Click X to open the dialog": the purpose is the outcome to check.
      ctx.steps.push(...expectationSteps(ctx, 'see', body0.slice(actionVerb.length).trim(), phrase));
      lastWasAction = false;
      continue;
    }
    if (expectVerb) {
      ctx.steps.push(...expectationSteps(ctx, expectVerb, body0.slice(expectVerb.length).trim(), phrase));
      lastWasAction = false;
    } else if (actionVerb) {
      const produced = actionSteps(ctx, actionVerb, body0.slice(actionVerb.length).trim(), phrase);
      ctx.steps.push(...produced);
      lastWasAction = produced.length > 0 || actionVerb === 'use';
    } else {
      // A verbless clause after an assertion adds objects to it ("…, and the text X").
      const prev = ctx.steps[ctx.steps.length - 1];
      const outcome = outcomeSteps(ctx, body0, phrase);
      if (outcome) {
        ctx.steps.push(...outcome);
        lastWasAction = false;
      } else if (prev && prev.kind.startsWith('expect'))
        ctx.steps.push(...expectationSteps(ctx, 'see', clause.text, phrase));
      else ctx.skipped.push(phrase);
    }
  }
  return { steps: ctx.steps.slice(0, maxSteps), literals, skipped: ctx.skipped };
}
