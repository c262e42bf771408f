import { isObject, type JsonObject } from './yaml-docs';

/** apiVersion → the kubernetes-models entry point that exports its kinds (`v1`, `apps/v1`, ...). */
function modelModule(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

type Validatable = { validate(): void };
type ModelClass = new (data: JsonObject) => Validatable;

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    'prototype' in value &&
    typeof (value.prototype as { validate?: unknown }).validate === 'function'
  );
}

export function describeObject(o: JsonObject): string {
  const meta = isObject(o.metadata) ? o.metadata : {};
  return `${String(o.kind)}/${String(meta.name)}`;
}

/**
 * Validates one manifest against the Kubernetes OpenAPI schema kubernetes-models ships (types,
 * required fields, enums, formats). Unknown fields are not its business: see strict-fields.ts.
 */
export async function validateAgainstSchema(o: JsonObject): Promise<string[]> {
  const apiVersion = o.apiVersion;
  const kind = o.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return [`${describeObject(o)}: apiVersion and kind are required`];
  let mod: unknown;
  try {
    // kubernetes-models is ESM-only; a dynamic import is how CommonJS loads it.
    mod = await import(modelModule(apiVersion));
  } catch {
    return [`${describeObject(o)}: apiVersion ${apiVersion} is not a Kubernetes API group/version`];
  }
  const cls: unknown = isObject(mod) ? mod[kind] : undefined;
  if (!isModelClass(cls)) return [`${describeObject(o)}: kind ${kind} does not exist in ${apiVersion}`];
  try {
    new cls(o).validate();
    return [];
  } catch (err) {
    return [`${describeObject(o)}: ${err instanceof Error ? err.message : String(err)}`];
  }
}
