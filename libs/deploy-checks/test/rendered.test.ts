import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkChartFiles,
  effectiveValues,
  layout,
  manifestProblems,
  memoryProblems,
  PROFILES,
  readManifests,
  renderedPath,
  staleProfiles,
  workloadProblems,
  type JsonObject,
} from '../src';

const l = layout();

test('k8s/rendered equals a fresh helm template of the chart', () => {
  const stale = staleProfiles(l);
  assert.deepEqual(stale, [], `stale: k8s/rendered/{${stale.join(',')}}.yaml — run \`npm run helm:render\``);
});

test("the chart's copied config files equal the services' defaults", (t) => {
  const { stale, pending } = checkChartFiles(l);
  for (const p of pending) t.diagnostic(`not compared: ${p}`);
  assert.deepEqual(stale, [], `${stale.join('; ')} — run \`npm run helm:render\``);
});

for (const profile of PROFILES) {
  describe(`k8s/rendered/${profile.name}.yaml`, () => {
    const objects: JsonObject[] = readManifests(renderedPath(l, profile));
    const values = effectiveValues(l.chartDir, profile.valuesFiles);

    test('validates against the Kubernetes schemas, with no unknown field', async () => {
      assert.ok(objects.length > 0);
      assert.deepEqual(await manifestProblems(objects), []);
    });

    test('uses only API versions that are GA in Kubernetes 1.28 and still served', () => {
      const ga = new Set(['v1', 'apps/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1']);
      assert.deepEqual(
        objects.map((o) => String(o.apiVersion)).filter((v) => !ga.has(v)),
        [],
      );
    });

    test('every Deployment has probes, resources, securityContext, a PDB and (when scaled) an HPA', () => {
      assert.deepEqual(
        workloadProblems(objects, { requireHpa: profile.name === 'prod', exposed: ['superagent-router'] }),
        [],
      );
    });

    test('memory: limits above what each service keeps, HPA memory targets above it too', () => {
      assert.deepEqual(memoryProblems(objects), []);
    });

    test('one Deployment, Service, ServiceAccount and NetworkPolicy per service', () => {
      const services = Object.keys(values.services as JsonObject).sort();
      for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'NetworkPolicy']) {
        const names = objects
          .filter((o) => o.kind === kind)
          .map((o) => (o.metadata as JsonObject).name)
          .sort();
        assert.deepEqual(
          names,
          services.map((s) => `superagent-${s}`),
          kind,
        );
      }
    });
  });
}

test('dev: one replica each, no autoscaling, reflection on; prod: every Deployment autoscaled', () => {
  const dev = readManifests(renderedPath(l, PROFILES[0]!));
  assert.equal(dev.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 0);
  for (const d of dev.filter((o) => o.kind === 'Deployment')) {
    const spec = d.spec as {
      replicas?: number;
      template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
    };
    assert.equal(spec.replicas, 1);
    assert.equal(
      spec.template.spec.containers[0]!.env.find((e) => e.name === 'GRPC_REFLECTION')?.value,
      'true',
    );
  }
  const prod = readManifests(renderedPath(l, PROFILES[1]!));
  const deployments = prod.filter((o) => o.kind === 'Deployment');
  assert.equal(prod.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, deployments.length);
  for (const d of deployments) assert.equal((d.spec as JsonObject).replicas, undefined);
});
