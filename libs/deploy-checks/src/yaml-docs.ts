import { parseAllDocuments, parse } from 'yaml';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every non-empty document of a multi-document YAML stream; a syntax error throws with its position. */
export function parseDocuments(text: string, source: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new Error(`${source}: a document is not a mapping`);
    out.push(value);
  }
  return out;
}

export function parseYamlObject(text: string, source: string): JsonObject {
  const value: unknown = parse(text);
  if (!isObject(value)) throw new Error(`${source}: not a YAML mapping`);
  return value;
}

/** Value at a dotted path (`a.b.c`), or undefined. */
export function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Helm's coalescing of values files: maps merge key by key, null deletes, anything else replaces. */
export function mergeValues(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}
