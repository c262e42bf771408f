import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { router } from '@superagent/proto';
import type { TaskStore, TaskStoreOptions } from '../../../src/store/task-store';
import { advance, event, newRecord, pollFor } from '../support/records';

// The one suite every TaskStore backend must pass (memory and Redis).

export interface StoreHarness {
  /** A store over empty state. */
  open(options: TaskStoreOptions): Promise<TaskStore>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const LEASE_MS = 1_000;
const TTL_MS = 60_000;

export function taskStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`TaskStore contract: ${name}`, () => {
    let h: StoreHarness;
    const opened: TaskStore[] = [];
    const open = async (options: Partial<TaskStoreOptions> = {}): Promise<TaskStore> => {
      const store = await h.open({ ttlMs: TTL_MS, leaseMs: LEASE_MS, ...options });
      opened.push(store);
      return store;
    };
    let store: TaskStore;

    before(async () => {
      h = await harness();
    });
    after(async () => {
      for (const s of opened.splice(0)) await s.close();
      await h?.close();
    });
    beforeEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await h.reset();
      store = await open();
    });

    test('create stores the record, the first event and a queue entry', async () => {
      const rec = newRecord();
      const res = await store.create({ record: rec, event: event(rec, 1) });
      assert.deepEqual(res, { taskId: rec.task.taskId, created: true });
      const got = await store.get(rec.task.taskId);
      assert.deepEqual(got, rec);
      const events = await store.events(rec.task.taskId, 0, 100);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.type, router.TaskEventType.SUBMITTED);
      const claimed = await store.claim('w1', 10, 0);
      assert.deepEqual(
        claimed.map((c) => c.claim.taskId),
        [rec.task.taskId],
      );
      assert.deepEqual(claimed[0]?.record, rec);
    });

    test('creating the same task again (a retry after a lost answer) changes nothing and queues nothing', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [mine] = await store.claim('w1', 1, 0);
      assert.ok(mine);
      const step = advance(mine.record, 1);
      await store.commit(rec.task.taskId, 'w1', step.record, step.events);
      assert.deepEqual(await store.create({ record: rec, event: event(rec, 1) }), {
        taskId: rec.task.taskId,
        created: true,
      });
      assert.deepEqual(await store.get(rec.task.taskId), step.record);
      assert.equal((await store.events(rec.task.taskId, 0, 10)).length, 2);
      assert.deepEqual(await store.claim('w2', 1, 0), []);
    });

    test('unknown tasks: get is undefined, events are empty', async () => {
      const rec = newRecord();
      assert.equal(await store.get(rec.task.taskId), undefined);
      assert.deepEqual(await store.events(rec.task.taskId, 0, 10), []);
    });

    test('a repeated idempotency key (per tenant) returns the existing task and queues nothing', async () => {
      const a = newRecord();
      const b = newRecord();
      const idem = { tenantId: 'acme', key: 'feature-1' };
      assert.equal((await store.create({ record: a, event: event(a, 1), idempotency: idem })).created, true);
      const again = await store.create({ record: b, event: event(b, 1), idempotency: idem });
      assert.deepEqual(again, { taskId: a.task.taskId, created: false });
      assert.equal(await store.get(b.task.taskId), undefined);
      const claimed = await store.claim('w1', 10, 0);
      assert.equal(claimed.length, 1);
    });

    test('idempotency keys cannot collide across tenants or separators', async () => {
      const pairs: [string, string][] = [
        ['a:b', 'c'],
        ['a', 'b:c'],
        ['', 'a:b:c'],
        ['a:b:c', ''],
        ['../x', '*'],
        ['{t}', 'k'],
      ];
      const ids = new Set<string>();
      for (const [tenantId, key] of pairs) {
        const rec = newRecord();
        const res = await store.create({ record: rec, event: event(rec, 1), idempotency: { tenantId, key } });
        assert.equal(res.created, true, `${tenantId} / ${key}`);
        ids.add(res.taskId);
      }
      assert.equal(ids.size, pairs.length);
    });

    test('commit appends events in order and replaces the record; a repeated transition is a no-op', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [claimed] = await store.claim('w1', 1, 0);
      assert.ok(claimed);
      const step1 = advance(claimed.record, 2);
      await store.commit(rec.task.taskId, 'w1', step1.record, step1.events);
      await store.commit(rec.task.taskId, 'w1', step1.record, step1.events);
      const step2 = advance(step1.record, 3, router.TaskEventType.RUNNING);
      await store.commit(rec.task.taskId, 'w1', step2.record, step2.events);
      const all = await store.events(rec.task.taskId, 0, 100);
      assert.deepEqual(
        all.map((e) => e.sequence),
        [1, 2, 3, 4, 5, 6],
      );
      assert.deepEqual(
        (await store.events(rec.task.taskId, 3, 2)).map((e) => e.sequence),
        [4, 5],
      );
      assert.deepEqual(await store.get(rec.task.taskId), step2.record);
    });

    test('a commit that skips a transition or a sequence is a conflict', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [claimed] = await store.claim('w1', 1, 0);
      assert.ok(claimed);
      const skipped = advance(advance(claimed.record, 1).record, 1);
      await assert.rejects(store.commit(rec.task.taskId, 'w1', skipped.record, skipped.events), {
        name: 'TaskConflictError',
      });
      const next = advance(claimed.record, 1);
      const badSeq = { ...next.record, task: { ...next.record.task, lastSequence: 7 } };
      await assert.rejects(store.commit(rec.task.taskId, 'w1', badSeq, next.events), {
        name: 'TaskConflictError',
      });
    });

    test('only the owner can commit', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const step = advance(rec, 1);
      await assert.rejects(store.commit(rec.task.taskId, 'w1', step.record, step.events), {
        name: 'LostOwnershipError',
      });
      await store.claim('w1', 1, 0);
      await assert.rejects(store.commit(rec.task.taskId, 'w2', step.record, step.events), {
        name: 'LostOwnershipError',
      });
      await store.commit(rec.task.taskId, 'w1', step.record, step.events);
    });

    test('a claim that is renewed stays with its owner past the lease', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [mine] = await store.claim('w1', 1, 0);
      assert.ok(mine);
      const until = Date.now() + LEASE_MS * 2.5;
      // Non-blocking claims between renewals, a few per lease: a blocking claim would let the
      // lease age by its block time plus any event-loop stall, which flaked on a loaded machine.
      while (Date.now() < until) {
        assert.deepEqual(await store.renew('w1', [mine.claim]), []);
        assert.deepEqual(await store.claim('w2', 1, 0), []);
        await new Promise((r) => setTimeout(r, LEASE_MS / 10));
      }
    });

    test('a claim whose owner stopped renewing goes to another consumer, and the old owner is fenced off', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [first] = await store.claim('w1', 1, 0);
      assert.ok(first);
      const step1 = advance(first.record, 1);
      await store.commit(rec.task.taskId, 'w1', step1.record, step1.events);
      // w1 "dies": no renewals. w2 gets the task once the lease has run out, with w1's progress.
      const started = Date.now();
      const [taken] = await pollFor(() => store.claim('w2', 1, 50), LEASE_MS * 10);
      assert.ok(taken, 'the stale task was handed over');
      assert.ok(Date.now() - started >= LEASE_MS * 0.5, 'not before the lease ran out');
      assert.deepEqual(taken.record, step1.record);
      const late = advance(step1.record, 1);
      await assert.rejects(store.commit(rec.task.taskId, 'w1', late.record, late.events), {
        name: 'LostOwnershipError',
      });
      assert.deepEqual(await store.renew('w1', [first.claim]), [first.claim]);
      assert.deepEqual(await store.renew('w2', [taken.claim]), []);
      await store.commit(rec.task.taskId, 'w2', late.record, late.events);
      assert.deepEqual(
        (await store.events(rec.task.taskId, 0, 10)).map((e) => e.sequence),
        [1, 2, 3],
      );
    });

    test('an acknowledged task is never handed out again', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [mine] = await store.claim('w1', 1, 0);
      assert.ok(mine);
      await store.ack(mine.claim);
      assert.deepEqual(await store.claim('w2', 1, LEASE_MS * 2), []);
      assert.deepEqual(await store.claim('w2', 1, 0), []);
    });

    test('claim waits for new work up to blockMs and takes at most max', async () => {
      const waiting = store.claim('w1', 2, 3_000);
      const recs = [newRecord(), newRecord(), newRecord()];
      for (const r of recs) await store.create({ record: r, event: event(r, 1) });
      const got = await waiting;
      assert.ok(got.length >= 1 && got.length <= 2, `got ${got.length}`);
      const rest = await store.claim('w1', 10, 0);
      assert.equal(got.length + rest.length, 3);
      // Acknowledged, so a slow machine running past the lease cannot hand them out again below.
      for (const c of [...got, ...rest]) await store.ack(c.claim);
      const t0 = Date.now();
      assert.deepEqual(await store.claim('w1', 1, 200), []);
      assert.ok(Date.now() - t0 >= 150, 'it waited');
    });

    test('waitForEvents wakes on a commit, on timeout, and on abort', async () => {
      const rec = newRecord();
      await store.create({ record: rec, event: event(rec, 1) });
      const [mine] = await store.claim('w1', 1, 0);
      assert.ok(mine);
      // Already newer than afterSequence: returns at once.
      await store.waitForEvents(rec.task.taskId, 0, 10_000, new AbortController().signal);
      const t0 = Date.now();
      const woken = store.waitForEvents(rec.task.taskId, 1, 10_000, new AbortController().signal);
      const step = advance(mine.record, 1);
      await store.commit(rec.task.taskId, 'w1', step.record, step.events);
      await woken;
      assert.ok(Date.now() - t0 < 5_000);
      const t1 = Date.now();
      await store.waitForEvents(rec.task.taskId, 2, 150, new AbortController().signal);
      assert.ok(Date.now() - t1 >= 100);
      const ac = new AbortController();
      const t2 = Date.now();
      const aborted = store.waitForEvents(rec.task.taskId, 2, 10_000, ac.signal);
      ac.abort();
      await aborted;
      assert.ok(Date.now() - t2 < 5_000);
    });

    test('records expire after the TTL unless a commit refreshes it', async () => {
      const short = await open({ ttlMs: 1_500 });
      const stale = newRecord();
      const kept = newRecord();
      await short.create({ record: stale, event: event(stale, 1) });
      await short.create({ record: kept, event: event(kept, 1) });
      const claimed = await short.claim('w1', 2, 0);
      const mine = claimed.find((c) => c.claim.taskId === kept.task.taskId);
      assert.ok(mine);
      let record = mine.record;
      const until = Date.now() + 3_000;
      while (Date.now() < until) {
        const step = advance(record, 1);
        await short.commit(kept.task.taskId, 'w1', step.record, step.events);
        record = step.record;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(await short.get(stale.task.taskId), undefined);
      assert.deepEqual(await short.get(kept.task.taskId), record);
      const step = advance(record, 1);
      await assert.rejects(short.commit(stale.task.taskId, 'w1', step.record, step.events), {
        name: 'TaskGoneError',
      });
    });
  });
}
