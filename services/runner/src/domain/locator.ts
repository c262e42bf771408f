// Structured Playwright locators (what scribe sends and what snapshots offer) and the code a test
// would contain for them, e.g. page.getByRole('button', { name: 'Log in' }).

export type LocatorKind = 'role' | 'label' | 'testId' | 'text' | 'placeholder' | 'css' | 'altText' | 'title';

export interface LocatorSpec {
  kind: LocatorKind;
  /** ARIA role (kind role). */
  role?: string;
  /** Accessible name (kind role); empty = any. */
  name?: string;
  /** Text, label, test id, placeholder, alt text, title or CSS selector. */
  value?: string;
  exact?: boolean;
  within?: LocatorSpec;
  /** CSS selector of the iframe whose document the locator resolves in (outermost locator only). */
  frame?: string;
}

/** A JavaScript single-quoted string literal, as Playwright's codegen writes them. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function call(l: LocatorSpec): string {
  const exact = l.exact ? ', { exact: true }' : '';
  const value = quote(l.value ?? '');
  switch (l.kind) {
    case 'role': {
      const opts: string[] = [];
      if (l.name) opts.push(`name: ${quote(l.name)}`);
      if (l.name && l.exact) opts.push('exact: true');
      return `getByRole(${quote(l.role ?? '')}${opts.length ? `, { ${opts.join(', ')} }` : ''})`;
    }
    case 'label':
      return `getByLabel(${value}${exact})`;
    case 'testId':
      return `getByTestId(${value})`;
    case 'text':
      return `getByText(${value}${exact})`;
    case 'placeholder':
      return `getByPlaceholder(${value}${exact})`;
    case 'altText':
      return `getByAltText(${value}${exact})`;
    case 'title':
      return `getByTitle(${value}${exact})`;
    case 'css':
      return `locator(${value})`;
  }
}

/** `page.…` code for the locator, outermost `within` first. */
export function locatorCode(l: LocatorSpec): string {
  const chain: LocatorSpec[] = [];
  for (let cur: LocatorSpec | undefined = l; cur; cur = cur.within) chain.unshift(cur);
  // Only the outermost locator of the chain may carry the frame.
  const frame = chain[0]?.frame;
  const base = frame ? `page.locator(${quote(frame)}).contentFrame()` : 'page';
  return [base, ...chain.map(call)].join('.');
}

/** Problems with a locator sent by a caller ("" when fine); `field` names it in the message. */
export function locatorProblem(l: LocatorSpec, field: string, depth = 0): string {
  if (depth > 3) return `${field}: nesting is limited to 3 levels of within`;
  if (l.kind === 'role') {
    if (!l.role || !/^[a-z]+$/.test(l.role)) return `${field}.role: an ARIA role is required for kind ROLE`;
  } else if (!l.value) {
    return `${field}.value: is required for this kind`;
  }
  if ((l.value ?? '').length > 1000 || (l.name ?? '').length > 1000 || (l.frame ?? '').length > 1000)
    return `${field}: value, name and frame are limited to 1000 characters`;
  if (l.frame && l.within) return `${field}.frame: goes on the outermost locator of a within chain`;
  return l.within ? locatorProblem(l.within, `${field}.within`, depth + 1) : '';
}
