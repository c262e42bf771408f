import { createServer, type Server } from 'node:net';

function listenEphemeral(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ephemeral listener has no TCP port');
  return address.port;
}

/**
 * A TCP port that was free on `host` a moment ago. Another process can still take it before the
 * caller binds, so launchers that use it (startRedisServer) retry on "address in use".
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error('no free port allocated');
  return port;
}

/**
 * `count` distinct free ports. All listeners are held open until every port is known, so the
 * kernel cannot hand the same port out twice within one call.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`freePorts: count must be a non-negative integer, got ${count}`);
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenEphemeral(host));
    return servers.map(portOf);
  } finally {
    await Promise.all(servers.map(close));
  }
}
