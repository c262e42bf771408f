import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  freePort,
  serviceMain,
  startProcess,
  startServiceProcess,
  waitFor,
  type ServiceProcess,
} from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router } from '@superagent/proto';
import { policyTextWith } from '../support/routing';

// main.ts as a process: health, Route, SIGHUP reload (good and broken files), SIGTERM exit 0, a
// broken policy or key list at start-up (exit 78), a dead cost service (local tier only), and
// ROUTER_API_KEYS reaching the service.

const KEY = 'acme-key-0123456789abcdef';

type RouterClient = GrpcClient<typeof router.RouterServiceService>;

describe('router main.ts as a process', () => {
  let dir: string;
  const started: ServiceProcess[] = [];
  const clients: RouterClient[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'router-main-'));
  });
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(started.map((p) => p.process.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  const connect = (address: string): RouterClient => {
    const client = createClient(router.RouterServiceService, address, {
      target: 'router',
      defaultDeadlineMs: 5_000,
      breaker: false,
      logger: silentLogger(),
    });
    clients.push(client);
    return client;
  };
  const hard = router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: 'Log in and pay by card',
    sessionId: 's1',
  });

  it('serves Route, reloads on SIGHUP (keeping the old policy on a broken file), exits 0 on SIGTERM', async () => {
    const policyPath = join(dir, 'policy.yaml');
    await writeFile(policyPath, policyTextWith([[['version'], 'm1']]));
    const router_ = await startServiceProcess('router', {
      env: {
        ROUTER_POLICY_PATH: policyPath,
        ROUTER_POLICY_WATCH: 'false',
        ROUTER_BUDGET_VIEW: 'off',
        ANTHROPIC_API_KEY: 'present-only',
        GRPC_REFLECTION: 'true',
      },
    });
    started.push(router_);
    const client = connect(router_.address);
    const first = await client.unary('route', hard);
    assert.deepEqual(
      [first.tier, first.modelId, first.policyVersion],
      [common.Tier.SONNET, 'claude-sonnet-4-5', 'm1'],
    );

    await writeFile(
      policyPath,
      policyTextWith([
        [['version'], 'm2'],
        [['rules', 1, 'tier'], 'haiku'],
      ]),
    );
    router_.process.kill('SIGHUP');
    await waitFor(async () => (await client.unary('getStats', {})).policyVersion === 'm2', {
      what: 'reload to m2',
    });
    assert.equal((await client.unary('route', hard)).tier, common.Tier.HAIKU);

    await writeFile(policyPath, 'version: m3\nrules: nonsense\n');
    router_.process.kill('SIGHUP');
    await waitFor(async () => (await client.unary('getStats', {})).policyReloadFailures === 1, {
      what: 'failed reload',
    });
    const stats = await client.unary('getStats', {});
    assert.equal(stats.policyVersion, 'm2');
    assert.equal((await client.unary('route', hard)).tier, common.Tier.HAIKU);
    const logged = router_.process.tail().find((line) => line.includes('routing policy reload failed'));
    assert.ok(logged, router_.process.tail().join('\n'));
    assert.match(logged, /rules: must be a list/);

    const exit = await router_.process.stop('SIGTERM', 10_000);
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  it('exits 0 on SIGTERM with a task in flight, leaving the task (aborted in order) for another router', async () => {
    const router_ = await startServiceProcess('router', {
      logLevel: 'info',
      env: {
        // Nothing answers there: the task waits in its generate stage for a scribe that is restarting.
        SCRIBE_ADDR: `127.0.0.1:${await freePort()}`,
        PIPELINE_UNAVAILABLE_RETRY_MS: '600000',
        ROUTER_BUDGET_VIEW: 'off',
        ROUTER_API_KEYS: undefined,
        SHUTDOWN_GRACE_MS: '1000',
      },
    });
    started.push(router_);
    const client = connect(router_.address);
    const { taskId } = await client.unary(
      'submitFeature',
      router.SubmitFeatureRequest.fromPartial({
        description: 'Click the button',
        baseUrl: 'http://127.0.0.1:9',
      }),
    );
    await waitFor(
      async () => (await client.unary('getTask', { taskId })).task?.stage === router.TaskStage.GENERATING,
      { what: 'the task generating' },
    );
    const exit = await router_.process.stop('SIGTERM', 20_000);
    const output = router_.process.tail();
    assert.deepEqual(exit, { code: 0, signal: null }, output.join('\n'));
    assert.ok(!output.some((l) => l.includes('shutdown step timed out')), output.join('\n'));
    const left = output.find((l) => l.includes('task left for another worker'));
    assert.ok(left?.includes(taskId), output.join('\n'));
  });

  it('routes only to the free tier while the cost service is unreachable', async () => {
    const router_ = await startServiceProcess('router', {
      env: {
        COST_ADDR: `127.0.0.1:${await freePort()}`,
        ANTHROPIC_API_KEY: 'present-only',
      },
    });
    started.push(router_);
    const res = await connect(router_.address).unary('route', hard);
    assert.equal(res.tier, common.Tier.LOCAL);
    assert.equal(res.budgetStatus, common.BudgetStatus.UNSPECIFIED);
    assert.match(res.reason, /budgets unknown \(cost service unreachable/);
  });

  it('with ROUTER_API_KEYS, Route needs a key and health does not', async () => {
    const router_ = await startServiceProcess('router', {
      env: {
        ROUTER_BUDGET_VIEW: 'off',
        ROUTER_API_KEYS: `acme:${KEY}`,
      },
    });
    started.push(router_);
    const client = connect(router_.address);
    await assert.rejects(client.unary('route', hard), (err: { code?: unknown }) => {
      assert.equal(err.code, grpc.status.UNAUTHENTICATED);
      return true;
    });
    const metadata = new grpc.Metadata();
    metadata.set('x-api-key', KEY);
    assert.notEqual((await client.unary('route', hard, { metadata })).agent, '');
  });

  /** main.ts started with a bad setting: it must exit 78; resolves with what it printed. */
  const exitsOnConfig = async (name: string, env: Record<string, string>): Promise<string> => {
    const child = await startProcess({
      name,
      command: process.execPath,
      args: [serviceMain('router')],
      env: { OTEL_SDK_DISABLED: 'true', PORT: '0', ...env },
    });
    const exit = await child.exited;
    const output = child.tail().join('\n');
    assert.equal(exit.code, 78, output);
    return output;
  };

  it('exits 78 naming a bad ROUTER_API_KEYS entry, never printing a key', async () => {
    const output = await exitsOnConfig('router-bad-keys', {
      ROUTER_API_KEYS: `acme:${KEY},globex:too-short-k3y`,
    });
    assert.match(output, /ROUTER_API_KEYS: API key entry 2: expected tenant:key with a key of at least 16/);
    assert.ok(!output.includes(KEY) && !output.includes('too-short-k3y'), output);
  });

  it('keeps a SIGHUP that comes while it starts, and reloads once the policy can be reloaded', async () => {
    const policyPath = join(dir, 'early.yaml');
    await writeFile(policyPath, policyTextWith([[['version'], 'e1']]));
    const port = await freePort();
    const child = await startProcess({
      name: 'router-early-hangup',
      command: process.execPath,
      args: [serviceMain('router')],
      env: {
        OTEL_SDK_DISABLED: 'true',
        HOST: '127.0.0.1',
        PORT: String(port),
        ROUTER_POLICY_PATH: policyPath,
        ROUTER_POLICY_WATCH: 'false',
        ROUTER_BUDGET_VIEW: 'off',
      },
    });
    try {
      // The first moment the process handles SIGHUP (a bit in its caught-signals mask); Node's
      // default action, until then, would end it.
      await waitFor(
        async () => {
          const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
          return (BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'}`) & 1n) === 1n;
        },
        { timeoutMs: 10_000, intervalMs: 5, what: 'a SIGHUP handler' },
      );
      await writeFile(policyPath, policyTextWith([[['version'], 'e2']]));
      child.kill('SIGHUP');
      const client = connect(`127.0.0.1:${port}`);
      await waitFor(
        async () =>
          (await client.unary('getStats', {}, { deadlineMs: 500 }).catch(() => undefined))?.policyVersion ===
          'e2',
        { timeoutMs: 20_000, what: 'the router serving policy e2' },
      );
      assert.equal(child.running(), true, child.tail().join('\n'));
    } finally {
      await child.stop();
    }
  });

  it('exits 78 naming a policy file that cannot be read', async () => {
    const output = await exitsOnConfig('router-no-policy', { ROUTER_POLICY_PATH: join(dir, 'missing.yaml') });
    assert.match(
      output,
      /ROUTER_POLICY_PATH \(.*missing\.yaml\): cannot be read: ENOENT: no such file or directory/,
    );
  });

  it('exits 78 listing every problem of a broken policy file', async () => {
    const policyPath = join(dir, 'broken.yaml');
    await writeFile(
      policyPath,
      policyTextWith([
        [['rules', 0, 'tier'], 'gold'],
        [['budgets', 'warn_percent'], 120],
      ]),
    );
    const output = await exitsOnConfig('router-broken', { ROUTER_POLICY_PATH: policyPath });
    assert.match(
      output,
      /ROUTER_POLICY_PATH \(.*broken\.yaml\): rules\[0\]\.tier: must be one of local, haiku, sonnet, opus, got "gold"/,
    );
    assert.match(output, /budgets\.warn_percent: must be below stop_percent \(100\), got 120/);
  });
});
