// Node has no network permission yet, so spec code could open sockets from the worker itself (fetch,
// http, the `request` fixture). Every TCP/TLS connection goes through net.Socket#connect, every UDP
// datagram through dgram.Socket#send or #connect, every name lookup through the dns module; this
// guard replaces them once, before any spec code runs, and refuses destinations (and names) the run
// may not reach. Specs cannot load dgram or dns (spec-loader.ts); this holds even if they did.
// It is defence in depth: the browser is fenced by its own host-resolver rules and the context route.

import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

export type Destination = { host: string; port: number };
export type DestinationFilter = (dest: Destination) => boolean;
/** May this name (or address) be looked up? Hosts arrive lower-case, without IPv6 brackets. */
export type HostFilter = (host: string) => boolean;

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

/**
 * `args` with their options copied and any `lookup` option replaced by (guarded) dns.lookup: a spec's
 * own lookup could answer any address for an allowed name, and the check only sees the name.
 */
function withSystemLookup(args: unknown[]): unknown[] {
  // net.connect() passes its normalized [options, callback] array, marked with a symbol Node checks:
  // that array is kept and its options replaced.
  const normalized = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
  const first: unknown = normalized ? normalized[0] : args[0];
  if (typeof first !== 'object' || first === null) return args;
  // A copy (getters read once), so the options cannot change between the check and the connect.
  const options: Record<string, unknown> = { ...(first as Record<string, unknown>) };
  if ('lookup' in options) options.lookup = dns.lookup;
  if (!normalized) return [options, ...args.slice(1)];
  normalized[0] = options;
  return args;
}

const normalize = (host: string): string => host.replace(/^\[|\]$/g, '').toLowerCase();

function pin(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: false, configurable: false });
}

/**
 * dgram.Socket#send's destination, read the way Node does: send(msg, [offset, length,] port, address)
 * on a socket that is not connected. A connected socket's destination was checked by `connect`.
 */
function datagramDestination(socket: dgram.Socket, args: unknown[]): Destination | 'connected' | undefined {
  try {
    socket.remoteAddress();
    return 'connected';
  } catch {
    // not connected: the destination is in the arguments
  }
  const [, offset, length, port, address] = args;
  const [p, a] = address || (port && typeof port !== 'function') ? [port, address] : [offset, length];
  const portNumber = Number(p);
  if (!Number.isInteger(portNumber) || portNumber <= 0) return undefined;
  const family = (socket as unknown as { type?: unknown }).type === 'udp6' ? '::1' : '127.0.0.1';
  return { host: normalize(typeof a === 'string' && a !== '' ? a : family), port: portNumber };
}

function installDatagramGuard(filter: DestinationFilter): void {
  const proto = dgram.Socket.prototype;
  type Method = (this: dgram.Socket, ...args: unknown[]) => void;
  const send = Object.getOwnPropertyDescriptor(proto, 'send')?.value as Method;
  const connect = Object.getOwnPropertyDescriptor(proto, 'connect')?.value as Method;
  pin(proto, 'send', function (this: dgram.Socket, ...args: unknown[]): void {
    const dest = datagramDestination(this, args);
    if (dest !== 'connected' && (dest === undefined || !filter(dest)))
      throw new NetworkRefused(dest === undefined ? 'udp (no destination)' : `udp ${dest.host}:${dest.port}`);
    send.apply(this, args);
  });
  pin(proto, 'connect', function (this: dgram.Socket, ...args: unknown[]): void {
    const port = Number(args[0]);
    const family = (this as unknown as { type?: unknown }).type === 'udp6' ? '::1' : '127.0.0.1';
    const host = normalize(typeof args[1] === 'string' && args[1] !== '' ? args[1] : family);
    if (!Number.isInteger(port) || !filter({ host, port }))
      throw new NetworkRefused(`udp ${host}:${String(args[0])}`);
    connect.apply(this, args);
  });
}

const DNS_QUERIES = [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTlsa',
  'resolveTxt',
  'reverse',
] as const;

/** Name lookups only for hosts the run may reach (a query for any other name can carry data out). */
function installDnsGuard(hostFilter: HostFilter): void {
  const guard = (target: object, promises: boolean): void => {
    const t = target as Record<string, unknown>;
    for (const name of DNS_QUERIES) {
      const original = t[name];
      if (typeof original !== 'function') continue;
      pin(target, name, function (this: unknown, ...args: unknown[]): unknown {
        const host = typeof args[0] === 'string' ? normalize(args[0]) : '';
        if (!hostFilter(host)) {
          const err = new NetworkRefused(`dns ${host || '(no name)'}`);
          if (promises) return Promise.reject(err);
          throw err;
        }
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      });
    }
    // Queries to a resolver of the spec's choosing would leave the host; the system's are kept.
    if (typeof t.setServers === 'function')
      pin(target, 'setServers', () => {
        throw new NetworkRefused('dns setServers');
      });
  };
  guard(dns, false);
  guard(dns.Resolver.prototype, false);
  guard(dns.promises, true);
  guard(dns.promises.Resolver.prototype, true);
}

/**
 * Installs the guard; `filter` is consulted on every connection attempt and datagram, `hostFilter` on
 * every name lookup.
 */
export function installNodeNetworkGuard(filter: DestinationFilter, hostFilter: HostFilter): void {
  if (installed) throw new Error('network guard already installed');
  installed = true;
  const original = Object.getOwnPropertyDescriptor(net.Socket.prototype, 'connect')?.value as (
    this: net.Socket,
    ...args: unknown[]
  ) => net.Socket;
  const guarded = function (this: net.Socket, ...given: unknown[]): net.Socket {
    const args = withSystemLookup(given);
    const dest = destinationOf(args);
    const allowed =
      dest !== undefined && 'host' in dest && filter({ host: normalize(dest.host), port: dest.port });
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
  installDatagramGuard(filter);
  installDnsGuard(hostFilter);
}
