/** Decoding of OTLP/JSON export requests (the shapes opentelemetry-proto defines) into plain objects. */

export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  name: string;
  /** SpanKind as in the proto: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationMs: number;
  attributes: Record<string, OtlpValue>;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  events: Array<{ name: string; attributes: Record<string, OtlpValue> }>;
  /** `service.name` of the resource that sent it. */
  serviceName?: string;
  resource: Record<string, OtlpValue>;
  scope: { name: string; version?: string };
}

export interface OtlpDataPoint {
  attributes: Record<string, OtlpValue>;
  /** Sums and gauges. */
  value?: number;
  /** Histograms. */
  count?: number;
  sum?: number;
}

export interface OtlpMetric {
  name: string;
  unit?: string;
  type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'unknown';
  points: OtlpDataPoint[];
  serviceName?: string;
  scope: { name: string; version?: string };
}

type Json = unknown;

function obj(v: Json): Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : {};
}

function arr(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

function str(v: Json): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** 64-bit values arrive as decimal strings, numbers, or {low, high} pairs depending on the encoder. */
function bigNum(v: Json): bigint {
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number') return BigInt(Math.round(v));
  const o = obj(v);
  const low = num(o.low);
  const high = num(o.high);
  if (low !== undefined && high !== undefined) return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  return 0n;
}

/** OTLP/JSON uses hex ids; protobuf-JSON canonical form would be base64. Accept both. */
function id(v: Json): string | undefined {
  const s = str(v);
  if (s === undefined || s === '') return undefined;
  if (/^[0-9a-f]+$/i.test(s) && (s.length === 16 || s.length === 32)) return s.toLowerCase();
  return Buffer.from(s, 'base64').toString('hex');
}

export function anyValue(v: Json): OtlpValue {
  const o = obj(v);
  if ('stringValue' in o) return str(o.stringValue) ?? '';
  if ('boolValue' in o) return o.boolValue === true;
  if ('intValue' in o) return num(o.intValue) ?? 0;
  if ('doubleValue' in o) return num(o.doubleValue) ?? 0;
  if ('arrayValue' in o) return arr(obj(o.arrayValue).values).map(anyValue);
  if ('kvlistValue' in o) return attributes(obj(o.kvlistValue).values);
  if ('bytesValue' in o) return str(o.bytesValue) ?? '';
  return null;
}

export function attributes(list: Json): Record<string, OtlpValue> {
  const out: Record<string, OtlpValue> = {};
  for (const kv of arr(list)) {
    const key = str(obj(kv).key);
    if (key !== undefined) out[key] = anyValue(obj(kv).value);
  }
  return out;
}

function scopeOf(v: Json): { name: string; version?: string } {
  const o = obj(v);
  const version = str(o.version);
  return version === undefined ? { name: str(o.name) ?? '' } : { name: str(o.name) ?? '', version };
}

export function decodeTraces(body: Json): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const rs of arr(obj(body).resourceSpans)) {
    const resource = attributes(obj(obj(rs).resource).attributes);
    const serviceName = typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined;
    for (const ss of arr(obj(rs).scopeSpans)) {
      const scope = scopeOf(obj(ss).scope);
      for (const raw of arr(obj(ss).spans)) {
        const s = obj(raw);
        const start = bigNum(s.startTimeUnixNano);
        const end = bigNum(s.endTimeUnixNano);
        const status = obj(s.status);
        const message = str(status.message);
        const parentSpanId = id(s.parentSpanId);
        spans.push({
          traceId: id(s.traceId) ?? '',
          spanId: id(s.spanId) ?? '',
          ...(parentSpanId === undefined ? {} : { parentSpanId }),
          name: str(s.name) ?? '',
          kind: num(s.kind) ?? 0,
          startTimeUnixNano: start,
          endTimeUnixNano: end,
          durationMs: Number(end - start) / 1e6,
          attributes: attributes(s.attributes),
          status:
            message === undefined || message === ''
              ? { code: num(status.code) ?? 0 }
              : { code: num(status.code) ?? 0, message },
          events: arr(s.events).map((e) => ({
            name: str(obj(e).name) ?? '',
            attributes: attributes(obj(e).attributes),
          })),
          ...(serviceName === undefined ? {} : { serviceName }),
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

function points(data: Json): OtlpDataPoint[] {
  return arr(obj(data).dataPoints).map((raw) => {
    const p = obj(raw);
    const point: OtlpDataPoint = { attributes: attributes(p.attributes) };
    const value = num(p.asInt) ?? num(p.asDouble);
    if (value !== undefined) point.value = value;
    const count = num(p.count);
    if (count !== undefined) point.count = count;
    const sum = num(p.sum);
    if (sum !== undefined) point.sum = sum;
    return point;
  });
}

const METRIC_TYPES = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const;

export function decodeMetrics(body: Json): OtlpMetric[] {
  const metrics: OtlpMetric[] = [];
  for (const rm of arr(obj(body).resourceMetrics)) {
    const resource = attributes(obj(obj(rm).resource).attributes);
    const serviceName = typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined;
    for (const sm of arr(obj(rm).scopeMetrics)) {
      const scope = scopeOf(obj(sm).scope);
      for (const raw of arr(obj(sm).metrics)) {
        const m = obj(raw);
        const type = METRIC_TYPES.find((t) => t in m) ?? 'unknown';
        const unit = str(m.unit);
        metrics.push({
          name: str(m.name) ?? '',
          ...(unit === undefined || unit === '' ? {} : { unit }),
          type,
          points: type === 'unknown' ? [] : points(m[type]),
          ...(serviceName === undefined ? {} : { serviceName }),
          scope,
        });
      }
    }
  }
  return metrics;
}
