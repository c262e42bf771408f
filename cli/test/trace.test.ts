// One SubmitFeature, one trace: the five services run as real processes with their OTel SDK
// exporting to an in-test OTLP receiver, the router and cost service keep their state in a real
// redis-server, and the demo app's login feature goes through the whole pipeline. The trace must
// reach router → scribe → embedding → vector store → runner → cost → Redis with correct parent
// links, carry tier/model/tokens/cost attributes, and carry no payloads or secrets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoFeatures, startDemoApp, type DemoApp } from '@superagent/demo';
import {
  startOtlpReceiver,
  startRedisServer,
  type OtlpReceiver,
  type OtlpSpan,
  type OtlpValue,
  type RedisServer,
} from '@superagent/devkit';
import { router } from '@superagent/proto';
import { ATTR } from '@superagent/telemetry';
import { routerClient } from '../src/clients';
import { tierLabel } from '../src/format';
import { submit, watch } from '../src/commands/feature';
import { startStack, type Stack } from '../src/stack';
import { SMALL_RUNNER } from './small-runner';

const TENANT = 'trace-tenant';
// Looks like a key and is one: the router checks it. It must never appear in telemetry.
const API_KEY = 'trace-test-key-5c1f0e9a7b3d4a61';
const FEATURE = demoFeatures.find((f) => f.id === 'login');

const SERVICE = {
  router: 'superagent-router',
  scribe: 'superagent-scribe',
  embedding: 'superagent-embedding',
  runner: 'superagent-runner',
  cost: 'superagent-cost',
} as const;

/** SpanKind values of the OTLP proto. */
const KIND = { internal: 1, server: 2, client: 3 } as const;

function byId(spans: readonly OtlpSpan[]): Map<string, OtlpSpan> {
  return new Map(spans.map((s) => [s.spanId, s]));
}

/** The chain of ancestors of `span` (nearest first), stopping at a missing parent. */
function ancestors(span: OtlpSpan, index: Map<string, OtlpSpan>): OtlpSpan[] {
  const chain: OtlpSpan[] = [];
  let parent = span.parentSpanId === undefined ? undefined : index.get(span.parentSpanId);
  while (parent !== undefined && chain.length < 1_000) {
    chain.push(parent);
    parent = parent.parentSpanId === undefined ? undefined : index.get(parent.parentSpanId);
  }
  return chain;
}

function describeSpan(s: OtlpSpan): string {
  return `${s.serviceName ?? '?'}:${s.name}`;
}

function stringValues(value: OtlpValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}

interface Fixture {
  task: router.Task;
  /** Every span of the submit's trace, after all five services flushed on shutdown. */
  spans: OtlpSpan[];
  /** Every span received (all traces). */
  all: OtlpSpan[];
  submit: OtlpSpan;
}

describe(
  'one SubmitFeature produces one trace across the five services and Redis',
  { timeout: 120_000 },
  () => {
    let receiver: OtlpReceiver | undefined;
    let redis: RedisServer | undefined;
    let app: DemoApp | undefined;
    let stack: Stack | undefined;
    let fx: Fixture;

    before(async () => {
      assert.ok(FEATURE, 'the demo catalogue has the login feature');
      receiver = await startOtlpReceiver();
      redis = await startRedisServer();
      app = await startDemoApp();
      stack = await startStack({
        env: { ...receiver.env(), LOG_LEVEL: 'warn' },
        serviceEnv: {
          router: { PIPELINE_STORE: 'redis', REDIS_URL: redis.url, ROUTER_API_KEYS: `${TENANT}:${API_KEY}` },
          cost: { COST_STORE: 'redis', REDIS_URL: redis.url },
          runner: SMALL_RUNNER,
        },
      });
      const client = routerClient(stack.address('router'));
      let task: router.Task;
      try {
        const run = `trace-${Date.now()}`;
        const { taskId } = await submit(
          client,
          {
            description: FEATURE.description,
            baseUrl: app.url,
            startPath: FEATURE.startPath,
            tenantId: TENANT,
            sessionId: run,
            idempotencyKey: run,
            featureId: FEATURE.id,
          },
          API_KEY,
        );
        task = await watch(client, taskId, () => undefined, API_KEY);
      } finally {
        client.close();
      }
      // Graceful shutdown ends with the telemetry flush: after it, every span is at the receiver.
      await stack.stop();
      stack = undefined;
      const all = receiver.spans();
      const submitSpan = all.find(
        (s) =>
          s.serviceName === SERVICE.router && s.kind === KIND.server && s.name.endsWith('/SubmitFeature'),
      );
      assert.ok(submitSpan, `the router exported its SubmitFeature server span; got ${all.length} spans`);
      fx = { task, all, submit: submitSpan, spans: all.filter((s) => s.traceId === submitSpan.traceId) };
    });

    after(async () => {
      await stack?.stop();
      await app?.stop();
      await redis?.stop();
      await receiver?.close();
    });

    /** The one span matching, with the trace's span names in the failure message. */
    function one(what: string, match: (s: OtlpSpan) => boolean): OtlpSpan {
      const found = fx.spans.filter(match);
      assert.ok(
        found.length > 0,
        `${what} is in the submit's trace; it holds ${fx.spans.map(describeSpan).join(', ')}`,
      );
      return found[0]!;
    }

    const server = (service: string, method: string) => (s: OtlpSpan) =>
      s.serviceName === service && s.kind === KIND.server && s.name.endsWith(`/${method}`);

    function assertUnder(child: OtlpSpan, ancestor: OtlpSpan): void {
      const chain = ancestors(child, byId(fx.spans));
      assert.ok(
        chain.some((s) => s.spanId === ancestor.spanId),
        `${describeSpan(child)} descends from ${describeSpan(ancestor)}; its ancestors: ${chain.map(describeSpan).join(' ← ') || 'none'}`,
      );
    }

    test('the task passed and the submit span is the root of its trace', () => {
      assert.equal(fx.task.status, router.TaskStatus.PASSED, fx.task.error);
      assert.equal(fx.submit.parentSpanId, undefined);
      assert.equal(fx.task.traceId, fx.submit.traceId, 'the task reports the trace it belongs to');
      // Every span naming this task is in this one trace (the async pipeline did not start its own).
      const tagged = fx.all.filter((s) => s.attributes[ATTR.taskId] === fx.task.taskId);
      assert.ok(tagged.length >= 4, `pipeline stage spans carry the task id: ${tagged.length}`);
      assert.deepEqual([...new Set(tagged.map((s) => s.traceId))], [fx.submit.traceId]);
    });

    test('the pipeline, run after SubmitFeature returned, continues the submit trace', () => {
      const index = byId(fx.spans);
      const stages = fx.spans.filter(
        (s) => s.serviceName === SERVICE.router && s.name.startsWith('pipeline '),
      );
      const names = new Set(stages.map((s) => s.name));
      for (const stage of [
        'pipeline route',
        'pipeline reserve',
        'pipeline generate',
        'pipeline run',
        'pipeline settle',
      ])
        assert.ok(names.has(stage), `${stage} in ${[...names].join(', ')}`);
      for (const stage of stages) assertUnder(stage, fx.submit);
      // Stages start after the submit call answered: the link is the stored traceparent, not nesting in time.
      // The run stage comes after generation (seconds of exploring): long after the submit answered.
      const run = stages.find((s) => s.name === 'pipeline run')!;
      assert.ok(
        run.startTimeUnixNano >= fx.submit.endTimeUnixNano,
        'the run stage began after SubmitFeature returned',
      );
      assert.equal(ancestors(run, index).at(-1)?.spanId, fx.submit.spanId);
    });

    test('router → scribe → embedding → vector store → runner → cost → Redis, parents linked', () => {
      const generateStage = one('the generate stage', (s) => s.name === 'pipeline generate');
      const runStage = one('the run stage', (s) => s.name === 'pipeline run');
      const settleStage = one('the settle stage', (s) => s.name === 'pipeline settle');

      const scribeGenerate = one('scribe GenerateTest', server(SERVICE.scribe, 'GenerateTest'));
      assertUnder(scribeGenerate, generateStage);
      const embed = one(
        'embedding Embed under GenerateTest',
        (s) => server(SERVICE.embedding, 'Embed')(s) && ancestors(s, byId(fx.spans)).includes(scribeGenerate),
      );
      assertUnder(embed, scribeGenerate);
      const search = one(
        'the pattern search',
        (s) => s.serviceName === SERVICE.scribe && s.name === 'vector_store search',
      );
      assertUnder(search, scribeGenerate);
      assert.equal(typeof search.attributes[ATTR.retrievalResults], 'number');

      const remember = one('scribe RememberPattern', server(SERVICE.scribe, 'RememberPattern'));
      assertUnder(remember, fx.submit);
      const upsert = one(
        'the pattern upsert',
        (s) => s.serviceName === SERVICE.scribe && s.name === 'vector_store upsert',
      );
      assertUnder(upsert, remember);

      const runSpec = one('runner RunSpec', server(SERVICE.runner, 'RunSpec'));
      assertUnder(runSpec, runStage);

      const record = one('cost Record', server(SERVICE.cost, 'Record'));
      assertUnder(record, settleStage);
      const costRedis = one(
        'a Redis command of the cost service',
        (s) =>
          s.serviceName === SERVICE.cost &&
          s.attributes['db.system.name'] === 'redis' &&
          ancestors(s, byId(fx.spans)).includes(record),
      );
      assertUnder(costRedis, record);
      const routerRedis = one(
        'a Redis command of the router task store',
        (s) => s.serviceName === SERVICE.router && s.attributes['db.system.name'] === 'redis',
      );
      assertUnder(routerRedis, fx.submit);
    });

    test('spans carry tier, model, tokens and cost', () => {
      const tier = tierLabel(fx.task.tier);
      const scribeGenerate = one('scribe GenerateTest', server(SERVICE.scribe, 'GenerateTest'));
      assert.equal(scribeGenerate.attributes[ATTR.tier], tier);
      assert.equal(typeof scribeGenerate.attributes[ATTR.model], 'string');
      assert.notEqual(scribeGenerate.attributes[ATTR.model], '');
      assert.equal(typeof scribeGenerate.attributes[ATTR.tokensInput], 'number');
      assert.equal(typeof scribeGenerate.attributes[ATTR.tokensOutput], 'number');

      const stage = one('the generate stage', (s) => s.name === 'pipeline generate');
      assert.equal(stage.attributes[ATTR.tier], tier);
      assert.equal(stage.attributes[ATTR.model], scribeGenerate.attributes[ATTR.model]);

      const record = one('cost Record', server(SERVICE.cost, 'Record'));
      assert.equal(record.attributes[ATTR.tier], tier);
      assert.equal(record.attributes[ATTR.model], scribeGenerate.attributes[ATTR.model]);
      assert.equal(record.attributes[ATTR.costMicros], fx.task.costMicros);
      assert.equal(record.attributes[ATTR.tokensInput], scribeGenerate.attributes[ATTR.tokensInput]);
      assert.equal(record.attributes[ATTR.tokensOutput], scribeGenerate.attributes[ATTR.tokensOutput]);
    });

    test('no span carries the description, the generated spec or the API key', () => {
      assert.ok(FEATURE);
      assert.ok(fx.task.specSource.length > 0, 'the task produced a spec');
      const specLines = fx.task.specSource
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= 24);
      const secrets = [
        FEATURE.description,
        'demo-pass',
        'demo@example.com',
        API_KEY,
        fx.task.specSource,
        ...specLines,
      ];
      for (const s of fx.all) {
        const texts = [
          s.name,
          ...stringValues(s.attributes),
          ...s.events.flatMap((e) => [e.name, ...stringValues(e.attributes)]),
          s.status.message ?? '',
        ];
        for (const text of texts)
          for (const secret of secrets)
            assert.ok(
              !text.includes(secret),
              `${describeSpan(s)} carries ${JSON.stringify(secret.slice(0, 40))}: ${text.slice(0, 200)}`,
            );
      }
    });
  },
);
