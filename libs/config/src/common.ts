import { address, bool, int, list, oneOf, str } from './spec';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables every gRPC service reads. */
export function serverSpec(defaultPort: number) {
  return {
    HOST: str({ default: '0.0.0.0', doc: 'interface the gRPC server binds' }),
    PORT: int({ default: defaultPort, min: 0, max: 65535, doc: 'gRPC port (0 = ephemeral)' }),
    LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info', doc: 'pino log level' }),
    GRPC_REFLECTION: bool({ default: false, doc: 'serve gRPC server reflection (dev, grpcurl, ghz)' }),
    SHUTDOWN_DRAIN_MS: int({ default: 2000, min: 0, doc: 'time between health NOT_SERVING and server stop' }),
    SHUTDOWN_GRACE_MS: int({
      default: 10000,
      min: 0,
      doc: 'time allowed for in-flight RPCs before force stop',
    }),
  };
}

/** Redis connection: a URL, or a Sentinel list plus master name. */
export function redisSpec() {
  return {
    REDIS_URL: str({ optional: true, pattern: /^rediss?:\/\//, doc: 'redis://host:port/db (standalone)' }),
    REDIS_SENTINELS: list(address(), { optional: true, doc: 'host:port,host:port of Redis Sentinels' }),
    REDIS_MASTER_NAME: str({ default: 'superagent', doc: 'Sentinel master name' }),
    REDIS_PASSWORD: str({ optional: true, secret: true, doc: 'Redis password (from a Secret)' }),
    REDIS_SENTINEL_PASSWORD: str({
      optional: true,
      secret: true,
      doc: 'password the Sentinels themselves require (from a Secret); REDIS_PASSWORD is for the data nodes',
    }),
  };
}
