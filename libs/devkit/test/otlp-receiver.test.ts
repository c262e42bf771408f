import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { decodeMetrics, decodeTraces, startOtlpReceiver, type OtlpReceiver } from '../src/index';

function post(url: string, contentType: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const traceBody = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'router' } }] },
      scopeSpans: [
        {
          scope: { name: 'manual', version: '1' },
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'root',
              kind: 2,
              startTimeUnixNano: '1000000000',
              endTimeUnixNano: '1250000000',
              attributes: [
                { key: 'superagent.tier', value: { stringValue: 'free' } },
                { key: 'superagent.tokens.input', value: { intValue: '42' } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'list', value: { arrayValue: { values: [{ doubleValue: 1.5 }] } } },
              ],
              status: { code: 2, message: 'boom' },
            },
            {
              // protobuf-JSON style: base64 ids and {low, high} times.
              traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
              spanId: Buffer.from('00f067aa0ba902b7', 'hex').toString('base64'),
              parentSpanId: Buffer.from('b7ad6b7169203331', 'hex').toString('base64'),
              name: 'child',
              kind: 3,
              startTimeUnixNano: { low: 1000, high: 0 },
              endTimeUnixNano: { low: 3000, high: 0 },
            },
          ],
        },
      ],
    },
  ],
};

describe('OTLP/JSON decoding', () => {
  it('decodes spans, ids in hex or base64, typed attributes and durations', () => {
    const [root, child] = decodeTraces(traceBody);
    assert.ok(root && child);
    assert.equal(root.serviceName, 'router');
    assert.equal(root.durationMs, 250);
    assert.deepEqual(root.attributes, {
      'superagent.tier': 'free',
      'superagent.tokens.input': 42,
      ok: true,
      list: [1.5],
    });
    assert.deepEqual(root.status, { code: 2, message: 'boom' });
    assert.deepEqual(root.scope, { name: 'manual', version: '1' });
    assert.equal(root.parentSpanId, undefined);
    assert.equal(child.traceId, root.traceId);
    assert.equal(child.parentSpanId, root.spanId);
    assert.equal(child.spanId, '00f067aa0ba902b7');
    assert.equal(child.endTimeUnixNano - child.startTimeUnixNano, 2000n);
  });

  it('decodes metric points', () => {
    const [m] = decodeMetrics({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cost' } }] },
          scopeMetrics: [
            {
              scope: { name: 'm' },
              metrics: [
                { name: 'superagent.spend.micros', sum: { dataPoints: [{ asInt: '7', attributes: [] }] } },
              ],
            },
          ],
        },
      ],
    });
    assert.deepEqual(m, {
      name: 'superagent.spend.micros',
      type: 'sum',
      points: [{ attributes: {}, value: 7 }],
      serviceName: 'cost',
      scope: { name: 'm' },
    });
  });
});

describe('startOtlpReceiver', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  it('collects JSON trace exports', async () => {
    assert.equal(await post(`${receiver.url}/v1/traces`, 'application/json', JSON.stringify(traceBody)), 200);
    const spans = await receiver.waitForSpans((s) => s.length === 2);
    assert.deepEqual(
      spans.map((s) => s.name),
      ['root', 'child'],
    );
    assert.equal(receiver.env('x').OTEL_EXPORTER_OTLP_ENDPOINT, receiver.url);
  });

  it('refuses protobuf with a hint, and says what arrived when a wait times out', async () => {
    receiver.clear();
    assert.equal(await post(`${receiver.url}/v1/traces`, 'application/x-protobuf', 'xx'), 415);
    assert.match(receiver.errors()[0] ?? '', /OTEL_EXPORTER_OTLP_PROTOCOL=http\/json/);
    await assert.rejects(
      receiver.waitForSpans((s) => s.length > 0, 100),
      /no spans arrived; receiver errors: .*unsupported content-type/,
    );
  });
});
