// Scribe speed (issue 7): 10 concurrent GenerateTest calls on the local tier against the demo app.
// Cold: empty pattern memory, every call opens the page through runner.Explore and resolves its steps
// on the live page. Warm: the same features, described in other words, after their specs passed and
// were remembered, so scribe answers from pattern memory without exploring. Every service runs as its
// own process (demo app, runner, embedding, scribe), the way production runs them.
import os from 'node:os';
import path from 'node:path';
import {
  startProcess,
  startServiceProcess,
  type ManagedProcess,
  type ServiceProcess,
} from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, runner, scribe } from '@superagent/proto';
import { defineBench, goalsFor } from '../harness';
import { intOption } from '../options';
import { summarize } from '../stats';

const REPO_ROOT = path.join(__dirname, '..', '..', '..', '..');

/** Paraphrases of the demo's simple features: other words, the same values (what the warm path needs). */
const PARAPHRASES: Record<string, string> = {
  login:
    'Sign in using the address demo@example.com and the password demo-pass, then check that "Welcome, Demo User" appears.',
  'contact-form':
    'Complete the contact form with a name, an email address and a message, submit it, and check for the thank-you message "Thanks, <name>! We\'ll be in touch."',
  'product-details':
    'From the product list open "Aurora Desk Lamp" and check that its detail page shows the product name, the price $49.00 and its description.',
  cart: 'Put the "Aurora Desk Lamp" into the cart from the product list, check that the cart count becomes 1, open the cart to see the lamp in it, then remove it and check that the cart is empty.',
  'menu-navigation':
    'Through the main menu open the About page and check the "About us" heading and the /about URL, then open the Services page.',
  'modal-dialog':
    'Press "Subscribe to the newsletter" to bring up the newsletter dialog, check that the dialog is shown, then close it using the Close button.',
  'dark-mode':
    'Switch on the "Dark mode" toggle in the settings, check that it is checked and shows "Dark theme is on", and that the choice stays after reloading the page.',
  'product-search':
    'Look up "lamp" in the product search and check that only the two lamps are listed in the results; then search "zzz" and expect "No results".',
  'result-filtering':
    'Narrow the catalogue to the "Lighting" category and check that only lighting products and the text "Showing 3 products" are shown.',
};

interface Feature {
  id: string;
  kind: string;
  description: string;
  startPath: string;
}

type ScribeClient = GrpcClient<typeof scribe.ScribeServiceService>;

async function startDemo(): Promise<{ url: string; features: Feature[]; process: ManagedProcess }> {
  let line = '';
  const proc = await startProcess({
    name: 'demo',
    command: process.execPath,
    args: [path.join(REPO_ROOT, 'demo', 'dist', 'src', 'main.js'), '--port', '0', '--json'],
    onLine: (l, stream) => {
      if (stream === 'stdout' && l.startsWith('{') && line === '') line = l;
    },
    readyWhen: async () => line !== '',
    timeoutMs: 30_000,
  });
  const info = JSON.parse(line) as { url: string; features: Feature[] };
  return { url: info.url, features: info.features, process: proc };
}

/** A service as its own process, the way production runs it; 120 s: the runner warms two browsers. */
function startService(
  name: 'runner' | 'embedding' | 'scribe',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess(name, { env, cwd: REPO_ROOT, timeoutMs: 120_000 });
}

const errorMessages = new Set<string>();

async function burst(
  client: ScribeClient,
  requests: scribe.GenerateTestRequest[],
): Promise<{ latencies: number[]; responses: scribe.GenerateTestResponse[]; errors: number }> {
  let errors = 0;
  const out = await Promise.all(
    requests.map(async (req) => {
      const t0 = performance.now();
      try {
        const res = await client.unary('generateTest', req);
        return { ms: performance.now() - t0, res };
      } catch (err) {
        errors++;
        errorMessages.add(err instanceof Error ? err.message.slice(0, 200) : String(err));
        return { ms: performance.now() - t0, res: undefined };
      }
    }),
  );
  return { latencies: out.map((o) => o.ms), responses: out.flatMap((o) => (o.res ? [o.res] : [])), errors };
}

export const bench = defineBench({
  name: 'scribe',
  description:
    'GenerateTest, 10 concurrent on the local tier against the demo app: cold (exploring) and warm (pattern memory)',
  options: {
    concurrency: intOption('GenerateTest calls at once (cold bursts of this many, then warm)', 10, {
      min: 1,
      max: 64,
    }),
    warmRounds: intOption('warm bursts after the two cold ones', 3, { min: 1 }),
    browsers: intOption("the runner's warm browsers (16 context slots spread over them)", 2, {
      min: 1,
      max: 16,
    }),
  },
  async run({ args }) {
    const { concurrency, warmRounds, browsers } = args;
    const started: ManagedProcess[] = [];
    let client: ScribeClient | undefined;
    let run: GrpcClient<typeof runner.RunnerServiceService> | undefined;
    try {
      const demo = await startDemo();
      started.push(demo.process);
      const [runnerSvc, embeddingSvc] = await Promise.all([
        startService('runner', {
          RUNNER_BROWSERS: String(browsers),
          RUNNER_CONTEXTS_PER_BROWSER: String(Math.ceil(16 / browsers)),
          RUNNER_WORKERS: '4',
          RUNNER_MAX_EXPLORE_SESSIONS: String(concurrency),
          // As many blank tabs ready as calls arrive at once (production sizes it the same way).
          RUNNER_EXPLORE_SPARE_TABS: String(concurrency),
          RUNNER_TRACE: 'off',
        }),
        startService('embedding', {}),
      ]);
      started.push(runnerSvc.process, embeddingSvc.process);
      const scribeSvc = await startService('scribe', {
        RUNNER_ADDR: runnerSvc.address,
        EMBEDDING_ADDR: embeddingSvc.address,
        SCRIBE_MAX_EXPLORES: String(concurrency),
      });
      started.push(scribeSvc.process);
      client = createClient(scribe.ScribeServiceService, scribeSvc.address, {
        target: 'scribe',
        defaultDeadlineMs: 120_000,
        breaker: false,
        logger: silentLogger(),
      });
      run = createClient(runner.RunnerServiceService, runnerSvc.address, {
        target: 'runner',
        defaultDeadlineMs: 120_000,
        breaker: false,
        logger: silentLogger(),
      });

      const simple = demo.features.filter((f) => f.kind === 'simple' && PARAPHRASES[f.id] !== undefined);
      const pick = (i: number): Feature => simple[i % simple.length] as Feature;
      const req = (f: Feature, description: string, usePatterns = true): scribe.GenerateTestRequest =>
        scribe.GenerateTestRequest.fromPartial({
          description,
          baseUrl: demo.url,
          startPath: f.startPath,
          tier: common.Tier.LOCAL,
          options: scribe.GenerateOptions.fromPartial({ usePatterns }),
        });

      // One call first: the browsers, the embedding cache of UI words and the connections warm up.
      await client.unary('generateTest', req(pick(0), pick(0).description, false));

      // Cold: empty memory (nothing was remembered yet); a second burst with memory switched off.
      const cold1 = await burst(
        client,
        Array.from({ length: concurrency }, (_, i) => req(pick(i), pick(i).description)),
      );
      const cold2 = await burst(
        client,
        Array.from({ length: concurrency }, (_, i) => req(pick(i + 1), pick(i + 1).description, false)),
      );
      const cold = summarize([...cold1.latencies, ...cold2.latencies]);

      // Remember the specs that pass when run (what the pipeline does after a passing run).
      let remembered = 0;
      for (const [i, res] of cold1.responses.entries()) {
        const f = pick(i);
        if (!res.specSource) continue;
        const ran = await run.unary(
          'runSpec',
          runner.RunSpecRequest.fromPartial({
            specSource: res.specSource,
            baseUrl: demo.url,
            fileName: res.fileName,
          }),
        );
        if (ran.status !== common.RunStatus.PASS) continue;
        await client.unary(
          'rememberPattern',
          scribe.RememberPatternRequest.fromPartial({
            description: f.description,
            baseUrl: demo.url,
            specSource: res.specSource,
            passed: true,
            fileName: res.fileName,
            startPath: f.startPath,
            steps: res.steps,
          }),
        );
        remembered++;
      }

      // Warm: paraphrased descriptions of the remembered features.
      const warmLatencies: number[] = [];
      let warmHits = 0;
      let warmCalls = 0;
      let warmErrors = 0;
      for (let r = 0; r < warmRounds; r++) {
        const b = await burst(
          client,
          Array.from({ length: concurrency }, (_, i) =>
            req(pick(i), PARAPHRASES[pick(i).id] ?? pick(i).description),
          ),
        );
        warmLatencies.push(...b.latencies);
        warmHits += b.responses.filter((x) => x.warmPath).length;
        warmCalls += b.latencies.length;
        warmErrors += b.errors;
      }
      const warm = summarize(warmLatencies);
      const figures: Record<string, number> = {
        cold_p50_ms: Math.round(cold.p50),
        cold_p95_ms: Math.round(cold.p95),
        warm_p50_ms: Math.round(warm.p50),
        warm_p95_ms: Math.round(warm.p95),
        warm_path_share: Number((warmHits / Math.max(1, warmCalls)).toFixed(2)),
        cold_accepted:
          cold1.responses.filter((x) => x.validation?.accepted).length +
          cold2.responses.filter((x) => x.validation?.accepted).length,
        remembered,
        errors: cold1.errors + cold2.errors + warmErrors,
      };
      return {
        bench: 'scribe',
        figures,
        goals: goalsFor(figures, {
          cold_p95_ms: { op: '<=', target: 2500 },
          warm_p95_ms: { op: '<=', target: 257 },
        }),
        notes: [
          `machine: ${os.cpus().length} cores, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')} at the end`,
          `cold: 2 bursts × ${concurrency} concurrent GenerateTest (${simple.length} simple demo features cycled), each exploring the live page; warm: ${warmRounds} bursts × ${concurrency} with paraphrased descriptions of the ${remembered} remembered specs`,
          `runner: ${browsers} browser(s) × ${Math.ceil(16 / browsers)} contexts (--browsers=N), explore sessions ${concurrency}, spare tabs ${concurrency}; embedding: lexical model; scribe: SCRIBE_MAX_EXPLORES=${concurrency}`,
          ...[...errorMessages].map((m) => `error: ${m}`),
        ],
      };
    } finally {
      client?.close();
      run?.close();
      for (const p of started.reverse()) await p.stop('SIGTERM', 15_000);
    }
  },
});
