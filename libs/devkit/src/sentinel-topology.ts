import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { startProcess, type ManagedProcess } from './process';
import { redisCommand, redisInfo, redisPing, type RedisAddress } from './redis-probe';
import { startRedisServer, type RedisServer } from './redis-server';
import { waitFor } from './wait';

export interface SentinelTopologyOptions {
  /** Replicas of the initial master (default 2). */
  replicas?: number;
  /** Sentinel processes (default 3). */
  sentinels?: number;
  /** Sentinels that must agree the master is down (default 2). */
  quorum?: number;
  /** down-after-milliseconds (default 1000). */
  downAfterMs?: number;
  /**
   * failover-timeout (default 3000). A Sentinel that started a failover and was not elected gives
   * up after this long, and none tries again until twice this long after the first try: a split
   * vote costs 2 × failover-timeout. At 5000 that made the rare 14–15 s write windows.
   */
  failoverTimeoutMs?: number;
  /** Master group name (default "superagent"). */
  masterName?: string;
  /** How long start-up may take (default 20 s). */
  timeoutMs?: number;
  /**
   * One password for everything, as the bitnami chart sets it up by default: the data nodes'
   * requirepass/masterauth, and the Sentinels' own requirepass (plus what they send each other and
   * the nodes). Default: none.
   */
  password?: string | undefined;
}

export interface SentinelTopology {
  readonly masterName: string;
  readonly sentinels: RedisAddress[];
  /** Every data node (initial master first), by port; a killed node stays listed. */
  readonly nodes: readonly RedisServer[];
  /** The master the sentinels currently report (asks them; the first that answers wins). */
  master(): Promise<RedisAddress>;
  /** Signals the current master (default SIGKILL) and returns the address it had. */
  killMaster(signal?: NodeJS.Signals): Promise<RedisAddress>;
  /** Waits until every sentinel reports a master other than `previous`; returns it. */
  waitForFailover(previous: RedisAddress, timeoutMs?: number): Promise<RedisAddress>;
  /**
   * Restarts a killed data node on its port as a replica of the current master, as a pod's
   * start-up script would (left alone, Sentinel would only reconvert it after ~10 s).
   */
  restartNode(address: RedisAddress): Promise<void>;
  /**
   * The failover events the sentinels logged so far (`+try-failover`, `-failover-abort-not-elected`,
   * `+elected-leader`, `+switch-master` …), each prefixed with the sentinel's port: why a failover
   * took as long as it did.
   */
  failoverLog(): string[];
  /** Sentinel elections held so far (distinct epochs in the log): 1 per failover unless a vote split. */
  elections(): number;
  /** Stops sentinels first (so they do not fail over during shutdown), then the data nodes, then removes the dir. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Sentinel log events that tell a failover's story (elections, aborts, the switch). */
const FAILOVER_EVENT =
  / ([+-](?:new-epoch|try-failover|vote-for-leader|elected-leader|failover-[a-z-]+|selected-slave|promoted-slave|switch-master|odown)) (.*)$/;

function sentinelConfig(
  port: number,
  dir: string,
  name: string,
  master: RedisAddress,
  o: TopologySettings,
): string {
  const auth =
    o.password === undefined
      ? []
      : [
          `requirepass ${o.password}`,
          `sentinel sentinel-pass ${o.password}`,
          `sentinel auth-pass ${name} ${o.password}`,
        ];
  return [
    `port ${port}`,
    `bind ${HOST}`,
    'daemonize no',
    'protected-mode no',
    `dir ${dir}`,
    'logfile ""',
    `sentinel monitor ${name} ${master.host} ${master.port} ${o.quorum}`,
    `sentinel down-after-milliseconds ${name} ${o.downAfterMs}`,
    `sentinel failover-timeout ${name} ${o.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${name} 1`,
    ...auth,
    '',
  ].join('\n');
}

type TopologySettings = Required<Omit<SentinelTopologyOptions, 'password'>> &
  Pick<SentinelTopologyOptions, 'password'>;

/** The master `sentinel` names, as an address the probes can use (the topology's password with it). */
async function masterFrom(sentinel: RedisAddress, name: string): Promise<RedisAddress | undefined> {
  const reply = await redisCommand(sentinel, 'SENTINEL', ['get-master-addr-by-name', name], 500);
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [host, port] = reply as unknown[];
  return { host: String(host), port: Number(port), password: sentinel.password };
}

async function countFrom(
  sentinel: RedisAddress,
  what: 'replicas' | 'sentinels',
  name: string,
): Promise<number> {
  const reply = await redisCommand(sentinel, 'SENTINEL', [what, name], 500);
  if (!Array.isArray(reply)) return 0;
  // Each entry is a flat [field, value, ...] list; count only entries not flagged down.
  return (reply as unknown[]).filter((entry) => {
    if (!Array.isArray(entry)) return false;
    const fields = entry as unknown[];
    const flags = fields[fields.indexOf('flags') + 1];
    return typeof flags === 'string' && !/s_down|o_down|disconnected/.test(flags);
  }).length;
}

/**
 * A Redis master with replicas and Sentinels on loopback, with fresh config files in a temp dir
 * (Sentinels rewrite theirs). Resolves once every sentinel sees the master, all replicas and the
 * other sentinels, and every replica's link is up — i.e. a failover can actually happen.
 */
export async function startSentinelTopology(
  options: SentinelTopologyOptions = {},
): Promise<SentinelTopology> {
  const o: TopologySettings = {
    replicas: options.replicas ?? 2,
    sentinels: options.sentinels ?? 3,
    quorum: options.quorum ?? 2,
    downAfterMs: options.downAfterMs ?? 1000,
    failoverTimeoutMs: options.failoverTimeoutMs ?? 3000,
    masterName: options.masterName ?? 'superagent',
    timeoutMs: options.timeoutMs ?? 20_000,
    password: options.password,
  };
  if (o.quorum > o.sentinels) throw new RangeError(`quorum ${o.quorum} exceeds the ${o.sentinels} sentinels`);
  const name = o.masterName;
  const dir = await mkdtemp(join(tmpdir(), 'superagent-sentinel-'));
  const nodes: RedisServer[] = [];
  const sentinelProcesses: ManagedProcess[] = [];
  const deadline = Date.now() + o.timeoutMs;
  const remaining = (): number => Math.max(1000, deadline - Date.now());

  const stop = async (): Promise<void> => {
    await Promise.all(sentinelProcesses.map((p) => p.stop('SIGTERM', 3000)));
    await Promise.all(nodes.map((n) => n.stop()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ports = await freePorts(1 + o.replicas + o.sentinels, HOST);
    const dataPorts = ports.slice(0, 1 + o.replicas);
    const sentinelPorts = ports.slice(1 + o.replicas);
    const [masterPort, ...replicaPorts] = dataPorts;
    if (masterPort === undefined) throw new Error('no port for the master');

    const password = o.password === undefined ? {} : { password: o.password };
    nodes.push(
      await startRedisServer({ port: masterPort, dir, name: `redis-master-${masterPort}`, ...password }),
    );
    const initialMaster = { host: HOST, port: masterPort };
    for (const port of replicaPorts) {
      nodes.push(
        await startRedisServer({
          port,
          dir,
          name: `redis-replica-${port}`,
          replicaOf: initialMaster,
          ...password,
        }),
      );
    }
    await waitFor(
      async () => {
        const links = await Promise.all(nodes.slice(1).map((n) => redisInfo(n, 'replication')));
        return links.every((info) => info.get('master_link_status') === 'up');
      },
      { timeoutMs: remaining(), what: `${o.replicas} replica(s) in sync with ${HOST}:${masterPort}` },
    );

    for (const port of sentinelPorts) {
      const file = join(dir, `sentinel-${port}.conf`);
      await writeFile(file, sentinelConfig(port, dir, name, initialMaster, o));
      const address = { host: HOST, port, ...password };
      sentinelProcesses.push(
        await startProcess({
          name: `redis-sentinel-${port}`,
          command: 'redis-sentinel',
          args: [file],
          timeoutMs: remaining(),
          readyWhen: () => redisPing(address),
          tailLines: 500,
        }),
      );
    }
    const sentinels = sentinelPorts.map((port) => ({ host: HOST, port, ...password }));
    await waitFor(
      async () => {
        for (const s of sentinels) {
          const master = await masterFrom(s, name);
          if (master?.port !== masterPort) return false;
          if ((await countFrom(s, 'replicas', name)) !== o.replicas) return false;
          if ((await countFrom(s, 'sentinels', name)) !== o.sentinels - 1) return false;
        }
        return true;
      },
      {
        timeoutMs: remaining(),
        intervalMs: 100,
        what: 'sentinels to see the master, its replicas and each other',
      },
    );

    const master = async (): Promise<RedisAddress> => {
      const errors: string[] = [];
      for (const s of sentinels) {
        try {
          const found = await masterFrom(s, name);
          if (found) return found;
        } catch (err: unknown) {
          errors.push(`${s.port}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      throw new Error(`no sentinel reported a master for ${name} (${errors.join('; ') || 'empty replies'})`);
    };

    const nodeAt = (address: RedisAddress): RedisServer => {
      const node = nodes.find((n) => n.port === address.port);
      if (!node) throw new Error(`no data node of this topology listens on ${address.host}:${address.port}`);
      return node;
    };

    const failoverLog = (): string[] =>
      sentinelProcesses
        .flatMap((p, i) =>
          p.tail().flatMap((line) => {
            const event = FAILOVER_EVENT.exec(line);
            const time = /\d\d:\d\d:\d\d\.\d{3}/.exec(line)?.[0] ?? '';
            return event ? [`${time} sentinel ${sentinelPorts[i]}: ${event[1]} ${event[2]}`] : [];
          }),
        )
        .sort();

    return {
      masterName: name,
      sentinels,
      failoverLog,
      elections: () => new Set(failoverLog().flatMap((l) => /\+new-epoch (\d+)/.exec(l)?.[1] ?? [])).size,
      nodes,
      master,
      killMaster: async (signal: NodeJS.Signals = 'SIGKILL') => {
        const current = await master();
        nodeAt(current).kill(signal);
        return current;
      },
      waitForFailover: async (previous: RedisAddress, timeoutMs = 15_000) => {
        let promoted: RedisAddress | undefined;
        await waitFor(
          async () => {
            const seen = await Promise.all(sentinels.map((s) => masterFrom(s, name).catch(() => undefined)));
            const first = seen[0];
            if (first === undefined || first.port === previous.port) return false;
            if (!seen.every((m) => m?.port === first.port)) return false;
            // The sentinels switch before the new master has left replica mode: wait for the role too.
            const role = (await redisInfo(first, 'replication', 500)).get('role');
            promoted = first;
            return role === 'master';
          },
          { timeoutMs, intervalMs: 50, what: `failover away from ${previous.host}:${previous.port}` },
        );
        if (promoted === undefined) throw new Error('failover finished without a master');
        return promoted;
      },
      restartNode: async (address: RedisAddress) => {
        const current = await master();
        const replicaOf = current.port === address.port ? undefined : current;
        await nodeAt(address).restart(replicaOf === undefined ? {} : { replicaOf });
      },
      stop,
    };
  } catch (err: unknown) {
    await stop();
    throw err;
  }
}
