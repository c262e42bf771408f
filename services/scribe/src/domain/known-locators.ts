// Locators remembered for a site (from patterns that passed), keyed by the words of the target they
// found: the local generator prefers them when the live page still has the same element.
import { contentStems } from './text';

export interface KnownLocators {
  /** Every remembered locator code of the site. */
  codes: ReadonlySet<string>;
  /** Target key (content stems) → locator codes learned for it. */
  byTarget: ReadonlyMap<string, readonly string[]>;
}

export const NO_KNOWN_LOCATORS: KnownLocators = { codes: new Set(), byTarget: new Map() };

export function targetKey(target: string): string {
  return [...new Set(contentStems(target))].sort().join(' ');
}

export function knownLocators(entries: readonly { target: string; locator: string }[]): KnownLocators {
  const codes = new Set<string>();
  const byTarget = new Map<string, string[]>();
  for (const e of entries) {
    if (e.locator === '') continue;
    codes.add(e.locator);
    const key = targetKey(e.target);
    if (key === '') continue;
    const list = byTarget.get(key) ?? [];
    if (!list.includes(e.locator)) list.push(e.locator);
    byTarget.set(key, list);
  }
  return { codes, byTarget };
}
