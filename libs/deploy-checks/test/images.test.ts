import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  chartEnv,
  chartImages,
  dockerfileProblems,
  layout,
  lockedNodeVersion,
  manifestProblems,
  parseDocuments,
  parseYamlObject,
  SERVICES,
  serviceLibs,
  skaffoldProblems,
} from '../src';

const l = layout();

test('the chart deploys exactly the five services, each from its own image', () => {
  const images = chartImages(l.chartDir);
  assert.deepEqual([...images.keys()].sort(), [...SERVICES].sort());
  for (const s of SERVICES) assert.equal(images.get(s), `superagent-${s}`);
});

for (const service of SERVICES) {
  test(`services/${service}/Dockerfile: pinned Node of the lockfile, multi-stage, prod deps only, non-root, telemetry preloaded`, () => {
    const problems = dockerfileProblems(l.root, service, {
      nodeVersion: lockedNodeVersion(l.root),
      libs: serviceLibs(l.root, service),
      modelDir: chartEnv(l.chartDir, 'embedding', 'EMBEDDING_MODEL_DIR'),
    });
    assert.deepEqual(problems, []);
  });
}

test('skaffold.yaml: an artifact with a Dockerfile per chart image, helm release with image values, dev/kind/prod profiles', () => {
  assert.deepEqual(
    skaffoldProblems(l.root, { images: chartImages(l.chartDir), requiredProfiles: ['dev', 'kind', 'prod'] }),
    [],
  );
});

test('k8s/bootstrap: the namespace validates; the kind config names the kind API', async () => {
  const ns = parseDocuments(
    readFileSync(path.join(l.root, 'k8s/bootstrap/namespace.yaml'), 'utf8'),
    'namespace.yaml',
  );
  assert.deepEqual(await manifestProblems(ns), []);
  const kind = parseYamlObject(
    readFileSync(path.join(l.root, 'k8s/bootstrap/kind-cluster.yaml'), 'utf8'),
    'kind-cluster.yaml',
  );
  assert.equal(kind.kind, 'Cluster');
  assert.equal(kind.apiVersion, 'kind.x-k8s.io/v1alpha4');
  assert.deepEqual(Object.keys(kind).sort(), ['apiVersion', 'kind', 'name', 'networking', 'nodes']);
});
