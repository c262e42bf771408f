import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locatorCode, locatorProblem, quote } from '../../src/domain/locator';
import { diffLines, toLocatorSpec, uniqueCandidates } from '../../src/domain/snapshot';
import { mergeFrameSnapshot } from '../../src/explore/frames';
import type { RawNode, RawSnapshot } from '../../src/explore/snapshot-script';

describe('locator code', () => {
  it('writes Playwright code like codegen does', () => {
    assert.equal(
      locatorCode({ kind: 'role', role: 'button', name: 'Log in' }),
      "page.getByRole('button', { name: 'Log in' })",
    );
    assert.equal(
      locatorCode({ kind: 'role', role: 'button', name: 'Buy', exact: true }),
      "page.getByRole('button', { name: 'Buy', exact: true })",
    );
    assert.equal(locatorCode({ kind: 'role', role: 'navigation' }), "page.getByRole('navigation')");
    assert.equal(locatorCode({ kind: 'label', value: 'Email' }), "page.getByLabel('Email')");
    assert.equal(locatorCode({ kind: 'testId', value: 'cart' }), "page.getByTestId('cart')");
    assert.equal(
      locatorCode({ kind: 'text', value: "It's done", exact: true }),
      "page.getByText('It\\'s done', { exact: true })",
    );
    assert.equal(locatorCode({ kind: 'css', value: '#main' }), "page.locator('#main')");
    assert.equal(
      locatorCode({
        kind: 'role',
        role: 'button',
        name: 'Close',
        within: { kind: 'role', role: 'dialog', name: 'Cart' },
      }),
      "page.getByRole('dialog', { name: 'Cart' }).getByRole('button', { name: 'Close' })",
    );
  });
  it('escapes strings', () => assert.equal(quote("a\\b\n'c"), "'a\\\\b\\n\\'c'"));
  it('explains what is missing in a requested locator', () => {
    assert.equal(locatorProblem({ kind: 'role', role: 'button' }, 'act.locator'), '');
    assert.match(locatorProblem({ kind: 'role', role: '' }, 'act.locator'), /^act.locator.role: /);
    assert.match(locatorProblem({ kind: 'label', value: '' }, 'act.locator'), /^act.locator.value: /);
    assert.match(
      locatorProblem({ kind: 'text', value: 'x', within: { kind: 'css' } }, 'act.locator'),
      /^act.locator.within.value/,
    );
  });
  it('starts a locator inside an iframe from the frame, and keeps the frame on the outermost locator', () => {
    const frame = 'iframe[title="Card check"]';
    assert.equal(
      locatorCode({ kind: 'label', value: 'Code', frame }),
      `page.locator('iframe[title="Card check"]').contentFrame().getByLabel('Code')`,
    );
    assert.equal(
      locatorCode({
        kind: 'role',
        role: 'button',
        name: 'Verify',
        within: { kind: 'role', role: 'form', name: 'Code', frame },
      }),
      `page.locator('iframe[title="Card check"]').contentFrame().getByRole('form', { name: 'Code' }).getByRole('button', { name: 'Verify' })`,
    );
    assert.match(
      locatorProblem(
        { kind: 'label', value: 'x', frame, within: { kind: 'role', role: 'form' } },
        'act.locator',
      ),
      /^act.locator.frame: goes on the outermost locator/,
    );
    assert.equal(toLocatorSpec({ kind: 'label', value: 'Code', count: 1, frame }).frame, frame);
    // Scoped, the frame is already on the container it is scoped in.
    const scoped = toLocatorSpec(
      { kind: 'role', role: 'button', count: 2, frame },
      { kind: 'css', value: '#f', frame },
    );
    assert.equal(scoped.frame, undefined);
    assert.equal(scoped.within?.frame, frame);
  });
});

describe('frames in a snapshot', () => {
  const node = (name: string, container = -1): RawNode => ({
    role: 'button',
    name,
    label: '',
    testId: '',
    value: '',
    text: '',
    disabled: false,
    level: 0,
    placeholder: '',
    inputType: '',
    options: [],
    depth: 0,
    href: '',
    required: false,
    blocked: false,
    focused: false,
    interactive: true,
    container,
    candidates: [{ kind: 'role', role: 'button', name, count: 1 }],
  });
  const snap = (nodes: RawNode[], lines: string[]): RawSnapshot => ({
    url: 'http://x/',
    title: 't',
    nodes,
    total: nodes.length,
    lines,
  });

  it("adds a frame's nodes after the page's: one level deeper, containers renumbered, candidates scoped", () => {
    const merged = mergeFrameSnapshot(
      snap([node('Pay'), node('Back')], ['Checkout']),
      snap([node('Form'), node('Verify', 0)], ['Verify it is you']),
      'iframe[title="Bank"]',
      10,
    );
    assert.deepEqual(
      merged.nodes.map((n) => [n.name, n.depth, n.container, n.candidates[0]?.frame]),
      [
        ['Pay', 0, -1, undefined],
        ['Back', 0, -1, undefined],
        ['Form', 1, -1, 'iframe[title="Bank"]'],
        ['Verify', 1, 2, 'iframe[title="Bank"]'],
      ],
    );
    assert.deepEqual(merged.lines, ['Checkout', 'Verify it is you']);
    assert.equal(merged.total, 4);
  });

  it("keeps within the page's node budget", () => {
    const merged = mergeFrameSnapshot(
      snap([node('Pay')], []),
      snap([node('A'), node('B', 0)], []),
      'iframe',
      2,
    );
    assert.deepEqual(
      merged.nodes.map((n) => n.name),
      ['Pay', 'A'],
    );
    assert.equal(merged.total, 3);
  });
});

describe('snapshot helpers', () => {
  it('keeps candidates that matched one element, in order', () => {
    const picked = uniqueCandidates([
      { kind: 'role', role: 'button', name: 'Buy', count: 2 },
      { kind: 'testId', value: 'buy-1', count: 1 },
      { kind: 'text', value: 'Buy', count: 1 },
    ]);
    assert.deepEqual(
      picked.map((c) => c.kind),
      ['testId', 'text'],
    );
    assert.deepEqual(
      toLocatorSpec(
        { kind: 'role', role: 'button', name: 'Close', count: 1 },
        { kind: 'role', role: 'dialog' },
      ),
      {
        kind: 'role',
        role: 'button',
        name: 'Close',
        within: { kind: 'role', role: 'dialog' },
      },
    );
  });
  it('diffs visible text with duplicates and caps', () => {
    assert.deepEqual(diffLines(['Please sign in.', 'Item', 'Item'], ['Signed in', 'Item']), {
      added: ['Signed in'],
      removed: ['Please sign in.', 'Item'],
    });
    assert.equal(
      diffLines(
        [],
        Array.from({ length: 80 }, (_, i) => `line ${i}`),
      ).added.length,
      50,
    );
  });
});
