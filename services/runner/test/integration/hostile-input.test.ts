import { after, before, describe, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  assertServing,
  assertStatus,
  BEYOND_2_53,
  hostileTests,
  invalidField as invalid,
  INVALID_UTF8,
  rawBidi,
  rawClient,
  rawServerStream,
  rawUnary,
  standardRows,
  wire,
  type HostileRow,
  type RawSend,
} from '@superagent/devkit';
import { runner } from '@superagent/proto';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

// Bad and extreme input for every RunnerService RPC, as raw bytes over real gRPC, against the real
// runner (browser pool, workers) and a local test site. Each row gets its status code
// (INVALID_ARGUMENT naming the field), the runner answers afterwards, and runs or explore sessions
// cut short by a deadline or a cancel are released.

const SERVICE = '/superagent.runner.v1.RunnerService/';
const WAITING_SPEC = `import { test } from '@playwright/test';

test('waits', async ({ page }) => {
  await page.goto('/');
  await page.waitForTimeout(30_000);
});
`;

let site: TestSite;
let h: RunnerHarness;
let client: ReturnType<typeof rawClient>;

before(async () => {
  site = await startTestSite();
  h = await startRunner();
  client = rawClient(h.server.address);
});
after(async () => {
  client?.close();
  await h?.stop();
  await site?.close();
});

const unary =
  (method: string): RawSend =>
  (body, options) =>
    rawUnary(client, SERVICE + method, body, options);
const explore: RawSend = (body, options) => rawBidi(client, `${SERVICE}Explore`, [body], options);
const artifact: RawSend = (body, options) => rawServerStream(client, `${SERVICE}GetArtifact`, body, options);

const runSpec = (r: Partial<runner.RunSpecRequest>): Buffer =>
  Buffer.from(
    runner.RunSpecRequest.encode(
      runner.RunSpecRequest.fromPartial({ specSource: WAITING_SPEC, baseUrl: site.url, ...r }),
    ).finish(),
  );
const exploreMsg = (r: Partial<runner.ExploreRequest>): Buffer =>
  Buffer.from(runner.ExploreRequest.encode(runner.ExploreRequest.fromPartial(r)).finish());
const open = (o: Partial<runner.ExploreOpen> = {}): Buffer =>
  exploreMsg({ open: runner.ExploreOpen.fromPartial({ url: site.url, ...o }) });
const act = (a: Partial<runner.ExploreAct>): Buffer => exploreMsg({ act: runner.ExploreAct.fromPartial(a) });

// Rows build their requests lazily: the test site's URL is known only once `before` has run.
const rows: HostileRow[] = [
  ...standardRows('RunSpec', unary('RunSpec'), {
    empty: invalid('spec_source'),
    get valid() {
      return runSpec({ timeoutMs: 1_000 });
    },
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
    beyond2to53: Buffer.concat([wire.string(1, WAITING_SPEC), wire.varint(4, BEYOND_2_53)]),
  }),
  {
    name: 'RunSpec: huge spec',
    send: () => unary('RunSpec')(runSpec({ specSource: 'x'.repeat(300_000) })),
    ...invalid('spec_source'),
  },
  {
    name: 'RunSpec: spec_name escaping the directory',
    send: () =>
      unary('RunSpec')(Buffer.concat([wire.string(2, '../../etc/passwd'), wire.string(3, site.url)])),
    ...invalid('spec_name'),
  },
  {
    name: 'RunSpec: negative timeout',
    send: () => unary('RunSpec')(runSpec({ timeoutMs: -1 })),
    ...invalid('timeout_ms'),
  },
  {
    name: 'RunSpec: a base_url off the allow list',
    send: () => unary('RunSpec')(runSpec({ baseUrl: 'http://169.254.169.254' })),
    ...invalid('base_url'),
  },
  {
    name: 'RunSpec: huge task_id',
    send: () => unary('RunSpec')(runSpec({ taskId: 't'.repeat(100_000) })),
    ...invalid('task_id'),
  },
  {
    name: 'RunSpec: message over the 4 MiB limit',
    send: () => unary('RunSpec')(runSpec({ specSource: 'x'.repeat(5 * 1024 * 1024) })),
    code: status.RESOURCE_EXHAUSTED,
  },
  {
    name: 'RunSpec: cancelled while running',
    send: () => unary('RunSpec')(runSpec({}), { cancelAfterMs: 1_500 }),
    code: status.CANCELLED,
  },

  ...standardRows('Explore', explore, {
    // An empty message has no command, and the first one must open the session.
    empty: invalid('open'),
    get valid() {
      return open();
    },
    invalidUtf8: wire.message(1, wire.bytes(1, INVALID_UTF8)),
    beyond2to53: wire.message(1, wire.string(1, 'http://127.0.0.1:1'), wire.varint(4, BEYOND_2_53)),
  }),
  {
    name: 'Explore: act before open',
    send: () => explore(act({ action: runner.Action.CLICK })),
    ...invalid('open'),
  },
  {
    name: 'Explore: a file: URL',
    send: () => explore(open({ url: 'file:///etc/passwd' })),
    ...invalid('open.url'),
  },
  {
    name: 'Explore: negative viewport',
    send: () => explore(open({ viewport: { width: -1, height: -1 } })),
    ...invalid('open.viewport'),
  },
  {
    name: 'Explore: negative snapshot limit',
    send: () => explore(open({ maxSnapshotNodes: -1 })),
    ...invalid('open.max_snapshot_nodes'),
  },
  {
    name: 'Explore: negative action timeout',
    send: () => explore(open({ actionTimeoutMs: -5 })),
    ...invalid('open.action_timeout_ms'),
  },
  {
    name: 'Explore: 10k values in an act',
    send: () =>
      rawBidi(client, `${SERVICE}Explore`, [
        open(),
        act({
          action: runner.Action.SELECT,
          locator: runner.Locator.fromPartial({
            kind: runner.LocatorKind.ROLE,
            role: 'combobox',
            name: 'Country',
          }),
          values: Array.from({ length: 10_000 }, (_, i) => `v${i}`),
        }),
      ]),
    ...invalid('act.values'),
  },
  {
    name: 'Explore: deadline passes with a session open',
    send: () => rawBidi(client, `${SERVICE}Explore`, [open()], { keepOpen: true, deadlineMs: 2_000 }),
    code: status.DEADLINE_EXCEEDED,
  },
  {
    name: 'Explore: cancelled with a session open',
    send: () => rawBidi(client, `${SERVICE}Explore`, [open()], { keepOpen: true, cancelAfterMs: 1_500 }),
    code: status.CANCELLED,
  },

  ...standardRows('GetArtifact', artifact, {
    empty: invalid('id'),
    valid: wire.string(1, 'missing'),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
  }),
  {
    name: 'GetArtifact: a path as id',
    send: () => artifact(wire.string(1, '../../etc/passwd')),
    ...invalid('id'),
  },
  {
    name: 'GetArtifact: huge id',
    send: () => artifact(wire.string(1, 'a'.repeat(300_000))),
    ...invalid('id'),
  },

  ...standardRows('GetPoolStats', unary('GetPoolStats'), {
    empty: { code: status.OK },
    valid: Buffer.alloc(0),
  }),
];

const poolStats = async (): Promise<runner.GetPoolStatsResponse> => {
  const reply = await unary('GetPoolStats')(Buffer.alloc(0), { deadlineMs: 5_000 });
  assertStatus(reply, status.OK);
  return runner.GetPoolStatsResponse.decode(reply.messages[0] ?? Buffer.alloc(0));
};

describe('RunnerService: hostile input', () => {
  hostileTests(rows, async () => {
    await assertServing(client);
    await poolStats();
  });

  test('runs and explore sessions cut short are released', async () => {
    await waitUntil(
      async () => {
        const s = await poolStats();
        return s.busy === 0 && s.queued === 0 && s.exploreSessions === 0;
      },
      15_000,
      'an idle pool',
    );
  });
});
