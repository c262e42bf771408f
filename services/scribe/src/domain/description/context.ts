// The parse state shared by the clause readers (steps so far, literals) and the helpers that read a
// target out of a fragment: its role cues, articles, literal values and the context it names.

import { type Literal, literalIds, restore, withoutLiterals } from '../literals';
import { type PlannedStep, type RoleHint } from '../plan';
import { squash } from '../text';
import { CONTEXT_TAIL, CONTROL_CONTEXT_TAIL, ROLE_ONLY, ROLE_WORDS } from './vocabulary';

export function roleHintsOf(text: string): RoleHint[] {
  const lower = withoutLiterals(text).toLowerCase();
  const hints: RoleHint[] = [];
  for (const [re, hint] of ROLE_WORDS) if (re.test(lower) && !hints.includes(hint)) hints.push(hint);
  return hints;
}

export function stripArticles(text: string): string {
  return text.replace(/^(?:(?:the|a|an|its|their|his|her|my|your|our|some|on|to|into|onto)\s+)+/i, '').trim();
}

export interface Ctx {
  literals: Literal[];
  steps: PlannedStep[];
  skipped: string[];
  /** Last exact name the description mentioned ("Aurora Desk Lamp"). */
  lastEntity?: string;
  /**
   * The one record a sentence read as no step names by its number ("a customer cannot find invoice
   * INV-1003"): what a later "it" stands for.
   */
  mentioned?: string;
  /** Scope set by a context clause ("use the main menu"). */
  scope?: string;
  /** A field the page asks for ("when the bank asks for a code"): where the next bare value goes. */
  askedFor?: string;
}

export function literalOf(
  ctx: Ctx,
  fragment: string,
  kinds?: readonly Literal['kind'][],
): Literal | undefined {
  for (const id of literalIds(fragment)) {
    const lit = ctx.literals[id];
    if (lit && (!kinds || kinds.includes(lit.kind))) return lit;
  }
  return undefined;
}

export function plain(ctx: Ctx, fragment: string): string {
  return squash(restore(fragment, ctx.literals));
}

/** Splits "the x thing from the product list" into the target and its context ("product list"). */
export function splitContext(
  ctx: Ctx,
  fragment: string,
  control = false,
): { target: string; scope?: string } {
  const m = (control ? CONTROL_CONTEXT_TAIL : CONTEXT_TAIL).exec(fragment);
  if (m && m.index > 0 && !ROLE_ONLY.test(withoutLiterals(m[1] ?? ''))) {
    const target = fragment.slice(0, m.index).trim();
    if (target !== '') return { target, scope: plain(ctx, m[1] ?? '') };
  }
  return { target: fragment };
}

export function previousTarget(ctx: Ctx): PlannedStep | undefined {
  for (let i = ctx.steps.length - 1; i >= 0; i--) {
    const s = ctx.steps[i];
    if (s && s.target !== '' && !s.kind.startsWith('expect')) return s;
  }
  return undefined;
}

/**
 * "the button" after "the Delete this project button is disabled": a bare role word with nothing of
 * its own names the last control of that kind the description named, in an action or a state check.
 */
export function roleAntecedent(ctx: Ctx, text: string): PlannedStep | undefined {
  const word = stripArticles(text);
  if (!ROLE_ONLY.test(word)) return undefined;
  const roles = roleHintsOf(word);
  for (let i = ctx.steps.length - 1; i >= 0; i--) {
    const s = ctx.steps[i];
    if (!s || (s.kind !== 'expectState' && s.kind.startsWith('expect'))) continue;
    if (s.target === '' || ROLE_ONLY.test(s.target)) continue;
    // A control clicked by its name alone ("click Load more") is a button unless it led to a page.
    const clicked =
      s.kind === 'click' && !s.navigation && s.roleHints.length === 0 && roles.includes('button');
    if (clicked || roleHintsOf(s.target).some((h) => roles.includes(h))) return s;
  }
  return undefined;
}

/** What "it" stands for: the last control acted on, or whose state was just checked. */
export function previousControl(ctx: Ctx): PlannedStep | undefined {
  const last = ctx.steps.at(-1);
  return last?.kind === 'expectState' && last.target !== '' ? last : previousTarget(ctx);
}

export function isPronoun(text: string): boolean {
  // "the same question" (articles already stripped): the one acted on before.
  return (
    /^(?:it|them|this|that|one|this one|that one)$/i.test(text.trim()) ||
    /^same(?:\s+[\p{L}-]+)?$/u.test(text.trim())
  );
}
