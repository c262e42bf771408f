import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runner } from '@superagent/proto';
import { locatorCode, stripCode } from '../../src/domain/locators';

describe('locator code', () => {
  it('chains scoped locators and starts one inside an iframe from its frame', () => {
    const form = runner.Locator.fromPartial({
      kind: runner.LocatorKind.ROLE,
      role: 'form',
      name: 'Verification',
      frame: 'iframe[title="3-D Secure"]',
    });
    const code = runner.Locator.fromPartial({
      kind: runner.LocatorKind.LABEL,
      value: 'One-time code',
      within: form,
    });
    assert.equal(
      locatorCode(code),
      `page.locator('iframe[title="3-D Secure"]').contentFrame().getByRole('form', { name: 'Verification' }).getByLabel('One-time code')`,
    );
    assert.equal(
      locatorCode(runner.Locator.fromPartial({ kind: runner.LocatorKind.TEXT, value: 'Done' })),
      "page.getByText('Done')",
    );
    // What goes back to the runner keeps the frame.
    assert.equal(stripCode({ ...code, code: 'x' }).within?.frame, 'iframe[title="3-D Secure"]');
  });
});
