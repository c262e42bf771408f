// The in-page half of an explore step: wait for a quiet DOM, then collect the snapshot of the page.

import { collectSnapshot, type SnapshotArgs } from './snapshot-script';

/** Global where the init script counts a document's XHR and fetch requests still in flight. */
const NETWORK = '__superagentExploreNetwork';

/**
 * Runs in every document of an explore context before the page's own scripts: counts the XHR and
 * fetch requests in flight, and when that count last changed, so a step's snapshot can wait for
 * the answers the step asked for (a click that uploads files or saves a form changes the page only
 * when the server answers; on a busy machine that is often after the DOM has gone quiet).
 * WebSockets and EventSource streams stay open by design and are not counted.
 */
function trackRequests(key: string): void {
  const state = { pending: 0, changedAt: Date.now() };
  Object.defineProperty(globalThis, key, {
    value: state,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  const started = (): (() => void) => {
    state.pending++;
    state.changedAt = Date.now();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      state.pending--;
      state.changedAt = Date.now();
    };
  };
  if (typeof XMLHttpRequest === 'function') {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ) {
      const end = started();
      this.addEventListener('loadend', end, { once: true });
      try {
        send.call(this, body);
      } catch (err) {
        end();
        throw err;
      }
    };
  }
  if (typeof fetch === 'function') {
    const original = fetch;
    globalThis.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      const end = started();
      try {
        const answer = original.apply(this, args);
        answer.then(end, end);
        return answer;
      } catch (err) {
        end();
        throw err;
      }
    };
  }
}

/**
 * Runs in the page: resolves once the DOM has been quiet for `quietMs` and no request counted by
 * trackRequests is in flight (its end counts as a change: the answer's handler is about to update
 * the page). Past `maxMs` only requests in flight hold it, and nothing past `networkMaxMs`.
 */
function waitForQuietPage(
  quietMs: number,
  maxMs: number,
  networkMaxMs: number,
  networkKey: string,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const network = (globalThis as Record<string, unknown>)[networkKey] as
      { pending: number; changedAt: number } | undefined;
    const started = Date.now();
    let changedAt = started;
    const observer = new MutationObserver(() => {
      changedAt = Date.now();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const check = (): void => {
      const now = Date.now();
      const busy = (network?.pending ?? 0) > 0;
      const quietSince = Math.max(changedAt, network?.changedAt ?? 0);
      const settled = !busy && (now - quietSince >= quietMs || now - started >= maxMs);
      if (settled || now - started >= Math.max(maxMs, networkMaxMs)) {
        observer.disconnect();
        resolve();
        return;
      }
      setTimeout(
        check,
        busy ? 25 : Math.max(1, Math.min(quietMs - (now - quietSince), maxMs - (now - started))),
      );
    };
    setTimeout(check, quietMs);
  });
}

export type SettleAndCollectArgs = SnapshotArgs & { quietMs: number; maxMs: number; networkMaxMs: number };

/**
 * In the page: waits for a quiet DOM, then collects the snapshot, answered as one JSON string (one
 * page call per step; a string is far cheaper for Playwright to carry than an object graph). Both
 * functions are self-contained, so their sources can be joined.
 */
const SETTLE_AND_COLLECT = `(args) => (${waitForQuietPage.toString()})(args.quietMs, args.maxMs, args.networkMaxMs, '${NETWORK}').then(() => JSON.stringify((${collectSnapshot.toString()})(args)))`;
/** Global the init script defines in every document of an explore context. */
const HELPER = '__superagentExploreSnapshot';
/**
 * Installed once per context, so each step sends a few bytes instead of the ~20 KB collector
 * source. Not enumerable, not replaceable: the page's own scripts run after it and cannot swap it.
 */
export const INSTALL_HELPER = `(${trackRequests.toString()})('${NETWORK}'); Object.defineProperty(globalThis, '${HELPER}', { value: ${SETTLE_AND_COLLECT}, enumerable: false, writable: false, configurable: false });`;
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
