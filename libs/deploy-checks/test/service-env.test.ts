import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  configModulePath,
  envProblems,
  layout,
  loadServiceSpec,
  PROFILES,
  readManifests,
  renderedPath,
  SERVICES,
  shutdownProblems,
  type JsonObject,
} from '../src';
import { existsSync } from 'node:fs';

const l = layout();

// Every one of the five services has a config spec (services/<svc>/src/config.ts, compiled by the
// build `npm test` runs first); the chart must give each rendered Deployment every variable its spec
// requires, set only variables it reads, keep secrets in Secrets, and pass its own config loader.
describe('the chart sets the env every service config requires, and only variables services read', () => {
  for (const service of SERVICES) {
    test(service, () => {
      const module = configModulePath(l.root, service);
      assert.ok(existsSync(module), `${module} is missing: build it (tsc -b services/${service})`);
      const spec = loadServiceSpec(l.root, service);
      for (const profile of PROFILES) {
        const objects = readManifests(renderedPath(l, profile));
        const deployment = objects.find(
          (o) => o.kind === 'Deployment' && (o.metadata as JsonObject).name === `superagent-${service}`,
        );
        assert.ok(deployment, `${profile.name}: no Deployment superagent-${service}`);
        assert.deepEqual(envProblems(deployment, spec), [], profile.name);
        assert.deepEqual(shutdownProblems(deployment, spec), [], profile.name);
      }
    });
  }
});
