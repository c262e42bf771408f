// One client process of the load driver: opens its own channel, keeps `concurrency` calls in
// flight, discards the warm-up, and reports raw latencies to the parent.
import * as grpc from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, type PackageDefinition } from '@grpc/proto-loader';
import { readFileSync } from 'node:fs';
import { descriptorSetPath } from '@superagent/proto';
import { randomUUID } from 'node:crypto';
import { sendFinal } from './ipc';
import { loadDescriptorRoot, requestTypeOf, toProtoNames } from './request-shape';
import type { CallTarget, LoadSpec, ParentMessage, TargetReport, WorkerMessage, WorkerReport } from './spec';

type Unary = (
  req: Buffer,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null) => void,
) => void;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

const TEMPLATE = /\{\{\s*\.(RequestNumber|WorkerID|UUID|TimestampUnix|TimestampUnixNano)\s*\}\}/g;

/**
 * Request bytes by call number: requests without ghz template actions are encoded once; those with
 * them are expanded and encoded per call.
 */
function requestFactory(
  data: unknown[],
  encode: (request: unknown) => Buffer,
  workerId: number,
): (n: number) => Buffer {
  const encoded = data.map((d) => {
    const json = JSON.stringify(d);
    return json.includes('{{') ? json : encode(d);
  });
  return (n) => {
    const item = encoded[n % encoded.length]!;
    if (typeof item !== 'string') return item;
    const expanded = item.replace(TEMPLATE, (_, name: string) => {
      if (name === 'RequestNumber') return String(n);
      if (name === 'WorkerID') return String(workerId);
      if (name === 'UUID') return randomUUID();
      if (name === 'TimestampUnix') return String(Math.floor(Date.now() / 1000));
      return `${Date.now()}000000`;
    });
    return encode(JSON.parse(expanded) as unknown);
  };
}

const identity = (b: Buffer): Buffer => b;

/**
 * The method's path and how to build its request bytes. Replies are never decoded: the driver counts
 * status codes and times calls, so decoding would only spend this machine's shared CPU on the
 * client, more for a rich reply than for the bare echo's bytes, and skew the comparison.
 */
function methodFor(spec: CallTarget, workerId: number): { path: string; requestAt: (n: number) => Buffer } {
  const [service, method] = spec.call.split('/');
  if (!service || !method) throw new Error(`call must be package.Service/Method, got "${spec.call}"`);
  if (spec.bare) {
    const requests = spec.data.map((d) => Buffer.from(String(d)));
    return { path: `/${spec.call}`, requestAt: (n) => requests[n % requests.length]! };
  }
  // Checked and renamed first: the descriptor set's serializer silently drops fields it cannot name.
  const requestType = requestTypeOf(loadDescriptorRoot(), spec.call);
  const requests = spec.data.map((d, i) => toProtoNames(requestType, d, `data[${i}]`));
  const definition: PackageDefinition = loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath), {
    longs: Number,
    enums: String,
    defaults: true,
  });
  const serviceDef = definition[service];
  // Message types carry `format`; services are maps of method definitions.
  if (!serviceDef || 'format' in serviceDef) throw new Error(`unknown service ${service}`);
  const methodDef = Object.values(serviceDef as grpc.ServiceDefinition).find(
    (m) => m.path === `/${spec.call}`,
  );
  if (!methodDef || methodDef.requestStream || methodDef.responseStream) {
    throw new Error(`${spec.call} is not a unary method of the descriptor set`);
  }
  return {
    path: methodDef.path,
    requestAt: requestFactory(requests, (r) => methodDef.requestSerialize(r), workerId),
  };
}

/** One method this client process calls, with what it saw of it. */
interface Target {
  call: Unary;
  requestAt: (n: number) => Buffer;
  issued: number;
  report: TargetReport;
}

function targetFor(spec: CallTarget, workerId: number): Target {
  const { path, requestAt } = methodFor(spec, workerId);
  const client = new grpc.Client(spec.address, grpc.credentials.createInsecure());
  return {
    call: (req, md, opts, cb) => client.makeUnaryRequest(path, identity, identity, req, md, opts, cb),
    requestAt,
    issued: 0,
    report: { latenciesMs: [], statusCodes: {} },
  };
}

async function run(
  spec: LoadSpec,
  concurrency: number,
  total: number | undefined,
  workerId: number,
  start: Promise<void>,
): Promise<WorkerReport> {
  const targets = [targetFor(spec, workerId)];
  if (spec.alternateWith) targets.push(targetFor(spec.alternateWith, workerId));
  // Alternating targets swap order every round, so neither is always the one called first.
  const rounds = [targets, [...targets].reverse()];
  let skip = spec.skipFirst ?? 0;
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(spec.metadata ?? {})) metadata.set(k, v);
  let round = 0;
  await start;
  const t0 = performance.now();
  const warmupEnd = t0 + (spec.warmupMs ?? 0);
  // A run bounded only by `total` has no time limit; otherwise 10 s unless a duration is given.
  const end =
    spec.durationMs !== undefined
      ? warmupEnd + spec.durationMs
      : total !== undefined
        ? Infinity
        : warmupEnd + 10_000;
  let measuring = false;
  let measuredStart = warmupEnd;
  let issuedMeasured = 0;
  // A call is reserved before it is issued, so in-flight calls never overshoot `total`.
  const reserve = (): boolean => {
    const now = performance.now();
    if (now >= end) return false;
    if (total === undefined || now < warmupEnd || skip > 0) return true;
    if (issuedMeasured >= total) return false;
    issuedMeasured++;
    return true;
  };

  const one = (target: Target): Promise<void> =>
    new Promise((resolve) => {
      const req = target.requestAt(target.issued++);
      const began = performance.now();
      const warm = skip > 0;
      if (warm) skip--;
      const opts: grpc.CallOptions = spec.deadlineMs ? { deadline: Date.now() + spec.deadlineMs } : {};
      target.call(req, metadata, opts, (err) => {
        const now = performance.now();
        if (began >= warmupEnd && !warm) {
          if (!measuring) {
            measuring = true;
            measuredStart = began;
          }
          const { report } = target;
          const code = err ? (grpc.status[err.code] ?? String(err.code)) : 'OK';
          report.statusCodes[code] = (report.statusCodes[code] ?? 0) + 1;
          if (err && report.firstError === undefined) report.firstError = err.message;
          report.latenciesMs.push(now - began);
        }
        resolve();
      });
    });

  const lane = async (): Promise<void> => {
    while (reserve()) for (const target of rounds[round++ % 2]!) await one(target);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const [primary, alternate] = targets;
  return {
    ...primary!.report,
    measuredMs: performance.now() - measuredStart,
    alternate: alternate?.report,
  };
}

let spec: { spec: LoadSpec; concurrency: number; total?: number } | undefined;
let release: () => void = () => undefined;
const start = new Promise<void>((resolve) => (release = resolve));

process.on('message', (message: ParentMessage) => {
  if (message.type === 'spec') {
    spec = message;
    send({ type: 'ready' });
    run(message.spec, message.concurrency, message.total, message.workerId, start).then(
      (report) => sendFinal({ type: 'report', report }),
      (err: unknown) =>
        sendFinal({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  } else if (message.type === 'start') {
    if (!spec) throw new Error('start before spec');
    release();
  }
});
