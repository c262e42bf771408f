import { silentLogger, type Logger } from '@superagent/logging';
import { startServer, type GrpcServer, type HostedService } from './server';

export { checkHealth, waitForServing, type HealthStatus } from './health-client';

export interface TestServerOptions {
  name?: string;
  logger?: Logger;
  reflection?: { descriptorSetPath: string } | false;
  /** Mark the server SERVING right away (default true). */
  serving?: boolean;
  maxMessageBytes?: number;
}

export interface TestServer {
  address: string;
  port: number;
  server: GrpcServer;
  /** Force-stops the server (tests do not wait for a grace period). */
  stop(): Promise<void>;
}

/** Starts `services` on 127.0.0.1 with a free port and a silent logger. */
export async function startTestServer(
  services: HostedService[],
  options: TestServerOptions = {},
): Promise<TestServer> {
  const server = await startServer({
    name: options.name ?? 'test',
    host: '127.0.0.1',
    port: 0,
    services,
    reflection: options.reflection ?? false,
    logger: options.logger ?? silentLogger(),
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
  });
  if (options.serving ?? true) server.setServing(true);
  return {
    address: server.address,
    port: server.port,
    server,
    async stop() {
      await server.shutdown({ graceMs: 0 });
    },
  };
}
