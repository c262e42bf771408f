import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devMetricsPorts } from '../src/dev-metrics';

test('npm run dev gives each service its own Prometheus port, counted up from the configured one', () => {
  assert.equal(devMetricsPorts({}), undefined, 'no metrics exporter asked for: no ports');
  assert.equal(devMetricsPorts({ OTEL_METRICS_EXPORTER: 'otlp' }), undefined);
  assert.deepEqual(devMetricsPorts({ OTEL_METRICS_EXPORTER: 'otlp, prometheus' }), {
    embedding: 9464,
    runner: 9465,
    cost: 9466,
    scribe: 9467,
    router: 9468,
  });
  assert.equal(
    devMetricsPorts({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '9100' })?.router,
    9104,
  );
});

test('a metrics port that is not a port number stops npm run dev with the variable named', () => {
  for (const bad of ['', 'abc', '0', '65532', '94.5']) {
    assert.throws(
      () => devMetricsPorts({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: bad }),
      /OTEL_EXPORTER_PROMETHEUS_PORT must be a port number/,
      bad,
    );
  }
});
