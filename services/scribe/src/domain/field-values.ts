// Values that fit a field when the description does not give one: chosen from the field's input type
// first, then from its name. Deterministic, so the same description yields the same spec.
import type { runner } from '@superagent/proto';
import { words } from './text';

export interface FieldValue {
  value: string;
  /** The spec declares this value as an env-overridable constant (credentials). */
  credential?: 'PASSWORD' | 'EMAIL' | 'USERNAME';
}

const BY_WORD: [RegExp, string][] = [
  [/\bfirst ?name\b/, 'Ada'],
  [/\blast ?name\b|\bsurname\b/, 'Lovelace'],
  [/\buser ?name\b|\blogin\b/, 'ada.lovelace'],
  [/\bname\b/, 'Ada Lovelace'],
  [/\be-?mail\b/, 'ada.lovelace@example.com'],
  [/\bphone\b|\btel\b|\bmobile\b/, '+1 555 0100'],
  [/\bcard\b/, '4242 4242 4242 4242'],
  [/\bexpir/, '12/34'],
  [/\bcvc\b|\bcvv\b|\bsecurity code\b/, '123'],
  [/\bzip\b|\bpostal\b|\bpostcode\b/, '10001'],
  [/\bcity\b|\btown\b/, 'Lisbon'],
  [/\bcountry\b/, 'Portugal'],
  [/\baddress\b|\bstreet\b/, '1 Main Street'],
  [/\bcompany\b|\borgani[sz]ation\b/, 'Example Ltd'],
  [/\bsubject\b|\btitle\b/, 'Question about my order'],
  [
    /\bmessage\b|\bcomment\b|\bfeedback\b|\bnote\b|\bdescription\b|\bquestion\b/,
    'Hello, this is a test message.',
  ],
  [/\bquantity\b|\bamount\b|\bage\b|\bcount\b/, '2'],
  [/\bdate\b|\bbirthday\b/, '2030-01-15'],
  [/\bcode\b|\botp\b|\bpin\b/, '123456'],
  [/\bsearch\b|\bquery\b/, 'test'],
  [/\burl\b|\bwebsite\b/, 'https://example.com'],
];

const GENERATED_PASSWORD = 'Str0ng-Test-Passw0rd';

export function valueForField(target: string, node: runner.SnapshotNode | undefined): FieldValue {
  const type = node?.inputType ?? '';
  const described =
    `${target} ${node?.name ?? ''} ${node?.label ?? ''} ${node?.placeholder ?? ''}`.toLowerCase();
  if (type === 'password' || /\bpass(?:word|code)\b/.test(described))
    return { value: GENERATED_PASSWORD, credential: 'PASSWORD' };
  if (type === 'email') return { value: 'ada.lovelace@example.com' };
  if (type === 'number' || node?.role === 'spinbutton') return { value: '2' };
  if (type === 'date') return { value: '2030-01-15' };
  if (type === 'time') return { value: '09:30' };
  if (type === 'tel') return { value: '+1 555 0100' };
  if (type === 'url') return { value: 'https://example.com' };
  const text = words(described).join(' ');
  for (const [re, value] of BY_WORD) if (re.test(text)) return { value };
  return { value: 'Test value' };
}

/** Words after a field's name that name the field again, not a value ("the email field", "the name box"). */
const FIELD_WORDS = new Set([
  'field',
  'box',
  'input',
  'area',
  'textbox',
  'text',
  'form',
  'entry',
  'here',
  'there',
]);

/**
 * The value a fill's target carries after the name of the field it resolved to: "enter the display
 * name Al" reads as a fill of "display name Al" when the description does not mark the value, and the
 * page's field is "Display name", so "Al" is what goes in (not a made-up name: the description asked
 * for that value, often to see it rejected). Undefined when the target is only the field's name (or
 * names it again: "display name field"), or does not start with it.
 */
export function valueAfterFieldName(target: string, node: runner.SnapshotNode): string | undefined {
  const rest = target.trim().split(/\s+/);
  for (const name of [node.label, node.name, node.placeholder]) {
    const field = name
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (field.length === 0 || rest.length <= field.length) continue;
    if (!field.every((w, i) => w.toLowerCase() === rest[i]?.toLowerCase())) continue;
    const value = rest.slice(field.length);
    // "email address" goes on naming the field: a value reads as one ("Al", "42", "ada@x.org").
    if (!/^[\p{Lu}\p{N}+$#]|[@\p{N}]/u.test(value[0] ?? '')) return undefined;
    if (value.every((w) => FIELD_WORDS.has(w.toLowerCase()))) return undefined;
    return value.join(' ');
  }
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "10 July 2030" as a date field takes it ("2030-07-10"); undefined for anything else. */
export function isoDate(text: string): string | undefined {
  // "31/03/2026" and "03/31/2026": day first unless the second number can only be a day.
  const numeric = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text.trim());
  if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    const [day, month] = b > 12 ? [b, a] : [a, b];
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return `${numeric[3] ?? ''}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  const m = /^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1 : 0;
  const day = Number(m?.[1] ?? 0);
  if (!m || month === 0 || day < 1 || day > 31) return undefined;
  return `${m[3] ?? ''}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
