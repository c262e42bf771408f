import { describeSpec } from '@superagent/config';
import type { ServiceSpec } from './service-env';
import { at, isObject, mergeValues, type JsonObject } from './yaml-docs';

/**
 * The variable a service would read a Sentinel's own password from. No service reads one today
 * (libs/redis accepts `sentinelPassword`, but router and cost never pass it), so a service connects
 * to the Sentinels without AUTH and only sends REDIS_PASSWORD to the data nodes.
 */
export const SENTINEL_PASSWORD_ENV = 'REDIS_SENTINEL_PASSWORD';

/**
 * Problems of the bundled dependency charts' values that no rendered SuperAgent object shows,
 * because those charts are not rendered here. Checked on the effective values (values.yaml plus
 * the files given): the bitnami Redis chart requires the Redis password on its Sentinels too unless
 * `redis.auth.sentinel` is false (its default is true); a service that cannot send a Sentinel
 * password then gets NOAUTH from every Sentinel and never reports SERVING.
 */
export function dependencyValueProblems(values: JsonObject, specs: readonly ServiceSpec[]): string[] {
  const problems: string[] = [];
  if (at(values, 'redis.enabled') !== true) return problems;
  const authOn = at(values, 'redis.auth.enabled') !== false; // bitnami default: true
  const sentinelOn = at(values, 'redis.sentinel.enabled') === true;
  const sentinelAuth = at(values, 'redis.auth.sentinel') !== false; // bitnami default: true
  if (!authOn || !sentinelOn || !sentinelAuth) return problems;
  const defaults = isObject(values.defaults) ? values.defaults : {};
  const services = isObject(values.services) ? values.services : {};
  for (const s of specs) {
    const own = services[s.service];
    const svc = mergeValues(defaults, isObject(own) ? own : {});
    if (svc.usesRedis !== true) continue;
    if (describeSpec(s.spec).some((r) => r.name === SENTINEL_PASSWORD_ENV)) continue;
    problems.push(
      `${s.service}: the bundled Redis requires a password on its Sentinels (redis.auth.sentinel is not false) ` +
        `but the service reads no ${SENTINEL_PASSWORD_ENV}: every Sentinel answers NOAUTH and it never gets ready`,
    );
  }
  return problems;
}
