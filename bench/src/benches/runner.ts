// Runner speed (issue 5), side by side in one run: a passing spec on the runner's warm pool vs the
// same spec through `npx playwright test` in a subprocess (the original's way), and 10 concurrent
// passing specs. The runner runs as its own process, the way production runs it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, CHROMIUM_TEST_FLAGS, startServiceProcess } from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, runner } from '@superagent/proto';
import { defineBench, goalsFor } from '../harness';
import { intOption, optionalIntOption } from '../options';
import { summarize } from '../stats';

const REPO_ROOT = path.join(__dirname, '..', '..', '..', '..');
const PAGE = `<!doctype html><html><head><title>Bench Shop</title></head><body>
<h1>Welcome</h1><p id="status">Please sign in.</p>
<form onsubmit="event.preventDefault(); document.getElementById('status').textContent = 'Signed in as ' + document.getElementById('email').value;">
<label for="email">Email</label><input id="email" type="email"><button type="submit">Log in</button></form></body></html>`;

const SPEC = `import { test, expect } from '@playwright/test';

test('signs in', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('ann@example.com');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#status')).toHaveText('Signed in as ann@example.com');
});
`;

type RunnerClient = GrpcClient<typeof runner.RunnerServiceService>;

async function startSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until every worker is idle with a prepared context (the pool is warm again). */
async function warmPool(client: RunnerClient, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.unary('getPoolStats', {});
    if (s.workers > 0 && s.workersReady === s.workers && s.queued === 0) return;
    if (Date.now() > deadline) throw new Error(`pool not warm after ${timeoutMs}ms: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runOnce(client: RunnerClient, baseUrl: string): Promise<number> {
  const t0 = performance.now();
  const res = await client.unary('runSpec', {
    specSource: SPEC,
    specName: undefined,
    baseUrl,
    timeoutMs: 60_000,
    artifacts: undefined,
    fileName: 'signs-in.spec.ts',
    taskId: 'bench',
  });
  const ms = performance.now() - t0;
  if (res.status !== common.RunStatus.PASS)
    throw new Error(`runner: spec did not pass: ${res.errorMessage || JSON.stringify(res.tests)}`);
  return ms;
}

async function burst(
  client: RunnerClient,
  baseUrl: string,
  n: number,
): Promise<{ latencies: number[]; totalMs: number }> {
  const t0 = performance.now();
  const latencies = await Promise.all(Array.from({ length: n }, () => runOnce(client, baseUrl)));
  return { latencies, totalMs: performance.now() - t0 };
}

/** `npx playwright test` on the same spec in a fresh subprocess, as the original ran every test. */
async function playwrightCli(dir: string): Promise<number> {
  const cli = path.join(REPO_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'test', 'signs-in.spec.ts', '--reporter', 'json'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, stdout) => {
        if (err) reject(new Error(`npx playwright test failed: ${err.message}\n${stdout.slice(0, 1000)}`));
        else resolve();
      },
    );
  });
  return performance.now() - t0;
}

function median(values: number[]): number {
  return summarize(values).p50;
}

export const bench = defineBench({
  name: 'runner',
  description: 'RunSpec on the warm pool vs `npx playwright test`; 10 concurrent passing specs',
  options: {
    singles: intOption('single specs timed one at a time (and with `npx playwright test`)', 5, { min: 1 }),
    rounds: intOption('concurrent rounds', 3, { min: 1 }),
    concurrency: intOption('specs at once in a concurrent round', 10, { min: 1, max: 64 }),
    workerMaxRuns: optionalIntOption(
      "RUNNER_WORKER_MAX_RUNS (unset: the runner's default; 1: a process per spec)",
      { min: 1 },
    ),
    browsers: intOption("the runner's warm browsers", 2, { min: 1, max: 16 }),
  },
  async run({ args }) {
    const { singles, rounds, concurrency, browsers } = args;
    // Unset = the runner's default (workers reused for one origin); --workerMaxRuns=1 = a process per spec.
    const { workerMaxRuns } = args;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-bench-'));
    const site = await startSite();
    const workers = Math.max(concurrency, 2);
    const env = {
      RUNNER_BROWSERS: String(browsers),
      // Every worker and explore session (4 by default) holds a context slot.
      RUNNER_CONTEXTS_PER_BROWSER: String(Math.ceil((workers + 4) / browsers)),
      RUNNER_WORKERS: String(workers),
      ...(workerMaxRuns === undefined ? {} : { RUNNER_WORKER_MAX_RUNS: String(workerMaxRuns) }),
      RUNNER_ARTIFACT_DIR: path.join(dir, 'artifacts'),
      RUNNER_SCRATCH_DIR: path.join(dir, 'scratch'),
      RUNNER_CHROMIUM_PATH: CHROMIUM_PATH,
    };

    const started = performance.now();
    const svc = await startServiceProcess('runner', { env, timeoutMs: 120_000 }).catch(
      async (err: unknown) => {
        await site.close();
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      },
    );
    const startupMs = performance.now() - started;
    const client = createClient(runner.RunnerServiceService, svc.address, {
      target: 'runner',
      defaultDeadlineMs: 120_000,
      breaker: false,
      logger: silentLogger(),
    });
    try {
      // The pool prepares contexts for the base URL it saw last: one warm-up run teaches it.
      await runOnce(client, site.url);
      await warmPool(client);

      // 1. One spec at a time on a warm pool, vs the CLI in a subprocess on the same spec.
      const runnerSingles: number[] = [];
      for (let i = 0; i < singles; i++) {
        runnerSingles.push(await runOnce(client, site.url));
        await warmPool(client);
      }
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      fs.writeFileSync(path.join(dir, 'signs-in.spec.ts'), SPEC);
      const config = {
        testDir: '.',
        testMatch: 'signs-in.spec.ts',
        workers: 1,
        outputDir: path.join(dir, 'pw-results'),
        use: {
          baseURL: site.url,
          launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_TEST_FLAGS },
        },
      };
      fs.writeFileSync(
        path.join(dir, 'playwright.config.js'),
        `module.exports = ${JSON.stringify(config)};\n`,
      );
      const cliRuns: number[] = [];
      for (let i = 0; i < Math.max(3, Math.ceil(singles / 2)); i++) cliRuns.push(await playwrightCli(dir));

      // 2. Bursts of `concurrency` passing specs on a warm pool.
      const burstLatencies: number[] = [];
      const burstTotals: number[] = [];
      for (let r = 0; r < rounds; r++) {
        await warmPool(client);
        const b = await burst(client, site.url, concurrency);
        burstLatencies.push(...b.latencies);
        burstTotals.push(b.totalMs);
      }
      // 3. Back-to-back bursts (no time for the pool to re-warm): the sustained-load picture.
      const backToBack: number[] = [];
      for (let r = 0; r < 2; r++) backToBack.push(...(await burst(client, site.url, concurrency)).latencies);
      const stats = await client.unary('getPoolStats', {});

      const single = median(runnerSingles);
      const cli = median(cliRuns);
      const b = summarize(burstLatencies);
      const sustained = summarize(backToBack);
      const figures: Record<string, number> = {
        runner_single_p50_ms: Math.round(single),
        npx_playwright_test_p50_ms: Math.round(cli),
        speedup: Number((cli / single).toFixed(2)),
        [`p50_${concurrency}_concurrent_ms`]: Math.round(b.p50),
        [`p95_${concurrency}_concurrent_ms`]: Math.round(b.p95),
        [`total_${concurrency}_concurrent_ms`]: Math.round(median(burstTotals)),
        [`p95_${concurrency}_back_to_back_ms`]: Math.round(sustained.p95),
        runner_startup_ms: Math.round(startupMs),
        runs_total: stats.runsTotal,
        crashes: stats.crashes,
      };
      return {
        bench: 'runner',
        figures,
        goals: goalsFor(figures, {
          speedup: { op: '>=', target: 5 },
          [`p95_${concurrency}_concurrent_ms`]: { op: '<=', target: 2500 },
        }),
        notes: [
          `machine: ${os.cpus().length} cores, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')} at the end`,
          `runner: ${env.RUNNER_BROWSERS} browsers × ${env.RUNNER_CONTEXTS_PER_BROWSER} contexts, ${env.RUNNER_WORKERS} workers, ${workerMaxRuns ?? 'default (20)'} run(s) per worker process; browser ${stats.browserVersion}`,
          `singles: ${singles} runner runs (pool re-warmed between runs) and ${cliRuns.length} \`npx playwright test\` runs, medians`,
          `bursts: ${rounds} × ${concurrency} concurrent on a warm pool; back-to-back: 2 × ${concurrency} without re-warming`,
        ],
      };
    } finally {
      client.close();
      await svc.process.stop('SIGTERM', 15_000);
      await site.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});
