// The local tier's reading of a feature description: a small rule-based parser over verbs, quoted
// strings and other literals. It splits the text into clauses, recognises the verb of each, and
// turns it into planned steps with target words, values and role cues. It never guesses a locator:
// targets are resolved later against the live page.
//
// This module reads clause by clause (voice, gerunds, outcomes, reloads, later test data) and puts
// the steps together; the parts live in description/: vocabulary (the words), layout (text
// pre-passes), clauses (splitting), context (shared parse state), actions and expectations.

import { activeVoice, endsInPassive, passiveSubject, type VoiceContext } from './active-voice';
import { type Literal, literalIds, protectLiterals, withoutLiterals } from './literals';
import { isAction, type PlannedStep, type RoleHint, step } from './plan';
import { LIST_SEPARATOR, overlap } from './text';
import { withoutChatter } from './ticket-text';
import { actionSteps, fillList, optionForItem, uploadStep } from './description/actions';
import { BACK_ON, NOT_A_PROVIDER, SIGN_IN_THROUGH, splitClauses } from './description/clauses';
import { type Ctx, literalOf, plain, roleHintsOf, stripArticles } from './description/context';
import {
  expectationSteps,
  labelledTexts,
  outcomeSteps,
  positionStep,
  shownStep,
  statesPresence,
} from './description/expectations';
import { normalizeLayout, withoutBackground } from './description/layout';
import { setUpValues } from './description/set-up-values';
import { iconControlSteps } from './description/icon-controls';
import { newItemFill } from './description/named-items';
import { repeatOf } from './description/repeats';
import { settingSteps } from './description/settings';
import { arrowValues } from './description/arrow-values';
import { dateRangeFilters, rangesWithTheirYear } from './description/date-ranges';
import { stayDates } from './description/stay-dates';
import { typedSentencesQuoted } from './description/typed-sentences';
import { ORDER_ITEM_MARK, orderItems, orderLists } from './description/order-lists';
import { bookingOf } from './description/bookings';
import { heldValues } from './description/held-values';
import { statedStateSteps } from './description/stated-states';
import { focusSteps } from './description/focus';
import { ownedEntrySteps, ownedValueSteps, ownersField } from './description/owned-values';
import { pageTitleSteps } from './description/page-title';
import { stepperSteps } from './description/stepper';
import {
  FILE_NAME,
  NAVIGATION_VERBS,
  ACTION_HEADS,
  ACTION_VERBS,
  CLICK_VERB_LIST,
  EXPECT_HEADS,
  EXPECT_VERBS,
  FIELD_LABEL,
  FIELD_NOUN_ALTERNATION,
  gerundAction,
  isVerbStart,
  LEADING_FILLER,
  ON_NAMED_PAGE,
  ON_PAGE,
  ONE_VALUE,
  startsWithVerb,
  STATEMENT,
  SYSTEM_ALLOWS,
  USER_STORY,
} from './description/vocabulary';

export interface ParsedDescription {
  steps: PlannedStep[];
  literals: Literal[];
  /** Clauses the parser could not turn into a step. */
  skipped: string[];
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
/** "get \"Thanks\"", "receive a confirmation": a person's getting, said without the person (not "GET /api", "get to know"). */
const GETS = /^(?:[Gg]ets?|[Rr]eceives?)\s+((?:an?|the)\s+\S.*|\uE000.*|\p{Lu}.*)$/u;
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
  // "the counter should stay at 2 of 5 tags", "you're at 5 messages again": the figure is its text.
  if (
    !negated &&
    (m = /^(?:be|stay|remain)\s+(?:still\s+|now\s+|back\s+)?at\s+(\d[\d,.]*\s+\p{L}.*?)(?:\s+again)?$/iu.exec(
      p,
    ))
  ) {
    const shown = shownStep(ctx, generic ? '' : subj, m[1] ?? '', phrase, false, true);
    if (shown) return [shown];
  }
  if ((m = /^(?:be|become|get|stay|remain|look)\s+(.+)$/i.exec(p)))
    return see(/^there$/i.test(subj) ? (m[1] ?? '') : `${subj} is ${m[1] ?? ''}`);
  if (
    (m =
      /^(?:show|display|say|read|contain|include|list|present|suggest|give(?:\s+you)?|return|have|reveal(?:\s+that)?|(?:change|update|turn|switch) to|tell (?:me|you|the user|us|them)(?:\s+that)?|stop (?:me|you|the user|us|them) with)\s+(.+)$/i.exec(
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
    const labelled = negated ? undefined : labelledTexts(ctx, object, phrase);
    if (labelled) return labelled;
    // "should say 3 comments" is what it says; "should show 3 products" counts them.
    const said = /^(?:say|read)\b/i.test(m[0]);
    const shown = shownStep(ctx, generic ? '' : subj, object, phrase, negated, said);
    if (shown) return [shown];
    return see(generic || literalIds(object).length === 0 ? object : `${subj} ${object}`);
  }
  // "the total should go up to 10 votes", "Calendar sync should go from 3 to 4 votes": the new figure,
  // shown with the name it counts for.
  if (
    !negated &&
    (m =
      /^(?:go|jump|rise|climb|increase|drop|fall|decrease|change|move)\s+(?:up\s+|down\s+)?(?:from\s+\S+\s+)?to\s+(\d[\d,.]*\s*(?:%|\p{L}+(?:\s+\p{L}+)?))$/iu.exec(
        p,
      ))
  ) {
    const figure = m[1] ?? '';
    const name =
      !generic && /^\p{Lu}/u.test(subj) && !/^(?:the|a|an|its|this|that|your|my)\b/i.test(subj)
        ? `${plain(ctx, subj)} ${figure}`
        : undefined;
    return [
      step('expectVisible', phrase, {
        target: name || generic ? '' : plain(ctx, stripArticles(subj)),
        exactName: name ?? figure,
        value: name ?? figure,
        valueSource: 'description',
        roleHints: [],
      }),
    ];
  }
  // "put the shortest trail, Brook Walk, at the top of the table": where that row then stands.
  const put = /^(?:put|place|move|bring)\s+(.+)$/i.exec(p);
  const placed = put ? positionStep(ctx, put[1] ?? '', phrase) : undefined;
  if (placed && !negated) return [placed];
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
  const action = actionClauseSteps(ctx, g.verb, (b ? g.rest.slice(0, b.index) : g.rest).trim(), phrase);
  const steps = [...action.page, ...action.produced];
  if (!b) return steps;
  const predicate = b[2]
    ? `${b[2].replace(/^(\S+?)s\b/i, '$1')} ${g.rest.slice(b.index + b[0].length)}`
    : g.rest.slice(b.index + b[0].length);
  return [...steps, ...predicateSteps(ctx, '', predicate, b[1] !== undefined, phrase)];
}

/** "the price is $129.00", "the heading is \"X\"": a part of the page and the exact text it shows. */
const STATED_VALUE =
  // Case-sensitive (a capital starts the shown text), so both cases of the article are listed.
  /^(?:[Tt]he|[Ii]ts|[Tt]heir|[Yy]our|[Mm]y)\s+[\p{L}][\p{L} -]{0,30}?\s+(?:is|are|reads|says|shows)\s+(?:\uE000\d+\uE001|\p{Lu}[^\s,]*(?:\s+\p{Lu}[^\s,]*){0,5})$/u;

/** "the Pricing link in the main menu takes you to /pricing": click the control, then the outcome. */
const CONTROL_OUTCOME =
  /^(?:that\s+)?(.+?\b(?:link|button|tab|menu item|item))(?:\s+(?:in|on|from|of|within)\s+(?:the\s+)?(.+?))?\s+(?:takes? (?:you|me|the user|users|them) to|leads? (?:you |me )?to|goes to|navigates? to|brings? (?:you|me|the user) to|redirects? (?:you |me )?to|opens?|shows?|displays?)\s+(.+)$/i;
/** "Services in the main menu opens the Services page": a capitalised name that goes somewhere. */
const NAMED_OUTCOME =
  /^(?:that\s+)?(\p{Lu}[\p{L}\d-]*(?:\s+\p{Lu}[\p{L}\d-]*){0,3})(?:\s+(?:in|on|from|of|within)\s+(?:the\s+)?(.+?))?\s+(?:takes? (?:you|me|the user|users|them) to|leads? (?:you |me )?to|navigates? to|brings? (?:you|me|the user) to|redirects? (?:you |me )?to|opens)\s+(.+)$/u;
/** "apply the promo code SAVE10": a verb of redeeming, the kind of code, the code as written. */
const CODE_APPLIED =
  /^(apply|redeem|use)\s+(?:the\s+|a\s+|my\s+|your\s+)?((?:promo(?:tion(?:al)?)?|discount|coupon|voucher|gift\s+card|referral)(?:\s+code)?)\s+(\uE000\d+\uE001|\S{3,})$/iu;
/** A code as printed: capitals and digits ("SAVE10", "WELCOME-5"), not a word ("now", "today"). */
const CODE_AS_WRITTEN = /^(?:\uE000\d+\uE001|[\p{Lu}\d][\p{Lu}\d-]{2,})$/u;

/** "email = x, password: y": fields and their values. */
const FIELD_VALUE_ITEM = /^[\p{L} -]{1,30}?\s*[=:]\s*\S/u;
/** "… when you come back to the page": a reload too. */
const RETURN_PHRASE =
  /\s*,?\s*\b(?:even\s+)?(?:when|after|once|if)\s+(?:you|i|we|they|the user|users)\s+(?:come|comes|go|goes|get|gets)\s+back(?:\s+to\s+(?:the|this)\s+page)?\b/i;
/** "… after reloading the page", "even after a refresh": where the page is reloaded. */

const RELOAD_PHRASE =
  /\s*,?\s*\b(?:and\s+(?=survives?\b))?(?:(?:even|also|still)\s+)?(?:after|on|upon|when|survives?|across|through)\s+(?:a\s+|an\s+|the\s+)?(?:page\s+)?(?:reload(?:ing|s)?|refresh(?:ing|es)?|f5)(?:\s+(?:of\s+)?(?:the|this)\s+page|\s+it(?=\s*(?:,|$)))?\b/i;

interface ClauseState {
  lastWasAction: boolean;
  /** The clause read was said after "then". */
  afterThen?: boolean;
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

/**
 * "then try Cornwall again": the value typed last is typed again, this one instead, and entered as
 * it was (the press or click right after it). Undefined when nothing was typed with a value yet.
 */
function typedAgain(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const retried = /^(?:then\s+|and\s+)?try\s+(.+?)\s+(?:again|once more|a second time)$/i.exec(
    text.replace(LEADING_FILLER, '').trim(),
  );
  if (!retried) return undefined;
  const at = ctx.steps.findLastIndex((s) => s.kind === 'fill' && s.valueSource === 'description');
  const typed = ctx.steps[at];
  if (!typed) return undefined;
  const value = literalOf(ctx, retried[1] ?? '')?.text ?? plain(ctx, retried[1] ?? '');
  const entered = ctx.steps[at + 1];
  return [
    { ...typed, phrase, value },
    ...(entered && (entered.kind === 'press' || entered.kind === 'click') ? [{ ...entered, phrase }] : []),
  ];
}

/** One clause → steps, pushed to ctx.steps; `voiced` once it was rewritten by voiceRewrite. */
function clauseSteps(ctx: Ctx, text: string, purpose: boolean, state: ClauseState, voiced = false): void {
  const phrase = plain(ctx, text);
  const reloadAt = RELOAD_PHRASE.exec(text) ?? RETURN_PHRASE.exec(text);
  if (reloadAt) {
    reloadSteps(ctx, text, reloadAt, phrase, state);
    return;
  }
  const again = typedAgain(ctx, text, phrase);
  if (again) {
    ctx.steps.push(...again);
    state.lastWasAction = true;
    return;
  }
  // A statement with no action of its own, read before any verb in it can be taken for one: the page
  // title; who is in which numbered group; where the focus is; "the toggle is still off", "make sure
  // it stays off when …", "Toggle still off" (a state said plainly, before "toggle X off" is an action).
  const said = text.replace(LEADING_FILLER, '');
  const statement =
    pageTitleSteps(ctx, said, phrase) ??
    ownedValueSteps(ctx, said, phrase) ??
    ownedEntrySteps(ctx, said, phrase) ??
    focusSteps(ctx, said, phrase) ??
    statedStateSteps(ctx, said, phrase);
  if (statement) {
    ctx.steps.push(...statement);
    state.lastWasAction = false;
    return;
  }
  // "I want deleting a project to need its name typed": a wish for how a step should behave, which
  // the criteria after it spell out; no step of its own.
  if (USER_STORY.test(text) && WISHED_BEHAVIOUR.test(text.replace(USER_STORY, ''))) {
    ctx.skipped.push(phrase);
    return;
  }
  // "turn dark mode on (in the settings)" reads as "turn on dark mode …"; a user story's wish is the action.
  let body0 = text
    .replace(LEADING_FILLER, '')
    // "press Search again": the same press; "again" names no part of the control.
    .replace(/\s+(?:again|once more|one more time)$/i, '')
    .replace(USER_STORY, '')
    .replace(SYSTEM_ALLOWS, '')
    // "switching it off again shows …": a pronoun between the verb and its particle, in any form and
    // with the outcome after it, is the same step as "switching off it" (the switch named before).
    .replace(
      /^(turn(?:ing)?|switch(?:ing)?|flip(?:ping)?)\s+(it|them|this|that)\s+(on|off)(?:\s+(?:again|back|once more))?\b/i,
      '$1 $3 $2',
    )
    .replace(
      /^(?:turn|switch|toggle|flip|set)\s+(.+?)(?:\s+back)?\s+(on|off)(\s+(?:from|in|on|at|under)\s+.+)?$/i,
      'turn $2 $1$3',
    );
  body0 = body0
    // "Given I added X": the filler after "Given" goes too; the verb is found past it, and the body
    // was cut at the verb's length from "I …" ("Given I click Save" clicked "ck Save").
    .replace(/^given\s+/i, '')
    .replace(LEADING_FILLER, '')
    // "(and) that it is dismissed": the statement after "that".
    .replace(/^that\s+(?=(?:it|they|the|a|an|this)\s)/i, '')
    // "a search for zzz should say …": the search is done, then the outcome checked.
    .replace(/^(?:a|the|another)\s+(?:search|query)\s+for\s+/i, 'searching for ')
    // "a nonsense term like qwerty should give …", "something like asdf …": that term searched for.
    .replace(/^(?:something|anything)\s+like\s+/i, 'searching for ')
    .replace(
      /^(?:a|an|the|another|some)\s+(?:[\p{L}-]+\s+)?(?:search\s+term|term|word|keyword|query|search)(?:\s+(?:with\s+no\s+(?:match|matches|results?)|that\s+matches\s+nothing|without\s+(?:a\s+)?match(?:es)?))?\s*,?\s+(?:like|such as|e\.g\.)\s+/iu,
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
    // "activate Pricing" (a link or button by its name), "activate the link X" are clicks;
    // "activate dark mode" a switch.
    .replace(
      /^[Aa]ctivate\s+(?=(?:the\s+)?(?:\p{Lu}|(?:link|button|tab)\b))(?!.*\b(?:[Mm]ode|[Ss]witch|[Tt]oggle|[Ss]etting|[Oo]ption|[Cc]heckbox)\b)/u,
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
  // "Fill the three fields", "fill in all fields" with no value, after the values were given (a "Test
  // data:" line): the fills already planned are those fields; the words name no field of their own.
  if (
    /^(?:fill|complete)(?:\s+(?:in|out))?\s+(?:(?:all|both|each\s+of)\s+)?(?:the\s+|these\s+|those\s+)?(?:\d+\s+|two\s+|three\s+|four\s+|five\s+)?(?:form\s+)?(?:fields|inputs|boxes)$/i.test(
      body0,
    ) &&
    ctx.steps.some((s) => s.kind === 'fill' && s.value !== '')
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
  // "apply the promo code SAVE10", "redeem the voucher X": the code typed into its field, then applied
  // with the control the verb names, where the page has one.
  const code = CODE_APPLIED.exec(body0);
  if (code && CODE_AS_WRITTEN.test(code[3] ?? '')) {
    const verb = (code[1] ?? '').toLowerCase();
    ctx.steps.push(
      step('fill', phrase, {
        target: plain(ctx, code[2] ?? ''),
        value: literalOf(ctx, code[3] ?? '')?.text ?? plain(ctx, code[3] ?? ''),
        valueSource: 'description',
        roleHints: ['textbox'],
      }),
      step('click', phrase, {
        target: verb === 'use' ? 'apply' : verb,
        roleHints: ['button'],
        implied: true,
      }),
    );
    state.lastWasAction = true;
    return;
  }
  // "apply the code after raising the quantity to 2": the action said last is done first.
  const after = /^(.+?)\s+after\s+(\p{L}+ing\s.+)$/iu.exec(body0);
  if (
    after &&
    isVerbStart(after[1] ?? '') &&
    (gerundAction(after[2] ?? '') || stepperSteps(ctx, after[2] ?? '', phrase))
  ) {
    clauseSteps(ctx, after[2] ?? '', false, state, voiced);
    clauseSteps(ctx, after[1] ?? '', purpose, state, voiced);
    return;
  }
  // "move Email the walk leaders to Done": the column chosen for that item, then its Move pressed.
  const moved = MOVED_TO.exec(body0);
  if (moved) {
    const item = optionForItem(ctx, phrase, moved[2] ?? '', moved[1] ?? '');
    ctx.steps.push(
      item,
      step('click', phrase, { target: 'move', roleHints: ['button'], scope: item.target, implied: true }),
    );
    state.lastWasAction = true;
    return;
  }
  const booking = bookingOf(body0);
  if (booking) {
    for (const choice of booking.choices) clauseSteps(ctx, `choose ${choice}`, false, state, true);
    ctx.steps.push(step('click', phrase, { target: booking.verb, roleHints: ['button'], implied: true }));
    state.lastWasAction = true;
    return;
  }
  // "increase the quantity to 3 with the plus button": pressed until the page shows 3.
  const stepper = stepperSteps(ctx, body0, phrase);
  if (stepper) {
    ctx.steps.push(...stepper);
    state.lastWasAction = true;
    return;
  }
  // "set the display name to Alice": a setting, typed or chosen by what the field is.
  const setting = settingSteps(ctx, body0, phrase);
  if (setting) {
    ctx.steps.push(...setting);
    state.lastWasAction = true;
    return;
  }
  // "Expected order: A, B, C" (rewritten by orderLists): the texts, checked in that order.
  const order = orderItems(body0);
  if (order) {
    const inOrder = order.map((item) => plain(ctx, item));
    ctx.steps.push(
      step('expectText', phrase.replaceAll(ORDER_ITEM_MARK, ', '), {
        target: 'order',
        value: inOrder.join(', '),
        valueSource: 'description',
        inOrder,
      }),
    );
    state.lastWasAction = false;
    return;
  }
  // "an empty name is refused with \"…\"", "saving a blank email shows …": the field emptied and
  // entered (Enter submits a form and saves an inline editor), then what the page says.
  const emptyValue = EMPTY_REFUSED.exec(body0) ?? EMPTY_SUBMITTED.exec(body0);
  if (emptyValue) {
    ctx.steps.push(
      step('fill', phrase, {
        target: plain(ctx, emptyValue[1] ?? ''),
        clear: true,
        valueSource: 'description',
        roleHints: ['textbox'],
      }),
      step('press', phrase, { value: 'Enter', refersToPrevious: true, valueSource: 'description' }),
    );
    if (emptyValue[2]) ctx.steps.push(...expectationSteps(ctx, 'see', emptyValue[2], phrase));
    state.lastWasAction = false;
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
      if (at > 0) readClauses(ctx, tokens.slice(at).join(' '), state);
      return;
    }
    // "email = x, password = y": fields to fill.
    const items0 = body0.split(LIST_SEPARATOR);
    // "Catalogue filter, Category = Lighting": a name for what follows, then the settings.
    const items =
      items0.length > 1 &&
      !FIELD_VALUE_ITEM.test(items0[0] ?? '') &&
      /^[\p{L} -]{1,30}$/u.test(items0[0] ?? '')
        ? items0.slice(1)
        : items0;
    // "click \"Increase\" twice, then \"Decrease\" once": a name and a count after a click is that
    // click again, on the control named.
    const again = repeatOf(body0);
    const last = ctx.steps.at(-1);
    if (again.said && last?.kind === 'click' && /^\uE000\d+\uE001$/.test(again.body.trim())) {
      push(actionSteps(ctx, 'click', body0, phrase));
      return;
    }
    // "bump coffee beans up by one (+)": an icon button, named by the direction, pressed N times.
    const icon = iconControlSteps(body0, phrase);
    if (icon) {
      push(icon);
      return;
    }
    // "New task \"X\"": a new item's name, typed into the field for it.
    const newItem = newItemFill(ctx, body0, phrase);
    if (newItem) {
      push([newItem]);
      return;
    }
    // "3DS code 123456": a field named, then its value.
    const labelled = /^(.+?)\s+(\uE000\d+\uE001)$/.exec(body0);
    if (labelled && FIELD_LABEL.test((labelled[1] ?? '').trim())) {
      push(fillList(ctx, phrase, `${labelled[1] ?? ''} ${labelled[2] ?? ''}`, ctx.scope));
      return;
    }
    // Not "the page says Upload complete: 2 files": a colon in a text shown is no field.
    const says = /\b(?:says?|shows?|reads?|displays?|contains?)\b/i.test(body0);
    if (items.length > 0 && !says && items.every((i) => FIELD_VALUE_ITEM.test(i))) {
      const pairs = items.map((i) => /^(.*?)\s*[=:]\s*(.*)$/.exec(i) ?? ['', i, '']);
      // A field is filled; anything else with a value ("Category = Lighting") is chosen.
      const fields = pairs.filter((p) => FIELD_LABEL.test((p[1] ?? '').trim()));
      // "Street address: 221B Baker Street", "Phone number: 07700 900123": a value of several words
      // is all of it, the label says where it ends (the fields are still read together, so that an
      // email and a password stay the test's credentials).
      const together =
        fields.length === pairs.length
          ? fillList(ctx, phrase, pairs.map((p) => `${p[1]} ${p[2]}`).join(' and '), ctx.scope)
          : [];
      const whole = (p: readonly string[], s?: PlannedStep): PlannedStep => ({
        ...(s ??
          step('fill', phrase, { roleHints: ['textbox'], ...(ctx.scope ? { scope: ctx.scope } : {}) })),
        target: plain(ctx, (p[1] ?? '').trim()),
        value: plain(ctx, (p[2] ?? '').trim()),
        valueSource: 'description',
      });
      // Read short: a value cut at its first word or literal ("07700" of "07700 900123").
      const wordy = (p: readonly string[], s?: PlannedStep): boolean =>
        !ONE_VALUE.test((p[2] ?? '').trim()) && s?.value !== plain(ctx, (p[2] ?? '').trim());
      if (fields.length === pairs.length && pairs.some((p, i) => wordy(p, together[i])))
        push(
          together.length === pairs.length
            ? together.map((s, i) => (pairs[i] && wordy(pairs[i], s) ? whole(pairs[i], s) : s))
            : pairs.map((p) => whole(p)),
        );
      else if (fields.length === pairs.length) push(together);
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
    // "the count drops to 4 messages", "you're at 5 messages again", "the counter stays at 2 of 5
    // tags": a figure stated in the present, as if with "should".
    const figure =
      /^(.+?)(?:\s+(drops|goes|rises|falls|jumps|climbs|increases|decreases|changes|moves|stays|remains|is|are)|(['’]re|['’]s))\s+((?:up\s+|down\s+|back\s+|still\s+|now\s+)?(?:(?:from\s+\S+\s+)?to|at)\s+\d.*)$/i.exec(
        body0,
      );
    if (figure && literalIds(body0).length === 0) {
      const verb = (figure[2] ?? figure[3] ?? '').toLowerCase();
      const base = /^(?:is|are|['’]re|['’]s)$/.test(verb)
        ? 'be'
        : verb === 'goes'
          ? 'go'
          : verb.replace(/s$/, '');
      const steps = predicateSteps(ctx, figure[1] ?? '', `${base} ${figure[4] ?? ''}`, false, phrase);
      if (steps.some((st) => st.exactName !== undefined)) {
        push(steps);
        return;
      }
    }
    // "a dialog pops up", "the message disappears", "the email is back in the list": an outcome
    // stated with its own verb.
    const happens =
      /^(.+?)\s+(pops up|shows up|comes up|appears|opens|closes|disappears|goes away|vanishes|is back(?:\s+(?:in|on)\s+(?:(?!\band\b).)+)?|is (?:shown|displayed|visible|open|hidden|closed|gone|dismissed))$/i.exec(
        body0,
      );
    if (happens && literalIds(body0).length === 0) {
      const verb = (happens[2] ?? '')
        .toLowerCase()
        .replace(/^is back\b.*$/, 'appear')
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
    const { page, produced } = actionClauseSteps(
      ctx,
      actionVerb,
      body0.slice(actionVerb.length).trim(),
      phrase,
    );
    // "choose Split up to search": what a purpose clause names is done only where the page has it
    // (the words may be part of the name chosen before).
    ctx.steps.push(...page, ...(purpose ? produced.map((st) => ({ ...st, implied: true })) : produced));
    state.lastWasAction = produced.length > 0;
  } else {
    const fields = fieldsAndValues(ctx, body0, phrase);
    if (fields) {
      ctx.steps.push(...fields);
      state.lastWasAction = true;
      return;
    }
    // A verbless clause after an assertion adds objects to it ("…, and the text X").
    const prev = ctx.steps[ctx.steps.length - 1];
    // "greet the user: X" after "and then": the audience named makes it an outcome, not a "welcome heading".
    const outcome =
      GREETS.exec(body0)?.[1] !== undefined
        ? predicateSteps(ctx, '', body0, false, phrase)
        : outcomeSteps(ctx, body0, phrase);
    // "they get a confirmation …", "you receive \"Thanks\"": what a person gets is what is shown.
    // (The person may have been left out already: "you get X" arrives as "get X".)
    const got = outcome ? undefined : (SEER.exec(body0) ?? GETS.exec(body0))?.[1];
    // "A-Z, Alder Ridge on top, Summit Trail at the bottom", "X is the first row and Y the last":
    // each part that places a row.
    const placed =
      outcome || got
        ? []
        : body0.split(LIST_SEPARATOR).flatMap((part) => positionStep(ctx, part, phrase) ?? []);
    if (outcome) push(outcome);
    else if (got) push(expectationSteps(ctx, 'see', got, phrase));
    else if (placed.length > 0) push(placed);
    // "the confirmation mentions every month": a text it holds; "\"Brunch\" is not shown", "Bothy map
    // is still listed": a text that is, or is not, there.
    else if (
      /^(?:the|a|an|its|this|that)\s+[\p{L} -]{1,30}?\s+mentions?\s+\S/iu.test(body0) ||
      statesPresence(body0)
    )
      push(expectationSteps(ctx, 'see', body0, phrase));
    else if (
      (prev &&
        (prev.kind.startsWith('expect') ||
          // "→ welcome heading with Demo User": a thing the page shows, named after the actions.
          /\b(?:heading|title|message|banner|notice|dialog|popup|modal)\b/i.test(withoutLiterals(body0)))) ||
      // "The price is $129.00.", "The heading is \"Halo Floor Lamp\".": what a part of the page says.
      STATED_VALUE.test(body0)
    )
      ctx.steps.push(...expectationSteps(ctx, 'see', text, phrase));
    else {
      const setUp = setUpInParentheses(ctx, text);
      if (setUp.length > 0) {
        ctx.steps.push(...setUp);
        state.lastWasAction = true;
        return;
      }
      const bare = bareControlAfterClick(ctx, text, state);
      if (bare) {
        ctx.steps.push(bare);
        return;
      }
      ctx.skipped.push(phrase);
      const records = literalIds(text)
        .map((id) => ctx.literals[id]?.text ?? '')
        .filter((t) => RECORD_NUMBER.test(t));
      if (records.length === 1) ctx.mentioned = records[0];
    }
  }
}

/** Steps that set something up with a value of the description's. */
const SET_UP_KINDS = new Set<PlannedStep['kind']>(['fill', 'select', 'check', 'uncheck']);

/**
 * "a customer booking a single night (check-in 2030-12-30, check-out 2030-12-31) was quoted for two
 * nights": a sentence told as a story is not read, but the data it gives in parentheses is how to set
 * it up. Taken only when every step the parentheses make sets a field to a value they give.
 */
function setUpInParentheses(ctx: Ctx, text: string): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const [, inside = ''] of text.matchAll(/\(([^()]{3,})\)/g)) {
    const sub: Ctx = { literals: ctx.literals, steps: [], skipped: [] };
    for (const clause of splitClauses(inside)) clauseSteps(sub, clause.text, false, { lastWasAction: false });
    const given = sub.steps.every((s) => SET_UP_KINDS.has(s.kind) && s.valueSource === 'description');
    if (sub.steps.length > 0 && given) out.push(...sub.steps);
  }
  return out;
}

/** An invoice's, order's or ticket's number ("INV-1003"). */
const RECORD_NUMBER = /^[A-Z]{1,6}-\d{3,}$/;

/**
 * An action verb and the rest of its clause → steps, with the page the clause names for it gone
 * to first ("remove it on the cart page", "log in on the DemoID page with x / y").
 */
function actionClauseSteps(
  ctx: Ctx,
  verb: string,
  rest0: string,
  phrase: string,
): { page: PlannedStep[]; produced: PlannedStep[] } {
  let rest = rest0;
  const steps: PlannedStep[] = [];
  // "log in on the DemoID page with x / y": the page named first, the step's own words after it.
  const pageFirst = /^(?:on|in|at|from)\s+(?:the\s+)?([\p{L}\d][\p{L}\d -]{0,30}?)\s+page\s+(.+)$/iu.exec(
    rest,
  );
  if (pageFirst && !NAVIGATION_VERBS.has(verb))
    rest = `${pageFirst[2] ?? ''} on the ${pageFirst[1] ?? ''} page`;
  const page = NAVIGATION_VERBS.has(verb) ? null : ON_NAMED_PAGE.exec(rest);
  if (page) {
    steps.push(impliedPage(ctx, page[1] ?? '', phrase));
    rest = rest.slice(0, page.index);
  }
  // "select report.txt and prices.csv (in Choose files)": files named are chosen for upload.
  const choosesFiles = /^(?:select|choose|pick)$/.test(verb) && FILE_NAME.test(withoutLiterals(rest));
  FILE_NAME.lastIndex = 0;
  const produced = (
    choosesFiles ? [uploadStep(ctx, rest, phrase)] : actionSteps(ctx, verb, rest, phrase)
  ).map((s) => {
    if (s.kind !== 'fill' || s.target !== 'text' || ctx.askedFor === undefined) return s;
    const asked = ctx.askedFor;
    ctx.askedFor = undefined;
    return { ...s, target: asked };
  });
  return { page: steps, produced };
}

/**
 * "Full name Sam Jones, Email address sam@example.com": fields named with their values and no verb,
 * two or more, as a tester's checklist writes what to fill in. Each is filled.
 */
function fieldsAndValues(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const parts = text.split(LIST_SEPARATOR);
  if (parts.length < 2) return undefined;
  const fills = fillList(ctx, phrase, text, ctx.scope);
  return fills.length === parts.length &&
    fills.every((f) => f.kind === 'fill' && f.valueSource === 'description' && FIELD_LABEL.test(f.target))
    ? fills
    : undefined;
}

/**
 * "Click Cancel, then Keep editing": a capitalised name alone right after a click is the next
 * control pressed. Only a control named exactly so is pressed (an implied step): the words may be
 * something else the page shows ("then Uploaded files list").
 */
function bareControlAfterClick(ctx: Ctx, text: string, state: ClauseState): PlannedStep | undefined {
  const prev = ctx.steps[ctx.steps.length - 1];
  if (!state.afterThen || !state.lastWasAction || prev?.kind !== 'click') return undefined;
  // "then Load more again": the same control once more.
  const named =
    /^(\p{Lu}[\p{L}'-]*(?:\s+[\p{L}'-]+){0,3}?|\uE000\d+\uE001)(?:\s+(?:again|once more))?$/u.exec(
      text.trim(),
    );
  if (!named) return undefined;
  const name = literalOf(ctx, named[1] ?? '')?.text ?? plain(ctx, named[1] ?? '');
  return step('click', plain(ctx, text), {
    target: name,
    exactName: name,
    roleHints: ['button', 'link'],
    implied: true,
  });
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
    // "it's still in Done": where it was put, so the checks of it hold again.
    /^(?:(?:check|verify|make sure|ensure|confirm)\s+(?:that\s+)?)?(?:it|this|that|everything|the page)\s+(?:is\s+|stays\s+|remains\s+)?still\s+(?:is\s+)?(?:(?:in|under|at)\s+(?:the\s+)?\p{L}+(?:\s+\p{L}+){0,2}?|(?!(?:there|here|visible|shown|listed|present|displayed|on|off|checked)$)\p{L}+)(?:\s+please)?$/iu.test(
      body,
    );
  const verb =
    startsWithVerb(body, EXPECT_VERBS) !== undefined ||
    startsWithVerb(body, ACTION_VERBS) !== undefined ||
    MODAL.test(body);
  // "the switch is still on": a statement without a verb to start it is what to assert.
  const statement = !verb && STATEMENT.test(withoutLiterals(body));
  // "when you go back to the page": opened again by its address (a page a form posted is not posted again).
  const reload = step('reload', phrase, RETURN_PHRASE.test(at[0]) ? { revisit: true } : {});
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
      [next.target, next.exactName ?? ''].some((name) => sameSubmit(name).startsWith(sameSubmit(s.target)))
    );
  });
}

/** "Sign in" and "log in" (and "sign on") name the same control. */
function sameSubmit(name: string): string {
  return name.toLowerCase().replace(/^(?:log|sign)\s*(?:in|on)\b/, 'log in');
}

/**
 * Every run of whitespace as one space, or one line break where the run has one (lists keep their
 * lines). The clause rules try `\s*` / `\s+` from every position, so a long run cost them cubic
 * time: 8 KiB of spaces in a description held scribe's only thread for tens of minutes. Literals
 * are protected first and keep their own spacing.
 */
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
    rangesWithTheirYear(
      withFirstExample(withoutChatter(typedSentencesQuoted(description.replace(/\r\n?/g, '\n')))),
    ),
  );
  const text = withoutBackground(collapseWhitespace(raw));
  const ctx = withDataLine(text, literals) ?? readSteps(text, literals);
  return { steps: withoutDoubledSubmit(ctx.steps).slice(0, maxSteps), literals, skipped: ctx.skipped };
}

/** Each clause of `text` read in turn; a user's reason for wanting it is left unread. */
function readClauses(ctx: Ctx, text: string, state: ClauseState): void {
  for (const clause of splitClauses(text)) {
    state.afterThen = clause.afterThen === true;
    if (clause.benefit) ctx.skipped.push(clause.text);
    else clauseSteps(ctx, clause.text, clause.purpose, state);
  }
}

/**
 * "When you go back to the page, it must show Your booking": the page visited again is checked for
 * what the next clause names, not for what the page before it showed.
 */
function ownChecksAfterRevisit(steps: PlannedStep[]): PlannedStep[] {
  return steps.filter((s, i) => {
    const before = steps[i - 1];
    const after = steps[i + 1];
    return !(
      s.reassert &&
      before?.kind === 'reload' &&
      before.revisit &&
      after !== undefined &&
      !isAction(after.kind) &&
      !after.reassert
    );
  });
}

/** "move Email the walk leaders to Done (column)": a named item moved to a named place. */
const MOVED_TO =
  /^[Mm]ove\s+(\uE000\d+\uE001|\p{Lu}[^,]{0,60}?)\s+(?:to|into)\s+(?:the\s+)?(\p{Lu}[\p{L}\d'’ -]{0,30}?)(?:\s+(?:column|list|folder|stage|lane|section|group))?$/u;

function readSteps(text: string, literals: Literal[]): Ctx {
  const normal = normalizeLayout(
    orderLists(
      setUpValues(arrowValues(dateRangeFilters(stayDates(text, literals), literals), literals), literals),
    ),
  );
  const later = LATER_DATA.exec(normal);
  const ctx: Ctx = { literals, steps: [], skipped: [] };
  const state: ClauseState = { lastWasAction: false };
  const main = later ? normal.slice(0, later.index) + (later[1] ?? '') : normal;
  readClauses(ctx, main, state);
  ctx.steps = ownChecksAfterRevisit(heldValues(outcomesPlacedByValue(ctx.steps))).map(ownersField);
  if (later) withLaterData(ctx, later[2] ?? '');
  withPlaceholdersFilled(ctx);
  return ctx;
}

/** "an empty name is refused with …", "a blank email should be rejected, showing …": the field and the message. */
const EMPTY_REFUSED =
  /^(?:an?|the)\s+(?:empty|blank)\s+(.+?)\s+(?:is|gets|should be|must be|will be)\s+(?:refused|rejected|not accepted|not allowed|not saved|blocked)\b(?:[\s,:]+(?:with|showing|saying|and (?:shows|says|gives))?\s*(.+))?$/i;
/** "saving an empty name shows …", "submitting with a blank email gives …". */
const EMPTY_SUBMITTED =
  /^(?:saving|submitting|sending|entering|trying to (?:save|submit|send|enter))\s+(?:with\s+)?(?:an?|the)\s+(?:empty|blank)\s+(.+?)\s+(?:shows|gives|says|displays|brings up|should show|should give|should say)\s+(.+)$/i;

/** "deleting a project to need its name typed": an action named by its gerund, and what it should take. */
const WISHED_BEHAVIOUR =
  /^\p{L}+ing\b[^,;]*?\s+to\s+(?:need|require|ask\s+for|take|have|be|stay|remain|keep)\b/iu;

/** "For lamp exactly two products are listed": an outcome said of the run with that value. */
const FOR_VALUE = /^(?:verify\s+|expected(?:\s+results?)?:?\s+)?for\s+(\S+?)[,:]?\s/i;

/**
 * Expected results written after all the steps, each for a value typed ("For lamp …. For zzz …"): each
 * group of outcomes goes after the actions that follow the fill of its value, before the next fill.
 * Steps are returned as they are when no outcome names a value that way.
 */
function outcomesPlacedByValue(steps: PlannedStep[]): PlannedStep[] {
  const fills = steps.filter((s) => s.kind === 'fill' && s.value !== '');
  const valueOf = (s: PlannedStep): string | undefined => {
    const v = FOR_VALUE.exec(s.phrase)?.[1]?.toLowerCase();
    return v !== undefined && fills.some((f) => f.value.toLowerCase() === v) ? v : undefined;
  };
  const first = steps.findIndex((s) => !isAction(s.kind) && valueOf(s) !== undefined);
  if (first < 0 || steps.slice(first).some((s) => isAction(s.kind))) return steps;
  // The outcomes after `first`, in groups, each led by the one that names its value.
  const groups = new Map<string, PlannedStep[]>();
  let current: PlannedStep[] | undefined;
  for (const s of steps.slice(first)) {
    const v = valueOf(s);
    if (v !== undefined) groups.set(v, (current = groups.get(v) ?? []));
    current?.push(s);
  }
  const out: PlannedStep[] = [];
  const actions = steps.slice(0, first);
  actions.forEach((s, i) => {
    out.push(s);
    const next = actions[i + 1];
    // The end of a run that a fill started: before the next fill, or at the end of the actions.
    const runEnds = next === undefined || (next.kind === 'fill' && next.value !== '') || next.clear === true;
    if (!runEnds) return;
    const started = [...actions.slice(0, i + 1)].reverse().find((a) => a.kind === 'fill' && a.value !== '');
    const group = started ? groups.get(started.value.toLowerCase()) : undefined;
    if (group) {
      out.push(...group);
      groups.delete(started?.value.toLowerCase() ?? '');
    }
  });
  for (const rest of groups.values()) out.push(...rest);
  return out;
}

/**
 * "You'll see \"Thanks, <your name>!\"": a placeholder in a text to check stands for what the steps
 * fill into the field it names (a support macro's "<your name>", a template's "{{name}}").
 */
function withPlaceholdersFilled(ctx: Ctx): void {
  const fills = ctx.steps.filter(
    (s) => s.kind === 'fill' && s.valueSource === 'description' && s.value !== '',
  );
  if (fills.length === 0) return;
  const filled = (_whole: string, name: string): string | undefined =>
    fills.find((f) => overlap(name.replace(/^(?:your|the|my)\s+/i, ''), f.target) > 0)?.value;
  ctx.steps = ctx.steps.map((s) => {
    if (!s.kind.startsWith('expect') || !/<[^<>]{1,30}>|\{\{[^{}]{1,30}\}\}/.test(s.value)) return s;
    let unknown = false;
    const value = s.value.replace(
      /<([^<>]{1,30})>|\{\{\s*([^{}]{1,30}?)\s*\}\}/g,
      (whole, a?: string, b?: string) => {
        const v = filled(whole, (a ?? b ?? '').replace(/_/g, ' '));
        if (v === undefined) unknown = true;
        return v ?? whole;
      },
    );
    if (unknown) return s;
    return { ...s, value, ...(s.exactName === s.value ? { exactName: value } : {}) };
  });
}

/** A "Test data: email x; password y" line of its own (a test case's field). */
const TEST_DATA_LINE =
  /^[ \t]*(?:test[ \t]+)?(?:data|inputs?|credentials|values)(?:[ \t]+(?:for|to use|used)\b[^:\n]{0,30})?[ \t]*:[ \t]*(\S[^\n]*)$/im;

/**
 * A test case whose steps name the fields ("Enter email", "Enter password") and whose test data
 * line gives their values, before or after the steps: the values go into those fills. Undefined
 * when some value has no such fill (the data line is then read where it stands, as fills).
 */
function withDataLine(text: string, literals: Literal[]): Ctx | undefined {
  const data = TEST_DATA_LINE.exec(text);
  if (!data) return undefined;
  const ctx = readSteps(text.slice(0, data.index) + text.slice(data.index + data[0].length), literals);
  return withLaterData(ctx, data[1] ?? '') ? ctx : undefined;
}

/** "… please check the steps still work, using the name X, the email Y": test data for steps above. */
const LATER_DATA =
  /(^|[.!?]\s+)(?:(?:before|once|when|after)\s[^,.!?\n]{1,60},\s*)?(?:please\s+)?(?:check|verify|confirm|make sure|test)\s+(?:that\s+)?(?:the|these|those)\s+steps\s+(?:still\s+)?(?:work|are\s+(?:still\s+)?(?:right|correct|valid))\s*,?\s*(?:e\.\s?g\.\s*|for example\s*,?\s*|using\s+|with\s+)?(.*?)[.!?]?\s*$/i;

/**
 * The values given after the steps go into the fields the steps fill without one. Whether every
 * value found such a field (and there was one at least).
 */
function withLaterData(ctx: Ctx, data: string): boolean {
  const given: Ctx = { literals: ctx.literals, steps: [], skipped: [] };
  // "email: x; password: y" names its fields already ("Test data:" lines read so in place too);
  // "Grace Hopper, grace@…": a person's name first is the name to fill in.
  const named = data.replace(/^(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){1,3})(?=\s*,)/u, 'name $1');
  for (const clause of splitClauses(/[=:]/.test(named) ? named : `fill in ${named}`))
    clauseSteps(given, clause.text, false, { lastWasAction: false });
  const values = given.steps.filter((s) => s.kind === 'fill' && s.valueSource === 'description');
  let placed = 0;
  for (const value of values) {
    const at = ctx.steps.findIndex(
      (s) => s.kind === 'fill' && s.valueSource !== 'description' && overlap(value.target, s.target) > 0,
    );
    const into = ctx.steps[at];
    if (!into) continue;
    placed++;
    ctx.steps[at] = {
      ...into,
      value: value.value,
      valueSource: 'description',
      ...(value.credential ? { credential: value.credential } : {}),
    };
  }
  return placed > 0 && placed === values.length;
}
