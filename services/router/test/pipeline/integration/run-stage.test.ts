import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '@superagent/cli';
import { waitFor } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { router } from '@superagent/proto';
import { createCostClient } from '../../../src/clients/cost-client';
import { createRunnerClient } from '../../../src/clients/runner-client';
import { createScribeClient } from '../../../src/clients/scribe-client';
import { DEFAULT_POLICY_PATH } from '../../../src/config';
import { StaticBudgetView } from '../../../src/domain/budget-view';
import { createStageRunner } from '../../../src/pipeline/stages';
import { loadPolicyFile } from '../../../src/policy-reloader';
import { createRoutingCore } from '../../../src/routing-core';
import { createRoutingEngine } from '../../../src/routing-stack';
import { newRecord } from '../support/records';

// The run stage against the real runner (a process) whose Chromium is killed under a run: the
// runner answers ERROR with browser_crashed, and the stage runs the same spec again on the browser
// that replaced it instead of failing the attempt (which would cost another generation).

const SPEC = `import { test, expect } from '@playwright/test';

test('greets', async ({ page }) => {
  await page.goto('/');
  await page.waitForTimeout(3_000);
  await expect(page.getByRole('heading', { name: 'Hello' })).toBeVisible();
});
`;

let stack: Stack | undefined;
let site: http.Server | undefined;
let siteUrl = '';
const hits: string[] = [];
const closers: { close(): void }[] = [];

before(async () => {
  site = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>Hello</title><h1>Hello</h1>');
  });
  await new Promise<void>((resolve) => site?.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  stack = await startStack({
    only: ['runner'],
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: {
      runner: {
        RUNNER_EXTRA_ORIGINS: 'http://127.0.0.1:*',
        RUNNER_BROWSERS: '1',
        RUNNER_WORKERS: '1',
        RUNNER_EXPLORE_SPARE_TABS: '0',
      },
    },
  });
});
after(async () => {
  for (const c of closers) c.close();
  await stack?.stop();
  site?.closeAllConnections();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

/** Every process below `root` (from /proc), children after their parents. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after its last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const next = children.get(queue.shift() ?? -1) ?? [];
    out.push(...next);
    queue.push(...next);
  }
  return out;
}

function killChromium(runnerPid: number): number {
  let killed = 0;
  for (const pid of descendants(runnerPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom')) continue;
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Gone already.
    }
  }
  return killed;
}

test('a run whose browser crashes is run again, and its pass counts, instead of failing the attempt', async () => {
  const runnerService = stack?.services.runner;
  assert.ok(runnerService);
  const logger = silentLogger();
  const runner = createRunnerClient(runnerService.address, logger, { runMs: 60_000 });
  const cost = createCostClient('127.0.0.1:1', logger, { defaultMs: 1_000 });
  const scribe = createScribeClient('127.0.0.1:1', logger, { generateMs: 1_000, rememberMs: 1_000 });
  closers.push(runner, cost, scribe);
  const engine = createRoutingEngine({
    policy: await loadPolicyFile(DEFAULT_POLICY_PATH),
    providers: [],
    budgets: StaticBudgetView.off(),
    cacheSize: 10,
  });
  const run = createStageRunner({
    routing: createRoutingCore(engine),
    scribe,
    runner,
    cost,
    policy: { defaultMaxAttempts: 3, budgetAction: 'downgrade' },
    timeouts: {
      generateMs: 1_000,
      runMs: 60_000,
      costMs: 1_000,
      rememberMs: 1_000,
      unavailableMs: 0,
      overloadedMs: 0,
    },
    logger,
  });
  const record = newRecord({ description: 'see the greeting', baseUrl: siteUrl });
  record.task.specSource = SPEC;
  record.task.specFileName = 'greets.spec.ts';
  record.checkpoint.phase = 'run';

  const hitsBefore = hits.length;
  const ran = run(record, new AbortController().signal);
  // The spec has loaded the page and waits: kill the browser under it, once.
  await waitFor(() => hits.length > hitsBefore, {
    timeoutMs: 30_000,
    intervalMs: 25,
    what: 'the spec to load the page',
  });
  assert.ok(killChromium(runnerService.process.pid) > 0, 'a Chromium process was killed');
  const t = await ran;

  const types = t.events.map((e) => router.TaskEventType[e.type]);
  assert.ok(
    t.events.some((e) => e.type === router.TaskEventType.PASSED),
    types.join(', '),
  );
  assert.notEqual(t.record.checkpoint.phase, 'run');
  assert.ok(hits.length - hitsBefore >= 2, 'the spec ran twice');
});
