import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { testBrowserPool } from '../helpers/browser-pool';
import { waitUntil } from '../helpers/runner-harness';

describe('BrowserPool', () => {
  const browsers = testBrowserPool('browser-pool', { contextsPerBrowser: 2, recycleAfter: 3 });
  const pool = browsers.pool;
  after(() => browsers.close());

  it('limits leases per browser, recycles after N uses and replaces a crashed browser', async () => {
    await pool.start();
    const [first] = pool.browserIds();
    const a = await pool.lease();
    const b = await pool.lease();
    let third = false;
    const c = pool.lease().then((lease) => {
      third = true;
      return lease;
    });
    assert.equal(pool.stats().waiting, 1, 'both context slots are taken');
    a.release();
    const leaseC = await c;
    assert.equal(third, true);
    // The third lease reached RUNNER_RECYCLE_AFTER: a replacement is launched, the old browser drains.
    await waitUntil(() => pool.browserIds().length === 2, 30_000, 'replacement launched');
    assert.equal(pool.stats().recycled, 1);
    const d = await pool.lease();
    assert.notEqual(d.browserId, first, 'new leases go to the replacement');
    assert.equal(b.usable(), false, 'a draining browser takes no new work');
    assert.equal(b.renew(), false);
    assert.equal(d.usable(), true);
    b.release();
    leaseC.release();
    await waitUntil(() => !pool.browserIds().includes(first ?? -1), 10_000, 'drained browser closed');
    assert.equal(pool.stats().crashes, 0, 'a recycled browser is not a crash');

    assert.equal(pool.killBrowser(d.browserId), true);
    await waitUntil(() => !d.alive(), 10_000, 'lease sees the crash');
    await waitUntil(
      () => pool.browserIds().length === 1 && !pool.browserIds().includes(d.browserId),
      30_000,
      'crashed browser replaced',
    );
    assert.equal(pool.stats().crashes, 1);
    d.release();
    const e = await pool.lease();
    assert.equal(e.alive(), true);
    // A kept context serving more sessions counts as more leases: the third use recycles its browser.
    assert.equal(e.renew(), true);
    assert.equal(e.renew(), true);
    assert.equal(pool.stats().recycled, 2);
    assert.equal(e.usable(), false);
    assert.equal(e.renew(), false);
    e.release();
  });
});
