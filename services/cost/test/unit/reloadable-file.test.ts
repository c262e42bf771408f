import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@superagent/logging';
import { parsePriceTable } from '../../src/domain/price-table';
import { loadReloadable } from '../../src/reloadable-file';
import { PRICES_PATH } from '../support/fixtures';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('a price table reloads; a broken file keeps the loaded version; a broken file at start fails', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cost-prices-'));
  dirs.push(dir);
  const file = join(dir, 'prices.yaml');
  const text = await readFile(PRICES_PATH, 'utf8');
  await writeFile(file, text);
  let clock = 1_000;
  const prices = await loadReloadable('price table', file, parsePriceTable, silentLogger(), () => clock);
  assert.equal(prices.current().version, '2025-11-26.1');
  assert.equal(prices.loadedAtMs(), 1_000);

  await writeFile(
    file,
    text.replace(/^version: .*$/m, "version: 'v2'").replace("input: '0.80'", "input: '0.90'"),
  );
  clock = 2_000;
  assert.equal(await prices.reload(), true);
  assert.equal(prices.current().version, 'v2');
  assert.equal(prices.current().lookup('claude-3-5-haiku-20241022')?.inputMicrosPerMillion, 900_000);
  assert.equal(prices.loadedAtMs(), 2_000);

  await writeFile(file, "version: 'v3'\nmodels:\n  bad: { tier: nope }\n");
  assert.equal(await prices.reload(), false);
  assert.equal(prices.current().version, 'v2');

  await assert.rejects(
    loadReloadable('price table', file, parsePriceTable, silentLogger()),
    /tier must be one of/,
  );
  await assert.rejects(
    loadReloadable('price table', join(dir, 'missing.yaml'), parsePriceTable, silentLogger()),
    /ENOENT/,
  );
});
