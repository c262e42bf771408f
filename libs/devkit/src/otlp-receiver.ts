import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMetrics, decodeTraces, type OtlpMetric, type OtlpSpan } from './otlp-json';
import { waitFor } from './wait';

export interface OtlpRequestRecord {
  path: string;
  contentType: string;
  bytes: number;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces etc.). */
  readonly url: string;
  readonly port: number;
  /** Every span received so far, in arrival order. */
  spans(): OtlpSpan[];
  /** Every metric received so far (each export adds a new copy: cumulative values grow). */
  metrics(): OtlpMetric[];
  /** Every POST received, decoded or not. */
  requests(): OtlpRequestRecord[];
  /** Why a request could not be decoded (e.g. protobuf sent to this JSON-only receiver). */
  errors(): string[];
  /** Polls until `predicate(spans)` holds; returns the spans. The error quotes what did arrive. */
  waitForSpans(predicate: (spans: OtlpSpan[]) => boolean, timeoutMs?: number): Promise<OtlpSpan[]>;
  /** Forgets everything received. */
  clear(): void;
  /**
   * Environment for a child process so its SDK exports here quickly: OTLP over HTTP/JSON,
   * a 100 ms batch delay, metrics every 500 ms, logs off, SDK explicitly enabled.
   */
  env(serviceName?: string): Record<string, string>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function summarize(spans: OtlpSpan[]): string {
  if (spans.length === 0) return 'no spans arrived';
  return `${spans.length} span(s): ${spans
    .slice(-20)
    .map((s) => `${s.serviceName ?? '?'}:${s.name}`)
    .join(', ')}`;
}

/**
 * A minimal OTLP/HTTP collector on 127.0.0.1 that decodes JSON exports (/v1/traces, /v1/metrics;
 * /v1/logs is accepted and counted). Protobuf bodies are answered 415 and recorded in errors():
 * point exporters at it with OTEL_EXPORTER_OTLP_PROTOCOL=http/json (env() does).
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const metrics: OtlpMetric[] = [];
  const requests: OtlpRequestRecord[] = [];
  const errors: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    requests.push({ path, contentType, bytes: raw.length });
    if (!contentType.includes('json')) {
      errors.push(
        `${path}: unsupported content-type "${contentType}" (set OTEL_EXPORTER_OTLP_PROTOCOL=http/json)`,
      );
      res.writeHead(415, { 'content-type': 'text/plain' }).end('only OTLP/JSON is supported');
      return;
    }
    try {
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (path === '/v1/traces') spans.push(...decodeTraces(json));
      else if (path === '/v1/metrics') metrics.push(...decodeMetrics(json));
      else if (path !== '/v1/logs') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (err: unknown) {
      errors.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad OTLP/JSON');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      errors.push(`handler: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    spans: () => [...spans],
    metrics: () => [...metrics],
    requests: () => [...requests],
    errors: () => [...errors],
    waitForSpans: async (predicate, timeoutMs = 10_000) => {
      try {
        await waitFor(() => predicate([...spans]), { timeoutMs, what: 'expected spans' });
      } catch (err: unknown) {
        const why = err instanceof Error ? err.message : String(err);
        const problems = errors.length > 0 ? `; receiver errors: ${errors.join('; ')}` : '';
        throw new Error(`${why}; ${summarize(spans)}${problems}`);
      }
      return [...spans];
    },
    clear: () => {
      spans.length = 0;
      metrics.length = 0;
      requests.length = 0;
      errors.length = 0;
    },
    env: (serviceName?: string) => ({
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      ...(serviceName === undefined ? {} : { OTEL_SERVICE_NAME: serviceName }),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
