import { readFileSync } from 'node:fs';
import path from 'node:path';
import { at, isObject, parseYamlObject } from './yaml-docs';

/** service name → image repository, as values.yaml declares them. */
export function chartImages(chartDir: string): Map<string, string> {
  const values = parseYamlObject(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'), 'values.yaml');
  const services = isObject(values.services) ? values.services : {};
  return new Map(Object.entries(services).map(([name, s]) => [name, String(at(s, 'image.repository'))]));
}

/** A plain env value the chart sets for a service in values.yaml (services.<svc>.env.<name>). */
export function chartEnv(chartDir: string, service: string, name: string): string | undefined {
  const values = parseYamlObject(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'), 'values.yaml');
  const v = at(values, `services.${service}.env.${name}`);
  return typeof v === 'string' ? v : undefined;
}
