import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { context, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
import { createLogger } from '../src';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

test('lines are JSON with service name and level label', () => {
  const out = capture();
  const log = createLogger({ name: 'router', destination: out.stream });
  log.info({ tier: 'local' }, 'routed');
  const [line] = out.lines();
  assert.equal(line?.service, 'router');
  assert.equal(line?.level, 'info');
  assert.equal(line?.msg, 'routed');
  assert.equal(line?.tier, 'local');
});

test('secrets and payloads are redacted', () => {
  const out = capture();
  const log = createLogger({ name: 'scribe', destination: out.stream });
  log.info({ apiKey: 'sk-1', description: 'log in as admin', request: { token: 't', spec: 'x' } }, 'call');
  const [line] = out.lines();
  assert.equal(line?.apiKey, '[redacted]');
  assert.equal(line?.description, '[redacted]');
  assert.deepEqual(line?.request, { token: '[redacted]', spec: '[redacted]' });
  assert.doesNotMatch(JSON.stringify(line), /sk-1|admin/);
});

test('the active span ids are added', () => {
  const out = capture();
  const log = createLogger({ name: 'cost', destination: out.stream });
  const spanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  };
  const span: Span = trace.wrapSpanContext(spanContext);
  context.with(trace.setSpan(context.active(), span), () => log.info('inside'));
  log.info('outside');
  const [inside, outside] = out.lines();
  assert.equal(inside?.trace_id, spanContext.traceId);
  assert.equal(inside?.span_id, spanContext.spanId);
  assert.equal(outside?.trace_id, undefined);
});
