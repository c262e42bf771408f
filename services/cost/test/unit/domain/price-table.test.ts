import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parsePriceTable, PriceTableError } from '../../../src/domain/price-table';

const DEFAULT_PRICES = join(__dirname, '../../../../prices/default-prices.yaml');

test('the shipped price table parses and has the original and current models', () => {
  const table = parsePriceTable(parse(readFileSync(DEFAULT_PRICES, 'utf8')));
  assert.match(table.version, /\S/);
  const expect = (model: string, input: number, output: number, tier: string): void => {
    const p = table.lookup(model);
    assert.ok(p, model);
    assert.deepEqual(
      [p.inputMicrosPerMillion, p.outputMicrosPerMillion, p.tier],
      [input, output, tier],
      model,
    );
  };
  expect('claude-3-5-haiku-20241022', 800_000, 4_000_000, 'haiku');
  expect('claude-3-5-sonnet-20241022', 3_000_000, 15_000_000, 'sonnet');
  expect('gemini-2.5-pro', 1_250_000, 10_000_000, 'sonnet');
  expect('claude-haiku-4-5', 1_000_000, 5_000_000, 'haiku');
  expect('claude-sonnet-4-5', 3_000_000, 15_000_000, 'sonnet');
  expect('claude-opus-4-1', 15_000_000, 75_000_000, 'opus');
  expect('local', 0, 0, 'local');
  // Aliases resolve to the canonical entry.
  assert.equal(table.lookup('claude-sonnet-4-5-20250929')?.model, 'claude-sonnet-4-5');
  assert.equal(table.lookup('gemini-2.5-pro')?.provider, 'google');
  assert.deepEqual(table.lookup('claude-opus-4-1')?.aliases, ['claude-opus-4-1-20250805']);
  const ids = table.models.map((m) => m.model);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(table.lookup('gpt-unknown'), undefined);
});

test('every problem of a bad table is listed', () => {
  const err = (() => {
    try {
      parsePriceTable({
        models: {
          good: { tier: 'haiku', provider: 'p', input: '1', output: '2', aliases: ['dup'] },
          other: { tier: 'haiku', provider: 'p', input: '1', output: '2', aliases: ['dup'] },
          negative: { tier: 'opus', provider: 'p', input: '-1', output: '2' },
          precise: { tier: 'opus', provider: 'p', input: '0.0000001', output: 2 },
          notier: { provider: 'p', input: '1', output: '2' },
          gemini: { tier: 'gemini', input: '1', output: '2' },
          'bad id!': { tier: 'opus', provider: 'p', input: '1', output: '1' },
          misspelt: { tier: 'haiku', provider: 'p', input: '1', output: '2', alias: ['x'] },
        },
        currancy: 'USD',
      });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof PriceTableError);
  const text = err.problems.join('\n');
  assert.match(text, /version is required/);
  assert.match(text, /"dup" is listed twice/);
  assert.match(text, /models\.negative\.input/);
  assert.match(text, /models\.precise\.input/);
  assert.match(text, /models\.notier\.tier must be one of local, haiku, sonnet, opus/);
  assert.match(text, /models\.gemini\.tier must be one of/);
  assert.match(text, /models\.gemini\.provider is required/);
  assert.match(text, /"bad id!" is not a valid model id/);
  assert.match(text, /^currancy: unknown key \(expected one of version, currency, models\)$/m);
  assert.match(
    text,
    /^models\.misspelt\.alias: unknown key \(expected one of tier, provider, input, output, aliases\)$/m,
  );
});

test('a non-mapping document is rejected', () => {
  assert.throws(() => parsePriceTable('prices'), PriceTableError);
  assert.throws(() => parsePriceTable({ version: '1', models: [] }), /models must be a mapping/);
});

test('the dearest rates are the highest input and the highest output rate, each on its own', () => {
  const table = parsePriceTable(parse(readFileSync(DEFAULT_PRICES, 'utf8')));
  // claude-opus-4-1 is the dearest both ways in the shipped table.
  assert.deepEqual(table.dearest, { inputMicrosPerMillion: 15_000_000, outputMicrosPerMillion: 75_000_000 });
  // Two models may each hold one maximum: the charge for unknown usage takes both.
  const mixed = parsePriceTable({
    version: 'mixed',
    models: {
      'long-prompts': { tier: 'sonnet', provider: 'x', input: '9', output: '1' },
      'long-answers': { tier: 'sonnet', provider: 'x', input: '1', output: '40' },
      local: { tier: 'local', provider: 'local', input: 0, output: 0 },
    },
  });
  assert.deepEqual(mixed.dearest, { inputMicrosPerMillion: 9_000_000, outputMicrosPerMillion: 40_000_000 });
  // Free models only: no paid rate (unpriced usage then cannot be charged to budgets, README).
  const free = parsePriceTable({
    version: 'free',
    models: { local: { tier: 'local', provider: 'local', input: 0, output: 0 } },
  });
  assert.deepEqual(free.dearest, { inputMicrosPerMillion: 0, outputMicrosPerMillion: 0 });
});

test('a table without a model is refused: it would price nothing and leave no rate to charge', () => {
  assert.throws(() => parsePriceTable({ version: '1', models: {} }), /models must list at least one model/);
});
