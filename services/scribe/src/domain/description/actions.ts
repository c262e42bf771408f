// One action clause ("fill …", "click …", "upload …", "go to …") → planned steps: its target, its
// values (field lists, files) and the pages it implies.

import { literalIds, withoutLiterals } from '../literals';
import { isAction, type PlannedStep, type RoleHint, step } from '../plan';
import { LIST_SEPARATOR, oneEditApart, parseCount, words } from '../text';
import {
  type Ctx,
  isPronoun,
  literalOf,
  plain,
  previousControl,
  roleAntecedent,
  roleHintsOf,
  splitContext,
  stripArticles,
} from './context';
import { bulkActionStep } from './bulk-actions';
import { expectationSteps } from './expectations';
import { addButtonStep, namedItemSteps } from './named-items';
import { repeatOf } from './repeats';
import { tickedItem, tickedPronoun } from './ticking';
import {
  CLICK_VERB_LIST,
  FIELD_NOUN_ALTERNATION,
  FIELD_NOUNS,
  KEYS,
  NAVIGATION_VERBS,
  FILE_NAME,
  ROLE_ONLY,
} from './vocabulary';

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

/**
 * "picks Taut-line hitch, Three litres and Stay where you are and call for help (the three right
 * answers)", "choosing A for the knot, B for the water and C for the last one": options named in
 * turn, one choice each. After the last comma the first "and" ends the list's second-last item (the
 * last may hold an "and" of its own); each must be a name (capitalised or quoted).
 */
function chosenInTurn(ctx: Ctx, body: string): string[] | undefined {
  const list = body.replace(/\s*\([^()]*\)\s*$/, '').trim();
  const parts = list.split(/\s*,\s*/);
  const last = parts.pop() ?? '';
  const and = /\s+and\s+/i.exec(last);
  if (parts.length === 0 || !and) return undefined;
  const items = [...parts, last.slice(0, and.index), last.slice(and.index + and[0].length)].map((item) =>
    item.replace(/\s+for\s+(?:the|a|an|this|that|my|your|each)\s+[\p{L} -]+$/u, '').trim(),
  );
  const names = items.map(
    (item) => literalOf(ctx, item)?.text ?? (/^\p{Lu}/u.test(item) ? plain(ctx, item) : ''),
  );
  return names.every((n) => n !== '') ? names : undefined;
}

/** "one letter", "a single character": what is typed is one letter, not a field by that name. */
const ONE_LETTER = /^(?:just\s+|only\s+)?(?:one|single|1)\s+(?:letter|character|char)$/i;

/** "email x and password y", "a name, an email address and a message" → fill steps. */
export function fillList(ctx: Ctx, phrase: string, list0: string, scope: string | undefined): PlannedStep[] {
  // "ada@example.com / s3cret": an email and its password.
  const list = list0.replace(
    /(\uE000(\d+)\uE001)\s*\uE000(\d+)\uE001\s*([^\s,]+)/g,
    (whole, email: string, first: string, slash: string, password: string) =>
      ctx.literals[Number(first)]?.kind === 'email' && ctx.literals[Number(slash)]?.text === '/'
        ? `email ${email} and password ${password}`
        : whole,
  );
  // "their address (14 Mill Lane, postcode OX2 6HP, Oxford)": the parts of one value, in the order
  // of the fields that hold them; the first goes in the field named, a part with its own field noun in
  // that field, the others each in the next empty field.
  const group = /^(.*?)\s*\(([^()]*,[^()]*)\)\s*$/.exec(list);
  if (group) {
    const [first = '', ...more] = (group[2] ?? '').split(/\s*,\s*(?:and\s+)?/);
    return [
      ...fillList(ctx, phrase, `${group[1] ?? ''} (${first})`, scope),
      ...more.flatMap((part) =>
        fillList(ctx, phrase, fieldNounOf(part).noun ? part : `next field (${part})`, scope),
      ),
    ];
  }
  const items = list
    // "x@y.z pw secret": a value, then the next field without a comma.
    .split(
      new RegExp(
        `\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|(?<=\uE001)\\s+(?=(?:${FIELD_NOUN_ALTERNATION})\\s)`,
        'i',
      ),
    )
    // "From 01/03/2026 and To 31/03/2026": a capitalised "To" before its value is the field's name.
    .map((i) => (/^To\s+\uE000\d+\uE001$/.test(i.trim()) ? i.trim() : stripArticles(i.trim())))
    .filter((i) => i !== '');
  const hasPassword = items.some(
    (i) =>
      /\b(?:pass(?:word|code)|pwd?)\b/i.test(i) ||
      /^(?:pass(?:word|code)|pwd?)$/.test(fieldNounOf(i).noun ?? ''),
  );
  const out: PlannedStep[] = [];
  for (const item0 of items) {
    // "name Kim, 2 stars, text …": a rating among the fields is chosen.
    if (/^\d\s+stars?$/i.test(item0.trim())) {
      out.push(starRating(phrase, item0.trim()));
      continue;
    }
    // "typing one letter shows no suggestions": any single letter, in the field at hand.
    if (ONE_LETTER.test(item0.trim())) {
      out.push(
        step('fill', phrase, {
          target: 'text',
          value: 'a',
          valueSource: 'description',
          roleHints: ['textbox'],
          ...(scope ? { scope } : {}),
        }),
      );
      continue;
    }
    // "Omar Haddad as your name": the value, then the field it goes in.
    const asField = /^(.+?)\s+as\s+(?:your|the|my|his|her|their)\s+(.+)$/i.exec(item0);
    const item = asField ? `${asField[2] ?? ''} ${asField[1] ?? ''}` : item0;
    const lit = literalOf(ctx, item);
    let target = withoutLiterals(item);
    let value = lit?.text ?? '';
    if (target === '' && lit)
      target = lit.kind === 'email' ? 'email' : lit.kind === 'url' || lit.kind === 'path' ? 'url' : 'text';
    // "the recipient's name (Jo March)": the value in parentheses after the field's words.
    const valueInParens = /^(\S.*?)\s*\(([^()]+)\)$/.exec(item);
    if (!lit && valueInParens && !fieldNounOf(item).noun) {
      target = valueInParens[1] ?? '';
      value = valueInParens[2] ?? '';
    } else if (!lit) {
      const { noun, rest } = fieldNounOf(item);
      if (noun && rest !== '' && !/^(?:of|with|that|at|which)\b/i.test(rest)) {
        target = noun;
        // "a name (Omar)": the value given in parentheses.
        value = rest.replace(/^\((.+)\)$/, '$1');
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

/** "their new password", "the recipient's email": words that end in a field's noun name that field. */
const ENDS_IN_FIELD_NOUN = new RegExp(`\\b(?:${FIELD_NOUN_ALTERNATION})$`, 'i');

/** "5 stars": the rating control named so (a radio of a star rating). */
function starRating(phrase: string, stars: string): PlannedStep {
  return step('select', phrase, {
    target: stars,
    value: stars,
    valueSource: 'description',
    roleHints: ['radio'],
  });
}

/** Where things bought are put. */
const BASKET = /\b(?:cart|basket|bag|trolley|wish ?list|order)s?\b/i;

/** Keys named only with "key" after them ("the Home key"): alone, the words name controls. */
const NAMED_KEYS = new Map<string, string>([
  ['rightarrow', 'ArrowRight'],
  ['arrowright', 'ArrowRight'],
  ['right', 'ArrowRight'],
  ['leftarrow', 'ArrowLeft'],
  ['arrowleft', 'ArrowLeft'],
  ['left', 'ArrowLeft'],
  ['uparrow', 'ArrowUp'],
  ['downarrow', 'ArrowDown'],
  ['home', 'Home'],
  ['end', 'End'],
  ['pageup', 'PageUp'],
  ['pagedown', 'PageDown'],
]);

/** The key "Enter", "the Right Arrow key", "ArrowRight" names, if it names one. */
function keyNamed(words: string): string | undefined {
  const bare = stripArticles(words).toLowerCase();
  const name = bare.replace(/\s+key$/, '').replace(/\s+/g, '');
  return (
    KEYS.get(name) ?? (/\skey$/.test(bare) || /^arrow|arrow$/.test(name) ? NAMED_KEYS.get(name) : undefined)
  );
}

/** A field named only by its kind ("the box", "the field"): the one acted on last. */
const GENERIC_FIELD = /^(?:(?:the|that|this)\s+)?(?:box|field|input|text ?box|search ?box)$/i;

/** A target that is files to upload ("two files", "an image", "the documents"). */
const NAMES_FILES = /\b(?:files?|documents?|images?|photos?|pictures?|attachments?)\b/i;
/** The object of "upload …" once files were chosen: "them", "the files", "both". */
const FILES_CHOSEN =
  /^(?:them|it|both|all|those|these|(?:the|both|all|those|these|all the) (?:files?|documents?|images?|photos?|pictures?))$/i;

/**
 * An upload: the quoted names are fixture files; without names, `files` says how many the
 * generator picks from the runner's fixtures ("two files" → 2).
 */
export function uploadStep(ctx: Ctx, body: string, phrase: string): PlannedStep {
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
  for (const item of (m[2] ?? '').split(LIST_SEPARATOR))
    out.push(...expectationSteps(ctx, 'see', item, phrase));
  const next = /^,?\s*(?:and\s+)?(?:then|after that|afterwards|next)\s+(.+)$/i.exec(m[3] ?? '');
  if (next) {
    ctx.scope = scope;
    out.push(...actionSteps(ctx, verb, next[1] ?? '', phrase));
  }
  return out;
}

const addButtonStepList = (body: string, phrase: string): PlannedStep[] | undefined => {
  const s = addButtonStep(body, phrase);
  return s ? [s] : undefined;
};

/** Verbs that press or choose what they name. */
const CODE_VERBS: ReadonlySet<string> = new Set([
  ...CLICK_VERB_LIST,
  'select',
  'choose',
  'pick',
  'grab',
  'deselect',
  'unselect',
]);

/**
 * "D2 and D3", "A1, A2", "E1 E2 E3 (the premium ones)", "B1 and B2 for The Long Walk": two or more
 * codes of a letter and a number (a seat, a cell), or one alone; undefined for anything else.
 */
function codeList(body: string): string[] | undefined {
  const items = body
    .replace(/\s*\([^()]*\)\s*/g, ' ')
    .replace(/\s+(?:for|in|on|at)\s+.*$/i, '')
    .trim()
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+/);
  return items.length > 0 && items.every((i) => /^[A-Z]{1,2}\d{1,3}$/.test(i)) ? items : undefined;
}

/** "… until it is gone", "… until there are no more", "… repeatedly": pressed while it is there. */
const UNTIL_GONE =
  /\s+(?:(?:again\s+)?until\s+(?:it|the\s+button|the\s+link)\s+(?:is\s+gone|disappears|goes\s+away|is\s+no\s+longer\s+(?:shown|there))|until\s+there\s+(?:are|is)\s+no\s+more(?:\s+[\p{L}]+)?|repeatedly)$/iu;

/** What "leave X …" leaves a control as: its state unchanged, so no step. */
const LEFT_AS_IS =
  /\s(?:unchecked|unticked|unselected|off|empty|blank|as it is|as is|alone|untouched|unchanged|at (?:its|the) default)$/i;

/** One action clause → steps; a click said with a count ("click X twice") is done that many times. */
export function actionSteps(ctx: Ctx, verb: string, body: string, phrase: string): PlannedStep[] {
  // "pick D2 and D3 for The Long Walk", "grab E1 E2 E3", "click A1, A2": seats or cells by their
  // codes, each pressed in turn.
  const codes = CODE_VERBS.has(verb) ? codeList(body) : undefined;
  if (codes)
    return codes.map((code) => step('click', phrase, { target: code, exactName: code, roleHints: [] }));
  const repeat = (CLICK_VERB_LIST as readonly string[]).includes(verb) ? repeatOf(body) : undefined;
  // "click Load more until it is gone": as often as the page offers it.
  const untilGone = (CLICK_VERB_LIST as readonly string[]).includes(verb) ? UNTIL_GONE.exec(body) : null;
  if (untilGone)
    return onceSteps(ctx, verb, body.slice(0, untilGone.index), phrase).map((st) =>
      st.kind === 'click' ? { ...st, untilGone: true } : st,
    );
  if (!repeat?.said) return onceSteps(ctx, verb, body, phrase);
  const steps = onceSteps(ctx, verb, repeat.body, phrase);
  return Array.from({ length: repeat.times }, () => steps).flat();
}

function onceSteps(ctx: Ctx, verb: string, body: string, phrase: string): PlannedStep[] {
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
    // "the shop's sign-in page": the page is the sign-in page; whose it is names no link.
    const name = plain(ctx, target)
      .replace(/\s+page$/i, '')
      .replace(/^[\p{L}-]+['’]s\s+(?=\S)/u, '');
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
      const eachWith = body.split(LIST_SEPARATOR).map((p) => /^(.+?)\s+with\s+(.+)$/i.exec(p));
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
        // A quoted or otherwise protected value, a bare number or date ("fill the quantity with 3"),
        // or the words themselves unless they only describe one ("fill Display name with Alice"
        // against "fill the message with a short note", "with your address", "with something").
        const value =
          literalOf(ctx, list)?.text ??
          (/^\d[\d.,:/-]*$/.test(list.trim()) || namesValue(list) ? list.trim() : undefined);
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, where),
              value: value ?? '',
              valueSource: value !== undefined ? 'description' : 'generated',
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
      // "a real address such as jane@example.com": the example is the value, the words before it the field.
      const example = /^(.+?)\s+(?:such as|like|e\.\s?g\.)\s+(\uE000\d+\uE001)$/i.exec(body);
      if (example)
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, stripArticles(example[1] ?? '')),
              value: literalOf(ctx, example[2] ?? '')?.text ?? '',
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      // "the box is cleared, zzz is entered": one bare word after a fill names no field: it goes into
      // the field filled last.
      const lastFill = [...ctx.steps].reverse().find((s) => s.kind === 'fill');
      if (verb !== 'type' && lastFill && /^[\p{L}\d-]+$/u.test(body) && !fieldNounOf(body).noun)
        return [
          withScope(
            step('fill', phrase, {
              target: lastFill.target,
              value: body,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      // "type mug": one bare word, no field named: typed into the field at hand. So are the words of
      // a name the description gave before ("delete Bothy map … type bothy map"), and a few words
      // written as a name ("type Night drive").
      const named = (t: string | undefined): boolean =>
        t?.toLowerCase().includes(body.toLowerCase()) === true;
      const fewWords = /^[\p{L}\d-]+(?:\s+[\p{L}\d-]+){1,3}$/u.test(body);
      const namedBefore =
        fewWords &&
        (/^\p{Lu}/u.test(body) ||
          ctx.steps.some((st) => named(st.target) || named(st.scope) || named(st.exactName)));
      if (verb === 'type' && (/^[\p{L}\d-]+$/u.test(body) || namedBefore) && !fieldNounOf(body).noun)
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
      const pairs = body.split(LIST_SEPARATOR).map((p) => INTO.exec(p));
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
      // An unquoted value typed into a field the words name ("type lamp into the search box"), or
      // into a field by its label as written ("enter SAVE10 in Promo code", "type Buy milk in New task").
      const namesField = (where: string): boolean =>
        roleHintsOf(where).includes('textbox') ||
        fieldNounOf(stripArticles(where)).noun !== undefined ||
        ENDS_IN_FIELD_NOUN.test(where.trim()) ||
        isFieldLabel(where);
      // "enter 3 as the number of people": what it is entered as is a field, whatever its words.
      const asField = /^\S+\s+as\s+(?:the|your|my)\s/i.test(body);
      if (
        into &&
        literalIds(into[1] ?? '').length === 0 &&
        !/^(?:the|a|an|its|their|his|her|my|your|our|some|any)\b/i.test(into[1] ?? '') &&
        (namesField(into[2] ?? '') || asField)
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
      const items = head.split(LIST_SEPARATOR);
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
      // "searching lamp now lists …", "such as zzz, shows …": "now" says when and the comma ends the
      // term; neither is searched for.
      const term = (m ? (m[2] ?? '') : body)
        .replace(/[\s,;:]+$/, '')
        .replace(/\s+(?:now|again|then|still|instead|first|today)$/i, '');
      const value = literalOf(ctx, term)?.text ?? plain(ctx, term);
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
      // "sort on the Trail col", "sort by the Length column": the column's heading is pressed.
      const column =
        verb === 'sort'
          ? /^(?:on|by)\s+(?:the\s+)?(.+?)\s+(?:col|column)(?:\s+(?:heading|header))?$/i.exec(body)
          : null;
      if (column)
        return [
          withScope(
            step('click', phrase, {
              target: plain(ctx, column[1] ?? ''),
              ...(literalOf(ctx, column[1] ?? '')
                ? { exactName: literalOf(ctx, column[1] ?? '')?.text ?? '' }
                : {}),
              roleHints: ['button'],
            }),
          ),
        ];
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
    case 'vote':
    case 'cast a vote':
    case 'cast my vote':
    case 'cast your vote': {
      // "vote for Shared lists": the option is chosen, then the vote is cast with its button.
      const cast = step('click', phrase, { target: 'vote', roleHints: ['button'] });
      const choice = /^for\s+(.+)$/i.exec(body);
      // "vote", "vote again"; not "vote counting", "vote on what we build next" (what voting is about).
      if (!choice) return /^(?:now|again|once)?$/i.test(body.trim()) ? [withScope(cast)] : [];
      const option = literalOf(ctx, choice[1] ?? '')?.text ?? plain(ctx, stripArticles(choice[1] ?? ''));
      return [withScope(step('select', phrase, { target: option, roleHints: ['radio'] })), withScope(cast)];
    }
    case 'select':
    case 'choose':
    case 'pick': {
      if (NAMES_FILES.test(rawTarget)) return [withScope(uploadStep(ctx, body, phrase))];
      // An option chosen in the control the words name.
      const choose = (target: string, value: string): PlannedStep[] => [
        withScope(
          step('select', phrase, { target, value, valueSource: 'description', roleHints: ['combobox'] }),
        ),
      ];
      // "select the control labelled X", "choose the button named X": a control pressed, not an option.
      const control =
        /^(?:the\s+|a\s+)?(control|button|link|tab|menu item)\s+(?:labell?ed|named|called|titled|marked)\s+(\uE000\d+\uE001)$/i.exec(
          body,
        );
      if (control) {
        const name = literalOf(ctx, control[2] ?? '')?.text ?? '';
        const kind = (control[1] ?? '').toLowerCase();
        return [
          withScope(
            step('click', phrase, {
              target: name,
              exactName: name,
              roleHints: kind === 'control' ? ['button', 'link'] : roleHintsOf(kind),
            }),
          ),
        ];
      }
      const listed = chosenInTurn(ctx, body);
      if (listed)
        return listed.map((option) =>
          withScope(
            step('select', phrase, {
              target: option,
              value: option,
              valueSource: 'description',
              exactName: option,
              roleHints: [],
            }),
          ),
        );
      // "choosing Doing for Book the village hall": the option, in the control of the item named.
      const forItem = FOR_ITEM.exec(body.trim());
      if (forItem) return [optionForItem(ctx, phrase, forItem[1] ?? '', forItem[2] ?? '')];
      // "choose Europe/Berlin as the time zone": the option, then the setting it is chosen for.
      const asSetting = /^(.+?)\s+as\s+(?:the|your|my|our)\s+(.+)$/i.exec(body);
      if (asSetting)
        return choose(
          plain(ctx, asSetting[2] ?? ''),
          literalOf(ctx, asSetting[1] ?? '')?.text ?? plain(ctx, stripArticles(asSetting[1] ?? '')),
        );
      // "choose 3 guests": the number is the option of the control the noun names; "choose 5 stars" is
      // a rating, the choice named so.
      const counted = /^(\d{1,3})\s+([\p{L}-]+)$/u.exec(body.trim());
      if (counted && /^stars?$/i.test(counted[2] ?? '')) return [starRating(phrase, body.trim())];
      if (counted) return choose(counted[2] ?? '', counted[1] ?? '');
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
      )
        return choose(
          plain(ctx, nounAfter ? `${nounAfter[2] ?? ''} ${m[2] ?? ''}` : (m[2] ?? '')),
          plain(ctx, nounAfter ? (nounAfter[1] ?? '') : option),
        );
      if (m && literalOf(ctx, m[1] ?? ''))
        return choose(plain(ctx, m[2] ?? ''), literalOf(ctx, m[1] ?? '')?.text ?? '');
      // "pick the Lighting category": the capitalised name is the option, the noun what holds it.
      const named = exact
        ? null
        : /^(\p{Lu}[\p{L}\d/_.-]*(?:\s+\p{Lu}[\p{L}\d/_.-]*)*)\s+(\p{Ll}[\p{L}-]*(?:\s+\p{Ll}[\p{L}-]*)?)$/u.exec(
            rawTarget,
          );
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
      const { target: said, scope: tail } = splitContext(ctx, rawTarget);
      const target = tickedItem(said);
      // "untick Email and App notification": each one named, as written.
      const named = literalIds(target).length === 0 ? namesListed(target) : undefined;
      if (named)
        return named.map((name) =>
          withScope(
            step(off ? 'uncheck' : 'check', phrase, {
              target: name,
              roleHints: checkableHints(name),
              ...(tail ? { scope: tail } : {}),
            }),
          ),
        );
      const it = isPronoun(target) ? tickedPronoun(ctx) : undefined;
      // "turn the switch back on": the switch named before.
      const antecedent = it ? undefined : roleAntecedent(ctx, target);
      return [
        withScope(
          step(off ? 'uncheck' : 'check', phrase, {
            target: it ? it.target : (antecedent?.target ?? plain(ctx, target)),
            ...(it?.exactName
              ? { exactName: it.exactName }
              : exact
                ? { exactName: exact }
                : antecedent?.exactName
                  ? { exactName: antecedent.exactName }
                  : {}),
            roleHints: checkableHints(target),
            refersToPrevious: it?.previous !== undefined,
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
      // "press the Right Arrow key on the Monthly tab": that key, with that control focused.
      const on = /^(.+?)\s+(?:on|in)\s+(?:the\s+)?(.+)$/i.exec(rawTarget);
      const key = keyNamed(rawTarget) ?? (on ? keyNamed(on[1] ?? '') : undefined);
      if (key && on && keyNamed(rawTarget) === undefined)
        return [
          withScope(
            step('press', phrase, {
              target: plain(ctx, on[2] ?? ''),
              value: key,
              valueSource: 'description',
              roleHints: roleHintsOf(on[2] ?? ''),
            }),
          ),
        ];
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
    case 'create': {
      // "create a task called \"X\"": a named item; anything else created is a control to click.
      const items = namedItemSteps(ctx, body, phrase);
      if (items) return items.map(withScope);
      break;
    }
    case 'add':
    case 'put':
    case 'place': {
      const items =
        verb === 'add' ? (namedItemSteps(ctx, body, phrase) ?? addButtonStepList(body, phrase)) : undefined;
      if (items) return items.map(withScope);
      // "add cornwall with enter", "add 'wild camping' and press Enter": a value typed and entered
      // (a tag, a to-do), not an item put in a basket.
      const entered =
        /^(.+?)\s+(?:with|by pressing|and press|and hit|\+)\s+(?:the\s+)?(?:enter|return)(?:\s+key)?$/i.exec(
          body,
        );
      if (entered) {
        const value = literalOf(ctx, entered[1] ?? '')?.text ?? plain(ctx, entered[1] ?? '');
        return [
          withScope(
            step('fill', phrase, {
              target: 'text',
              value,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
          step('press', phrase, { value: 'Enter', valueSource: 'description', refersToPrevious: true }),
        ];
      }
      // "add X with its Add to cart button": that button of X.
      const using = /^(.+?)\s+(?:with|using|via)\s+(?:its|the|their)\s+(.+?)\s+button$/i.exec(body);
      if (using) {
        const item = literalOf(ctx, using[1] ?? '')?.text ?? plain(ctx, stripArticles(using[1] ?? ''));
        if (/^\p{Lu}/u.test(item) || literalOf(ctx, using[1] ?? '')) ctx.lastEntity = item;
        return [
          withScope(
            step('click', phrase, {
              target: plain(ctx, using[2] ?? ''),
              roleHints: ['button'],
              scope: item,
            }),
          ),
        ];
      }
      // "add X to the cart", "put X in the basket": the add button of X.
      const m =
        /^(.*?)\s+(?:to|in|into|inside)\s+(?:the\s+|my\s+|your\s+)?(.+?)(?:\s+(?:from|on|in)\s+.+)?$/i.exec(
          body,
        );
      const what = m ? (m[1] ?? '') : body;
      const where = m ? withoutLiterals(m[2] ?? '') : '';
      // "put 50 in the amount": a value typed into a field, not an item put in a basket.
      const typed = literalOf(ctx, what)?.text ?? (/^\d[\d.,]*$/.test(what.trim()) ? what.trim() : undefined);
      if (verb === 'put' && typed !== undefined && where !== '' && !BASKET.test(where))
        return [
          withScope(
            step('fill', phrase, {
              target: plain(ctx, stripArticles(where)),
              value: typed,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
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
    case 'archive':
    case 'clear': {
      const bulk = bulkActionStep(verb, body, phrase);
      if (bulk) return [withScope(bulk)];
      const { target } = splitContext(ctx, rawTarget);
      // "clear the search box", "clear the Email field": the text in it goes ("the box" alone is the
      // one filled last).
      if (verb === 'clear' && (roleHintsOf(target).includes('textbox') || fieldNounOf(target).noun)) {
        const filled = GENERIC_FIELD.test(target)
          ? [...ctx.steps].reverse().find((s) => s.kind === 'fill')?.target
          : undefined;
        return [
          withScope(
            step('fill', phrase, {
              target: filled ?? plain(ctx, target),
              clear: true,
              valueSource: 'description',
              roleHints: ['textbox'],
            }),
          ),
        ];
      }
      // "archive the message from Sam Okafor (\"Can I borrow your stove?\")": the one quoted name is
      // the item's, as the page shows it.
      const quoted = literalIds(rawTarget).flatMap((id) =>
        ctx.literals[id]?.kind === 'quote' ? [ctx.literals[id]?.text ?? ''] : [],
      );
      const entity =
        quoted.length === 1
          ? quoted[0]
          : isPronoun(target) || target === ''
            ? ctx.lastEntity
            : plain(ctx, target);
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
      // "leave the digest unchecked", "leave the field empty": the control keeps its state; nothing to do.
      if (verb === 'leave' && LEFT_AS_IS.test(body)) return [];
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
  // click, tap, follow, allow, accept, … : the words name the control; "expand Shipping" and
  // "collapse it" name the section's own button.
  // "the question about returns": a control named by its topic.
  const topic = CONTROL_ABOUT.exec(rawTarget)?.[1];
  const { target, scope: tail } = splitContext(ctx, topic ?? rawTarget, true);
  const named = [
    ...CLICK_VERB_LIST,
    'follow',
    'scroll to',
    'expand',
    'collapse',
    'ask for',
    'request',
  ].includes(verb)
    ? plain(ctx, target)
    : `${verb} ${plain(ctx, target)}`.trim();
  const prev = isPronoun(target) ? previousControl(ctx) : undefined;
  const antecedent = prev ? undefined : roleAntecedent(ctx, target);
  // A quoted name in the context ("on the \"Allow …?\" screen") names the screen, not the control.
  const exactName = literalIds(target).length > 0 || !tail ? exact : undefined;
  return [
    withScope(
      step(verb === 'scroll to' ? 'hover' : 'click', phrase, {
        target: (prev ?? antecedent)?.target ?? named,
        ...((prev ?? antecedent)?.exactName
          ? { exactName: (prev ?? antecedent)?.exactName }
          : exactName
            ? { exactName }
            : {}),
        roleHints: roleHintsOf(antecedent?.target ?? target),
        // A control whose state was checked is found again by its words, not as the last one acted on.
        refersToPrevious: prev !== undefined && isAction(prev.kind),
        ...(tail ? { scope: tail } : {}),
      }),
    ),
  ];
}

/** "question about returns", "article on shipping": the topic names the control. */
const CONTROL_ABOUT =
  /^(?:question|article|entry|item|section|topic|post|card|tab|link)\s+(?:about|on|regarding|concerning)\s+(\S.*)$/i;

/** Words that open a description of a value rather than the value ("a short note", "your email"). */
const DESCRIBES_VALUE =
  /^(?:a|an|the|some|any|my|your|our|his|her|their|its|this|that|valid|invalid|random|dummy|sample|test|fake|something|anything|whatever|one|another|new|correct|wrong|real|proper)\b/i;

/** "Alice", "Dana Scully", "Berlin office": a bare value, not words about one, and not a placeholder. */
function namesValue(text: string): boolean {
  const t = text.trim();
  return t !== '' && !DESCRIBES_VALUE.test(t) && !/[\uE000\uE001]/.test(t) && /^\p{Lu}/u.test(t);
}

/** Places that hold fields rather than being one ("in Settings", "in the Checkout page"). */
const HOLDS_FIELDS =
  /\b(?:page|dialog|modal|pop-?up|window|section|panel|tab|menu|form|screen|site|app|frame|sidebar)s?\b/i;

/** "Promo code", "New task": a field's label as the page writes it (capitalised, a few words). */
function isFieldLabel(where: string): boolean {
  const t = where.trim();
  return (
    /^\p{Lu}/u.test(t) && t.split(/\s+/).length <= 4 && !HOLDS_FIELDS.test(t) && !/[\uE000\uE001]/.test(t)
  );
}

/** What a tick is done on: the role its words name, where a "box" is a checkbox ("check the weekly
 * digest box"), not the text box the word means elsewhere. */
function checkableHints(target: string): RoleHint[] {
  const named = roleHintsOf(target).map((h): RoleHint => (h === 'textbox' ? 'checkbox' : h));
  return named.length > 0 ? [...new Set(named)] : ['checkbox', 'switch'];
}

/**
 * "Email and App notification", "Email, Text message and App notification": names written as the
 * page writes them (each capitalised), a list when it has a comma or a name of two words or more
 * ("Terms and Conditions" stays one name).
 */
/** "Doing for Book the village hall": a capitalised option, then the capitalised item it is for. */
const FOR_ITEM = /^(\p{Lu}[\p{L}\d'’-]*(?:\s+[\p{L}\d'’-]+){0,2})\s+for\s+(?:the\s+)?(\p{Lu}.{0,60})$/u;

/** An option chosen in the control that belongs to an item ("Move Book the village hall to"). */
export function optionForItem(ctx: Ctx, phrase: string, option: string, item: string): PlannedStep {
  const name = literalOf(ctx, item)?.text ?? plain(ctx, item);
  return step('select', phrase, {
    target: name,
    value: literalOf(ctx, option)?.text ?? plain(ctx, option),
    valueSource: 'description',
    roleHints: ['combobox'],
    scope: name,
  });
}

function namesListed(target: string): string[] | undefined {
  const names = target.split(LIST_SEPARATOR).map((n) => n.trim());
  if (names.length < 2 || !names.every((n) => /^\p{Lu}/u.test(n) && !ROLE_ONLY.test(n))) return undefined;
  return target.includes(',') || names.some((n) => n.includes(' ')) ? names : undefined;
}
