// What people write around the steps in tickets and chat messages: markdown emphasis, emoji and
// checklist boxes, greetings, requests for a test ("can you write a test that …"), thanks, a bug
// report's title and actual result, and steps asked as questions ("Does the badge go up when I …?").
// These rules leave the steps in the form the parser reads; pasted formats (spreadsheet rows,
// skeletons, transcripts, Q&A) are read by pasted-formats.ts first.

import {
  answersOnly,
  jsonTestCase,
  markdownSections,
  outlineTitleDropped,
  retoldComplaint,
  skeletonTitles,
  spreadsheetRecords,
  tableRows,
  unquotedAccounts,
  withoutSectionHeadings,
  withoutTranscript,
} from './pasted-formats';
import { isVerbStart } from './description/vocabulary';

/** Pictographs and the ticks and boxes of checklists. */
const SYMBOLS = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[☐☑☒✓✔✗✘]/gu;

/** A request for the test itself: what follows "that" is the feature, a "for X?" names it only. */
const REQUEST =
  /\b(?:(?:hey|hi|hello)\b[,!]?\s*)?(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|we|your team|the team|qa)\s+(?:please\s+)?(?:write|add|create|make|put together|whip up|set up|get|have)\s+(?:me\s+|us\s+)?(?:an?\s+)?(?:quick\s+|new\s+)?(?:e2e\s+|end-to-end\s+|playwright\s+|ui\s+|regression\s+|automated\s+)?(?:tests?|checks?)(?:\s+(?:that|which|where|to check that|to check|checking that|checking)\b|\s+for\s+[^.!?:\n]*[.!?:]|\s*[?.!:])\s*/gi;
/**
 * ", can someone check page 4 shows it?": a request to the team to check that something holds is
 * that check. (What to check without a statement, "can someone check the trails table?", is a topic.)
 */
// Tried once per run of spaces (the lookbehind): a long run must not be tried from each of its spaces.
const CHECK_REQUEST =
  /(?<![ \t,]),?[ \t]*\b(?:can|could|would)[ \t]+(?:someone|somebody|anyone|anybody)[ \t]+(?:please[ \t]+)?(check|verify|confirm)[ \t]+(?:that[ \t]+|if[ \t]+|whether[ \t]+)?([^?\n]{1,200}?)[ \t]*\?/gi;
/** A statement about the page: what a check request must hold to be a check. */
const STATES = /\b(?:is|are|shows?|lists?|says|reads|has|have|contains?|includes?|appears?)\b/i;
const GREETING =
  /^\s*(?:(?:hey|hi|hello|dear)\s+\p{Lu}[\p{L}'-]*[,!]\s*|(?:hey|hi|hello|dear|g'day|morning)(?:\s+(?:team|all|folks|there|sir|madam|colleagues|everyone|together))?[,!]?\s+|@[\w.-]+[,:]?\s+)+/gimu;
/** "Best, Helen", "Thanks – Mark", "Cheers", "Best wishes, Joan": a sign-off, with the name after it. */
const SIGN_OFF =
  /(?:^|(?<=[.!?]\s+))(?:best|best wishes|all the best|regards|kind regards|best regards|warm regards|warmest regards|cheers|thanks|thanks again|thank you|many thanks|with thanks|sincerely|yours sincerely|yours truly|take care|br|good luck)\b[ \t]*[,!.–—-]?[ \t]*(?:\n[ \t]*(?=\p{Lu}[\p{L}.'-]*(?:[ \t]+\p{Lu}[\p{L}.'-]*)?(?:[ \t]*\([^)\n]{1,20}\))?[ \t]*$))?(?:\p{Lu}[\p{L}.'-]*(?:[ \t]+\p{Lu}[\p{L}.'-]*)?(?:[ \t]*\([^)\n]{1,20}\))?)?[ \t]*$/gimu;
/** "… dismisses the dialog again (QA)": who owns a checklist item. */
const OWNER = /[ \t]*\((?:[A-Z]{2,3}|QA|Dev|PM|PO|UX|Ops)\)[ \t]*$/gm;
/** A forwarded e-mail's header: its marker line and From / To / Date / Subject lines. */
const FORWARD_MARKER = /^[ \t]*-{2,}[ \t]*(?:forwarded message|original message)[ \t]*-{2,}[ \t]*$/gim;
const MAIL_HEADER = /^[ \t]*(?:from|to|cc|bcc|sent|date|subject)[ \t]*:[^\n]*$/gim;
/** Indian English: "kindly" is "please", "do the needful" asks for nothing more, an "email id" is the email. */
const KINDLY = /\bkindly\b/gi;
const NEEDFUL = /\s*\b(?:please\s+|kindly\s+)?do the needful\b[.!]*/gi;
const EMAIL_ID = /\b(e-?mail)\s+id\b/gi;
/**
 * "Please automate exactly that run.", "Please make sure that's tested.", "Before we open bookings,
 * please make sure this is covered by an automated test.": a request, nothing to do on the page.
 */
const AUTOMATE_THIS =
  /(?:^|(?<=[.!?]\s))(?:todo\s*:\s*)?(?:(?:before|once|when|after)\s[^.!?\n,]{1,60},\s*)?(?:please\s+)?(?:(?:automate|script)\s+(?:this|that|it|exactly\s+(?:this|that)|the\s+same|the\s+[^.!?\n]*\bcheck)|cover\s+(?:this|it)\s+with\s+(?:an?\s+)?(?:test|e2e|check)|(?:make sure|ensure)\s+(?:that|this|it)(?:['’]s|\s+is|\s+gets)\s+(?:tested|covered|automated))\b[^.!?\n]*[.!?]?[ \t]*/gim;
/**
 * An onboarding doc's framing: "Before you write your first automated test, click through the shop
 * once." and "Once you've seen it, turn exactly this walkthrough into your first test."
 */
const WALKTHROUGH_FRAMING =
  /(?:^|(?<=[.!?:]["'”’]?\s))(?:(?:please\s+)?(?:[^.!?\n–—:]*\s)?(?:turn|make|convert)\s+(?:exactly\s+)?(?:this|that|it|these steps)(?:\s+(?:walkthrough|flow|journey|scenario|call|report))?\s+into\s+(?:an?\s+|your\s+)?(?:(?:first|new|regression|automated|e2e|end-to-end)\s+)*(?:test|check|spec)\b(?:[^.!?\n–—:]*[.!?]|\s*[–—:-]\s*)|(?:before\s+you\s+[^,.!?\n]{1,60},\s*)?click\s+(?:around|through)\s+(?:the\s+)?(?:shop|site|app|pages?|product)(?:\s+once)?[.!?]?)[ \t]*/gim;

/** "If you get Verification failed instead, the token check is broken.": what failure looks like. */
const IF_INSTEAD =
  /(?:^|(?<=[.!?]\s))if\s+(?:you|we|it|they|the user)\s+(?:get|gets|see|sees|land on|lands on|end up on|ends up on)\s+[^.!?\n]*\binstead\b[^.!?\n]*[.!?]?[ \t]*/gim;

/** "Your task: write an end-to-end test for the Chat page.": the assignment, not a step of it. */
const WRITE_A_TEST_FOR =
  /(?:^|(?<=[.!?]\s))(?:(?:your|the)\s+(?:task|job|exercise|assignment)\s*:\s*)?(?:please\s+)?(?:write|create|add|build|automate)\s+(?:me\s+|us\s+)?(?:an?\s+|your\s+)?(?:(?:first|new|quick|e2e|end-to-end|playwright|ui|regression|automated)\s+)*(?:tests?|checks?|specs?)\s+(?:for|of|on|covering)\s+[^.!?\n]*[.!?]?[ \t]*/gim;
/** "That's the journey this test needs to prove.": what the steps are for, nothing to do. */
const THAT_IS_THE_TEST =
  /(?:^|(?<=[.!?]\s))that(?:['’]s|\s+is)\s+(?:the|what)\s[^.!?\n]*\b(?:test|check|automate|prove)[^.!?\n]*[.!?]?/gim;
/** Someone else's words quoted in a reply ("> …", "On Mon, 3 Jun, Sam wrote:"). */
const QUOTED_REPLY = /^[ \t]*(?:>[^\n]*|on\s[^\n]{1,60}\swrote:[ \t]*)$/gim;
/** Exploratory notes: "… – OK" marks what was checked. */
const CHECKED_OK =
  /^((?:[ \t]*\d{1,2}:\d{2}[ \t]+)?[^\n:]*:[ \t]*)?([^\n]+?)[ \t]+[-–—][ \t]+ok\.?[ \t]*$/gim;
/** "Could you please check the behaviour of the main navigation …?": what to test, not a step. */
const CHECK_BEHAVIOUR =
  /\b(?:could|can|would)\s+(?:you|someone|somebody|anyone|qa)\s+(?:please\s+)?(?:check|test|look at|verify)\s+(?:the\s+)?(?:behaviou?r|functionality|flow|workings?)\s+of\s+[^.?!\n]*[?.!]/gi;
/**
 * What went wrong before ("Last time only the first file was uploaded, so please check this point
 * carefully."): the bug's history and a plea to be careful, not steps or outcomes.
 */
const LAST_TIME =
  /(?:^|(?<=[.!?]\s))(?:last time|in the last (?:release|version|build)|before the fix)\b[^.!?;\n]*[.!?;]?[ \t]*/gim;
const BE_CAREFUL =
  /(?:,?\s*so\s+)?(?:please\s+)?(?:check|test|look at)\s+(?:this|that|it)\s+(?:point|part|case)?\s*(?:carefully|well|thoroughly)\b[^.!?\n]*[.!?]?/gi;
/**
 * A fenced code block: a half-written test or a snippet, not the description (unwrapped when it only
 * holds text, "```gherkin" or "```text").
 */
const CODE_FENCE = /^[ \t]*```([\w-]*)[ \t]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
const CODE_LIKE = /[;{}]|\/\/|=>|\b(?:await|const|let|function|import|expect)\b/;

function withoutCode(text: string): string {
  return text.replace(CODE_FENCE, (_m, lang: string, body: string) =>
    /^(?:gherkin|feature|cucumber|text|txt|plain|md|markdown)?$/i.test(lang) && !CODE_LIKE.test(body)
      ? body
      : '',
  );
}

/** "Post clicking on X": after it. */
const POST_GERUND = /\bpost\s+(?=\p{L}+ing\b)/giu;
const THANKS =
  /(?:^|\s)(?:many\s+|big\s+)?(?:thanks|thank you|thx|ty|cheers)(?:\s+(?:a lot|so much|very much|in advance))*\s*[!.]*\s*$/gim;
/** "Until now I did this always by hand.": how it was done so far, nothing to do. */
const SO_FAR = /(?:^|(?<=[.!?]\s))until\s+now\b[^.!?\n]*[.!?]?[ \t]*/gim;
/** A dictated memo's "okay so …" and "yeah that's it": nothing of the feature. */
const MEMO_TALK =
  /(?:^|(?<=[.!?\]]\s))(?:okay|ok|so|right|alright)(?:[ \t,]+(?:so|um|uh))*[ \t,]+(?=\p{L})|(?:^|(?<=[.!?]\s))(?:yeah|yep|yes|ok(?:ay)?)?[ \t,]*that['’]?s\s+it\b[ \t,]*/gimu;

/** A support macro's "{{first_name}}": a placeholder the helpdesk fills in, not text of the feature. */
const TEMPLATE_FIELD = /[ \t]*\{\{\s*[\w.]+\s*\}\}/g;
/** "you can reach us any time through the Contact us page: …": the page the steps are on. */
const REACH_US_THROUGH =
  /\byou\s+can\s+(?:reach|contact|find|write\s+to)\s+us\b[^:.\n]*?\b(?:through|via|on|using|from)\s+(?:the\s+|our\s+)?([^:.\n]{1,40}?\s+page)\s*:/gi;

/** "PM: we already have this – let's pin it down with a test exactly as she describes it.": framing. */
const PIN_IT_DOWN =
  /(?:^|(?<=[.!?:]\s))(?:[^.!?\n]*\s)?(?:pin|nail|lock)\s+(?:it|this|that)\s+down\b[^.!?\n]*[.!?]?[ \t]*|(?:^|(?<=[.!?:]\s))we\s+already\s+have\s+(?:this|that|it)\b[ \t]*[–—-]?[ \t]*/gim;

/** "Please keep it like that, it's really handy!": praise, nothing to do or check. */
const PRAISE =
  /(?:^|(?<=[.!?]\s))(?:please\s+)?keep\s+it\s+(?:like\s+that|that\s+way|as\s+it\s+is)\b[^.!?\n]*[.!?]*[ \t]*|(?:^|(?<=[.!?,]\s))it(?:['’]s|\s+is)\s+(?:really\s+|very\s+|so\s+|super\s+)?(?:handy|useful|great|nice|helpful|brilliant|lovely)\b[^.!?\n]*[.!?]*[ \t]*/gim;

/** "quick one:", "forwarding from support chat:" — a lead-in with nothing of the feature in it. */
const LEAD_IN =
  /(?:^|(?<=[\s.!?]))(?:quick one|quick question|fyi|heads up|forwarding(?: a \w+)? from [^:.!?\n]{1,40})\s*:\s*/gi;
/**
 * "… I want to see it counted: X should …", "I want to see what a stay costs: I pick …": the wish
 * announces the steps or the outcome that follow its colon.
 */
// Tried once per run of spaces (the lookbehind): a long run must not be tried from each of its spaces.
const WISH_TO_SEE =
  /(?<![\s,]),?\s+(?:i|we)\s+(?:want|would like|'d like|expect)\s+to\s+(?:see\s+(?:it|that|this|them)\s+\p{L}+|(?:see|know|find\s+out)\s+(?:what|how\s+much|how\s+many|whether|if)\s+[^:.!?\n]{1,60}?)\s*:\s*/giu;
/**
 * "Ticket from a customer: "I clicked Yearly … but everything still says 'a month'."": what a person
 * wrote in their own words, quoted whole: a report of what happened, not a text of the page.
 */
const REPORTED_SPEECH =
  /\b((?:(?:from|by)\s+(?:a|an|the|one|our)\s+)?(?:customer|user|client|shopper|visitor|guest|member|reader)s?(?:\s+(?:in|from)\s+\p{Lu}\p{Ll}+)?(?:\s+(?:who\s+)?(?:says?|said|wrote|writes|reports?|reported|complains?|complained))?)\s*:\s*["“](?=[^"“”\n]{0,80}?\b(?:I|I'm|I've|[Ww]e|[Mm]y|[Oo]ur)\b)[^"“”\n]{1,600}?[.!?]["”]/gu;
/** "But when she chose X her cursor ended up in the name box.": what went wrong, told in the past. */
const WENT_WRONG =
  /(^|[.!?]\s+)but\s+(?:when|then|after|once)\b[^.!?\n]*?\b(?:ended|was|were|went|showed|did|got|landed|jumped|moved|stayed|disappeared|vanished|said|gave)\b[^.!?\n]*[.!?]?/gim;
/** "… Expected: X. Actual: it is now called Y.", "Finding 4 (WCAG 2.4.3): …": what went wrong, said within a line. */
const ACTUAL_INLINE =
  /(^|[.!?]\s+)(?:(?:actual|observed)(?:\s+(?:result|behaviou?r|outcome|order))?|act\.|finding(?:\s+#?\d+)?(?:\s*\([^()\n]{1,80}\))?)\s*:[^.!?\n]*[.!?]?/gim;
/**
 * "a customer says Cancel does not cancel when …": a person's account of the bug, not page text.
 * After a label ("Ticket #6203: a member says …") the sentence is kept: the label's reading needs it.
 */
const CLAIMED =
  /(?<!:\s*)\b(?:a|the|one|our)\s+(?:customer|user|client|member|visitor|shopper)\s+(?:says|said|reports?|reported|claims?|claimed|complains?|complained)\s+(?:that\s+)?(?![\s"“:])[^.!?\n]*/gi;
/** "For example, opening X should …": an example is the test; the words announcing it are not. */
const FOR_EXAMPLE = /(?:^|(?<=[.!?]\s))(?:for example|for instance|e\.\s?g\.)\s*,?\s*/gim;
/** "Retest of BUG-88 (…) on build 2024.06.3:", "Retest BUG-212 (…):" — which bug and build, before the steps. */
const RETEST_OF =
  /^([ \t]*)(?:re-?test(?:ing)?|regression(?:\s+test)?|verif(?:y|ying|ication)(?:\s+of)?\s+(?:the\s+)?fix)(?:\s+(?:of|for))?\s+[^:\n]{1,160}:\s*/gim;
/** "Please reproduce on /catalog:" — where the steps start. */
const REPRODUCE_ON =
  /\b(?:please\s+)?(?:reproduce|repro|check|test)(?:\s+(?:it|this))?(?:\s+on\s+|\s*:\s*)(\/[^\s,:]*)\s*(?:[:,]|->|→)\s*/gi;
/** "Previous behaviour: on /products, clicking X showed Y but …": the steps, not what went wrong. */
const PREVIOUS =
  /^[ \t]*(?:previous|old|current|buggy)\s+behaviou?r(?:\s+before\s+the\s+fix)?\s*:\s*(.*?)\s+(?:showed|shows|displayed|gave|said|says|resulted in|left|but|then)\b[^\n]*$/gim;
/**
 * A bug report's title and what happened instead ("Actual result: …"), a ticket's fields: not steps.
 * Terse reports shorten the label and say when it happened ("ACT (old build): …", "Act.: …"); the
 * line is still what went wrong, not what to check. What a list of requirements leaves out ("WON'T
 * (this release): …" in MoSCoW, "Out of scope: …") is no step either: the app does not do it. A
 * question's "EDIT: …" and a "P.S.: …" are remarks.
 */
const NOT_STEPS =
  /^[ \t]*(?:[-*•][ \t]+)?(?:bug|issue|problem|summary|title|hints?|tips?|macro(?:\s+name)?|(?:actual|act\.?|observed|observation)(?:\s+(?:result|results|behaviou?r|outcome|order))?(?:\s*\([^()\n]{1,40}\))?|(?:won['’]?t|will\s+not)(?:\s+have)?(?:\s*\([^()\n]{1,40}\))?|out\s+of\s+scope|not\s+in\s+scope|non-?goals?|type|priority|severity|component|components|sprint|status|labels?|assignee|reporter|reviewer|author|owner|requested by|written by|finding(?:\s+#?\d+)?(?:\s*\([^()\n]{1,80}\))?|environment|build|fix versions?|affects versions?|story points|estimate|apparatus|materials|equipment|edit(?:ed)?|p\.?s\.?|[A-Z][A-Z\d]{1,9}-\d{1,6})\s*:[^\n]*$/gim;

/** "COS-1:", "AC-2:" at the start of a line: a numbered label. */
const NUMBERED_LABEL = /^([ \t]*(?:[-*•][ \t]+)?)([A-Z][A-Z\d]{1,9})-\d{1,6}[ \t]*:[ \t]*/gm;

/**
 * Criteria numbered under one label ("COS-1: …", "COS-2: …", "AC-1: …"): the label goes, what each
 * says stays. A key used once is a ticket's ("SHOP-1289: Regression test …"): its line is a title,
 * which NOT_STEPS drops.
 */
function withoutCriteriaLabels(text: string): string {
  const uses = new Map<string, number>();
  for (const m of text.matchAll(NUMBERED_LABEL)) uses.set(m[2] ?? '', (uses.get(m[2] ?? '') ?? 0) + 1);
  return text.replace(NUMBERED_LABEL, (whole, lead: string, key: string) =>
    (uses.get(key) ?? 0) > 1 ? lead : whole,
  );
}

/**
 * Gherkin's "Feature: …" and "Scenario (Outline): …" names, up to the line's end or first full stop:
 * "Add and remove a single product" names the scenario, it does not act.
 */
const GHERKIN_NAME = /^([ \t]*)(?:feature|scenario(?:\s+outline)?|rule)\s*:[^\n.]*(?:\.[ \t]*|$)/gim;

/** `**X**` and `__X__` around a name are quotes (the exact text); at the start of a line, a title. */
function emphasis(text: string): string {
  return text
    .replace(/^([ \t]*)(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__)(?=[ \t]*(?:\n|$))/gm, '$1$2')
    .replace(/^([ \t]*)(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__)[ \t]*/gm, '$1$2. ')
    .replace(/(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__)/g, (_m, inner: string) =>
      /[":]/.test(inner) ? inner : `"${inner.trim()}"`,
    );
}

/** "… Status: please automate before closing.": the ticket's state, mid-line. */
const STATUS_SENTENCE = /(?<=[.!?]\s+)(?:status|priority|severity)\s*:[^.!?\n]*[.!?]?/gi;

/** "customer says '…'": someone else's words, quoted; not what the page shows. */
const QUOTED_REPORT =
  /\b(?:the\s+)?(?:customer|user|client|shopper|she|he|they)\s+(?:says|said|writes|wrote|reports|reported|complains|complained)\s*:?\s*(?:"[^"\n]*"|'[^'\n]*'|“[^”\n]*”)[.!?]*/gi;

/** A commit message's subject ("search: fix inverted match (#212)") over the notes that follow. */
const COMMIT_SUBJECT = /^[a-z]+(?:\([\w./-]*\))?!?:\s+[^\n]*\n(?=[\s\S]*\S)/;

/** "Background: …", "Story: …" lines before the steps: why, not what. Kept when nothing else is said. */
const WHY_LINE =
  /^[ \t]*(?:background|context|some context|story|user story|motivation|why|aim|objective|purpose|goal|conclusions?)\s*:[^\n]*$/gim;

/** The description without the chatter around its steps. */
export function withoutChatter(description0: string): string {
  const description = withoutCode(jsonTestCase(description0) ?? description0);
  const lines = description.split('\n').filter((l) => l.trim() !== '');
  const forwarded = FORWARD_MARKER.test(description);
  FORWARD_MARKER.lastIndex = 0;
  const unwrapped = forwarded
    ? description.replace(FORWARD_MARKER, '').replace(MAIL_HEADER, '')
    : description;
  const why =
    lines.length > 1
      ? withoutCriteriaLabels(markdownSections(unwrapped)).replace(WHY_LINE, '').replace(COMMIT_SUBJECT, '')
      : unwrapped;
  const stripped = withoutSectionHeadings(
    tableRows(
      spreadsheetRecords(
        emphasis(
          answersOnly(
            withoutTranscript(skeletonTitles(unquotedAccounts(retoldComplaint(outlineTitleDropped(why))))),
          ),
        ),
      ),
    ),
  )
    .replace(PREVIOUS, '$1.')
    .replace(NOT_STEPS, '')
    .replace(ACTUAL_INLINE, '$1')
    .replace(WENT_WRONG, '$1')
    .replace(CLAIMED, '')
    .replace(GHERKIN_NAME, '$1')
    .replace(STATUS_SENTENCE, '')
    .replace(QUOTED_REPORT, '')
    .replace(SYMBOLS, ' ')
    .replace(TEMPLATE_FIELD, '')
    .replace(REACH_US_THROUGH, 'On the $1:')
    .replace(GREETING, '')
    .replace(QUOTED_REPLY, '')
    .replace(CHECKED_OK, (_m, lead: string | undefined, what: string) => `${lead ?? ''}verify ${what}`)
    .replace(CHECK_BEHAVIOUR, '')
    .replace(LAST_TIME, '')
    .replace(BE_CAREFUL, '')
    .replace(NEEDFUL, '')
    .replace(AUTOMATE_THIS, '')
    .replace(MEMO_TALK, '')
    .replace(SO_FAR, '')
    .replace(THAT_IS_THE_TEST, '')
    .replace(WRITE_A_TEST_FOR, '')
    .replace(IF_INSTEAD, '')
    .replace(WALKTHROUGH_FRAMING, '')
    .replace(KINDLY, 'please')
    .replace(EMAIL_ID, '$1')
    .replace(POST_GERUND, 'after ')
    .replace(REQUEST, '')
    .replace(CHECK_REQUEST, (whole, verb: string, what: string) =>
      STATES.test(what) ? `. ${verb[0]?.toUpperCase() ?? ''}${verb.slice(1)} ${what}.` : whole,
    )
    .replace(LEAD_IN, '')
    .replace(REPORTED_SPEECH, '$1.')
    .replace(FOR_EXAMPLE, '')
    .replace(WISH_TO_SEE, '. ')
    .replace(RETEST_OF, '$1')
    .replace(REPRODUCE_ON, 'Go to $1. ')
    .replace(THANKS, '')
    .replace(PRAISE, '')
    .replace(PIN_IT_DOWN, '')
    .replace(SIGN_OFF, '')
    .replace(OWNER, '');
  // A request can leave its sentence starting in lower case or with a stray "?".
  return stripped.replace(/^[\s?]+/, '');
}

/** Verbs a question about an outcome is asked with ("Does the lamp show up …?"). */
const QUESTION_VERBS =
  'go|goes|show|appear|say|read|get|stay|remain|display|list|work|change|update|open|close|contain|include|have|keep|become|turn|end|land|take|lead|disappear|hide|reach|hit|count|match|return|give';
const ADVERBS = '(?:then|still|also|now|really|actually|correctly|properly)';
/** "Does/Do/Will <subject> [then] <verb> …": the subject and the rest from the verb. */
const OUTCOME_QUESTION = new RegExp(
  `^(?:does|do|did|will|would)\\s+((?:the|a|an|my|your|our|this|that|these|those|we|i|you|they|it|he|she)(?:\\s+[^\\s?]+){0,5}?)\\s+((?:${ADVERBS}\\s+)?(?:${QUESTION_VERBS})\\b.*)$`,
  'i',
);
/** "Can we upload 2 files …?": the action asked about is the step. */
const ABILITY_QUESTION =
  /^(?:can|could|may)\s+(?:we|i|you|users?|customers?|shoppers?|visitors?|the user)\s+(.+)$/i;
/** A statement left by a request for a test: it starts in lower case, as the rest of its sentence. */
const ASKED_FOR = /^(?:that\s+)?(?:the|each|every|all|its|a|an)\s/;
const QUESTION_START =
  /^(?:who|what|why|where|when|which|how|is|are|was|were|does|do|did|can|could|will|would|should|has|have)\b/i;
/** "(Could you) have a look?", "look into it", "help": asking the team for help. */
const LOOK_INTO_IT =
  /^(?:please\s+)?(?:(?:have|take)\s+a\s+(?:quick\s+)?look|look\s+into\s+(?:it|this|that)|fix\s+(?:it|this|that)|help)\b[^?]*$/i;
/** "Is the dialog shown?": the state asked about. */
const STATE_QUESTION =
  /^(?:is|are)\s+(.+?)\s+((?:still\s+)?(?:shown|displayed|visible|hidden|gone|there|listed|checked|on|off|empty)\b.*)$/i;

/**
 * "Shouldn't that show both May ones?", "Surely it should show all 14 photos?": a question asked to
 * say what is expected. (A plain "Should the banner close?" asks; it states nothing.)
 */
const EXPECTED_QUESTION = new RegExp(
  `^(?:surely\\s+)?(?:shouldn['’]?t|should\\s+not)\\s+((?:the|a|an|my|your|our|this|that|these|those|it|they|we|i|you)(?:\\s+[^\\s?]+){0,4}?)\\s+((?:${QUESTION_VERBS}|be)\\b.*)$`,
  'i',
);
const SURELY = /^surely\s+(?=\S[^?]*\b(?:should|must|will)\s)/i;

/** A question the page asks, named at the end of a sentence ("… comes the question Discard your changes"). */
const ENDS_ON_ASKED =
  /\b(?:question|asks?|asking|prompt|dialog|pop-?up|modal)\s+(?:(?:with|of|saying)\s+)?\p{Lu}[^?]*$/u;

/**
 * Questions as the statements they check: "Does the badge go up to 1 when I hit X?" → "the badge
 * should go up to 1 when I hit X". Works on a sentence at a time; others are returned as they are.
 */
export function questionAsStatement(sentence: string): string {
  const q = sentence.replace(/\?+\s*$/, '').trim();
  const lead = /^((?:and|but|so|then|also|after that|afterwards|after [^,]+,|when [^,]+,)\s+)?(.*)$/i.exec(q);
  const prefix = lead?.[1] ?? '';
  const body = lead?.[2] ?? q;
  // "… and after I click Remove do we get X": a question inside the sentence too.
  const inner = body.replace(
    /\b(?:do|does|will|would)\s+(we|i|you|they|the user)\s+(get|see|receive|find|end up|land)\b/gi,
    '$1 should $2',
  );
  const outcome = OUTCOME_QUESTION.exec(inner);
  // An adverb before the verb is dropped: "then" would split the clause.
  if (outcome) {
    const predicate = baseForm((outcome[2] ?? '').replace(new RegExp(`^${ADVERBS}\\s+`, 'i'), ''));
    return `${prefix}${outcome[1] ?? ''} should ${predicate}`;
  }
  const expected = EXPECTED_QUESTION.exec(inner);
  if (expected) return `${prefix}${expected[1] ?? ''} should ${expected[2] ?? ''}`;
  if (SURELY.test(inner)) return `${prefix}${inner.replace(SURELY, '')}`;
  const able = ABILITY_QUESTION.exec(inner);
  // "Could you have a look?": asking for help, nothing to do on the page.
  if (able && LOOK_INTO_IT.test(able[1] ?? '')) return '';
  if (able) return `${prefix}${able[1] ?? ''}`;
  const state = STATE_QUESTION.exec(inner);
  if (state) return `${prefix}${state[1] ?? ''} should be ${state[2] ?? ''}`;
  // "You press Cancel, then comes the question Discard your changes?": steps, ending on what the page asks.
  if (ENDS_ON_ASKED.test(q) && isVerbStart(body.replace(/^(?:you|i|we|they)\s+/i, ''))) return q;
  // "Could we get a test that the summary lists X, and that …?" with its request taken out: a
  // statement left with the question's mark, each "and that" a statement of its own.
  if (inner === body && ASKED_FOR.test(body) && STATES.test(body) && !QUESTION_START.test(body))
    return `${prefix}${body.replace(/,?\s+and\s+that\s+/gi, '. ')}`;
  return inner === body ? sentence : `${prefix}${inner}`;
}

/** "goes up" after "does" is asked as "go up": the base form keeps "should go up" grammatical. */
function baseForm(predicate: string): string {
  return predicate.replace(/^((?:\w+\s+)?)goes\b/i, '$1go');
}
