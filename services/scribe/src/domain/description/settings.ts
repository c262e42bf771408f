// Settings said as what a field is set to: "set the display name to Alice", "change my time zone to
// Asia/Tokyo with the display name Kenji". The description does not say which kind of control holds
// the setting; a field the words name as text (a name, an email: FIELD_LABEL) is typed into, any
// other setting (a time zone, a language, a size) is chosen among the control's options.

import { type PlannedStep, step } from '../plan';
import { fillList } from './actions';
import { type Ctx, isPronoun, literalOf, plain, previousTarget, stripArticles } from './context';
import { FIELD_LABEL } from './vocabulary';
import { LIST_SEPARATOR } from '../text';

/**
 * "set|change|update (my) X to V (with Y)": a short field name, its new value, more fields after
 * "with"; "correct the email to V" after a value refused.
 */
const SETTING =
  /^(?:set|change|update|correct|amend)\s+((?:(?:the|my|your|our)\s+)?[\p{L}-]+(?:\s+[\p{L}-]+){0,2})\s+to\s+(.+?)(?:\s+with\s+(.+))?$/iu;

/** One setting: typed when the field is a text field by its name, chosen otherwise. */
export function settingStep(field: string, value: string, phrase: string): PlannedStep {
  const target = stripArticles(field);
  const typed = FIELD_LABEL.test(target);
  return step(typed ? 'fill' : 'select', phrase, {
    target,
    value,
    valueSource: 'description',
    roleHints: [typed ? 'textbox' : 'combobox'],
  });
}

/** "… and the check-out date to 2030-03-05": another setting joined to the first. */
const AND_SETTING = /\s+and\s+(?=(?:(?:the|my|your|our)\s+)?[\p{L}-]+(?:\s+[\p{L}-]+){0,2}\s+to\s+\S)/iu;

/** The steps of a setting clause, or undefined when the clause is not one. */
export function settingSteps(ctx: Ctx, body: string, phrase: string): PlannedStep[] | undefined {
  const [first = '', ...more] = body.trim().split(AND_SETTING);
  const verb = /^(?:set|change|update|correct|amend)\b/i.exec(first)?.[0];
  if (verb && more.length > 0) {
    // "Set Check-in date to X and Check-out date to Y": each a setting, or none is.
    const all = [first, ...more.map((m) => `${verb} ${m}`)].map((b) => settingSteps(ctx, b, phrase));
    return all.every((s) => s !== undefined) ? all.flat() : undefined;
  }
  const m = SETTING.exec(body.trim());
  if (!m) return undefined;
  const raw = (m[2] ?? '').trim();
  // A value is a literal or a few words; "to the cart page" or "to see X" are not values.
  if (/^(?:the|a|an|see|be|make|get|check)\b/i.test(raw) || raw.split(/\s+/).length > 4) return undefined;
  const value = literalOf(ctx, raw)?.text ?? plain(ctx, raw.replace(/[.;:]+$/, ''));
  // "change it to Mountain99": the field filled or chosen just before gets the new value.
  const prev = isPronoun(stripArticles(m[1] ?? '')) ? previousTarget(ctx) : undefined;
  if (prev && (prev.kind === 'fill' || prev.kind === 'select'))
    return [
      step(prev.kind, phrase, {
        target: prev.target,
        value,
        valueSource: 'description',
        roleHints: prev.roleHints,
        refersToPrevious: true,
      }),
    ];
  const out = [settingStep(m[1] ?? '', value, phrase)];
  // "with the display name Kenji": more fields, each named, then its value.
  if (m[3]) {
    for (const item of m[3].split(LIST_SEPARATOR)) {
      const named = namedValue(ctx, item);
      out.push(
        ...(named ? [settingStep(named.field, named.value, phrase)] : fillList(ctx, phrase, item, undefined)),
      );
    }
  }
  return out;
}

/**
 * "the display name Kenji": the longest run of first words that names a text field (FIELD_LABEL),
 * then its value. A field that is no text field's name is left to fillList.
 */
function namedValue(ctx: Ctx, item: string): { field: string; value: string } | undefined {
  const tokens = stripArticles(item.trim()).split(/\s+/);
  for (let n = Math.min(3, tokens.length - 1); n >= 1; n--) {
    const field = tokens.slice(0, n).join(' ');
    if (FIELD_LABEL.test(field)) return { field, value: plain(ctx, tokens.slice(n).join(' ')) };
  }
  return undefined;
}
