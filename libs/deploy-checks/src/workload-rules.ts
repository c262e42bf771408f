import { describeObject } from './k8s-schema';
import { at, isObject, type JsonObject } from './yaml-docs';

/** House rules (STYLE rule 8) every rendered workload must meet, beyond the Kubernetes schema. */
export interface WorkloadRuleOptions {
  /** Every Deployment must be autoscaled (production); otherwise only those without `replicas`. */
  requireHpa: boolean;
  /** Names of Deployments that may be reached from outside the release. */
  exposed: readonly string[];
}

/**
 * The health name libs/grpc keeps for liveness (LIVENESS_HEALTH_NAME there): SERVING from the start,
 * unlike the whole server's status (''), which is readiness and drops while a dependency is down.
 */
export const LIVENESS_HEALTH_NAME = 'liveness';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
const name = (o: unknown): string => String(at(o, 'metadata.name'));

function containerRules(d: JsonObject, c: JsonObject, pod: JsonObject, problems: string[]): void {
  const where = `${describeObject(d)} container ${String(c.name)}`;
  const grpcPort = list(c.ports)
    .map(obj)
    .find((p) => p.name === 'grpc')?.containerPort;
  if (typeof grpcPort !== 'number') problems.push(`${where}: no container port named grpc`);
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const p = c[probe];
    if (!isObject(p)) {
      problems.push(`${where}: ${probe} is missing`);
      continue;
    }
    const service = at(p, 'grpc.service') ?? '';
    if (probe === 'livenessProbe' && service !== LIVENESS_HEALTH_NAME)
      problems.push(
        `${where}: livenessProbe asks ${JSON.stringify(service)}, not "${LIVENESS_HEALTH_NAME}": a dependency outage would restart the pod`,
      );
    if (probe === 'readinessProbe' && service !== '')
      problems.push(`${where}: readinessProbe asks ${JSON.stringify(service)}, not the whole server ('')`);
    const port = at(p, 'grpc.port');
    if (port === undefined) problems.push(`${where}: ${probe} is not a native gRPC probe (grpc.port)`);
    else if (port !== grpcPort)
      problems.push(
        `${where}: ${probe} checks port ${JSON.stringify(port)}, the server listens on ${String(grpcPort)}`,
      );
  }
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (at(c, `resources.${kind}.${resource}`) === undefined)
        problems.push(`${where}: resources.${kind}.${resource} is missing`);
    }
  }
  const sc = obj(c.securityContext);
  if (sc.runAsNonRoot !== true && at(pod, 'securityContext.runAsNonRoot') !== true)
    problems.push(`${where}: runAsNonRoot is not true`);
  if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
  if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  if (!list(at(sc, 'capabilities.drop')).includes('ALL'))
    problems.push(`${where}: capabilities.drop lacks ALL`);
  if (list(at(sc, 'capabilities.add')).length > 0) problems.push(`${where}: adds capabilities`);
  const seccomp = at(sc, 'seccompProfile.type') ?? at(pod, 'securityContext.seccompProfile.type');
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where}: no seccomp profile`);
  const mounts = list(c.volumeMounts).map(obj);
  const volumes = new Map(
    list(pod.volumes)
      .map(obj)
      .map((v) => [v.name, v]),
  );
  if (!mounts.some((m) => m.mountPath === '/tmp' && isObject(volumes.get(m.name)?.emptyDir))) {
    problems.push(`${where}: /tmp is not a writable emptyDir (the root filesystem is read-only)`);
  }
  const env = new Map(
    list(c.env)
      .map(obj)
      .map((e) => [e.name, e]),
  );
  if (!env.has('OTEL_SERVICE_NAME')) problems.push(`${where}: OTEL_SERVICE_NAME is not set`);
  if (!env.has('OTEL_EXPORTER_OTLP_ENDPOINT'))
    problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT is not set`);
}

export function workloadProblems(objects: readonly JsonObject[], options: WorkloadRuleOptions): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const deployments = byKind('Deployment');
  const hpas = byKind('HorizontalPodAutoscaler');
  if (deployments.length === 0) problems.push('no Deployment rendered');

  for (const d of deployments) {
    const n = name(d);
    const pod = obj(at(d, 'spec.template.spec'));
    const containers = list(pod.containers).map(obj);
    if (containers.length === 0) problems.push(`${describeObject(d)}: no containers`);
    for (const c of containers) containerRules(d, c, pod, problems);
    if (at(pod, 'securityContext.runAsNonRoot') !== true)
      problems.push(`${describeObject(d)}: pod securityContext.runAsNonRoot is not true`);
    if (pod.automountServiceAccountToken !== false)
      problems.push(`${describeObject(d)}: mounts a service account token`);

    const hpa = hpas.filter(
      (h) => at(h, 'spec.scaleTargetRef.kind') === 'Deployment' && at(h, 'spec.scaleTargetRef.name') === n,
    );
    const replicas = at(d, 'spec.replicas');
    if (hpa.length > 1)
      problems.push(`${describeObject(d)}: ${hpa.length} HorizontalPodAutoscalers target it`);
    if (hpa.length === 0 && (options.requireHpa || replicas === undefined))
      problems.push(`${describeObject(d)}: no HorizontalPodAutoscaler targets it`);
    for (const h of hpa) {
      if (h.apiVersion !== 'autoscaling/v2') problems.push(`${describeObject(h)}: not autoscaling/v2`);
      if (replicas !== undefined)
        problems.push(
          `${describeObject(d)}: sets replicas although ${describeObject(h)} scales it (every upgrade would reset the scale)`,
        );
      const metrics = list(at(h, 'spec.metrics')).map((m) => at(m, 'resource.name'));
      for (const r of ['cpu', 'memory'])
        if (!metrics.includes(r)) problems.push(`${describeObject(h)}: no ${r} target`);
      const min = at(h, 'spec.minReplicas');
      const max = at(h, 'spec.maxReplicas');
      if (typeof min !== 'number' || typeof max !== 'number' || min > max)
        problems.push(`${describeObject(h)}: minReplicas/maxReplicas missing or inverted`);
    }

    const selector = obj(at(d, 'spec.selector.matchLabels'));
    const selects = (o: JsonObject, path: string) => {
      const s = obj(at(o, path));
      return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => s[k] === v);
    };
    const scaled = options.requireHpa || (typeof replicas === 'number' && replicas > 1) || hpa.length > 0;
    if (scaled && !byKind('PodDisruptionBudget').some((p) => selects(p, 'spec.selector.matchLabels'))) {
      problems.push(`${describeObject(d)}: runs several replicas without a PodDisruptionBudget`);
    }
    if (!byKind('Service').some((s) => selects(s, 'spec.selector')))
      problems.push(`${describeObject(d)}: no Service selects it`);
    const policies = byKind('NetworkPolicy').filter((p) => selects(p, 'spec.podSelector.matchLabels'));
    if (policies.length === 0) problems.push(`${describeObject(d)}: no NetworkPolicy selects it`);
    const openToAll = policies.some((p) =>
      list(at(p, 'spec.ingress')).some((rule) => at(rule, 'from') === undefined),
    );
    if (openToAll && !options.exposed.includes(n))
      problems.push(`${describeObject(d)}: reachable from outside the release`);
  }
  for (const h of hpas) {
    const target = at(h, 'spec.scaleTargetRef.name');
    if (!deployments.some((d) => name(d) === target))
      problems.push(`${describeObject(h)}: targets a Deployment that does not exist (${String(target)})`);
  }
  return problems;
}
