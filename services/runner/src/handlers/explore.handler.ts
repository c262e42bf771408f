import type * as grpc from '@grpc/grpc-js';
import {
  type CallContext,
  deadlineExceeded,
  invalidArgument,
  resourceExhausted,
  type StreamWriter,
} from '@superagent/grpc';
import type { runner } from '@superagent/proto';
import { checkTargetUrl, type OriginPattern } from '../domain/url-policy';
import type { ExploreSession } from '../explore/explore-session';
import { type ExploreSessions, TooManySessions } from '../explore/explore-sessions';
import { unlessAborted } from '../explore/unless-aborted';
import { abortReason } from '../pool/abort-reason';
import { fromProtoAct, toExploreResponse } from './explore.mapper';

export interface ExploreLimits {
  allowedOrigins: readonly OriginPattern[];
  idleMs: number;
  maxMs: number;
}

const DEFAULT_NODES = 400;
const MAX_NODES = 2000;
const DEFAULT_ACTION_TIMEOUT_MS = 5000;

function openOptions(open: runner.ExploreOpen, limits: ExploreLimits) {
  const url = checkTargetUrl(open.url, limits.allowedOrigins);
  if (!url.ok) throw invalidArgument('open.url', url.why);
  const vp = open.viewport;
  if (vp && (vp.width < 200 || vp.width > 4096 || vp.height < 200 || vp.height > 4096))
    throw invalidArgument('open.viewport', 'width and height must be 200 .. 4096');
  if (open.maxSnapshotNodes < 0 || open.maxSnapshotNodes > MAX_NODES)
    throw invalidArgument('open.max_snapshot_nodes', `must be 0 .. ${MAX_NODES}`);
  if (open.actionTimeoutMs < 0 || open.actionTimeoutMs > 120_000)
    throw invalidArgument('open.action_timeout_ms', 'must be 0 .. 120000');
  return {
    url: url.url.href,
    ...(vp ? { viewport: { width: vp.width, height: vp.height } } : {}),
    maxNodes: open.maxSnapshotNodes || DEFAULT_NODES,
    actionTimeoutMs: open.actionTimeoutMs || DEFAULT_ACTION_TIMEOUT_MS,
  };
}

/** Next client message, or an error once the session has been idle (or open) too long. */
async function nextMessage(
  it: AsyncIterator<runner.ExploreRequest>,
  waitMs: number,
  signal: AbortSignal,
): Promise<IteratorResult<runner.ExploreRequest>> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      it.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              deadlineExceeded(
                `explore session closed after ${waitMs}ms without a message or at its time limit`,
              ),
            ),
          waitMs,
        );
      }),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs one step of the session with a signal that aborts when the call does, or when the session
 * reaches its time limit (DEADLINE_EXCEEDED), and stops waiting for the step then: a step must not
 * keep the session, and its tab, past either. (Opening passes the signal on instead: a session it
 * opened after the abort would otherwise be left behind.)
 */
async function withinLimits<T>(
  call: AbortSignal,
  remainingMs: number,
  maxMs: number,
  step: (signal: AbortSignal) => Promise<T>,
  stopWaiting: boolean,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        deadlineExceeded(`explore session reached its time limit (${maxMs} ms) during a step`),
      ),
    Math.max(0, remainingMs),
  );
  const onCall = (): void => controller.abort(call.reason);
  call.addEventListener('abort', onCall, { once: true });
  if (call.aborted) onCall();
  try {
    const work = step(controller.signal);
    return await (stopWaiting ? unlessAborted(work, controller.signal) : work);
  } finally {
    clearTimeout(timer);
    call.removeEventListener('abort', onCall);
  }
}

/** Explore: `open` first, then one answer per `act`; the context is freed however the stream ends. */
export function exploreHandler(sessions: ExploreSessions, limits: ExploreLimits) {
  return async (
    call: grpc.ServerDuplexStream<runner.ExploreRequest, runner.ExploreResponse>,
    ctx: CallContext & StreamWriter<runner.ExploreResponse>,
  ): Promise<void> => {
    const startedAt = Date.now();
    const it = (call as AsyncIterable<runner.ExploreRequest>)[Symbol.asyncIterator]();
    let session: ExploreSession | undefined;
    let index = 0;
    const limited = <T>(step: (signal: AbortSignal) => Promise<T>, stopWaiting = true): Promise<T> =>
      withinLimits(ctx.signal, limits.maxMs - (Date.now() - startedAt), limits.maxMs, step, stopWaiting);
    try {
      for (;;) {
        const wait = Math.min(limits.idleMs, limits.maxMs - (Date.now() - startedAt));
        const next = await nextMessage(it, Math.max(0, wait), ctx.signal);
        if (next.done) return;
        const msg = next.value;
        if (!session) {
          if (!msg.open) throw invalidArgument('open', 'the first message of an Explore stream must be open');
          const options = openOptions(msg.open, limits);
          try {
            const opened = await limited((signal) => sessions.start(options, signal), false);
            session = opened.session;
            await ctx.write({ ...toExploreResponse(0, opened.report), fixtureFiles: sessions.fixtures() });
          } catch (err) {
            if (err instanceof TooManySessions) throw resourceExhausted('explore sessions', err.message);
            throw err;
          }
        } else if (msg.act) {
          const action = fromProtoAct(msg.act);
          index++;
          const open = session;
          await ctx.write(toExploreResponse(index, await limited(() => open.act(action))));
        } else if (msg.close) {
          await ctx.write({
            stepIndex: index + 1,
            ok: true,
            error: '',
            errorCategory: 0,
            snapshot: undefined,
            changes: undefined,
            durationMs: 0,
            closed: true,
            fixtureFiles: [],
          });
          return;
        } else if (msg.open) {
          throw invalidArgument('open', 'the session is already open');
        } else {
          throw invalidArgument('command', 'one of open, act or close is required');
        }
      }
    } finally {
      if (session) sessions.end(session);
    }
  };
}
