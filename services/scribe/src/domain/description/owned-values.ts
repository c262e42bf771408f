// Who is in which numbered group of a form that repeats one ("Person 1", "Person 2"): said as a
// fact, "Person 1 is now Ben", "Noah is now Person 1" (the group's name field holds the name), or as
// what to fill in, "Person 1 "Ann Lee" as an Adult, Person 2 "Ben Lee" as a Child".
import { step, type PlannedStep } from '../plan';
import { type Ctx, literalOf, plain } from './context';

const OWNER = String.raw`(\p{Lu}[\p{L}-]*\s+\d{1,2})`;
/** A person's name of one or two words ("Ben", "Cat Ray"). */
const NAME_WORDS = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?`;
const NAME = `(${NAME_WORDS})`;
const OWNER_IS_NAME = new RegExp(String.raw`^(?:and\s+)?${OWNER}\s+is\s+(?:now\s+)?${NAME}$`, 'u');
const NAME_IS_OWNER = new RegExp(String.raw`^(?:and\s+)?${NAME}\s+is\s+(?:now\s+)?${OWNER}$`, 'u');
const PARTS = /\s*,\s*(?:and\s+)?|\s+and\s+/;

/**
 * "the Name box of Person 2", "Kim as the name of Person 2": a field repeated for each of several
 * numbered people or items, found within the one named ("Person 2" is the group's name).
 */
const OWNED_FIELD = new RegExp(String.raw`^(.+?)\s+(?:of|for)\s+(?:the\s+)?${OWNER}$`, 'u');
/** "write Noah for Person 2": the value, and whose field it goes in (its only text box). */
const VALUE_FOR_OWNER = new RegExp(String.raw`^${NAME}\s+for\s+${OWNER}$`, 'u');
const FORM_INPUTS_SAID: ReadonlySet<PlannedStep['kind']> = new Set(['fill', 'select', 'check', 'uncheck']);

/** A step on a field of a numbered group, scoped to that group; other steps as they are. */
export function ownersField(s: PlannedStep): PlannedStep {
  // A page named as the scope ("in the tickets page you write …") is where the test is already.
  if ((s.scope && !/\b(?:page|screen)$/i.test(s.scope)) || !FORM_INPUTS_SAID.has(s.kind)) return s;
  const written = s.kind === 'fill' ? VALUE_FOR_OWNER.exec(s.target) : null;
  if (written && s.valueSource === 'generated')
    return {
      ...s,
      target: 'name',
      value: written[1] ?? '',
      valueSource: 'description',
      scope: written[2] ?? '',
    };
  // "write Olivia" after "write Noah for Person 2": not Noah's box again, the next one empty.
  if (written) return { ...s, target: 'next empty field', scope: undefined };
  const owned = OWNED_FIELD.exec(s.target);
  return owned ? { ...s, target: owned[1] ?? '', scope: owned[2] ?? '' } : s;
}

/**
 * The checks of a clause saying who each numbered group is, or undefined when it says none. Other
 * parts of the clause ("must stay only Noah and Olivia") are reported as not read.
 */
export function ownedValueSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const parts = text.trim().split(PARTS);
  const steps: PlannedStep[] = [];
  const unread: string[] = [];
  for (const part of parts) {
    const ownerFirst = OWNER_IS_NAME.exec(part);
    const nameFirst = ownerFirst ? null : NAME_IS_OWNER.exec(part);
    const owner = ownerFirst?.[1] ?? nameFirst?.[2];
    const name = ownerFirst?.[2] ?? nameFirst?.[1];
    if (owner && name)
      steps.push(
        step('expectValue', phrase, {
          target: 'name',
          scope: owner,
          value: name,
          valueSource: 'description',
          roleHints: ['textbox'],
          held: true,
        }),
      );
    else unread.push(plain(ctx, part));
  }
  if (steps.length === 0) return undefined;
  ctx.skipped.push(...unread.filter((u) => u !== ''));
  return steps;
}

/** "Person 2 "Ben Lee" as a Child (5 to 15)": the group, the name in it, what is chosen for it. */
const ENTRY = new RegExp(
  String.raw`^${OWNER}\s+(\uE000\d+\uE001|${NAME_WORDS})(?:\s+as\s+(?:an?\s+)?(\S.*))?$`,
  'u',
);

/** The fills (and choices) of a list of numbered groups, each with its entry; undefined unless every part is one. */
export function ownedEntrySteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const entries = text
    .trim()
    .split(PARTS)
    .map((part) => ENTRY.exec(part));
  if (entries.length === 0 || entries.some((e) => e === null)) return undefined;
  return entries.flatMap((e) => {
    const owner = e?.[1] ?? '';
    const said = e?.[2] ?? '';
    const name = literalOf(ctx, said)?.text ?? plain(ctx, said);
    const chosen = e?.[3] === undefined ? undefined : plain(ctx, e[3]);
    return [
      step('fill', phrase, {
        target: 'name',
        scope: owner,
        value: name,
        valueSource: 'description',
        roleHints: ['textbox'],
      }),
      ...(chosen
        ? [
            step('select', phrase, {
              target: chosen,
              value: chosen,
              valueSource: 'description',
              roleHints: [],
              scope: owner,
            }),
          ]
        : []),
    ];
  });
}
