// Assertion code for what a test must see, written against the live page: a text is asserted
// through the most specific locator that finds it (a role with that name, the node's own verified
// locator, then getByText), so the assertion fails when the feature breaks and not by accident.
import { runner } from '@superagent/proto';
import type { PageModel, PageNode } from './page-model';
import { regexEscape, tsString } from './text';

const Kind = runner.LocatorKind;

export function normText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[“”«»„]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export interface LocatedText {
  /** Locator code, e.g. `page.getByRole('heading', { name: 'About us' })`. */
  code: string;
  /** True when the text was seen on the page (false: asserted as described, unverified). */
  found: boolean;
}

const TEXT_ROLES = ['heading', 'alert', 'status', 'dialog', 'alertdialog', 'link', 'button', 'tab'] as const;

/** Nodes whose visible words contain the text. */
export function nodesWithText(model: PageModel, text: string): PageNode[] {
  const want = normText(text);
  if (want === '') return [];
  return model.nodes.filter((n) => normText(n.words).includes(want) || (n.node.text !== '' && normText(n.node.text).includes(want)));
}

/** The locator to assert that `text` is visible. */
export function locateText(model: PageModel, text: string): LocatedText {
  const want = normText(text);
  const holders = nodesWithText(model, text);
  const own = holders.find((n) => n.node.locator && ((n.node.locator.kind === Kind.ROLE && normText(n.node.locator.name) === want) || (n.node.locator.kind === Kind.TEXT && normText(n.node.locator.value) === want)));
  if (own?.node.locator) return { code: own.node.locator.code, found: true };
  for (const role of TEXT_ROLES) {
    const same = model.nodes.filter((n) => n.node.role === role && normText(n.node.name).includes(want));
    if (same.length === 1) return { code: `page.getByRole(${tsString(role)}, { name: ${tsString(text)} })`, found: true };
  }
  if (holders.length === 0) return { code: `page.getByText(${tsString(text)})`, found: false };
  // Several elements hold the text (a heading and a link inside it, list rows): any one proves it.
  return { code: holders.length === 1 ? `page.getByText(${tsString(text)})` : `page.getByText(${tsString(text)}).first()`, found: true };
}

export const visible = (code: string): string => `await expect(${code}).toBeVisible();`;
export const hidden = (code: string): string => `await expect(${code}).toBeHidden();`;
export const absent = (code: string): string => `await expect(${code}).toHaveCount(0);`;
export const checked = (code: string, on: boolean): string => (on ? `await expect(${code}).toBeChecked();` : `await expect(${code}).not.toBeChecked();`);
export const count = (code: string, n: number): string => `await expect(${code}).toHaveCount(${n});`;
export const containsNumber = (code: string, n: string): string => `await expect(${code}).toContainText(/\\b${regexEscape(n)}\\b/);`;
export const hasValue = (code: string, value: string): string => `await expect(${code}).toHaveValue(${tsString(value)});`;

/** `await expect(page).toHaveURL(/\/about(?:[?#].*)?$/);` for a path (query and hash allowed after it). */
export function urlIs(path: string): string {
  const p = path === '' ? '/' : path;
  return `await expect(page).toHaveURL(/${regexEscape(p)}(?:[?#].*)?$/);`;
}

/** A role locator whose name keeps only the part before the first number ("Cart 1 items" → "Cart"). */
export function stableName(name: string): string {
  const m = /^(.*?)\s*\d/.exec(name);
  return (m ? (m[1] ?? '') : name).replace(/[\s:·,-]+$/, '').trim();
}
