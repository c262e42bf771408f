// The shape every feature contributes: its routes, the client scripts its pages load, and
// optionally a WebSocket endpoint and a hook to release what it holds when the app stops.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Route } from './router';

export interface WebSocketEndpoint {
  readonly path: string;
  /** Takes over an HTTP upgrade request for `path`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface FeatureModule {
  readonly routes: readonly Route[];
  /** Script name → source, served at /assets/<name>.js. */
  readonly scripts?: Readonly<Record<string, string>>;
  readonly webSocket?: WebSocketEndpoint;
  close?(): Promise<void>;
}
