import { readFileSync } from 'node:fs';
import { validateAgainstSchema } from './k8s-schema';
import { FieldChecker } from './strict-fields';
import { parseDocuments, type JsonObject } from './yaml-docs';

export function readManifests(file: string): JsonObject[] {
  return parseDocuments(readFileSync(file, 'utf8'), file);
}

/** Schema problems (kubernetes-models) and unknown fields (strict-fields) of every object. */
export async function manifestProblems(objects: readonly JsonObject[], fields?: FieldChecker): Promise<string[]> {
  const checker = fields ?? FieldChecker.load(objects.map((o) => ({ apiVersion: String(o.apiVersion), kind: String(o.kind) })));
  const problems: string[] = [];
  for (const o of objects) {
    problems.push(...(await validateAgainstSchema(o)), ...checker.unknownFields(o));
  }
  return problems;
}
