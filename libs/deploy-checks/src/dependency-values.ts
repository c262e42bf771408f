import { describeSpec } from '@superagent/config';
import type { ServiceSpec } from './service-env';
import { at, isObject, type JsonObject } from './yaml-docs';

/** What a service sends to Sentinels that require a password of their own (libs/config redisSpec). */
export const SENTINEL_PASSWORD_ENV = 'REDIS_SENTINEL_PASSWORD';

interface EnvEntry {
  name: string;
  secret?: { name: unknown; key: unknown };
}

function envOf(deployment: JsonObject): EnvEntry[] {
  const containers = at(deployment, 'spec.template.spec.containers');
  const env = at(Array.isArray(containers) ? (containers as unknown[])[0] : undefined, 'env');
  return (Array.isArray(env) ? (env as unknown[]) : []).filter(isObject).map((e) => {
    const ref = at(e, 'valueFrom.secretKeyRef');
    return {
      name: String(e.name),
      ...(isObject(ref) ? { secret: { name: ref.name, key: ref.key } } : {}),
    };
  });
}

/**
 * The bundled Redis chart (bitnami) requires the Redis password on its Sentinels too unless
 * `redis.auth.sentinel` is false (its default is true). A service that sends the Sentinels no
 * password gets NOAUTH from every one and never reports SERVING. So, on the effective values and the
 * chart's own rendered objects: every Deployment pointed at the bundled Sentinels gets
 * REDIS_SENTINEL_PASSWORD from the same Secret and key as REDIS_PASSWORD, and its service reads it.
 * (The dependency chart itself is not rendered here, which is why its values are read directly.)
 */
export function sentinelAuthProblems(
  values: JsonObject,
  objects: readonly JsonObject[],
  specs: readonly ServiceSpec[],
): string[] {
  const required =
    at(values, 'redis.enabled') === true &&
    at(values, 'redis.auth.enabled') !== false && // bitnami default: true
    at(values, 'redis.sentinel.enabled') === true &&
    at(values, 'redis.auth.sentinel') !== false; // bitnami default: true
  if (!required) return [];
  const problems: string[] = [];
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const service = String(at(deployment, 'metadata.labels')?.['app.kubernetes.io/component' as never]);
    const env = envOf(deployment);
    if (!env.some((e) => e.name === 'REDIS_SENTINELS')) continue;
    const why = 'the bundled Sentinels require the Redis password (redis.auth.sentinel is not false)';
    const password = env.find((e) => e.name === 'REDIS_PASSWORD')?.secret;
    const sentinel = env.find((e) => e.name === SENTINEL_PASSWORD_ENV)?.secret;
    if (sentinel === undefined)
      problems.push(
        `${service}: ${why} but the chart gives it no ${SENTINEL_PASSWORD_ENV} from a Secret: every Sentinel answers NOAUTH and it never gets ready`,
      );
    else if (password === undefined || sentinel.name !== password.name || sentinel.key !== password.key)
      problems.push(
        `${service}: ${SENTINEL_PASSWORD_ENV} must come from the Redis password's Secret and key`,
      );
    const spec = specs.find((s) => s.service === service);
    if (spec !== undefined && !describeSpec(spec.spec).some((r) => r.name === SENTINEL_PASSWORD_ENV))
      problems.push(`${service}: ${why} but the service reads no ${SENTINEL_PASSWORD_ENV}`);
  }
  return problems;
}
