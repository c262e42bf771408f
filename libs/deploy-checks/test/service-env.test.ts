import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  builtServices,
  configModulePath,
  envProblems,
  isDeployable,
  layout,
  loadServiceSpec,
  PROFILES,
  readManifests,
  renderedPath,
  SERVICES,
  type JsonObject,
} from '../src';

const l = layout();

// A service is deployable once it has a main.ts; from then on its config spec must be built and the
// chart must give it every variable the spec requires. Services still being written are listed.
describe('the chart sets the env every service config requires, and only variables services read', () => {
  const { missing } = builtServices(l.root);
  for (const service of SERVICES) {
    const hasConfig = existsSync(path.join(l.root, 'services', service, 'src', 'config.ts'));
    test(service, (t) => {
      if (!isDeployable(l.root, service) && !hasConfig) {
        t.diagnostic(`services/${service} has no main.ts or config.ts yet: nothing to compare`);
        return;
      }
      assert.ok(
        !missing.includes(service),
        `${configModulePath(l.root, service)} is not built (tsc -b services/${service})`,
      );
      const spec = loadServiceSpec(l.root, service);
      for (const profile of PROFILES) {
        const objects = readManifests(renderedPath(l, profile));
        const deployment = objects.find(
          (o) => o.kind === 'Deployment' && (o.metadata as JsonObject).name === `superagent-${service}`,
        );
        assert.ok(deployment, `${profile.name}: no Deployment superagent-${service}`);
        assert.deepEqual(envProblems(deployment, spec), [], profile.name);
      }
    });
  }
});
