import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Admission, QueueFull } from '../../src/pool/admission';

describe('Admission', () => {
  it('admits up to the limit, queues FIFO up to the cap, refuses beyond', async () => {
    const a = new Admission(2, 1);
    const r1 = await a.acquire();
    const r2 = await a.acquire();
    const order: string[] = [];
    const third = a.acquire().then((release) => {
      order.push('third');
      return release;
    });
    assert.equal(a.queued, 1);
    await assert.rejects(a.acquire(), QueueFull);
    r1();
    r1(); // releasing twice frees one place only
    const r3 = await third;
    assert.deepEqual(order, ['third']);
    assert.equal(a.running, 2);
    r2();
    r3();
    assert.equal(a.running, 0);
  });
  it('drops a waiter whose signal aborts', async () => {
    const a = new Admission(1, 5);
    const held = await a.acquire();
    const ctl = new AbortController();
    const waiting = a.acquire(ctl.signal);
    ctl.abort(new Error('deadline'));
    await assert.rejects(waiting, /deadline/);
    assert.equal(a.queued, 0);
    held();
    assert.equal(a.running, 0);
  });
});
