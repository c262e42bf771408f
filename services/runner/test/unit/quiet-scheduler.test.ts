import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuietScheduler } from '../../src/pool/quiet-scheduler';

describe('QuietScheduler', () => {
  it('runs at once when idle, after the last busy run otherwise', () => {
    let busy = false;
    const ran: string[] = [];
    const q = new QuietScheduler(() => busy, 60_000);
    q.whenQuiet(() => ran.push('idle'));
    busy = true;
    q.whenQuiet(() => ran.push('held'));
    q.settle();
    assert.deepEqual(ran, ['idle'], 'still busy: held back');
    busy = false;
    q.settle();
    assert.deepEqual(ran, ['idle', 'held']);
    q.close();
  });
  it('never holds work longer than its maximum delay', async () => {
    const ran: string[] = [];
    const q = new QuietScheduler(() => true, 20);
    q.whenQuiet(() => ran.push('late'));
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(ran, ['late']);
    q.whenQuiet(() => ran.push('dropped'));
    q.close();
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(ran, ['late'], 'closed: pending work is dropped');
  });
});
