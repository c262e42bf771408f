import { existsSync } from 'node:fs';
import path from 'node:path';

/** The five services the chart deploys and the repository builds images for. */
export const SERVICES = ['router', 'scribe', 'embedding', 'runner', 'cost'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Kubernetes version the manifests target (the chart's kubeVersion floor). */
export const KUBE_VERSION = '1.28.0';

/** Release name and namespace of the rendered manifests (k8s/rendered) and of skaffold's release. */
export const RELEASE = 'superagent';
export const NAMESPACE = 'superagent';

/** Finds the repository root (the directory holding package.json with workspaces) above `from`. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package-lock.json')) && existsSync(path.join(dir, 'helm'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
}

/** A service is deployable once it has a main.ts; before that it is still being written. */
export function isDeployable(root: string, service: ServiceName): boolean {
  return existsSync(path.join(root, 'services', service, 'src', 'main.ts'));
}

/** Locations the checks read, relative to a repository root (tests point them at copies). */
export interface Layout {
  root: string;
  chartDir: string;
  renderedDir: string;
}

export function layout(root: string = repoRoot(), chartDir?: string): Layout {
  return {
    root,
    chartDir: chartDir ?? path.join(root, 'helm', 'superagent'),
    renderedDir: path.join(root, 'k8s', 'rendered'),
  };
}
