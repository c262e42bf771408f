// Splitting protected description text into clauses: at sentence ends, "then", and at commas or
// "and" that start a new verb; plus the clause shapes the splitter must keep whole.

import { questionAsStatement } from '../ticket-text';
import { FIELD_NOUN_ALTERNATION, gerundAction, isVerbStart, OUTCOME_START, USER_STORY } from './vocabulary';

interface Clause {
  text: string;
  purpose: boolean;
  /** Why the user wants it ("so that I don't have to untick every channel"): no step, no outcome. */
  benefit?: boolean;
  /** Said after "then" ("click Cancel, then Keep editing"): the next thing done. */
  afterThen?: boolean;
}

const GOES_TO =
  /\b(?:go|goes|going|navigate|navigates|head|heads|return|returns|come|comes|get|gets|move|jump|proceed|back)$/i;

export const PAGE_SHOWN =
  /^(?:the\s+|your\s+|my\s+)?[\p{L} -]{1,30}?\s+(?:page|screen)\s+(?:is|gets|should be)\s+(?:shown|displayed|opened|loaded|open)$/iu;
export const BACK_ON =
  /^(?:that\s+)?(?:(?:i|we|you|they|the user|users?|the customer|it)\s+(?:am|are|is|get|gets|end up)\s+)?back\s+(?:on|at|in|to)\s+(?:the\s+)?[^\uE000]+$/i;

/** "log in with my DemoID account and …": the sign-in, the provider named, what follows. */
export const SIGN_IN_THROUGH =
  /^((?:sign|log)\s*(?:in|on))\s+(?:with|through|via|using|on|at)\s+(?:(?:my|your|the|a|an|their|his|her)\s+)?([\p{L}][\p{L}\d.-]*)(?:\s+(?:account|login|log-in|id|identity|profile|page|site|screen))?\b(.*)$/iu;
/** What a sign-in is done with that is no provider: "with my email", "with valid credentials". */
export const NOT_A_PROVIDER = new RegExp(
  `^(?:${FIELD_NOUN_ALTERNATION}|credentials|details|account|user|users|valid|correct|wrong|invalid|good|bad|known|new|existing|registered|demo|test|these|those|that|this|them|it|same|both|no|an?|one|two|social)$`,
  'i',
);

/** A verb of showing followed by capitalised names ("shows Welcome", "lists Aurora Desk Lamp"). */
const SHOWS_NAMES =
  /\b(?:shows?|showing|displays?|displaying|lists?|listing|contains?|offers?)\s+(?:the\s+(?:links?|buttons?|tabs?|items?)\s+|(?:an?|the)\s+[\p{L} ]{1,30}?\s+with\s+)?\p{Lu}[\p{L}\d]*(?:(?:\s+|,\s+)[\p{L}\d]+){0,15}$/u;

/** "so I can't change them", "so that we don't have to …": what follows cannot happen or is spared. */
const SPARED =
  /^(?:i|we|you|they|users?|people|members?|customers?)\s+(?:don['’]t|do not|won['’]t|will not|wouldn['’]t|would not|no longer|never|needn['’]t|need not|can['’]t|cannot|can not)\b/i;
/**
 * A purpose that still names something to check: a quoted text, a verb of seeing or showing, or a
 * state reached ("so that I end up signed in as Demo User").
 */
const NAMES_AN_OUTCOME =
  /\uE000|\b(?:see|sees|seeing|shows?|shown|showing|tells?|says?|displays?|confirms?|checks?|appears?|reads?|gets?|receives?|lists?|lands?|mentions?|includes?|contains?|visible|ends? up|(?:signed|logged) (?:in|out))\b/i;

/**
 * "…, so that I don't have to untick every channel one by one": the reason a user story gives, or a
 * consequence that cannot be seen. A "so that" that names an outcome ("so that the confirmation
 * tells me …", "so that I can check the summary shows …") is read as before.
 */
function isBenefit(sentence: string, sep: string, rest: string): boolean {
  if (NAMES_AN_OUTCOME.test(rest)) return false;
  return SPARED.test(rest) || (/\bso that\b/.test(sep) && USER_STORY.test(sentence));
}

/**
 * "the Email, Text message and App notification checkboxes should be greyed out": an outcome whose
 * subject is a list of names; its commas are the list's, not new clauses.
 */
const LISTED_NAME = String.raw`\p{Lu}[\p{L}\d'’-]*(?:\s+[\p{L}\d'’-]+){0,3}?`;
const LIST_SUBJECT_OUTCOME = new RegExp(
  String.raw`^(?:the|its|your|my|all)\s+${LISTED_NAME}(?:\s*,\s*${LISTED_NAME})*\s*,?\s+(?:and|or)\s+${LISTED_NAME}\s+(?=(?:should|must|will|shall|are|stay|remain|become|get)\s)`,
  'u',
);

/** "after you", "when I", "after": the condition a step is said in. */
const CONDITION_LEAD = /^(?:after|when|once|as soon as|if)\s+(?:(?:you|i|we|they|the user|users?)\s+)?/i;

/** Splits protected text into clauses at sentence ends, "then", and commas/"and" that start a new verb. */
export function splitClauses(text: string): Clause[] {
  const sentences = text
    .split(/(?<=[.!?;])\s+|;\s*/)
    .reduce(joinNamedQuestions, [])
    // A question that states nothing to check ("Can someone pick this up this sprint?") is chatter.
    // A question may hold several statements ("… lists X, and that each link …?").
    .flatMap((s) => (/\?\s*$/.test(s) ? questionAsStatement(s).split(/(?<=[.!?;])\s+/) : [s]))
    .filter((s) => !/\?\s*$/.test(s))
    .map((s) => s.replace(/[.!?;]+$/, '').trim())
    .filter((s) => s !== '');
  const clauses: Clause[] = [];
  for (const sentence of sentences) {
    const boundary =
      /\s*,\s*and then\s+|\s*,\s*then\s+|\s+then\s+|,?\s+so that\s+|,?\s+so\s+(?=(?:the|a|an|it|its|i|you|we|that)\s)|,\s+so\s+(?=[A-Z])|\s*,\s*and\s+|\s*,\s*but\s+|\s*,\s*|\s+and then\s+|\s+and\s+|\s+but\s+(?=\S)|\s+to\s+(?=\S)|\s+(?=(?:i|you|we|she|he|they|it|the (?:user|visitor|customer|shopper|buyer|member|admin))\s+(?:expect|should|must|will|sees?|gets?|can see|want to see|would like to see)\b)|\s+(?=(?:the|its|your|my)\s+(?:[\w-]+\s+){0,3}?(?:should|must|will)\s)|,?\s+when\s+(?=(?:i|you|we|they|the user|a user)\s)/gi;
    let start = 0;
    let purpose = false;
    let afterThen = false;
    let m: RegExpExecArray | null;
    const push = (end: number, nextPurpose: boolean, nextAfterThen = false): void => {
      const piece = sentence.slice(start, end).trim();
      if (piece !== '') clauses.push({ text: piece, purpose, ...(afterThen ? { afterThen } : {}) });
      purpose = nextPurpose;
      afterThen = nextAfterThen;
    };
    const nested = parenthesised(sentence);
    while ((m = boundary.exec(sentence)) !== null) {
      // "(Aurora Desk Lamp, Halo Floor Lamp)": a list in parentheses is part of its clause.
      if (nested[m.index]) continue;
      const sep = m[0].toLowerCase();
      const rest = sentence.slice(m.index + m[0].length).replace(/\s*\([^()]*\)/g, '');
      const before = sentence.slice(start, m.index);
      // "Given …, when I …": Gherkin's order is the order of the steps; elsewhere "when" says when.
      // "choose Monthly when I sign up with x": an action done as part of another, one after the other.
      const actionThenAction =
        isVerbStart(
          (before.split(/,\s*/).pop() ?? '').replace(
            /^(?:and\s+)?(?:i|we|you)\s+(?:want|need|would like)\s+to\s+/i,
            '',
          ),
        ) && isVerbStart(rest.replace(/^(?:i|you|we)\s+/i, ''));
      if (/\bwhen\b/.test(sep) && !/^given\s/i.test(sentence) && !actionThenAction) continue;
      // "will then show 1", "the line then reads X": "then" after a modal verb, or between a subject
      // and its verb of showing, is an adverb.
      if (
        /^\s+then\s+$/.test(sep) &&
        (/\b(?:will|would|should|must|can|could|shall|does|do)$/i.test(before.trim()) ||
          (/^(?:the|its|your|my|this)\s+[\p{L} -]{1,30}$/iu.test(before.trim()) &&
            /^(?:reads?|says?|shows?|displays?|lists?|is|are|becomes?)\b/i.test(rest)))
      )
        continue;
      // "the page shows Welcome and Sign out", "lists Enter your name, Choose a day": after a verb of
      // showing, a capitalised name joined by "and" or a comma is shown too, though it reads as a verb.
      if (/^\s+and\s+$|^\s*,\s*$/.test(sep) && /^\p{Lu}/u.test(rest) && SHOWS_NAMES.test(before)) continue;
      if (/\bso\b/.test(sep) && isBenefit(sentence, sep, rest)) {
        push(m.index, false);
        const aside = sentence.slice(m.index + m[0].length).trim();
        if (aside !== '') clauses.push({ text: aside, purpose: false, benefit: true });
        start = sentence.length;
        break;
      }
      if (/\bthen\b|\bso\b/.test(sep)) {
        push(m.index, false, /\bthen\b/.test(sep));
        start = m.index + m[0].length;
      } else if (/^\s+$/.test(sep)) {
        // "… on the products page I expect to see …", "after you press Verify the shop should show
        // …": a new subject states the outcome.
        const act = before.replace(CONDITION_LEAD, '');
        if (isVerbStart(act) || (act !== before && gerundAction(act))) {
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
      } else if (/,/.test(sep) && LIST_SUBJECT_OUTCOME.test(rest)) {
        push(m.index, false);
        start = m.index + m[0].length;
        boundary.lastIndex = start + (LIST_SUBJECT_OUTCOME.exec(sentence.slice(start))?.[0].length ?? 0);
      } else if (
        /,\s*and/.test(sep) ||
        isVerbStart(rest) ||
        // "after typing vie and choosing Vienna": a run of actions said as gerunds.
        (/^\s+and\s+$/.test(sep) &&
          gerundAction(rest) !== undefined &&
          gerundAction(before.replace(CONDITION_LEAD, '')) !== undefined) ||
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

/** A question asked inside a sentence, capitalised after its first word ("opening How long does …?"). */
const QUESTION_INSIDE =
  /^\S.*?\s(?:How|What|Why|Where|When|Who|Which|Can|Could|Do|Does|Did|Is|Are|Will|Should)\s[^?]*\?$/u;

/**
 * "opening How long does delivery take? should reveal …": a question that names a control (an FAQ's
 * entry) ends with its question mark, and the sentence goes on in lower case.
 */
function joinNamedQuestions(out: string[], piece: string): string[] {
  const last = out[out.length - 1];
  if (last !== undefined && /^\p{Ll}/u.test(piece) && QUESTION_INSIDE.test(last))
    out[out.length - 1] = `${last} ${piece}`;
  else out.push(piece);
  return out;
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
