// Request data for the load driver is written the way ghz takes it (protojson): proto field names
// (`task_type`) or their JSON names (`taskType`), enum values by name, unknown fields an error.
// proto-loader's serializer, built from the descriptor set, reads proto names only and drops anything
// else without a word — a config with `taskType` would load the server with empty requests. So every
// request is checked against the method's input type and rewritten to proto names before it is sent.
import { readFileSync } from 'node:fs';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { descriptorSetPath } from '@superagent/proto';

/** protobufjs/ext/descriptor adds `Root.fromDescriptor` at run time; its typings do not declare it. */
interface RootFromDescriptor {
  fromDescriptor(set: protobuf.Message): protobuf.Root;
}

export function loadDescriptorRoot(path = descriptorSetPath): protobuf.Root {
  const set = descriptor.FileDescriptorSet.decode(readFileSync(path));
  const root = (protobuf.Root as unknown as RootFromDescriptor).fromDescriptor(set);
  root.resolveAll();
  return root;
}

/** The input type of `package.Service/Method`; unknown services and methods are named. */
export function requestTypeOf(root: protobuf.Root, call: string): protobuf.Type {
  const [service, method] = call.split('/');
  if (!service || !method) throw new Error(`call must be package.Service/Method, got "${call}"`);
  const svc = root.lookup(service);
  if (!(svc instanceof protobuf.Service)) throw new Error(`unknown service ${service}`);
  const m = svc.methods[method];
  if (!m) throw new Error(`unknown method ${method} of ${service}`);
  if (m.requestStream || m.responseStream) throw new Error(`${call} is not a unary method`);
  m.resolve();
  if (!m.resolvedRequestType) throw new Error(`${call}: request type ${m.requestType} not found`);
  return m.resolvedRequestType;
}

/** protoc's JSON name: `input_tokens` → `inputTokens`, `p50_ns` → `p50Ns`. */
export function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const NUMERIC = new Set([
  'double',
  'float',
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
  'int64',
  'uint64',
  'sint64',
  'fixed64',
  'sfixed64',
]);

/** ghz template actions are expanded per call, after this check: a value holding one is taken as it is. */
function isTemplate(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

function convertSingle(field: protobuf.Field, value: unknown, at: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return toProtoNames(resolved, value, at);
  if (resolved instanceof protobuf.Enum) {
    if (isTemplate(value)) return value;
    if (typeof value === 'string' && value in resolved.values) return value;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw new Error(`${at}: ${JSON.stringify(value)} is not a value of ${resolved.fullName.slice(1)}`);
  }
  const ok =
    field.type === 'string' || field.type === 'bytes'
      ? typeof value === 'string'
      : field.type === 'bool'
        ? typeof value === 'boolean'
        : NUMERIC.has(field.type)
          ? typeof value === 'number' ||
            (typeof value === 'string' && (isTemplate(value) || /^-?\d+(\.\d+)?$/.test(value)))
          : true;
  if (!ok) throw new Error(`${at}: expected ${field.type}, got ${describe(value)}`);
  return value;
}

/**
 * Checks `value` against `type` and returns it with proto field names, recursively. Map keys are
 * data, not field names, and are kept as they are.
 */
export function toProtoNames(type: protobuf.Type, value: unknown, at = 'data'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${at}: expected an object (${type.fullName.slice(1)}), got ${describe(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => jsonName(f.name) === key);
    if (!field) throw new Error(`${at}.${key}: ${type.fullName.slice(1)} has no field "${key}"`);
    if (field.name in out) throw new Error(`${at}.${key}: field ${field.name} given twice`);
    const path = `${at}.${key}`;
    // protojson: null is the field's default, i.e. leave it unset.
    if (v === null) continue;
    field.resolve();
    if (field instanceof protobuf.MapField) {
      if (typeof v !== 'object' || Array.isArray(v))
        throw new Error(`${path}: expected a map object, got ${describe(v)}`);
      out[field.name] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, e]) => [
          k,
          convertSingle(field, e, `${path}.${k}`),
        ]),
      );
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new Error(`${path}: expected an array, got ${describe(v)}`);
      out[field.name] = v.map((e, i) => convertSingle(field, e, `${path}[${i}]`));
    } else {
      out[field.name] = convertSingle(field, v, path);
    }
  }
  return out;
}
