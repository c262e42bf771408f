import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { at, isObject, parseYamlObject, type JsonObject } from './yaml-docs';

/**
 * skaffold cannot run here (no binary, no Docker), so skaffold.yaml is checked structurally: only the
 * fields this repository uses are accepted (skaffold itself rejects unknown fields, and a typo would
 * otherwise surface only on a developer's machine), and every reference resolves in the repository.
 */
type Shape = { [key: string]: Shape | 'leaf' | [Shape | 'leaf'] };

const artifact: Shape = {
  image: 'leaf',
  context: 'leaf',
  docker: { dockerfile: 'leaf', buildArgs: 'leaf', target: 'leaf' },
};
const build: Shape = {
  tagPolicy: { inputDigest: {}, gitCommit: { variant: 'leaf' }, sha256: {} },
  local: { push: 'leaf', useBuildkit: 'leaf', concurrency: 'leaf' },
  artifacts: [artifact],
};
const release: Shape = {
  name: 'leaf',
  chartPath: 'leaf',
  namespace: 'leaf',
  createNamespace: 'leaf',
  wait: 'leaf',
  valuesFiles: ['leaf'],
  setValues: 'leaf',
  setValueTemplates: 'leaf',
  skipBuildDependencies: 'leaf',
};
const deploy: Shape = { kubeContext: 'leaf', helm: { releases: [release] } };
const portForward: Shape = {
  resourceType: 'leaf',
  resourceName: 'leaf',
  namespace: 'leaf',
  port: 'leaf',
  localPort: 'leaf',
};
const SKAFFOLD_SHAPE: Shape = {
  apiVersion: 'leaf',
  kind: 'leaf',
  metadata: { name: 'leaf' },
  build,
  deploy,
  portForward: [portForward],
  profiles: [{ name: 'leaf', build, deploy, portForward: [portForward] }],
};

function unknownKeys(
  value: unknown,
  shape: Shape | 'leaf' | [Shape | 'leaf'],
  at: string,
  out: string[],
): void {
  if (shape === 'leaf') return;
  if (Array.isArray(shape)) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownKeys(v, shape[0], `${at}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const where = at === '' ? key : `${at}.${key}`;
    const sub = shape[key];
    if (sub === undefined) out.push(`skaffold.yaml: unknown field ${where}`);
    else unknownKeys(child, sub, where, out);
  }
}

/** skaffold's template variable suffix for an image name: `/`, `-` and `.` become `_`. */
export function imageVariable(image: string): string {
  return image.replace(/[^A-Za-z0-9_]/g, '_');
}

export interface SkaffoldExpectations {
  /** Chart service name → image repository (values.yaml). */
  images: Map<string, string>;
  requiredProfiles: readonly string[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkBuildAndDeploy(
  root: string,
  where: string,
  cfg: JsonObject,
  expect: SkaffoldExpectations,
  problems: string[],
): void {
  const artifacts = list(at(cfg, 'build.artifacts')).filter(isObject);
  const byImage = new Map(artifacts.map((a) => [String(a.image), a]));
  for (const [service, image] of expect.images) {
    const a = byImage.get(image);
    if (!a) {
      problems.push(`${where}: no artifact builds ${image} (service ${service})`);
      continue;
    }
    if (a.context !== '.')
      problems.push(`${where}: artifact ${image} must use the repository root as context`);
    const dockerfile = at(a, 'docker.dockerfile');
    if (typeof dockerfile !== 'string' || !existsSync(path.join(root, dockerfile))) {
      problems.push(
        `${where}: artifact ${image} names a Dockerfile that does not exist (${String(dockerfile)})`,
      );
    } else if (dockerfile !== `services/${service}/Dockerfile`) {
      problems.push(
        `${where}: artifact ${image} should build services/${service}/Dockerfile, not ${dockerfile}`,
      );
    }
  }
  for (const image of byImage.keys()) {
    if (![...expect.images.values()].includes(image))
      problems.push(`${where}: artifact ${image} is not an image of the chart`);
  }
  const releases = list(at(cfg, 'deploy.helm.releases')).filter(isObject);
  if (releases.length !== 1) {
    problems.push(`${where}: expected one helm release, found ${releases.length}`);
    return;
  }
  const r = releases[0] as JsonObject;
  if (r.chartPath !== 'helm/superagent')
    problems.push(`${where}: release chartPath is ${String(r.chartPath)}, not helm/superagent`);
  for (const f of list(r.valuesFiles)) {
    if (typeof f !== 'string' || !existsSync(path.join(root, f)))
      problems.push(`${where}: values file ${String(f)} does not exist`);
  }
  // skaffold's image repository is complete: a chart registry prefix would be added twice.
  if (at(r, 'setValues.imageRegistry') !== '')
    problems.push(`${where}: setValues.imageRegistry must be '' (skaffold sets full repositories)`);
  const templates = isObject(r.setValueTemplates) ? r.setValueTemplates : {};
  for (const [service, image] of expect.images) {
    const v = imageVariable(image);
    const want: [string, string][] = [
      [`services.${service}.image.repository`, `{{.IMAGE_REPO_${v}}}`],
      [`services.${service}.image.tag`, `{{.IMAGE_TAG_${v}}}`],
    ];
    for (const [key, value] of want) {
      if (templates[key] !== value) problems.push(`${where}: setValueTemplates.${key} should be '${value}'`);
    }
  }
  for (const key of Object.keys(templates)) {
    const m = /^services\.([a-z0-9]+)\.image\.(repository|tag)$/.exec(key);
    if (!m || !expect.images.has(m[1] ?? ''))
      problems.push(`${where}: setValueTemplates.${key} sets no image of the chart`);
  }
}

export function skaffoldProblems(
  root: string,
  expect: SkaffoldExpectations,
  file = path.join(root, 'skaffold.yaml'),
): string[] {
  const problems: string[] = [];
  const cfg = parseYamlObject(readFileSync(file, 'utf8'), 'skaffold.yaml');
  unknownKeys(cfg, SKAFFOLD_SHAPE, '', problems);
  if (typeof cfg.apiVersion !== 'string' || !/^skaffold\/v4beta\d+$/.test(cfg.apiVersion))
    problems.push('skaffold.yaml: apiVersion is not a current skaffold/v4beta* schema');
  if (cfg.kind !== 'Config') problems.push('skaffold.yaml: kind is not Config');
  checkBuildAndDeploy(root, 'skaffold.yaml', cfg, expect, problems);
  const profiles = list(cfg.profiles).filter(isObject);
  for (const name of expect.requiredProfiles) {
    const p = profiles.find((x) => x.name === name);
    if (!p) {
      problems.push(`skaffold.yaml: profile ${name} is missing`);
      continue;
    }
    // Self-contained: a profile carries its whole build and deploy, not patches of the top level.
    for (const section of ['build', 'deploy', 'portForward']) {
      if (p[section] === undefined)
        problems.push(`skaffold.yaml: profile ${name} has no ${section} of its own`);
    }
    checkBuildAndDeploy(root, `skaffold.yaml profile ${name}`, p, expect, problems);
  }
  const forwards = list(cfg.portForward)
    .filter(isObject)
    .map((f) => String(f.resourceName));
  for (const wanted of ['superagent-router', 'superagent-jaeger-query']) {
    if (!forwards.includes(wanted)) problems.push(`skaffold.yaml: no port-forward of ${wanted}`);
  }
  return problems;
}
