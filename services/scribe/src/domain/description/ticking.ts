// Ticking an item off a list: "tick it", "mark it as done", "check it off", "tick \"Buy milk\"". The
// words after the item say what ticking means, not which box; the box is the one labelled with the
// item, and "it" is the item named last (the one just added), not the button that added it.

import { type PlannedStep } from '../plan';
import { type Ctx, previousTarget } from './context';

/** "it as done", "it off", "the milk as complete": the words that only say the item is finished. */
const FINISHED = /\s+(?:off|as\s+(?:done|complete|completed|finished|read|resolved))$/i;

/** The item a tick names, without the words that say it is finished. */
export function tickedItem(target: string): string {
  return target.replace(FINISHED, '').trim();
}

/**
 * What "it" ticks: the box ticked before ("check it again"), else the item named last, else the
 * element acted on last. An item's name is its box's label, so it is the exact name to look for.
 */
export function tickedPronoun(ctx: Ctx): { target: string; exactName?: string; previous?: PlannedStep } {
  const prev = previousTarget(ctx);
  if (prev && (prev.kind === 'check' || prev.kind === 'uncheck'))
    return { target: prev.target, ...(prev.exactName ? { exactName: prev.exactName } : {}), previous: prev };
  if (ctx.lastEntity) return { target: ctx.lastEntity, exactName: ctx.lastEntity };
  if (prev)
    return { target: prev.target, ...(prev.exactName ? { exactName: prev.exactName } : {}), previous: prev };
  return { target: 'it' };
}
