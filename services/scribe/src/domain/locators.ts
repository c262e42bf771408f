// Playwright locator code from the runner's structured locators, written the way a person would:
// getByRole with a name first, then getByLabel, getByTestId, getByText (the runner already picked a
// locator that was unique on the page; this only renders it and keeps the structure for reuse).
import { runner } from '@superagent/proto';
import { tsString } from './text';

export type Locator = runner.Locator;
const Kind = runner.LocatorKind;

function call(method: string, value: string, exact: boolean): string {
  return exact ? `${method}(${tsString(value)}, { exact: true })` : `${method}(${tsString(value)})`;
}

/**
 * `page.getByRole('button', { name: 'Log in' })` for a locator (scoped ones chain; one in an iframe
 * starts from `page.locator('iframe[…]').contentFrame()`).
 */
export function locatorCode(l: Locator): string {
  const base = l.within
    ? locatorCode(l.within)
    : l.frame
      ? `page.locator(${tsString(l.frame)}).contentFrame()`
      : 'page';
  switch (l.kind) {
    case Kind.ROLE: {
      const opts: string[] = [];
      if (l.name) opts.push(`name: ${tsString(l.name)}`);
      if (l.name && l.exact) opts.push('exact: true');
      return `${base}.getByRole(${tsString(l.role)}${opts.length > 0 ? `, { ${opts.join(', ')} }` : ''})`;
    }
    case Kind.LABEL:
      return `${base}.${call('getByLabel', l.value, l.exact)}`;
    case Kind.TEST_ID:
      return `${base}.getByTestId(${tsString(l.value)})`;
    case Kind.TEXT:
      return `${base}.${call('getByText', l.value, l.exact)}`;
    case Kind.PLACEHOLDER:
      return `${base}.${call('getByPlaceholder', l.value, l.exact)}`;
    case Kind.ALT_TEXT:
      return `${base}.${call('getByAltText', l.value, l.exact)}`;
    case Kind.TITLE:
      return `${base}.${call('getByTitle', l.value, l.exact)}`;
    case Kind.CSS:
      return `${base}.locator(${tsString(l.value)})`;
    default:
      return `${base}.locator(${tsString(l.value)})`;
  }
}

/** A text locator (for assertions on text the page shows). */
export function textLocator(text: string, exact = false): Locator {
  return runner.Locator.fromPartial({ kind: Kind.TEXT, value: text, exact });
}

export function roleLocator(role: string, name = '', exact = false): Locator {
  return runner.Locator.fromPartial({ kind: Kind.ROLE, role, name, exact });
}

/** True for a role locator without a name (e.g. `getByRole('status')`): not specific enough for text. */
export function isBareRole(l: Locator): boolean {
  return l.kind === Kind.ROLE && l.name === '' && !l.within;
}

/** Preference rank of a locator kind (lower is better), as the issue orders them. */
export function locatorRank(l: Locator): number {
  switch (l.kind) {
    case Kind.ROLE:
      return l.name ? 0 : 5;
    case Kind.LABEL:
      return 1;
    case Kind.TEST_ID:
      return 2;
    case Kind.TEXT:
      return 3;
    case Kind.PLACEHOLDER:
      return 4;
    default:
      return 6;
  }
}

/** The locator without its `code` (requests to the runner ignore it; memory keeps it compact). */
export function stripCode(l: Locator): Locator {
  return runner.Locator.fromPartial({ ...l, code: '', ...(l.within ? { within: stripCode(l.within) } : {}) });
}
