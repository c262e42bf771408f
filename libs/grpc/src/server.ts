import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import type { Logger } from '@superagent/logging';
import { withServerLogger } from './context';
import { decodeGuardInterceptor, guardDefinition } from './decode-guard';
import { observabilityInterceptor } from './interceptors';
import { addReflection } from './reflection';

/**
 * Handlers by method name. Partial on purpose: methods without a handler answer UNIMPLEMENTED
 * (grpc-js's default), which is how a service skeleton ships RPCs not built yet.
 */
export type ServiceImplementation = { readonly [method: string]: grpc.UntypedHandleCall | undefined };

export interface HostedService {
  definition: grpc.ServiceDefinition;
  /** e.g. a ts-proto `RouterServiceServer`, or a `Partial` of it. */
  implementation: ServiceImplementation;
  /** Fully qualified name, e.g. `superagent.router.v1.RouterService` (health and reflection use it). */
  name: string;
}

export interface ServerOptions {
  /** Service name for logs, e.g. `router`. */
  name: string;
  /** Interface to bind; default `0.0.0.0`. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  services: HostedService[];
  /** Reflection describing `services`, from the descriptor set (`@superagent/proto`'s `descriptorSetPath`), or off. */
  reflection: { descriptorSetPath: string } | false;
  logger: Logger;
  /** Largest message accepted and sent; grpc-js default (4 MiB) when unset. */
  maxMessageBytes?: number;
  /** Extra grpc-js server options (keepalive etc.). */
  serverOptions?: grpc.ServerOptions;
}

export interface ShutdownOptions {
  /** How long in-flight calls may take to finish before they are cut off; default 10 s. */
  graceMs?: number;
}

export interface GrpcServer {
  readonly port: number;
  /** An address a local client can dial, e.g. `127.0.0.1:50051` when bound to `0.0.0.0`. */
  readonly address: string;
  readonly server: grpc.Server;
  /**
   * Readiness: the health status of `''` and of every hosted service. Starts NOT_SERVING; follows
   * what the service needs to answer (its model, its store).
   */
  setServing(serving: boolean): void;
  isServing(): boolean;
  /**
   * Liveness: the status of `LIVENESS_HEALTH_NAME`, SERVING from the start. Set false only for a
   * state a restart mends (a dead model thread), never for a dependency that is down.
   */
  setAlive(alive: boolean): void;
  /** `tryShutdown` raced against the grace period, then `forceShutdown`. Idempotent. */
  shutdown(options?: ShutdownOptions): Promise<'graceful' | 'forced'>;
}

const DEFAULT_GRACE_MS = 10_000;

/**
 * The health name liveness probes ask. A pod whose Redis is down must become unready, not be
 * restarted: restarts mend nothing there, and a restarted pod may back off for minutes after Redis
 * returns. So liveness has its own status, apart from readiness (`''` and each service).
 */
export const LIVENESS_HEALTH_NAME = 'liveness';

/** Starts a server with health (NOT_SERVING until `setServing(true)`), optional reflection, access log and metrics. */
export async function startServer(options: ServerOptions): Promise<GrpcServer> {
  const logger = options.logger;
  const host = options.host ?? '0.0.0.0';
  const messageLimits: grpc.ServerOptions =
    options.maxMessageBytes === undefined
      ? {}
      : {
          'grpc.max_receive_message_length': options.maxMessageBytes,
          'grpc.max_send_message_length': options.maxMessageBytes,
        };
  const server = new grpc.Server({
    ...options.serverOptions,
    ...messageLimits,
    // The decode guard comes after the access log so that the status it sends is logged and measured.
    interceptors: [
      ...(options.serverOptions?.interceptors ?? []),
      observabilityInterceptor(logger),
      decodeGuardInterceptor(),
    ],
  });

  for (const service of options.services) {
    server.addService(guardDefinition(service.definition), withCallLogger(service.implementation, logger));
  }

  const statusNames = ['', ...options.services.map((s) => s.name)];
  const health = new HealthImplementation({
    ...Object.fromEntries(statusNames.map((n) => [n, 'NOT_SERVING' satisfies ServingStatus])),
    [LIVENESS_HEALTH_NAME]: 'SERVING',
  });
  health.addToServer(server);
  let serving = false;

  if (options.reflection) {
    addReflection(
      server,
      options.reflection.descriptorSetPath,
      options.services.map((s) => s.name),
    );
  }

  const port = await bind(server, `${formatHost(host)}:${options.port}`);
  const address = `${formatHost(dialableHost(host))}:${port}`;
  logger.info(
    {
      server: options.name,
      port,
      services: options.services.map((s) => s.name),
      reflection: Boolean(options.reflection),
    },
    'grpc server listening',
  );

  let shutdownPromise: Promise<'graceful' | 'forced'> | undefined;
  return {
    port,
    address,
    server,
    setServing(next: boolean) {
      serving = next;
      for (const name of statusNames) health.setStatus(name, next ? 'SERVING' : 'NOT_SERVING');
      logger.info({ server: options.name, serving: next }, 'health status changed');
    },
    isServing: () => serving,
    setAlive(alive: boolean) {
      health.setStatus(LIVENESS_HEALTH_NAME, alive ? 'SERVING' : 'NOT_SERVING');
      if (!alive)
        logger.error(
          { server: options.name },
          'liveness NOT_SERVING: a liveness probe restarts this process',
        );
    },
    shutdown(shutdownOptions?: ShutdownOptions) {
      shutdownPromise ??= stopServer(server, shutdownOptions?.graceMs ?? DEFAULT_GRACE_MS);
      return shutdownPromise;
    },
  };
}

/** The handler adapters rebuilt with the server's logger (see context.ts); other handlers as they are. */
function withCallLogger(
  implementation: ServiceImplementation,
  logger: Logger,
): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    if (handler !== undefined) wrapped[method] = withServerLogger(handler, logger);
  }
  return wrapped;
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(err);
      else resolve(port);
    });
  });
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function dialableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

async function stopServer(server: grpc.Server, graceMs: number): Promise<'graceful' | 'forced'> {
  const graceful = new Promise<'graceful'>((resolve) => server.tryShutdown(() => resolve('graceful')));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), graceMs);
  });
  const outcome = await Promise.race([graceful, timeout]);
  clearTimeout(timer);
  if (outcome === 'forced') server.forceShutdown();
  return outcome;
}
