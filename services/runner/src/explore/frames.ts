// Iframes in an explore snapshot: each visible child frame that a CSS selector can name is
// snapshotted in its own document and its nodes are added after the page's, their locators scoped
// to the frame (`page.locator('iframe[title="…"]').contentFrame()…`), as a test must write them.

import type { Frame } from 'playwright-core';
import type { RawSnapshot } from './snapshot-script';

/** Child frames looked at per snapshot (ads and widgets can bring dozens). */
export const MAX_FRAMES = 5;

/**
 * Runs in the parent document on the <iframe> element: a selector naming it alone there (title,
 * then name, then id), or '' when none does or the frame is not visible.
 */
function selectorInParent(el: Element): string {
  const style = getComputedStyle(el);
  if (el.getClientRects().length === 0 || style.visibility === 'hidden') return '';
  const tag = el.tagName.toLowerCase();
  // Inside a quoted attribute value only quotes, backslashes and line breaks need escaping.
  const quoted = (value: string): string =>
    value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ').replace(/\r/g, '\\d ');
  const attr = (name: string, value: string): string => `${tag}[${name}="${quoted(value)}"]`;
  const tries: string[] = [];
  const title = el.getAttribute('title');
  if (title) tries.push(attr('title', title));
  const name = el.getAttribute('name');
  if (name) tries.push(attr('name', name));
  if (el.id) tries.push(`#${CSS.escape(el.id)}`);
  return tries.find((selector) => el.ownerDocument.querySelectorAll(selector).length === 1) ?? '';
}

/** The selector of a child frame's element in its parent page ('' when it has none that is unique). */
export async function frameSelector(frame: Frame): Promise<string> {
  const element = await frame.frameElement().catch(() => undefined);
  if (!element) return '';
  try {
    return await element.evaluate(selectorInParent).catch(() => '');
  } finally {
    await element.dispose().catch(() => undefined);
  }
}

/**
 * Adds a frame's snapshot to the page's (within the page's node budget): its nodes one level
 * deeper, containers renumbered, every candidate marked with the frame, its text lines appended.
 */
export function mergeFrameSnapshot(
  page: RawSnapshot,
  frame: RawSnapshot,
  selector: string,
  maxNodes: number,
): RawSnapshot {
  const offset = page.nodes.length;
  const room = Math.max(0, maxNodes - offset);
  const added = frame.nodes.slice(0, room).map((n) => ({
    ...n,
    depth: n.depth + 1,
    container: n.container >= 0 && n.container < room ? n.container + offset : -1,
    candidates: n.candidates.map((c) => ({ ...c, frame: selector })),
  }));
  return {
    ...page,
    nodes: [...page.nodes, ...added],
    total: page.total + frame.total,
    lines: [...page.lines, ...frame.lines],
  };
}
