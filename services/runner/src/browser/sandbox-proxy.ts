// The WebSocket endpoint clients of a browser host connect to: it forwards each connection to the
// Playwright server (which listens on loopback under a path only this process knows) and checks
// every client-to-server call against the sandbox policy first. A refused call never reaches the
// server; the client gets an error answer for it. Server-to-client messages are forwarded as they
// come, unparsed, so the cost on a run's hot path is one JSON.parse per call. A message over
// MAX_MESSAGE_BYTES either way closes that connection with a reason saying which side sent it.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { OriginPattern } from '../domain/url-policy';
import {
  BROWSER_OVERSIZE_CLOSE_REASON,
  MAX_MESSAGE_BYTES,
  OVERSIZE_CLOSE_REASON,
  malformedCloseReason,
  parseCall,
  refusal,
} from './sandbox-policy';

interface WsSocket {
  readonly readyState: number;
  send(data: Buffer | string, options: { binary: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'open', listener: () => void): this;
}

interface WsServer {
  handleUpgrade(
    req: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    done: (client: WsSocket) => void,
  ): void;
  close(): void;
}

interface WsBundle {
  ws: new (
    url: string,
    options: { perMessageDeflate: boolean; maxPayload: number; headers: Record<string, string> },
  ) => WsSocket;
  wsServer: new (options: { noServer: true; perMessageDeflate: boolean; maxPayload: number }) => WsServer;
}

// The `ws` build Playwright itself uses (an exported entry of playwright-core).
const { ws: WebSocket, wsServer: WebSocketServer } = createRequire(__filename)(
  'playwright-core/lib/utilsBundle',
) as WsBundle;

const OPEN = 1;
/** The close code `ws` uses for a message over maxPayload (and for nothing else here). */
const MESSAGE_TOO_BIG = 1009;
/** The error code `ws` emits for a message over maxPayload. */
const TOO_BIG_ERROR = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

function tooBig(err: Error): boolean {
  return (err as { code?: unknown }).code === TOO_BIG_ERROR;
}

/** Calls a client may send before the server connection is up (the handshake needs a handful). */
const MAX_QUEUED = 64;
/** Connections at once: a worker or the service holds one per browser; more is a spec opening its own. */
const MAX_CONNECTIONS = 64;

export interface SandboxProxyOptions {
  /** The Playwright server's own endpoint (never handed out). */
  upstream: string;
  /** Origins any run may use; API requests to other hosts are refused. */
  origins: readonly OriginPattern[];
  /**
   * Awaited before a client learns that the server closed its connection, so the service hears that
   * the browser died before a run on it can report its tests as failed.
   */
  beforeClientClose: () => Promise<void>;
}

export interface SandboxProxy {
  wsEndpoint: string;
  close(): Promise<void>;
}

function closeCode(code: number): number {
  // 1005/1006/1015 are reserved for "no status"/"abnormal"; they cannot be sent.
  return code >= 1000 && code <= 4999 && code !== 1005 && code !== 1006 && code !== 1015 ? code : 1001;
}

function forwardedHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== 'string') continue;
    // Launch options and the like (x-playwright-*) mean nothing to a launched server: not forwarded.
    if (name === 'user-agent') headers[name] = value;
  }
  return headers;
}

function bridge(client: WsSocket, req: http.IncomingMessage, opts: SandboxProxyOptions): void {
  const upstream = new WebSocket(opts.upstream, {
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    headers: forwardedHeaders(req),
  });
  let queued: Buffer[] | undefined = [];
  let clientClosed = false;
  /** The server sent a message over MAX_MESSAGE_BYTES (the upstream connection closed on it). */
  let serverTooBig = false;

  // A message over MAX_MESSAGE_BYTES: `ws` closes the connection with 1009 and no reason as soon as the
  // frame header gives the length (none of it is buffered), then emits an error. The reason says
  // why, so the worker reports the run as the spec's doing, not as a browser crash.
  const close = client.close.bind(client);
  client.close = (code, reason) =>
    close(code, code === MESSAGE_TOO_BIG && reason === undefined ? OVERSIZE_CLOSE_REASON : reason);

  // The original text goes on: the server parses it exactly as it was checked.
  const forward = (data: Buffer): void => {
    if (queued) {
      if (queued.length >= MAX_QUEUED) client.close(1008, 'too many calls before the connection is up');
      else queued.push(data);
    } else if (upstream.readyState === OPEN) upstream.send(data, { binary: false });
  };

  client.on('message', (data, isBinary) => {
    // Whatever a client sends, the host must not throw here: an exception would end the host process
    // and its browser, every other run and session on it with them.
    const parsed = parseCall(isBinary ? undefined : data.toString('utf8'));
    if ('malformed' in parsed) {
      // No call to answer: the connection goes, saying why (its client makes that the message of
      // every call it rejects after, and the worker reports the run as the spec's doing).
      client.close(1003, malformedCloseReason(parsed.malformed));
      return;
    }
    if ('abort' in parsed) {
      // A cancellation only ends a call of this connection (the server keeps call ids per
      // connection), which the client could end anyway; whether that call is still pending the proxy
      // cannot tell without reading the server's answers, and the server ignores it if not.
      forward(data);
      return;
    }
    const call = parsed.call;
    const why = refusal(call, opts.origins);
    if (why !== undefined) {
      client.send(
        JSON.stringify({ id: call.id, error: { error: { message: why, name: 'Error', stack: '' } } }),
        { binary: false },
      );
      return;
    }
    forward(data);
  });
  client.on('close', () => {
    clientClosed = true;
    upstream.close();
  });
  client.on('error', (err) => {
    // After an oversize message the close frame with its reason may still wait behind messages to the
    // client, and terminating would drop it: `ws` ends the socket once it is sent (reading nothing
    // more of the client), and its close timer ends a client that never closes its side.
    if (!tooBig(err)) client.terminate();
  });

  upstream.on('open', () => {
    const pending = queued ?? [];
    queued = undefined;
    for (const data of pending) upstream.send(data, { binary: false });
  });
  upstream.on('message', (data, isBinary) => {
    if (client.readyState === OPEN) client.send(data, { binary: isBinary });
  });
  upstream.on('close', (code, reason) => {
    if (clientClosed) return;
    // The proxy closed it, not the server, and the browser is fine: the client learns why at once
    // (the run is then the spec's error, not a crash).
    if (serverTooBig) client.close(MESSAGE_TOO_BIG, BROWSER_OVERSIZE_CLOSE_REASON);
    else void opts.beforeClientClose().finally(() => client.close(closeCode(code), reason.toString('utf8')));
  });
  upstream.on('error', (err) => {
    // A message over MAX_MESSAGE_BYTES: `ws` closes the connection as soon as the frame header gives
    // the length, without buffering any of it (this error comes before the close event).
    if (tooBig(err)) serverTooBig = true;
    upstream.terminate();
  });
}

/** Listens on a loopback port under a random path; every connection is bridged to `upstream`. */
export async function startSandboxProxy(opts: SandboxProxyOptions): Promise<SandboxProxy> {
  const wsPath = `/${randomUUID()}`;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    if (req.url !== wsPath) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => bridge(client, req, opts));
  });
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // From now on an accept error (e.g. out of descriptors) only costs that connection.
  server.on('error', () => undefined);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    wsEndpoint: `ws://127.0.0.1:${port}${wsPath}`,
    close: () =>
      new Promise<void>((resolve) => {
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
