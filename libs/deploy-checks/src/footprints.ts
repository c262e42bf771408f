import { describeObject } from './k8s-schema';
import type { ServiceName } from './repo';
import { at, isObject, type JsonObject } from './yaml-docs';

/**
 * Memory each service keeps once it is warm (MiB, resident set of the pod's processes), measured
 * on Node 24 with the env the chart gives it (OTel SDK preloaded, LOG_LEVEL info):
 * - router, cost, scribe: idle after start-up; scribe after 14 ValidateTest calls with the type check
 *   (the demo's specs): 116, 106 and 385 MiB;
 * - embedding: EMBEDDING_KIND=transformer on a full-size MiniLM-shaped model, EMBEDDING_REPLICAS 2:
 *   450–530 MiB idle, 1,240 MiB after a few bursts of max-length batches (32 texts × 256 tokens per
 *   pass); onnxruntime keeps its arenas, so that is what the pod holds from then on;
 * - runner: RUNNER_BROWSERS 2 and RUNNER_WORKERS 10, idle, every process of the pod (PSS): 1,171 MiB.
 * Rounded up. A Node process gives little memory back, so this is a floor, not a load signal.
 */
export const SETTLED_MEMORY_MIB: Readonly<Record<ServiceName, number>> = {
  router: 120,
  cost: 110,
  scribe: 390,
  embedding: 1250,
  runner: 1200,
};

const UNITS: Record<string, number> = {
  '': 1 / (1024 * 1024),
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1000 / (1024 * 1024),
  M: 1_000_000 / (1024 * 1024),
  G: 1_000_000_000 / (1024 * 1024),
};

/** A Kubernetes memory quantity in MiB (undefined when it is not one). */
export function memoryMiB(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity * UNITS['']!;
  if (typeof quantity !== 'string') return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? '']!;
}

/**
 * Memory sizing against what each service keeps: a limit with room above it (else the pod is
 * OOM-killed doing what its config allows), and, where an HPA scales on memory, a request whose
 * target share lies above it (else the HPA sees the settled pod as overloaded, adds replicas that
 * settle the same way and ends at maxReplicas for good).
 */
export function memoryProblems(objects: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = at(d, 'metadata.labels');
    const component = isObject(labels) ? labels['app.kubernetes.io/component'] : undefined;
    const settled =
      typeof component === 'string' && Object.hasOwn(SETTLED_MEMORY_MIB, component)
        ? SETTLED_MEMORY_MIB[component as ServiceName]
        : undefined;
    if (settled === undefined) continue;
    const containers = at(d, 'spec.template.spec.containers');
    const c: unknown = Array.isArray(containers) ? (containers as unknown[])[0] : undefined;
    if (!isObject(c)) continue;
    const request = memoryMiB(at(c, 'resources.requests.memory'));
    const limit = memoryMiB(at(c, 'resources.limits.memory'));
    const where = describeObject(d);
    if (limit === undefined || limit < settled * 1.2)
      problems.push(
        `${where}: memory limit ${String(at(c, 'resources.limits.memory'))} leaves less than 20 % above the ${settled} MiB the service keeps`,
      );
    const hpa = hpas.find((h) => at(h, 'spec.scaleTargetRef.name') === at(d, 'metadata.name'));
    const metrics = hpa ? at(hpa, 'spec.metrics') : undefined;
    for (const m of Array.isArray(metrics) ? (metrics as unknown[]) : []) {
      if (at(m, 'resource.name') !== 'memory') continue;
      const target = at(m, 'resource.target.averageUtilization');
      if (typeof target !== 'number' || request === undefined) continue;
      if ((request * target) / 100 <= settled)
        problems.push(
          `${where}: its HPA scales out above ${target} % of a ${String(at(c, 'resources.requests.memory'))} request, below the ${settled} MiB the service keeps: it would stay at maxReplicas`,
        );
    }
  }
  return problems;
}
