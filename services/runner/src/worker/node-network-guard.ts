// Node has no network permission yet, so spec code could open sockets from the worker itself (fetch,
// http, the `request` fixture). Every TCP/TLS connection goes through net.Socket#connect; this guard
// replaces it once, before any spec code runs, and refuses destinations the run may not reach.
// It is defence in depth: the browser is fenced by its own host-resolver rules and the context route.

import net from 'node:net';

export type Destination = { host: string; port: number };
export type DestinationFilter = (dest: Destination) => boolean;

export class NetworkRefused extends Error {
  constructor(dest: string) {
    super(`connect ${dest}: blocked by the runner network policy`);
    this.name = 'NetworkRefused';
  }
}

function destinationOf(args: unknown[]): Destination | { path: string } | undefined {
  let first = args[0];
  // net.connect() passes pre-normalized [options, callback] arrays.
  if (Array.isArray(first)) first = first[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof o.path === 'string') return { path: o.path };
    return { host: typeof o.host === 'string' ? o.host : 'localhost', port: Number(o.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  if (first !== undefined)
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  return undefined;
}

let installed = false;

/** Installs the guard; `filter` is consulted on every connection attempt. */
export function installNodeNetworkGuard(filter: DestinationFilter): void {
  if (installed) throw new Error('network guard already installed');
  installed = true;
  const original = Object.getOwnPropertyDescriptor(net.Socket.prototype, 'connect')?.value as (
    this: net.Socket,
    ...args: unknown[]
  ) => net.Socket;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const dest = destinationOf(args);
    const allowed =
      dest !== undefined &&
      'host' in dest &&
      filter({ host: dest.host.replace(/^\[|\]$/g, '').toLowerCase(), port: dest.port });
    if (!allowed) {
      const label = dest === undefined ? 'unknown' : 'path' in dest ? dest.path : `${dest.host}:${dest.port}`;
      process.nextTick(() => this.destroy(new NetworkRefused(label)));
      return this;
    }
    return original.apply(this, args);
  };
  Object.defineProperty(net.Socket.prototype, 'connect', {
    value: guarded,
    writable: false,
    configurable: false,
  });
}
