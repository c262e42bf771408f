import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@superagent/config';
import { waitFor } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { parseBudgetPolicy } from '../../src/domain/budget-policy';
import { parsePriceTable } from '../../src/domain/price-table';
import { loadAtStart, loadReloadable } from '../../src/reloadable-file';
import { BUDGETS_PATH, PRICES_PATH } from '../support/fixtures';

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

test('a budget policy with a misspelt key does not replace the loaded one on reload', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cost-budgets-'));
  dirs.push(dir);
  const file = join(dir, 'budgets.yaml');
  const text = await readFile(BUDGETS_PATH, 'utf8');
  await writeFile(file, text);
  const budgets = await loadReloadable('budget policy', file, parseBudgetPolicy, silentLogger());
  await writeFile(
    file,
    text.replace(/^version: .*$/m, "version: 'v2'").replace('global_daily:', 'global_daly:'),
  );
  assert.equal(await budgets.reload(), false);
  assert.equal(budgets.current().version, '2025-11-26.1');
});

test('at start, every unreadable or invalid file is a ConfigError naming its variable and path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cost-files-'));
  dirs.push(dir);
  const prices = join(dir, 'prices.yaml');
  const budgets = join(dir, 'budgets.yaml');
  await writeFile(prices, "version: x\nmodels:\n  foo: { input: '-1', output: 1, tier: gpt, provider: p }\n");
  await writeFile(budgets, 'version: [unclosed\n');
  const load = (pricesPath: string, budgetsPath: string) =>
    loadAtStart(
      [
        { variable: 'COST_PRICES_PATH', what: 'price table', path: pricesPath, interpret: parsePriceTable },
        {
          variable: 'COST_BUDGETS_PATH',
          what: 'budget policy',
          path: budgetsPath,
          interpret: parseBudgetPolicy,
        },
      ],
      silentLogger(),
    );
  await assert.rejects(load(prices, budgets), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 3);
    assert.match(
      err.problems[0] ?? '',
      /^COST_PRICES_PATH \(price table .*prices\.yaml\): models\.foo\.tier /,
    );
    assert.match(err.problems[1] ?? '', /^COST_PRICES_PATH .*models\.foo\.input/);
    assert.match(
      err.problems[2] ?? '',
      /^COST_BUDGETS_PATH \(budget policy .*budgets\.yaml\): is not valid YAML/,
    );
    return true;
  });
  await assert.rejects(load(join(dir, 'missing.yaml'), BUDGETS_PATH), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.problems, [
      `COST_PRICES_PATH (price table ${join(dir, 'missing.yaml')}): cannot be read: ENOENT: no such file or directory`,
    ]);
    return true;
  });
  const [p, b] = await load(PRICES_PATH, BUDGETS_PATH);
  assert.deepEqual([p.current().version, b.current().sessionMicros], ['2025-11-26.1', 5_000_000]);
});

test('of two overlapping reloads, the one asked for last stays in force, whichever read finishes last', async () => {
  // Two SIGHUPs in a row while the file is being replaced (a ConfigMap update swaps a symlink):
  // the first reload's read of the older file may finish after the second's read of the newer one.
  const dir = await mkdtemp(join(tmpdir(), 'cost-reload-order-'));
  dirs.push(dir);
  const text = await readFile(PRICES_PATH, 'utf8');
  const versioned = (v: string): string => text.replace(/^version: .*$/m, `version: '${v}'`);
  const file = join(dir, 'prices.yaml');
  const pointTo = async (target: string): Promise<void> => {
    await symlink(target, join(dir, 'next'));
    await rename(join(dir, 'next'), file);
  };
  await writeFile(join(dir, 'v1.yaml'), versioned('v1'));
  await writeFile(join(dir, 'v3.yaml'), versioned('v3'));
  // The older file: a FIFO, so its read finishes only when this test writes it.
  const fifo = join(dir, 'v2.fifo');
  execFileSync('mkfifo', [fifo]);
  await pointTo(join(dir, 'v1.yaml'));
  const prices = await loadReloadable('price table', file, parsePriceTable, silentLogger());
  assert.equal(prices.current().version, 'v1');

  await pointTo(fifo);
  const first = prices.reload();
  let writer = -1;
  await waitFor(
    () => {
      try {
        // Succeeds (instead of ENXIO) once the first reload has the FIFO open for reading.
        writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        return true;
      } catch {
        return false;
      }
    },
    { what: 'the first reload reading the older file' },
  );
  try {
    await pointTo(join(dir, 'v3.yaml'));
    assert.equal(await prices.reload(), true);
    assert.equal(prices.current().version, 'v3');
    writeSync(writer, versioned('v2'));
  } finally {
    closeSync(writer);
  }
  assert.equal(await first, true);
  assert.equal(prices.current().version, 'v3', 'the older read does not replace the newer table');
});
