import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { startProcess, type ExitInfo, type ManagedProcess } from './process';
import { redisPing, type RedisAddress } from './redis-probe';

export interface RedisServerOptions {
  /** Port to listen on (default: a free one; retried if another process takes it first). */
  port?: number;
  /** Working directory for config, dumps and logs (default: a fresh temp dir, removed by stop()). */
  dir?: string;
  /** Keep data on disk (AOF + RDB snapshots). Off by default: tests want a clean, fast server. */
  persistence?: boolean;
  /** Start as a replica of this master. */
  replicaOf?: RedisAddress;
  /** requirepass / masterauth. */
  password?: string;
  /** Extra config directives, e.g. `{ 'min-replicas-to-write': '1' }`. */
  config?: Record<string, string>;
  /** Label in errors (default `redis-<port>`). */
  name?: string;
  /** Readiness timeout (default 10 s). */
  timeoutMs?: number;
}

export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** The requirepass it was started with (so the server itself is an address the probes can use). */
  readonly password?: string | undefined;
  /** redis://127.0.0.1:<port> (with the password if one was set). */
  readonly url: string;
  readonly dir: string;
  /** The current redis-server process (changes after restart()). */
  process(): ManagedProcess;
  /** SIGTERM then SIGKILL, then removes the temp dir if devkit created it. Idempotent. */
  stop(): Promise<void>;
  /** Signals the server without waiting (default SIGKILL); stop() still cleans up afterwards. */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the current process exits. */
  exited(): Promise<ExitInfo>;
  /**
   * Starts redis-server again on the same port and dir (stopping the current process first if it
   * runs). `replicaOf` replaces the original setting, e.g. to bring an old master back as a replica.
   */
  restart(changes?: { replicaOf?: RedisAddress }): Promise<void>;
}

const HOST = '127.0.0.1';

function configText(port: number, dir: string, options: RedisServerOptions): string {
  const lines: string[] = [
    `bind ${HOST}`,
    `port ${port}`,
    'daemonize no',
    'protected-mode no',
    `dir ${dir}`,
    'logfile ""',
    'loglevel notice',
    `dbfilename dump-${port}.rdb`,
    `appendfilename appendonly-${port}.aof`,
    `appenddirname appendonly-${port}`,
    // Replicas attach in milliseconds instead of the default 5 s diskless-sync grace period.
    'repl-diskless-sync-delay 0',
  ];
  if (options.persistence === true)
    lines.push('appendonly yes', 'appendfsync everysec', 'save 3600 1 300 100 60 10000');
  else lines.push('save ""', 'appendonly no');
  if (options.password !== undefined) {
    lines.push(`requirepass ${options.password}`, `masterauth ${options.password}`);
  }
  if (options.replicaOf !== undefined)
    lines.push(`replicaof ${options.replicaOf.host} ${options.replicaOf.port}`);
  for (const [key, value] of Object.entries(options.config ?? {})) lines.push(`${key} ${value}`);
  return `${lines.join('\n')}\n`;
}

async function launch(port: number, dir: string, options: RedisServerOptions): Promise<ManagedProcess> {
  const configFile = join(dir, `redis-${port}.conf`);
  await writeFile(configFile, configText(port, dir, options));
  const address = { host: HOST, port };
  return startProcess({
    name: options.name ?? `redis-${port}`,
    command: 'redis-server',
    args: [configFile],
    timeoutMs: options.timeoutMs ?? 10_000,
    readyWhen: async () => {
      if (options.password === undefined) return redisPing(address);
      // PING without AUTH answers NOAUTH once the server is up: that is ready enough.
      return redisPing(address).catch(
        (err: unknown) => err instanceof Error && err.message.includes('NOAUTH'),
      );
    },
  });
}

function isPortClash(err: unknown): boolean {
  return err instanceof Error && /Address already in use|bind:/i.test(err.message);
}

/**
 * Spawns `redis-server` on 127.0.0.1 with a generated config file and waits until it answers PING.
 * Without `persistence` it never writes to disk (`save ""`, no AOF).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'superagent-redis-')));
  let port = options.port ?? (await freePort(HOST));
  let child: ManagedProcess;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        child = await launch(port, dir, options);
        break;
      } catch (err: unknown) {
        // A free port can be taken between freePort() and bind: pick another unless it was requested.
        if (options.port !== undefined || attempt >= 3 || !isPortClash(err)) throw err;
        port = await freePort(HOST);
      }
    }
  } catch (err: unknown) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  let stopped = false;
  return {
    host: HOST,
    port,
    password: options.password,
    url: `redis://${auth}${HOST}:${port}`,
    dir,
    process: () => child,
    exited: () => child.exited,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => child.kill(signal),
    restart: async (changes = {}) => {
      if (child.running()) await child.stop();
      child = await launch(port, dir, { ...options, ...changes });
      stopped = false;
    },
    stop: async () => {
      await child.stop('SIGTERM', 5000);
      if (stopped) return;
      stopped = true;
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
