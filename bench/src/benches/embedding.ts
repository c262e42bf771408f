// Embedding service costs, side by side in one run (issue 4): the full-size MiniLM-shaped model's
// single-query latency and best batched throughput in-process, the lexical model's latency, the
// service at 32 concurrent callers with batching on and off, and a cache hit against a bare echo.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '@superagent/devkit';
import {
  createLexicalModel,
  FIXTURE_BUILDER_VERSION,
  startWorkerModel,
  MINILM_SHAPED_FIXTURE,
  writeModelFixture,
  type EmbeddingModel,
} from '@superagent/embedding';
import { BARE_ECHO_SERVICE_NAME, createClient, startBareEchoServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding, serviceNames } from '@superagent/proto';
import { defineBench, goalsFor } from '../harness';
import { intOption, optionalIntOption } from '../options';
import { runLoad, type LoadResult } from '../load/driver';
import { summarize } from '../stats';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const EMBED_CALL = `${serviceNames.embedding}/Embed`;

/** Distinct, realistic UI sentences (8–12 words), the same every run. */
function sentences(): string[] {
  const verbs = [
    'Click',
    'Open',
    'Close',
    'Select',
    'Remove',
    'Add',
    'Find',
    'Check',
    'Hide',
    'Show',
    'Edit',
    'Save',
  ];
  const things = [
    'the login button',
    'the shopping cart',
    'the search field',
    'the settings menu',
    'the first product card',
    'the newsletter checkbox',
    'the cookie banner',
    'the profile picture',
    'the delivery address',
    'the payment form',
    'the help dialog',
    'the language picker',
    'the dark mode switch',
    'the order summary',
    'the password field',
  ];
  const places = [
    'on the home page',
    'in the top navigation bar',
    'at the bottom of the checkout page',
    'inside the account settings',
    'next to the product title',
    'in the sidebar on the left',
    'below the search results',
    'in the modal window',
    'on the order confirmation screen',
    'above the footer links',
    'in the mobile menu',
    'on the product detail page',
  ];
  return verbs.flatMap((v) => things.flatMap((t) => places.map((p) => `${v} ${t} ${p}`)));
}

/** The full-size random-weight MiniLM-shaped model, built once and cached under .cache/ (git-ignored). */
async function miniLmShapedDir(): Promise<string> {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ preset: MINILM_SHAPED_FIXTURE, version: FIXTURE_BUILDER_VERSION }))
    .digest('hex')
    .slice(0, 12);
  const dir = join(REPO_ROOT, '.cache', 'embedding', fingerprint, MINILM_SHAPED_FIXTURE.name);
  if (!existsSync(join(dir, 'onnx', 'model.onnx'))) await writeModelFixture(dir, MINILM_SHAPED_FIXTURE);
  return dir;
}

async function latencies(model: EmbeddingModel, queries: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await model.embedBatch([q]);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Texts per second at a fixed batch size with `streams` batches in flight, for about `ms` ms. */
async function throughput(
  model: EmbeddingModel,
  texts: readonly string[],
  batchSize: number,
  ms: number,
  streams = 1,
): Promise<number> {
  let done = 0;
  let offset = 0;
  const t0 = performance.now();
  const stream = async (): Promise<void> => {
    while (performance.now() - t0 < ms) {
      const batch = Array.from({ length: batchSize }, (_, i) => texts[(offset + i) % texts.length] ?? '');
      offset += batchSize;
      await model.embedBatch(batch);
      done += batchSize;
    }
  };
  await Promise.all(Array.from({ length: streams }, stream));
  return (done / (performance.now() - t0)) * 1000;
}

/**
 * How the model can be run in this process without gRPC: one replica using every core, or one
 * single-threaded replica per core. Both run in worker threads (the bench process must not load
 * onnxruntime on its main thread as well, see the service's transformer-model.ts).
 */
const IN_PROCESS_SETUPS = [
  { label: '1x(2 threads)', replicas: 1, threads: 0 },
  { label: '2x(1 thread)', replicas: 2, threads: 1 },
] as const;

function loadErrors(result: LoadResult): number {
  if (result.errors > 0)
    process.stderr.write(`embedding bench: ${result.errors} failed calls, first: ${result.firstError}\n`);
  return result.errors;
}

/** Average texts per forward pass the service ran (from GetInfo's batcher counters). */
async function averageBatch(address: string): Promise<number> {
  const client = createClient(embedding.EmbeddingServiceService, address, {
    target: 'embedding',
    defaultDeadlineMs: 5_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    const info = await client.unary('getInfo', {});
    const batches = info.batcher?.batches ?? 0;
    return batches > 0 ? (info.batcher?.texts ?? 0) / batches : 0;
  } finally {
    client.close();
  }
}

/** What one run collects; each phase adds figures and notes. */
interface Run {
  readonly texts: readonly string[];
  readonly durationMs: number;
  /** Service settings under test (EMBEDDING_REPLICAS / EMBEDDING_THREADS), else its defaults. */
  readonly serviceSettings: Readonly<Record<string, string>>;
  readonly figures: Record<string, number>;
  readonly notes: string[];
  errors: number;
}

interface Best {
  readonly setup: number;
  readonly size: number;
  readonly tps: number;
}

/** The full-size model without gRPC: single-query latency and throughput by setup and batch size. */
async function measureModels(run: Run, models: readonly EmbeddingModel[]): Promise<Best> {
  let best: Best = { setup: 0, size: 1, tps: 0 };
  for (const [index, setup] of IN_PROCESS_SETUPS.entries()) {
    const model = models[index];
    if (!model) throw new Error(`no model for ${setup.label}`);
    if (index === 0) {
      await latencies(model, run.texts.slice(0, 20));
      const single = summarize(await latencies(model, run.texts.slice(20, 220)));
      run.figures.minilm_single_p50_ms = single.p50;
      run.figures.minilm_single_p95_ms = single.p95;
    }
    for (const size of [1, 8, 16, 32, 64]) {
      const tps = await throughput(model, run.texts, size, 2_000, setup.replicas);
      run.figures[`minilm_${setup.replicas}x${setup.threads || 'auto'}_batch${size}_tps`] = Math.round(tps);
      if (tps > best.tps) best = { setup: index, size, tps };
    }
  }
  return best;
}

/** The lexical model in-process: start-up and latency on sentences it has not seen. */
async function measureLexical(run: Run): Promise<void> {
  const started = performance.now();
  const lexical = createLexicalModel();
  await lexical.embedBatch(['warm up']);
  run.figures.lexical_load_ms = Math.round(performance.now() - started);
  const latency = summarize(await latencies(lexical, run.texts.slice(300, 500)));
  run.figures.lexical_single_p50_ms = latency.p50;
  run.figures.lexical_single_p95_ms = latency.p95;
}

/** Alternating rounds of the service against the in-process best. */
const SERVICE_ROUNDS = 3;

/** A service process with the cache off, so every call reaches the batcher and the model. */
function startUncachedService(
  run: Run,
  modelDir: string,
  extraEnv: Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess('embedding', {
    env: {
      EMBEDDING_KIND: 'transformer',
      EMBEDDING_MODEL_DIR: modelDir,
      EMBEDDING_CACHE_SIZE: '0',
      ...run.serviceSettings,
      ...extraEnv,
    },
    timeoutMs: 60_000,
  });
}

/** 32 concurrent callers, one text each. */
async function serviceLoad(run: Run, service: ServiceProcess): Promise<LoadResult> {
  const result = await runLoad({
    address: service.address,
    call: EMBED_CALL,
    data: run.texts.map((text) => ({ texts: [text] })),
    concurrency: 32,
    processes: 1,
    warmupMs: 1_000,
    durationMs: run.durationMs,
    deadlineMs: 30_000,
  });
  run.errors += loadErrors(result);
  return result;
}

/**
 * The service batched and unbatched against the in-process best, in alternating rounds (this
 * machine is shared: neighbours move throughput between separate phases by more than the
 * differences measured); each ratio is the median of its per-round ratios.
 */
async function measureServiceRounds(
  run: Run,
  modelDir: string,
  best: Best,
  bestModel: EmbeddingModel,
): Promise<void> {
  const setup = IN_PROCESS_SETUPS[best.setup] ?? IN_PROCESS_SETUPS[0];
  const batched = await startUncachedService(run, modelDir, {});
  const unbatched = await startUncachedService(run, modelDir, {
    EMBEDDING_BATCH_SIZE: '1',
    EMBEDDING_BATCH_WAIT_MS: '0',
  });
  try {
    const rounds: { model: number; batched: LoadResult; unbatched: LoadResult }[] = [];
    for (let round = 0; round < SERVICE_ROUNDS; round++) {
      await throughput(bestModel, run.texts, best.size, 300, setup.replicas);
      const model = await throughput(bestModel, run.texts, best.size, run.durationMs, setup.replicas);
      rounds.push({
        model,
        batched: await serviceLoad(run, batched),
        unbatched: await serviceLoad(run, unbatched),
      });
    }
    const { figures } = run;
    figures.service_batched_tps = Math.round(median(rounds.map((r) => r.batched.rps)));
    figures.service_batched_p50_ms = median(rounds.map((r) => r.batched.latency.p50));
    figures.service_unbatched_tps = Math.round(median(rounds.map((r) => r.unbatched.rps)));
    figures.service_unbatched_p50_ms = median(rounds.map((r) => r.unbatched.latency.p50));
    figures.minilm_best_batched_tps = Math.round(median(rounds.map((r) => r.model)));
    figures.service_vs_model_best_ratio = median(rounds.map((r) => r.batched.rps / r.model));
    figures.batching_gain_ratio = median(rounds.map((r) => r.batched.rps / Math.max(1, r.unbatched.rps)));
    figures.service_batched_avg_batch = await averageBatch(batched.address);
    run.notes.push(
      `in-process best: ${setup.label} at batch ${best.size} (${Math.round(best.tps)} texts/s in the sweep); ${SERVICE_ROUNDS} rounds of in-process best, service batched, service unbatched (${run.durationMs} ms each): ${rounds
        .map((r) => `${Math.round(r.model)}/${Math.round(r.batched.rps)}/${Math.round(r.unbatched.rps)}`)
        .join(', ')} texts/s`,
    );
  } finally {
    await Promise.all([batched.process.stop(), unbatched.process.stop()]);
  }
}

/**
 * A cache hit over gRPC against a bare echo carrying the same response bytes, one call in flight,
 * the two calls interleaved by one client: neighbours on this shared machine shift latencies
 * between separate rounds by more than the difference being measured.
 */
async function measureCacheHit(run: Run, modelDir: string): Promise<void> {
  const hitText = run.texts[0] ?? '';
  const work = await mkdtemp(join(tmpdir(), 'embedding-bench-'));
  const echo = await startBareEchoServer();
  try {
    const prewarm = join(work, 'prewarm.txt');
    await writeFile(prewarm, `${hitText}\n`);
    const cached = await startServiceProcess('embedding', {
      env: {
        EMBEDDING_KIND: 'transformer',
        EMBEDDING_MODEL_DIR: modelDir,
        EMBEDDING_PREWARM_FILE: prewarm,
        ...run.serviceSettings,
      },
      timeoutMs: 60_000,
    });
    try {
      const responseBytes = embedding.EmbedResponse.encode({
        vectors: [{ values: new Array<number>(384).fill(0.05) }],
        modelName: MINILM_SHAPED_FIXTURE.name,
        modelRevision: '0123456789ab',
        dimension: 384,
        cacheHits: 1,
      }).finish().length;
      const rounds: { echo: number; hit: number }[] = [];
      for (let round = 0; round < 3; round++) {
        const result = await runLoad({
          concurrency: 1,
          processes: 1,
          warmupMs: 300,
          durationMs: 1_500,
          address: cached.address,
          call: EMBED_CALL,
          data: [{ texts: [hitText] }],
          alternateWith: {
            address: echo.address,
            call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
            bare: true,
            data: ['x'.repeat(responseBytes)],
          },
        });
        const echoResult = result.alternate!;
        run.errors += loadErrors(echoResult) + loadErrors(result);
        rounds.push({ echo: echoResult.latency.p50, hit: result.latency.p50 });
      }
      run.figures.cache_hit_p50_ms = median(rounds.map((r) => r.hit));
      run.figures.echo_p50_ms = median(rounds.map((r) => r.echo));
      run.figures.cache_hit_vs_echo_ratio = median(rounds.map((r) => r.hit / r.echo));
      run.notes.push(
        `cache hit vs echo: one call in flight from one client that alternates the two calls (order flipped every round, so both see the same moments of this shared machine); echo payload ${responseBytes} bytes each way (a 384-d Embed response); median of 3 runs of 1.5 s`,
      );
    } finally {
      await cached.process.stop();
    }
  } finally {
    await echo.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export const bench = defineBench({
  name: 'embedding',
  description: 'embedding model latency/throughput, service batching vs unbatched, cache hit vs echo',
  options: {
    replicas: optionalIntOption("EMBEDDING_REPLICAS for the service (unset: the service's default)", {
      min: 1,
    }),
    threads: optionalIntOption("EMBEDDING_THREADS for the service (unset: the service's default)", {
      min: 1,
    }),
    durationMs: intOption('measured time of each load run', 3_000, { min: 100 }),
  },
  async run({ args }) {
    const serviceSettings: Record<string, string> = {};
    if (args.replicas !== undefined) serviceSettings.EMBEDDING_REPLICAS = String(args.replicas);
    if (args.threads !== undefined) serviceSettings.EMBEDDING_THREADS = String(args.threads);
    const run: Run = {
      texts: sentences(),
      durationMs: args.durationMs,
      serviceSettings,
      figures: {},
      notes: [],
      errors: 0,
    };
    const { figures } = run;
    const modelDir = await miniLmShapedDir();

    // Every setup's workers stay up until the end: onnxruntime-node 1.14 cannot be loaded again in a
    // new worker once all the workers that loaded it have exited ("did not self-register").
    const models: EmbeddingModel[] = [];
    try {
      for (const setup of IN_PROCESS_SETUPS) {
        const started = performance.now();
        const spec = {
          kind: 'transformer',
          dir: modelDir,
          quantized: false,
          maxTokens: 256,
          threads: setup.threads,
        } as const;
        models.push(await startWorkerModel(spec, setup.replicas));
        if (models.length === 1) figures.minilm_load_ms = Math.round(performance.now() - started);
      }
      const best = await measureModels(run, models);
      await measureLexical(run);

      const bestModel = models[best.setup];
      if (!bestModel) throw new Error('best setup has no model');
      await measureServiceRounds(run, modelDir, best, bestModel);

      await measureCacheHit(run, modelDir);
    } finally {
      for (const model of models) await model.close();
    }
    figures.errors = run.errors;
    run.notes.push(
      `MiniLM-shaped model: ${MINILM_SHAPED_FIXTURE.shape.numHiddenLayers} layers, ${MINILM_SHAPED_FIXTURE.shape.hiddenSize} hidden, vocab ${MINILM_SHAPED_FIXTURE.shape.vocabSize}, random weights (cost only), fp32 onnxruntime-node 1.14; in-process setups run in worker threads`,
      `service: own process, EMBEDDING_REPLICAS=${serviceSettings.EMBEDDING_REPLICAS ?? 'default'}, EMBEDDING_THREADS=${serviceSettings.EMBEDDING_THREADS ?? 'default'}, cache off for throughput; load: 32 in flight from 1 client process, 1 s warm-up + ${run.durationMs} ms per round`,
    );
    return {
      bench: 'embedding',
      figures,
      goals: goalsFor(figures, {
        minilm_single_p50_ms: { op: '<=', target: 12 },
        cache_hit_vs_echo_ratio: { op: '<=', target: 1.3 },
        service_vs_model_best_ratio: { op: '>=', target: 0.8 },
        batching_gain_ratio: { op: '>=', target: 1.3 },
        errors: { op: '<=', target: 0 },
      }),
      notes: run.notes,
    };
  },
});
