import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runner } from '@superagent/proto';
import { buildPageModel } from '../../src/domain/page-model';
import { textAssertion } from '../../src/generation/assertions';

const text = (value: string, locator?: Partial<runner.Locator>): runner.SnapshotNode =>
  runner.SnapshotNode.fromPartial({
    role: 'text',
    text: value,
    ...(locator ? { locator: runner.Locator.fromPartial(locator) } : {}),
  });

const snapshot = (nodes: runner.SnapshotNode[]): runner.Snapshot =>
  runner.Snapshot.fromPartial({ url: 'http://127.0.0.1/upload', nodes });

describe('text assertions', () => {
  test('a text on several identical elements with no locator of their own is counted, not asserted once', () => {
    const model = buildPageModel(
      snapshot([
        text('prices.csv', { kind: runner.LocatorKind.TEXT, value: 'prices.csv' }),
        text('100%'),
        text('report.txt', { kind: runner.LocatorKind.TEXT, value: 'report.txt' }),
        text('100%'),
      ]),
    );
    const a = textAssertion(model, '100', false, []);
    assert.equal(a.code, "await expect(page.getByText('100%', { exact: true })).toHaveCount(2);");
    assert.equal(a.resolved, true);
  });

  test('a text with a locator of its own is asserted visible through it', () => {
    const model = buildPageModel(
      snapshot([text('Payment successful', { kind: runner.LocatorKind.TEXT, value: 'Payment successful' })]),
    );
    assert.equal(
      textAssertion(model, 'Payment successful', false, []).code,
      "await expect(page.getByText('Payment successful')).toBeVisible();",
    );
  });

  test('different texts that contain the words are not counted as repeats', () => {
    const model = buildPageModel(snapshot([text('100% done'), text('100% left')]));
    assert.match(textAssertion(model, '100', false, []).code, /toBeVisible\(\);$/);
  });
});
