// What a spec worker may ask of the Playwright server, checked in the browser host (sandbox-proxy.ts)
// on every protocol call before it reaches the server: spec code can reach Playwright's connection
// internals in its worker, so this is where the sandbox holds. It refuses what gives raw control of
// the shared browser (CDP sessions of any kind, browser tracing, servers, launching or
// connecting browsers), reads or writes of the host's files (file: navigation, local upload paths,
// saving artifacts to a path, trace names that escape the trace directory) and API requests the
// browser host would send to hosts outside the allow-list (the host resolver rules only bind
// Chromium; `APIRequestContext.fetch` runs in the host's Node process).

import { originMatches, type OriginPattern } from '../domain/url-policy';

/** A client-to-server protocol message, as Playwright's connection sends it. */
export interface ProtocolCall {
  id?: unknown;
  guid?: unknown;
  method?: unknown;
  params?: unknown;
}

/** Methods refused whatever object they are called on (none of them has a harmless namesake). */
const REFUSED_METHODS: ReadonlyMap<string, string> = new Map([
  ['newBrowserCDPSession', 'a browser CDP session'],
  ['newCDPSession', 'a CDP session'],
  ['startTracing', 'browser tracing'],
  ['stopTracing', 'browser tracing'],
  ['startServer', 'starting a server'],
  ['stopServer', 'stopping a server'],
  ['newContextForReuse', 'reused contexts'],
  ['disconnectFromReusedContext', 'reused contexts'],
  ['launchPersistentContext', 'launching a browser'],
  ['connectOverCDP', 'connecting over CDP'],
  ['connectToWorker', 'connecting to a worker'],
  ['newRequest', 'an API request context outside a browser context'],
  ['pause', 'the inspector'],
  ['showRecorder', 'the recorder'],
  ['startRecording', 'the recorder'],
  ['stopRecording', 'the recorder'],
  ['harOpen', 'local HAR files'],
  ['harUnzip', 'local HAR files'],
  ['zip', 'local zip files'],
]);

/** Object kinds (guid prefixes) no sandboxed client may call at all. */
const REFUSED_OBJECTS = [
  // BrowserType (launch, connectOverCDP, …) and LocalUtils (connect, zip, HAR files).
  'browser-type@',
  'localUtils',
  'android',
  'electron',
  'socksSupport',
  'jsonPipe',
  'DebugController',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Largest message Playwright's server takes (its `ws` default), and so the largest the proxy passes on. */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * The start of the close reason the proxy gives a connection it closes because of a malformed
 * message. Playwright's client makes the close reason the message of every call it rejects after,
 * and the worker looks for it, so the run is reported as the spec's doing, not as a browser crash.
 */
export const MALFORMED_CLOSE_PREFIX =
  'the runner sandbox closed the browser connection on a message that is not a Playwright call (';

/**
 * The close reason the proxy gives a connection whose client sent a message over MAX_MESSAGE_BYTES
 * (an ordinary API call can: a huge evaluate argument, page content or route body). Read like the
 * malformed one.
 */
export const OVERSIZE_CLOSE_REASON =
  'the runner sandbox closed the browser connection on a message over 100 MiB (the most a Playwright server takes)';

/**
 * The close reason the proxy gives a connection when the browser's side sent it a message over
 * MAX_MESSAGE_BYTES: an answer to a call of the spec (a huge evaluate result, page content, a
 * screenshot or response body) or an event (a huge WebSocket frame of the page). The proxy does not
 * take it, the client never sees it, and the browser is fine. Read like the others.
 */
export const BROWSER_OVERSIZE_CLOSE_REASON =
  'the runner sandbox closed the browser connection on a message from the browser over 100 MiB';

/** The close reason for a malformed message (at most 123 bytes, the WebSocket limit). */
export function malformedCloseReason(what: string): string {
  return `${MALFORMED_CLOSE_PREFIX}${what})`;
}

/**
 * What follows `text` in a close reason as Playwright's client reports it: it rejects every pending
 * call with one error object whose message is the reason, and each call puts its own name in front
 * ("page.goto: …"), so the reason may come after such names (and nothing else).
 */
function reasonAfter(reason: string | undefined, text: string): string | undefined {
  const at = reason?.indexOf(text) ?? -1;
  if (reason === undefined || at < 0 || !/^(?:[a-z][A-Za-z]*\.[A-Za-z]+: )*$/.test(reason.slice(0, at)))
    return undefined;
  return reason.slice(at + text.length);
}

/** What was malformed, when a close reason is the proxy's for a malformed message. */
export function malformedInCloseReason(reason: string | undefined): string | undefined {
  const what = reasonAfter(reason, MALFORMED_CLOSE_PREFIX);
  return what?.endsWith(')') && what.length > 1 ? what.slice(0, -1) : undefined;
}

/** Whether a close reason is the proxy's for a message over MAX_MESSAGE_BYTES. */
export function oversizeInCloseReason(reason: string | undefined): boolean {
  return reasonAfter(reason, OVERSIZE_CLOSE_REASON) === '';
}

/** Whether a close reason is the proxy's for a message from the browser over MAX_MESSAGE_BYTES. */
export function browserOversizeInCloseReason(reason: string | undefined): boolean {
  return reasonAfter(reason, BROWSER_OVERSIZE_CLOSE_REASON) === '';
}

const ABORT_METHOD = '__abort__';
/** What a message named `__abort__` that is not a cancellation as the client writes it is. */
const MALFORMED_ABORT = 'malformed __abort__';

const JSON_KINDS: Record<string, string> = {
  string: 'JSON string',
  number: 'JSON number',
  boolean: 'JSON boolean',
};

/** A call id as Playwright's clients make them: a string (`"hovr@2"`, 1.65) or a positive integer. */
function validId(id: unknown): id is string | number {
  if (typeof id === 'string') return id !== '' && id.length <= 256;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}

/**
 * A cancellation, as Playwright's client sends it when the AbortSignal given to a call fires while
 * the call is pending (`Connection.sendMessageToServer`, playwright-core 1.65):
 * `{ guid, method: '__abort__', params: { id, reason } }`, with no id of its own (nothing answers it),
 * the guid of the object called, the id of the call it cancels and the signal's reason as a string.
 * The server ends that call with the reason as its error, or does nothing when no call of this
 * connection has that id (it answered it already: the cancellation may cross the answer).
 */
export interface ProtocolAbort {
  guid: string;
  method: '__abort__';
  params: { id: string | number; reason: string };
}

/** Whether `v` has exactly the keys `keys` (own, enumerable), in any order. */
function hasExactly(v: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
}

/** Whether `v` (an object with method `__abort__`) is a cancellation exactly as the client writes it. */
function wellFormedAbort(v: Record<string, unknown>): v is Record<string, unknown> & ProtocolAbort {
  const params = v.params;
  return (
    hasExactly(v, ['guid', 'method', 'params']) &&
    typeof v.guid === 'string' &&
    isObject(params) &&
    !Array.isArray(params) &&
    hasExactly(params, ['id', 'reason']) &&
    validId(params.id) &&
    typeof params.reason === 'string'
  );
}

export type ParsedMessage = { call: ProtocolCall } | { abort: ProtocolAbort } | { malformed: string };

/**
 * A client-to-server message as a protocol call or a cancellation, or what is wrong with it. Playwright's
 * client sends two kinds of message (connection code of playwright-core 1.65): calls, each a JSON
 * object with an id (validId), a string guid and method, and object params (`__waitInfo__`, which
 * nothing answers, included); and cancellations (ProtocolAbort). Anything else was written to the
 * connection by other code (a spec reaching Playwright's internals), and closes it. (The client's
 * SOCKS interceptor also writes calls, with negative ids, but only to a server's `SocksSupport`
 * object, which the runner's servers never create: no client gets its header through the proxy.)
 * A well-formed call the client never made is passed on: the server answers it under an id the
 * client does not know, the client closes the connection itself ("Cannot find command to respond"),
 * and the worker reports that as the spec's doing (browser-session.ts, browserMisuse).
 */
export function parseCall(text: string | undefined): ParsedMessage {
  if (text === undefined) return { malformed: 'binary frame' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { malformed: 'not JSON' };
  }
  if (value === null) return { malformed: 'JSON null' };
  if (Array.isArray(value)) return { malformed: 'JSON array' };
  if (typeof value !== 'object') return { malformed: JSON_KINDS[typeof value] ?? 'not an object' };
  const message = value as Record<string, unknown>;
  if (message.method === ABORT_METHOD)
    return wellFormedAbort(message) ? { abort: message } : { malformed: MALFORMED_ABORT };
  const call = message as ProtocolCall;
  if (!validId(call.id)) return { malformed: 'id not a number or string' };
  if (typeof call.guid !== 'string') return { malformed: 'guid not a string' };
  if (typeof call.method !== 'string') return { malformed: 'method not a string' };
  if (call.params !== undefined && (!isObject(call.params) || Array.isArray(call.params)))
    return { malformed: 'params not an object' };
  return { call };
}

/** Navigation targets a page may be sent to: http(s), about:blank, data:, or relative to the base URL. */
export function navigableUrl(raw: string): boolean {
  let u: URL;
  try {
    // Parsed as the server and Chromium would; a relative URL resolves against the context's base URL.
    u = new URL(raw, 'http://relative.invalid/');
  } catch {
    return false;
  }
  return (
    u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'data:' || u.href === 'about:blank'
  );
}

/** Whether the browser host may send an API request to `raw` (absolute) for any run. */
export function fetchableUrl(raw: string, origins: readonly OriginPattern[]): boolean {
  let u: URL;
  try {
    u = new URL(raw, 'http://relative.invalid/');
  } catch {
    return false;
  }
  // Relative URLs resolve against the context's base URL, which newContext keeps inside the allow-list.
  if (u.host === 'relative.invalid') return true;
  return origins.some((p) => originMatches(p, u));
}

/**
 * Storage state names origins the server opens a page on to write their storage: each must be an
 * http(s) origin in the allow-list (anything else would be a navigation nothing else checks).
 */
function storageStateRefusal(state: unknown, origins: readonly OriginPattern[]): string | undefined {
  if (!isObject(state) || state.origins === undefined) return undefined;
  if (!Array.isArray(state.origins)) return refuse('storage state origins that are not a list');
  for (const entry of state.origins) {
    const origin = isObject(entry) ? entry.origin : undefined;
    if (typeof origin !== 'string' || !/^https?:\/\//i.test(origin.trim()) || !fetchableUrl(origin, origins))
      return refuse(`storage state for ${shown(origin)}`);
  }
  return undefined;
}

/** A protocol value for a message (clipped). */
function shown(v: unknown): string {
  return (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined')).slice(0, 200);
}

function refuse(what: string): string {
  return `${what} is not allowed by the runner sandbox`;
}

/** Why `call` is refused, or undefined when it may go to the server. */
export function refusal(call: ProtocolCall, origins: readonly OriginPattern[]): string | undefined {
  const method = call.method;
  const guid = typeof call.guid === 'string' ? call.guid : '';
  if (typeof method !== 'string') return undefined;
  if (guid === '' && method === 'initialize') return undefined;
  const params = isObject(call.params) ? call.params : {};
  if (REFUSED_OBJECTS.some((prefix) => guid.startsWith(prefix))) return refuse(`${method} on ${guid}`);
  const named = REFUSED_METHODS.get(method);
  if (named) return refuse(named);
  switch (method) {
    case 'killForTests':
      return refuse('killing the browser');
    case 'send':
      // Only CDP sessions have a `send`, and none can be opened through the proxy.
      return refuse(`send on ${guid}`);
    case 'goto':
      return typeof params.url === 'string' && navigableUrl(params.url)
        ? undefined
        : refuse(`navigating to ${shown(params.url)}`);
    case 'continue':
    case 'redirectNavigationRequest':
      return params.url === undefined || (typeof params.url === 'string' && navigableUrl(params.url))
        ? undefined
        : refuse(`routing a request to ${shown(params.url)}`);
    case 'setStorageState':
      return storageStateRefusal(params.storageState, origins);
    case 'newContext':
      if (params.proxy !== undefined) return refuse('a proxy');
      if (params.storageState !== undefined) {
        const why = storageStateRefusal(params.storageState, origins);
        if (why !== undefined) return why;
      }
      if (params.clientCertificates !== undefined) return refuse('client certificates');
      if (params.recordVideo !== undefined) return refuse('video');
      if (params.baseURL !== undefined) {
        if (typeof params.baseURL !== 'string' || !/^https?:/i.test(params.baseURL))
          return refuse(`baseURL ${shown(params.baseURL)}`);
        if (!fetchableUrl(params.baseURL, origins))
          return refuse(`baseURL ${shown(params.baseURL)} (outside the allow-list)`);
      }
      return undefined;
    case 'setInputFiles':
      return params.localPaths !== undefined || params.localDirectory !== undefined
        ? refuse('uploading files by their path on the browser host')
        : undefined;
    case 'saveAs':
      return refuse('saving an artifact to a path on the browser host (use saveAs from the client)');
    case 'tracingStart':
    case 'tracingStartChunk':
      return typeof params.name === 'string' && /[/\\]|\.\./.test(params.name)
        ? refuse('a trace name with a path')
        : undefined;
    case 'fetch': {
      if (typeof params.url !== 'string' || !fetchableUrl(params.url, origins))
        return refuse(`an API request to ${shown(params.url)}`);
      // Redirects are followed by the worker, hop by hop, so each one is checked.
      return params.maxRedirects === 0 ? undefined : refuse('an API request that follows redirects');
    }
    default:
      return undefined;
  }
}
