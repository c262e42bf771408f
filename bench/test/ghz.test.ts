import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { startTestServer, unary } from '@superagent/grpc';
import { descriptorSetPath, embedding, serviceNames } from '@superagent/proto';
import { normaliseCall, parseDuration, readGhzConfig, toLoadSpec } from '../src/ghz/config';
import { ghzConfigPaths, GHZ_DIR, serviceOfCall } from '../src/ghz/run-configs';
import { formatGhzSummary } from '../src/ghz/summary';
import { runLoad } from '../src/load/driver';

test('every committed ghz config parses and names a unary method of the descriptor set', () => {
  const definition = loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
  const paths = ghzConfigPaths();
  assert.ok(paths.length >= 6);
  for (const path of paths) {
    const config = readGhzConfig(path);
    const [service, method] = normaliseCall(config.call).split('/');
    const svc = definition[service!] as Record<string, { path: string; requestStream: boolean }> | undefined;
    const m = svc && Object.values(svc).find((d) => d.path === `/${service}/${method}`);
    assert.ok(m, `${path}: ${config.call} not in the descriptor set`);
    assert.equal(m.requestStream, false);
    assert.equal(
      readFileSync(join(GHZ_DIR, config.protoset!), 'base64'),
      readFileSync(descriptorSetPath, 'base64'),
    );
    assert.ok(['router', 'scribe', 'embedding', 'runner', 'cost'].includes(serviceOfCall(config.call)));
  }
});

test('ghz options map onto the load spec', () => {
  assert.equal(parseDuration('10s', 'duration'), 10_000);
  assert.equal(parseDuration('250ms', 'timeout'), 250);
  assert.equal(parseDuration('1m', 'duration'), 60_000);
  assert.throws(() => parseDuration('10', 'duration'), /duration: expected a duration/);
  assert.equal(normaliseCall('a.b.v1.Svc.Method'), 'a.b.v1.Svc/Method');
  const spec = toLoadSpec(readGhzConfig(join(GHZ_DIR, 'route.json')), {
    host: '127.0.0.1:1',
    durationMs: 100,
  });
  assert.equal(spec.address, '127.0.0.1:1');
  assert.equal(spec.call, 'superagent.router.v1.RouterService/Route');
  assert.equal(spec.durationMs, 100);
  assert.equal(spec.skipFirst, 500);
  assert.equal(spec.concurrency, 50);
});

test('template actions expand per call and the summary has ghz figures', async () => {
  const seen = new Set<string>();
  const server = await startTestServer([
    {
      name: serviceNames.embedding,
      definition: embedding.EmbeddingServiceService,
      implementation: {
        embed: unary(async (req: embedding.EmbedRequest) => {
          for (const t of req.texts) seen.add(t);
          return embedding.EmbedResponse.fromPartial({});
        }),
      },
    },
  ]);
  try {
    const result = await runLoad({
      address: server.address,
      call: `${serviceNames.embedding}/Embed`,
      data: [{ texts: ['n{{.RequestNumber}}', 'id-{{.UUID}}'] }],
      concurrency: 2,
      processes: 1,
      total: 20,
      skipFirst: 5,
    });
    assert.equal(result.count, 20);
    // 25 calls were made (5 warm-up), each with its own number and UUID.
    assert.equal([...seen].filter((t) => t.startsWith('n')).length, 25);
    assert.equal([...seen].filter((t) => t.startsWith('id-')).length, 25);
    const summary = formatGhzSummary('embed', result);
    assert.match(summary, /Count:\t20/);
    assert.match(summary, /Requests\/sec:\t\d+\.\d\d/);
    assert.match(summary, /99 % in \d+\.\d\d ms/);
    assert.match(summary, /\[OK\]\t20 responses/);
  } finally {
    await server.stop();
  }
});
