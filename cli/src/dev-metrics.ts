// `npm run dev`'s Prometheus ports: one per service.
import { SERVICE_NAMES, type ServiceName } from './stack';

const DEFAULT_METRICS_PORT = 9464;

/**
 * With `OTEL_METRICS_EXPORTER=prometheus`, one metrics port per service, counted up from
 * OTEL_EXPORTER_PROMETHEUS_PORT (default 9464): the five processes on one host cannot all listen
 * on the one port each would take by default.
 */
export function devMetricsPorts(env: NodeJS.ProcessEnv): Record<ServiceName, number> | undefined {
  const exporters = (env.OTEL_METRICS_EXPORTER ?? '').split(',').map((e) => e.trim());
  if (!exporters.includes('prometheus')) return undefined;
  const raw = env.OTEL_EXPORTER_PROMETHEUS_PORT;
  const base = raw === undefined ? DEFAULT_METRICS_PORT : Number(raw);
  if (!Number.isInteger(base) || base < 1 || base + SERVICE_NAMES.length - 1 > 65_535) {
    throw new Error(`OTEL_EXPORTER_PROMETHEUS_PORT must be a port number (1–65531), got "${raw}"`);
  }
  return Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, base + i])) as Record<ServiceName, number>;
}
