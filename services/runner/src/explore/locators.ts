// Structured locators → Playwright locators on a page.

import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { LocatorSpec } from '../domain/locator';

export function toPlaywright(page: Page, l: LocatorSpec): Locator {
  const base: Page | Locator | FrameLocator = l.within
    ? toPlaywright(page, l.within)
    : l.frame
      ? page.locator(l.frame).contentFrame()
      : page;
  const exact = l.exact === true;
  const value = l.value ?? '';
  switch (l.kind) {
    case 'role':
      return base.getByRole(
        l.role as Parameters<Page['getByRole']>[0],
        l.name ? { name: l.name, exact } : {},
      );
    case 'label':
      return base.getByLabel(value, { exact });
    case 'testId':
      return base.getByTestId(value);
    case 'text':
      return base.getByText(value, { exact });
    case 'placeholder':
      return base.getByPlaceholder(value, { exact });
    case 'altText':
      return base.getByAltText(value, { exact });
    case 'title':
      return base.getByTitle(value, { exact });
    case 'css':
      return base.locator(value);
  }
}
