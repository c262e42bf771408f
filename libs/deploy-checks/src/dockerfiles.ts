import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from './repo';
import { isObject } from './yaml-docs';

/**
 * Static checks of services/<svc>/Dockerfile (STYLE rule 9). No Docker engine runs here, so the
 * images are never built in CI; these rules catch what review would: an unpinned or drifting base,
 * different Node majors between stages, dev dependencies or sources in the runtime, root at run time,
 * telemetry not preloaded, a library the service needs but the image leaves out.
 */
export interface DockerfileFacts {
  /** `node` version package-lock.json pins (the Node development and CI run on). */
  nodeVersion: string;
  /** Workspace libraries (`libs/<name>`) the service depends on in production, transitively. */
  libs: string[];
  /** The chart's EMBEDDING_MODEL_DIR (embedding only). */
  modelDir?: string;
}

interface Stage {
  from: string;
  name: string;
  lines: string[];
}

/** Joins continuation lines and drops comments; heredoc bodies stay as separate lines. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    if (current === '' && /^\s*#/.test(raw)) continue;
    if (raw.endsWith('\\')) {
      current += `${raw.slice(0, -1)} `;
      continue;
    }
    out.push((current + raw).trim());
    current = '';
  }
  return out.filter((l) => l !== '');
}

function stages(lines: string[], args: Map<string, string>): Stage[] {
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = (from[1] ?? '').replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? '',
      );
      out.push({ from: image, name: from[2] ?? '', lines: [] });
    } else out.at(-1)?.lines.push(line);
  }
  return out;
}

export function lockedNodeVersion(root: string): string {
  const lock: unknown = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const version =
    isObject(lock) && isObject(lock.packages) && isObject(lock.packages['node_modules/node'])
      ? lock.packages['node_modules/node'].version
      : undefined;
  if (typeof version !== 'string') throw new Error('package-lock.json pins no `node` version');
  return version;
}

/** Production workspace dependencies of a service, transitively, as `libs/<name>` directories. */
export function serviceLibs(root: string, service: ServiceName): string[] {
  const rootPkg: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const workspaces =
    isObject(rootPkg) && Array.isArray(rootPkg.workspaces) ? rootPkg.workspaces.map(String) : [];
  const byName = new Map<string, { dir: string; deps: string[] }>();
  for (const dir of workspaces) {
    const pkg: unknown = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    if (!isObject(pkg)) continue;
    byName.set(String(pkg.name), {
      dir,
      deps: Object.keys(isObject(pkg.dependencies) ? pkg.dependencies : {}),
    });
  }
  const seen = new Set<string>();
  const stack = [`@superagent/${service}`];
  while (stack.length > 0) {
    for (const dep of byName.get(stack.pop() ?? '')?.deps ?? []) {
      if (byName.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...seen]
    .map((n) => byName.get(n)?.dir ?? n)
    .filter((d) => d.startsWith('libs/'))
    .sort();
}

export function dockerfileProblems(root: string, service: ServiceName, facts: DockerfileFacts): string[] {
  const file = path.join(root, 'services', service, 'Dockerfile');
  const where = `services/${service}/Dockerfile`;
  if (!existsSync(file)) return [`${where} is missing`];
  const lines = instructions(readFileSync(file, 'utf8'));
  const problems: string[] = [];
  const args = new Map<string, string>();
  for (const line of lines) {
    const m = /^ARG\s+(\w+)=(\S+)/.exec(line);
    if (m && m[1] && m[2] && !args.has(m[1])) args.set(m[1], m[2]);
  }
  const all = stages(lines, args);
  if (all.length < 2) problems.push(`${where}: not multi-stage`);
  const stageNames = new Set(all.map((s) => s.name));
  const majors = new Set<string>();
  for (const s of all) {
    if (stageNames.has(s.from)) continue;
    const m = /^node:(\d+)\.(\d+)\.(\d+)-[a-z]+-slim$/.exec(s.from);
    if (!m) {
      problems.push(
        `${where}: stage ${s.name || '(unnamed)'} uses ${s.from || 'an unresolved image'}, not node:<exact version>-<debian>-slim`,
      );
      continue;
    }
    majors.add(m[1] ?? '');
    if (`${m[1]}.${m[2]}.${m[3]}` !== facts.nodeVersion) {
      problems.push(
        `${where}: stage ${s.name} runs Node ${m[1]}.${m[2]}.${m[3]}, package-lock.json pins ${facts.nodeVersion}`,
      );
    }
  }
  if (majors.size > 1)
    problems.push(`${where}: stages use different Node majors (${[...majors].join(', ')})`);
  const runtime = all.at(-1);
  if (!runtime) return [...problems, `${where}: no FROM`];
  const body = runtime.lines;
  const user = body.filter((l) => /^USER\s/i.test(l)).at(-1);
  if (!user || !/^USER\s+(node|1000)(:\S+)?$/i.test(user))
    problems.push(`${where}: the runtime stage does not run as node (uid 1000)`);
  const cmd = `CMD ["node","--require","@superagent/telemetry/register","services/${service}/dist/src/main.js"]`;
  if (body.filter((l) => /^(CMD|ENTRYPOINT)\s/i.test(l)).join('\n') !== cmd)
    problems.push(`${where}: the runtime must start with exactly ${cmd}`);
  const build = all.filter((s) => s !== runtime).flatMap((s) => s.lines);
  if (
    !build.some(
      (l) =>
        /^RUN\b.*\bnpm ci\b.*--omit=dev\b.*--workspace services\//.test(l) &&
        l.includes(`services/${service}`),
    )
  ) {
    problems.push(
      `${where}: no \`npm ci --omit=dev --workspace services/${service}\` stage for production dependencies`,
    );
  }
  if (!build.some((l) => /^RUN\b.*\btsc -b services\//.test(l) && l.includes(`services/${service}`)))
    problems.push(`${where}: does not compile with \`tsc -b services/${service}\``);
  const copies = body.filter((l) => /^COPY\s/i.test(l));
  for (const c of copies) {
    if (/\s(\.|\/app\/?)\s+\S+$/.test(c) && !/--from=/.test(c))
      problems.push(`${where}: the runtime copies the whole build context (${c})`);
    if (/dist\/test|\/src\s*$/.test(c.replace(/dist\/src/g, '')))
      problems.push(`${where}: the runtime copies sources or tests (${c})`);
  }
  if (!copies.some((c) => /--from=deps\s+\/app\/node_modules\b/.test(c)))
    problems.push(`${where}: node_modules must come from the production-dependencies stage`);
  for (const lib of facts.libs) {
    if (!copies.some((c) => c.includes(`/app/${lib}/dist/src`)))
      problems.push(`${where}: the service needs ${lib} but the image does not copy ${lib}/dist/src`);
  }
  for (const c of copies) {
    const m = /\/app\/(libs\/[a-z-]+)\/dist\/src/.exec(c);
    if (m && m[1] && !facts.libs.includes(m[1]))
      problems.push(`${where}: copies ${m[1]}, which the service does not depend on`);
  }
  // Data shipped next to the code (price tables, policies) is read from the package root at run time.
  const notData = new Set(['src', 'test', 'dist', 'scripts', 'fixtures', 'node_modules', 'bench']);
  for (const entry of readdirSync(path.join(root, 'services', service), { withFileTypes: true })) {
    if (!entry.isDirectory() || notData.has(entry.name)) continue;
    const dir = `services/${service}/${entry.name}`;
    if (!copies.some((c) => c.split(/\s+/).includes(dir)))
      problems.push(`${where}: the image leaves out ${dir} (data the service reads)`);
  }
  if (
    service === 'runner' &&
    !body.some((l) => /^RUN\b.*apt-get install\b.*\bchromium-headless-shell\b.*\bfonts-/.test(l))
  ) {
    problems.push(`${where}: the runner image must install Debian's chromium-headless-shell and fonts`);
  }
  if (service === 'embedding') {
    const revision = args.get('MODEL_REVISION');
    if (!revision || !/^[0-9a-f]{40}$/.test(revision))
      problems.push(`${where}: MODEL_REVISION must pin a 40-hex commit`);
    if (args.get('MODEL_REPO') !== 'Xenova/all-MiniLM-L6-v2')
      problems.push(`${where}: MODEL_REPO must be Xenova/all-MiniLM-L6-v2`);
    if (
      !facts.modelDir ||
      !copies.some((c) => c.includes('--from=model') && c.trim().endsWith(` ${facts.modelDir}`))
    ) {
      problems.push(
        `${where}: the model files are not copied to the chart's EMBEDDING_MODEL_DIR (${String(facts.modelDir)})`,
      );
    }
  }
  return problems;
}
