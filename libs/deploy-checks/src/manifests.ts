import { readFileSync } from 'node:fs';
import { validateAgainstSchema } from './k8s-schema';
import { FieldChecker } from './strict-fields';
import { parseDocuments, type JsonObject } from './yaml-docs';

export function readManifests(file: string): JsonObject[] {
  return parseDocuments(readFileSync(file, 'utf8'), file);
}

// Loading the declarations takes a second or two: one checker per set of kinds per process.
const checkers = new Map<string, FieldChecker>();

function fieldChecker(objects: readonly JsonObject[]): FieldChecker {
  const kinds = [...new Set(objects.map((o) => `${String(o.apiVersion)}|${String(o.kind)}`))].sort();
  const key = kinds.join(',');
  let checker = checkers.get(key);
  if (!checker) {
    checker = FieldChecker.load(
      kinds.map((k) => ({ apiVersion: k.split('|')[0] ?? '', kind: k.split('|')[1] ?? '' })),
    );
    checkers.set(key, checker);
  }
  return checker;
}

/** Schema problems (kubernetes-models) and unknown fields (strict-fields) of every object. */
export async function manifestProblems(objects: readonly JsonObject[]): Promise<string[]> {
  const checker = fieldChecker(objects);
  const problems: string[] = [];
  for (const o of objects) {
    problems.push(...(await validateAgainstSchema(o)), ...checker.unknownFields(o));
  }
  return problems;
}
