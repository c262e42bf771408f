// The in-page half of an explore step: wait for a quiet DOM, then collect the snapshot of the page.

import { collectSnapshot, type SnapshotArgs } from './snapshot-script';

/** Runs in the page: resolves once the DOM has been quiet for `quietMs` (or after `maxMs`). */
function waitForQuietDom(quietMs: number, maxMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer = setTimeout(done, quietMs);
    const cap = setTimeout(done, maxMs);
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    function done(): void {
      observer.disconnect();
      clearTimeout(timer);
      clearTimeout(cap);
      resolve();
    }
  });
}

export type SettleAndCollectArgs = SnapshotArgs & { quietMs: number; maxMs: number };

/**
 * In the page: waits for a quiet DOM, then collects the snapshot, answered as one JSON string (one
 * page call per step; a string is far cheaper for Playwright to carry than an object graph). Both
 * functions are self-contained, so their sources can be joined.
 */
const SETTLE_AND_COLLECT = `(args) => (${waitForQuietDom.toString()})(args.quietMs, args.maxMs).then(() => JSON.stringify((${collectSnapshot.toString()})(args)))`;
/** Global the init script defines in every document of an explore context. */
const HELPER = '__superagentExploreSnapshot';
/**
 * Installed once per context, so each step sends a few bytes instead of the ~20 KB collector
 * source. Not enumerable, not replaceable: the page's own scripts run after it and cannot swap it.
 */
export const INSTALL_HELPER = `Object.defineProperty(globalThis, '${HELPER}', { value: ${SETTLE_AND_COLLECT}, enumerable: false, writable: false, configurable: false });`;
/* eslint-disable @typescript-eslint/no-implied-eval -- both built from our own functions above */
/** Calls the installed helper; null in a document the init script did not reach. */
export const callHelper = new Function(
  'args',
  `const helper = globalThis['${HELPER}']; return typeof helper === 'function' ? helper(args) : null;`,
) as (args: SettleAndCollectArgs) => Promise<string | null>;
/** The same work with the collector sent along, for such a document. */
export const settleAndCollect = new Function('args', `return (${SETTLE_AND_COLLECT})(args);`) as (
  args: SettleAndCollectArgs,
) => Promise<string>;
/* eslint-enable @typescript-eslint/no-implied-eval */
