// Each check must fail when the thing it guards is broken: these tests break a scratch copy of the
// chart (or of k8s/rendered, a Dockerfile, skaffold.yaml) and expect the check to say so.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { address, int, oneOf, str } from '@superagent/config';
import {
  chartImages,
  dockerfileProblems,
  envProblems,
  layout,
  lintChart,
  lockedNodeVersion,
  manifestProblems,
  memoryMiB,
  memoryProblems,
  parseDocuments,
  PROFILES,
  renderedPath,
  renderProfile,
  serviceLibs,
  shutdownProblems,
  skaffoldProblems,
  staleProfiles,
  workloadProblems,
  type JsonObject,
} from '../src';
import { scratchCopy, type Scratch } from './support';

const scratches: Scratch[] = [];
const scratch = (): Scratch => {
  const s = scratchCopy();
  scratches.push(s);
  return s;
};
const tempDirs: string[] = [];
after(() => {
  for (const s of scratches) s.dispose();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const dev = PROFILES[0]!;
const prod = PROFILES[1]!;
const deploymentOf = (objects: JsonObject[], service: string) =>
  objects.find(
    (o) => o.kind === 'Deployment' && (o.metadata as JsonObject).name === `superagent-${service}`,
  )!;

test('removing a probe from the workload template is caught', () => {
  const s = scratch();
  s.edit('templates/workload.yaml', (t) =>
    t.replace('list "startup" "readiness" "liveness"', 'list "readiness" "liveness"'),
  );
  const objects = parseDocuments(renderProfile(s, prod), 'prod');
  const problems = workloadProblems(objects, { requireHpa: true, exposed: ['superagent-router'] });
  assert.equal(problems.filter((p) => p.endsWith('startupProbe is missing')).length, 5, problems.join('\n'));
});

test('a liveness probe on the readiness status is caught', () => {
  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('liveness: { service: liveness,', "liveness: { service: '',"));
  const objects = parseDocuments(renderProfile(s, prod), 'prod');
  const problems = workloadProblems(objects, { requireHpa: true, exposed: ['superagent-router'] });
  assert.equal(
    problems.filter((p) => p.includes('livenessProbe asks "", not "liveness"')).length,
    5,
    problems.join('\n'),
  );
});

test('an unknown values key is rejected by the strict schema (helm lint and helm template)', () => {
  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('  replicas: 2\n', '  replicas: 2\n  replica: 3\n'));
  const report = lintChart(s, [['values-prod.yaml']]);
  assert.equal(report.outcomes[0]!.ok, false);
  assert.match(report.outcomes[0]!.output, /defaults: Additional property replica is not allowed/);
  assert.throws(() => renderProfile(s, prod), /Additional property replica is not allowed/);
});

test('weakening the security baseline through values is rejected by the schema', () => {
  const s = scratch();
  s.edit('values.yaml', (t) =>
    t.replace(
      '    allowPrivilegeEscalation: false\n    readOnlyRootFilesystem: true\n',
      '    allowPrivilegeEscalation: false\n    readOnlyRootFilesystem: false\n',
    ),
  );
  assert.throws(() => renderProfile(s, prod), /defaults\.securityContext\.readOnlyRootFilesystem/);
});

test('a k8s/rendered file that differs from the chart is reported stale', () => {
  const s = scratch();
  writeFileSync(renderedPath(s, dev), renderProfile(s, dev));
  writeFileSync(renderedPath(s, prod), renderProfile(s, prod));
  assert.deepEqual(staleProfiles(s), []);
  const file = renderedPath(s, dev);
  writeFileSync(file, readFileSync(file, 'utf8').replace('failureThreshold: 60', 'failureThreshold: 61'));
  assert.deepEqual(staleProfiles(s), ['dev']);
  // And a chart change without re-rendering is stale too.
  s.edit('values-prod.yaml', (t) => t.replace('maxReplicas: 20', 'maxReplicas: 21'));
  assert.deepEqual(staleProfiles(s), ['dev', 'prod']);
});

test('a misspelt field in a template passes helm but not the unknown-field check', async () => {
  const s = scratch();
  s.edit('templates/workload.yaml', (t) => t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimits: 5'));
  const objects = parseDocuments(renderProfile(s, dev), 'dev');
  const problems = await manifestProblems(objects);
  assert.equal(
    problems.filter((p) => p.endsWith('unknown field spec.revisionHistoryLimits')).length,
    5,
    problems.join('\n'),
  );
});

test('a schema violation (wrong type) in a template is caught by the Kubernetes schema', async () => {
  const s = scratch();
  s.edit('templates/workload.yaml', (t) =>
    t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: "five"'),
  );
  const problems = await manifestProblems(parseDocuments(renderProfile(s, dev), 'dev'));
  assert.ok(
    problems.some((p) => /revisionHistoryLimit must be integer/.test(p)),
    problems.join('\n'),
  );
});

test('a Deployment without an HPA, or with both replicas and an HPA, is caught', () => {
  const s = scratch();
  s.edit('values-prod.yaml', (t) =>
    t.replace(
      '  runner:\n    autoscaling: { minReplicas: 2, maxReplicas: 20 }',
      '  runner:\n    autoscaling: { enabled: false, minReplicas: 2, maxReplicas: 20 }',
    ),
  );
  const objects = parseDocuments(renderProfile(s, prod), 'prod');
  const problems = workloadProblems(objects, { requireHpa: true, exposed: ['superagent-router'] });
  assert.deepEqual(problems, ['Deployment/superagent-runner: no HorizontalPodAutoscaler targets it']);
});

test('a memory request an HPA would always see as overloaded, or a limit below the settled size, is caught', () => {
  assert.equal(memoryMiB('1792Mi'), 1792);
  assert.equal(memoryMiB('2Gi'), 2048);
  assert.equal(memoryMiB(`${512 * 1024 * 1024}`), 512);
  const s = scratch();
  // The request router and cost had before their idle size was measured: 128Mi, 80 % = 102 MiB.
  s.edit('values.yaml', (t) =>
    t.replace('requests: { cpu: 100m, memory: 256Mi }', 'requests: { cpu: 100m, memory: 128Mi }'),
  );
  s.edit('values.yaml', (t) =>
    t.replace("limits: { cpu: '2', memory: 2Gi }", "limits: { cpu: '2', memory: 1Gi }"),
  );
  const problems = memoryProblems(parseDocuments(renderProfile(s, prod), 'prod'));
  const hpa = problems.filter((p) => p.includes('would stay at maxReplicas'));
  assert.deepEqual(
    hpa.map((p) => p.split(':')[0]),
    ['Deployment/superagent-cost', 'Deployment/superagent-router'],
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('Deployment/superagent-embedding: memory limit 1Gi')),
    problems.join('\n'),
  );
});

test('a service other than the router open to the whole cluster is caught', () => {
  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('    port: 50055\n', '    port: 50055\n    exposed: true\n'));
  const objects = parseDocuments(renderProfile(s, prod), 'prod');
  assert.deepEqual(workloadProblems(objects, { requireHpa: true, exposed: ['superagent-router'] }), [
    'Deployment/superagent-cost: reachable from outside the release',
  ]);
});

test('env: a required variable the chart omits, a variable no service reads, a value the service rejects', () => {
  const objects = parseDocuments(renderProfile(layout(), dev), 'dev');
  const runner = deploymentOf(objects, 'runner');
  const spec = {
    RUNNER_BROWSERS: str({ doc: 'x' }),
    RUNNER_REQUIRED_TOKEN: str({ doc: 'required, no default' }),
  };
  const problems = envProblems(runner, { service: 'runner', spec });
  assert.ok(
    problems.includes(
      'runner (Deployment superagent-runner): RUNNER_REQUIRED_TOKEN is required by the service but not set by the chart',
    ),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.endsWith('sets RUNNER_WORKERS, which the service does not read')),
    problems.join('\n'),
  );

  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('EMBEDDING_KIND: transformer', 'EMBEDDING_KIND: transfomer'));
  const embedding = deploymentOf(parseDocuments(renderProfile(s, dev), 'dev'), 'embedding');
  const kindSpec = { EMBEDDING_KIND: str({ pattern: /^(lexical|transformer)$/, doc: 'x' }) };
  assert.deepEqual(
    envProblems(embedding, { service: 'embedding', spec: kindSpec }).filter((p) =>
      p.includes('EMBEDDING_KIND'),
    ),
    ['embedding (Deployment superagent-embedding): EMBEDDING_KIND must match /^(lexical|transformer)$/'],
  );
});

test('a shutdown grace longer than the pod termination grace period allows is caught', () => {
  const s = scratch();
  s.edit('values.yaml', (t) =>
    t.replace(
      '      EMBEDDING_KIND: transformer\n',
      "      EMBEDDING_KIND: transformer\n      SHUTDOWN_GRACE_MS: '20000'\n",
    ),
  );
  const embedding = deploymentOf(parseDocuments(renderProfile(s, prod), 'prod'), 'embedding');
  const spec = {
    SHUTDOWN_DRAIN_MS: int({ default: 2000, min: 0 }),
    SHUTDOWN_GRACE_MS: int({ default: 10000, min: 0 }),
  };
  assert.deepEqual(shutdownProblems(embedding, { service: 'embedding', spec }), [
    'embedding (Deployment superagent-embedding): terminationGracePeriodSeconds 30 is shorter than its shutdown (drain 2000 ms + 2 × grace 20000 ms + flush 5000 ms = 47 s)',
  ]);
});

test('a downstream address the chart does not set (missing dependsOn) is caught', () => {
  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('dependsOn: [embedding, runner]', 'dependsOn: [runner]'));
  const scribe = deploymentOf(parseDocuments(renderProfile(s, dev), 'dev'), 'scribe');
  const spec = {
    EMBEDDING_ADDR: address({ default: '127.0.0.1:50053' }),
    RUNNER_ADDR: address({ default: '127.0.0.1:50054' }),
  };
  assert.deepEqual(
    envProblems(scribe, { service: 'scribe', spec }).filter((p) => p.includes('_ADDR')),
    [
      'scribe (Deployment superagent-scribe): EMBEDDING_ADDR keeps its default 127.0.0.1:50053; add the service to dependsOn',
    ],
  );
});

test('a service given Redis but left on its embedded store is caught', () => {
  const s = scratch();
  s.edit('values.yaml', (t) => t.replace('    redisEnv:\n      COST_STORE: redis\n', ''));
  const cost = deploymentOf(parseDocuments(renderProfile(s, prod), 'prod'), 'cost');
  const spec = { COST_STORE: oneOf(['memory', 'redis'] as const, { default: 'memory' }) };
  assert.deepEqual(
    envProblems(cost, { service: 'cost', spec }).filter((p) => p.includes('COST_STORE')),
    ['cost (Deployment superagent-cost): connected to redis but COST_STORE=memory'],
  );
});

test('a Dockerfile with a drifting Node version, root user or no telemetry preload is caught', () => {
  const root = layout().root;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superagent-dockerfile-'));
  tempDirs.push(dir);
  cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  const original = readFileSync(path.join(root, 'services/cost/Dockerfile'), 'utf8');
  const broken = original
    .replace('FROM ${NODE_IMAGE} AS deps', 'FROM node:22.1.0-bookworm-slim AS deps')
    .replace('USER node\n', '')
    .replace('"--require","@superagent/telemetry/register",', '')
    .replace('COPY services/cost/prices services/cost/prices\n', '');
  const facts = { nodeVersion: lockedNodeVersion(root), libs: serviceLibs(root, 'cost') };
  const write = (text: string) => {
    cpSync(path.join(root, 'services/cost'), path.join(dir, 'services/cost'), {
      recursive: true,
      filter: (f) => !f.includes('node_modules') && !f.includes('dist'),
    });
    writeFileSync(path.join(dir, 'services/cost/Dockerfile'), text);
  };
  write(original);
  assert.deepEqual(dockerfileProblems(dir, 'cost', facts), []);
  write(broken);
  const problems = dockerfileProblems(dir, 'cost', facts);
  assert.ok(
    problems.includes(
      'services/cost/Dockerfile: the image leaves out services/cost/prices (data the service reads)',
    ),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) =>
      p.includes(`stage deps runs Node 22.1.0, package-lock.json pins ${facts.nodeVersion}`),
    ),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('stages use different Node majors')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('does not run as node')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('must start with exactly')),
    problems.join('\n'),
  );
  assert.ok(
    dockerfileProblems(dir, 'cost', { ...facts, libs: [...facts.libs, 'libs/devkit'] }).some((p) =>
      p.includes('needs libs/devkit'),
    ),
  );
});

test('skaffold.yaml pointing at a missing Dockerfile, or with a typo, is caught', () => {
  const l = layout();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superagent-skaffold-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'skaffold.yaml');
  const text = readFileSync(path.join(l.root, 'skaffold.yaml'), 'utf8');
  writeFileSync(
    file,
    text
      .replace('dockerfile: services/cost/Dockerfile', 'dockerfile: services/cost/Dockerfil')
      .replace('createNamespace: true', 'createNamespaces: true'),
  );
  const problems = skaffoldProblems(
    l.root,
    { images: chartImages(l.chartDir), requiredProfiles: ['dev', 'kind', 'prod'] },
    file,
  );
  assert.ok(
    problems.includes(
      'skaffold.yaml: artifact superagent-cost names a Dockerfile that does not exist (services/cost/Dockerfil)',
    ),
    problems.join('\n'),
  );
  assert.ok(
    problems.includes('skaffold.yaml: unknown field deploy.helm.releases[0].createNamespaces'),
    problems.join('\n'),
  );
});
