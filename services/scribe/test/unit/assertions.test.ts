import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runner } from '@superagent/proto';
import { buildPageModel } from '../../src/domain/page-model';
import { step } from '../../src/domain/plan';
import {
  countAssertion,
  everyOfRoleAssertions,
  fuzzyAssertion,
  heldValueAssertion,
  goneAssertion,
  noSuggestionsAssertion,
  observedAssertions,
  orderAssertion,
  positionAssertion,
  shownParts,
  shownTextAssertions,
  textAssertion,
  titleAssertion,
} from '../../src/generation/assertions';

const text = (value: string, locator?: Partial<runner.Locator>): runner.SnapshotNode =>
  runner.SnapshotNode.fromPartial({
    role: 'text',
    text: value,
    ...(locator ? { locator: runner.Locator.fromPartial(locator) } : {}),
  });

const snapshot = (nodes: runner.SnapshotNode[]): runner.Snapshot =>
  runner.Snapshot.fromPartial({ url: 'http://127.0.0.1/upload', nodes });

describe('text assertions', () => {
  test('a text written with joining words is asserted as the page shows it, if one text holds all its words', () => {
    const model = buildPageModel(
      snapshot([
        text('Shared lists: 3 votes (30%)', {
          kind: runner.LocatorKind.TEXT,
          value: 'Shared lists: 3 votes (30%)',
        }),
        text('Offline mode: 4 votes (40%)', {
          kind: runner.LocatorKind.TEXT,
          value: 'Offline mode: 4 votes (40%)',
        }),
        text('Payment not successful', { kind: runner.LocatorKind.TEXT, value: 'Payment not successful' }),
      ]),
    );
    assert.equal(
      textAssertion(model, 'Shared lists with 3 votes', false, []).code,
      "await expect(page.getByText('Shared lists: 3 votes (30%)')).toBeVisible();",
    );
    // A number that differs, or a text that denies what was written, is not taken for it.
    assert.equal(
      textAssertion(model, 'Shared lists with 4 votes', false, []).code,
      "await expect(page.getByText('Shared lists with 4 votes')).toBeVisible();",
    );
    assert.equal(
      textAssertion(model, 'Payment successful', false, []).code,
      "await expect(page.getByText('Payment successful')).toBeVisible();",
    );
  });

  test('names the page shows one by one but never together are asserted one by one', () => {
    const model = buildPageModel(snapshot([text('Welcome, Demo User'), text('Log out'), text('Home')]));
    assert.deepEqual(shownParts(model, 'Welcome and Log out', []), ['Welcome', 'Log out']);
    assert.deepEqual(shownParts(model, 'Home, Welcome and Log out', []), ['Home', 'Welcome', 'Log out']);
    // A text shown as written stays whole; a part the page does not show leaves it whole too.
    assert.equal(shownParts(model, 'Welcome, Demo User', []), undefined);
    assert.equal(shownParts(model, 'Welcome and Settings', []), undefined);
    // A part that appeared during the last action counts as shown.
    assert.deepEqual(shownParts(model, 'Home and Saved', ['Saved!']), ['Home', 'Saved']);
  });

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

  test('a whole number is asserted with the line that shows it: alone it is part of every larger number', () => {
    const model = buildPageModel(
      snapshot([
        text('Starter', { kind: runner.LocatorKind.TEXT, value: 'Starter' }),
        text('$9 a month', { kind: runner.LocatorKind.TEXT, value: '$9 a month' }),
      ]),
    );
    assert.equal(
      textAssertion(model, '$9', false, []).code,
      "await expect(page.getByText('$9 a month')).toBeVisible();",
    );
    // Cents, or a text the page shows as it is, stay as written.
    assert.equal(
      textAssertion(model, 'Starter', false, []).code,
      "await expect(page.getByText('Starter')).toBeVisible();",
    );
    assert.equal(
      textAssertion(model, '$9.00', false, []).code,
      "await expect(page.getByText('$9.00')).toBeVisible();",
    );
  });

  test('a text in two lines is asserted with the line the description names it by ("the total is $12.00")', () => {
    const model = buildPageModel(
      snapshot([
        text('Standard seats (rows A–D) $12.00, premium seats $16.00.'),
        text('1 seat selected: D2'),
        text('Total: $12.00'),
      ]),
    );
    assert.deepEqual(
      shownTextAssertions(model, '$12.00', { kind: 'expectVisible', target: 'total is' }, []).map(
        (a) => a.code,
      ),
      ["await expect(page.getByText('Total: $12.00')).toBeVisible();"],
    );
  });

  test('a text a select also offers is asserted in the element that shows it, not by getByText (which finds the option too)', () => {
    const model = buildPageModel(
      snapshot([
        runner.SnapshotNode.fromPartial({
          role: 'combobox',
          name: 'Time zone',
          options: ['UTC', 'Asia/Tokyo'],
          locator: runner.Locator.fromPartial({
            kind: runner.LocatorKind.ROLE,
            role: 'combobox',
            name: 'Time zone',
          }),
        }),
        runner.SnapshotNode.fromPartial({
          role: 'status',
          text: 'Profile saved: Kenji, Asia/Tokyo.',
          locator: runner.Locator.fromPartial({ kind: runner.LocatorKind.ROLE, role: 'status' }),
        }),
      ]),
    );
    assert.equal(
      textAssertion(model, 'Asia/Tokyo', false, []).code,
      "await expect(page.getByRole('status')).toContainText('Asia/Tokyo');",
    );
    // Offered by no select: asserted as before.
    assert.equal(
      textAssertion(model, 'Kenji', false, []).code,
      "await expect(page.getByText('Kenji')).toBeVisible();",
    );
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

  test('a text shown in several places that nothing tells apart: any one of them visible', () => {
    // The cart: the line's price in a cell and the total in a paragraph, neither with a locator.
    const model = buildPageModel(snapshot([text('$49.00'), text('Total: $49.00')]));
    assert.equal(
      textAssertion(model, '$49.00', false, []).code,
      "await expect(page.getByText('$49.00').first()).toBeVisible();",
    );
    // Hidden means none of them: no .first().
    assert.doesNotMatch(textAssertion(model, '$49.00', true, []).code, /first\(\)/);
  });

  test('different texts that contain the words are not counted as repeats', () => {
    const model = buildPageModel(snapshot([text('100% done'), text('100% left')]));
    assert.match(textAssertion(model, '100', false, []).code, /toBeVisible\(\);$/);
  });

  test('a text written without the page\'s punctuation ("Welcome Demo User") is asserted as the page has it', () => {
    const model = buildPageModel(
      snapshot([text('Welcome, Demo User', { kind: runner.LocatorKind.TEXT, value: 'Welcome, Demo User' })]),
    );
    assert.equal(
      textAssertion(model, 'Welcome Demo User', false, []).code,
      "await expect(page.getByText('Welcome, Demo User')).toBeVisible();",
    );
    // Fewer words are another text (not on the page); a text expected gone is left as written.
    assert.equal(textAssertion(model, 'Welcome Demo', false, []).resolved, false);
    assert.match(
      textAssertion(model, 'Welcome Demo User', true, []).code,
      /getByText\('Welcome Demo User'\)/,
    );
  });
});

describe('count assertions', () => {
  const taskList = (status: string): runner.Snapshot =>
    snapshot([
      runner.SnapshotNode.fromPartial({
        role: 'list',
        name: 'Task list',
        locator: {
          kind: runner.LocatorKind.ROLE,
          role: 'list',
          name: 'Task list',
          code: "page.getByRole('list', { name: 'Task list' })",
        },
      }),
      runner.SnapshotNode.fromPartial({ role: 'listitem', text: 'Buy milk', depth: 1 }),
      runner.SnapshotNode.fromPartial({
        role: 'status',
        text: status,
        locator: { kind: runner.LocatorKind.ROLE, role: 'status', code: "page.getByRole('status')" },
      }),
    ]);
  const tasksLeft = step('expectCount', 'the status should say 0 tasks left', {
    target: 'tasks left',
    value: '0',
  });

  test('"should say 0 tasks left": a line that reads exactly that is asserted, not a list of 0 items', () => {
    const a = countAssertion(tasksLeft, buildPageModel(taskList('0 tasks left')), undefined);
    assert.equal(a?.code, "await expect(page.getByText('0 tasks left')).toBeVisible();");
    assert.equal(a?.resolved, true);
  });

  test('with no such line, the items of the list that fits are counted', () => {
    const items = step('expectCount', 'see 1 task in the list', { target: 'tasks', value: '1' });
    const a = countAssertion(items, buildPageModel(taskList('1 task left')), undefined);
    assert.equal(
      a?.code,
      "await expect(page.getByRole('list', { name: 'Task list' }).getByRole('listitem')).toHaveCount(1);",
    );
  });
});

describe('assertions from what the page did', () => {
  const node = (role: string, name: string, depth: number) =>
    runner.SnapshotNode.fromPartial({
      role,
      name,
      depth,
      locator: runner.Locator.fromPartial({ kind: runner.LocatorKind.ROLE, role, name }),
    });
  const page = (nodes: runner.SnapshotNode[]) =>
    buildPageModel(runner.Snapshot.fromPartial({ url: 'http://127.0.0.1/contact', nodes }));

  test('"the modal should be hidden": the element that went away is expected hidden, never visible', () => {
    const before = page([
      node('main', '', 0),
      node('dialog', 'Join our newsletter', 1),
      node('button', 'Close', 2),
    ]);
    const after = page([node('main', '', 0), node('button', 'Subscribe', 1)]);
    const hidden = step('expectHidden', 'hide the modal', { target: 'modal', roleHints: ['dialog'] });
    assert.equal(
      fuzzyAssertion(hidden, after, [], undefined, before)?.code,
      "await expect(page.getByRole('dialog', { name: 'Join our newsletter' })).toBeHidden();",
    );
    // Still on the page: nothing is asserted (a visible check would contradict the description).
    assert.equal(fuzzyAssertion(hidden, before, [], undefined, before), undefined);
  });

  test('a submitted form replaced by content: the new link in the content is the outcome, not page chrome', () => {
    const before = page([
      node('navigation', 'Main', 0),
      node('link', 'Cart 0 items', 1),
      node('main', '', 0),
      node('textbox', 'Name', 1),
      node('button', 'Send message', 1),
    ]);
    const after = page([
      node('navigation', 'Main', 0),
      node('link', 'Cart 1 items', 1),
      node('main', '', 0),
      node('link', 'Send another message', 1),
    ]);
    assert.deepEqual(
      observedAssertions({ before, after, newText: [] }, 3, false).map((a) => a.code),
      ["await expect(page.getByRole('link', { name: 'Send another message' })).toBeVisible();"],
    );
  });

  test('a text that appeared on a page the actions then left is not asserted where they ended', () => {
    const before = page([node('main', '', 0), node('button', 'Sign in with DemoID', 1)]);
    const after = page([node('main', '', 0), node('heading', 'Signed in as Demo User', 1)]);
    const newText = ['Sign in to DemoID', 'to continue to Demo Shop', 'Signed in as Demo User'];
    assert.deepEqual(
      observedAssertions({ before, after, newText }, 3, true).map((a) => a.code),
      ["await expect(page.getByRole('heading', { name: 'Signed in as Demo User' })).toBeVisible();"],
    );
  });

  test('a line with a reference or time that differs on every run is not asserted as observed', () => {
    const before = page([node('main', '', 0), node('button', 'Verify', 1)]);
    const after = page([
      node('main', '', 0),
      node('heading', 'Payment successful', 1),
      node('paragraph', 'Reference: pay_1kLHkWNdAEc2', 1),
      node('paragraph', 'Paid at 10:42', 1),
      node('paragraph', 'You paid $49.00.', 1),
    ]);
    const newText = ['Reference: pay_1kLHkWNdAEc2', 'Paid at 10:42', 'You paid $49.00.'];
    assert.deepEqual(
      observedAssertions({ before, after, newText }, 3, true).map((a) => a.code),
      [
        "await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();",
        "await expect(page.getByText('You paid $49.00.')).toBeVisible();",
      ],
    );
  });

  test('a line that appeared inside an iframe is looked for in that frame', () => {
    const frame = 'iframe[title="3-D Secure challenge"]';
    const before = page([node('main', '', 0), node('button', 'Pay $49.00', 1)]);
    const after = page([
      node('main', '', 0),
      runner.SnapshotNode.fromPartial({
        role: 'text',
        text: 'Your bank needs to confirm that it is you.',
        depth: 1,
        locator: runner.Locator.fromPartial({
          kind: runner.LocatorKind.TEXT,
          value: 'Your bank needs to confirm that it is you.',
          frame,
        }),
      }),
    ]);
    assert.deepEqual(
      observedAssertions(
        { before, after, newText: ['Your bank needs to confirm that it is you.'] },
        3,
        true,
      ).map((a) => a.code),
      [
        `await expect(page.locator('iframe[title="3-D Secure challenge"]').contentFrame().getByText('Your bank needs to confirm that it is you.')).toBeVisible();`,
      ],
    );
  });
});

describe('gone assertions', () => {
  const region = (answer: string): runner.SnapshotNode[] => [
    runner.SnapshotNode.fromPartial({
      role: 'region',
      name: 'Can I return an item?',
      depth: 0,
      locator: { kind: runner.LocatorKind.ROLE, role: 'region', name: 'Can I return an item?' },
    }),
    runner.SnapshotNode.fromPartial({ role: 'text', text: answer, depth: 1 }),
  ];
  const question = runner.SnapshotNode.fromPartial({
    role: 'button',
    name: 'Can I return an item?',
    locator: { kind: runner.LocatorKind.ROLE, role: 'button', name: 'Can I return an item?' },
  });

  test('when one element went away with what it held, "the answer is hidden" asserts that element hidden', () => {
    const before = buildPageModel(snapshot([question, ...region('Yes, within 30 days for a full refund.')]));
    const after = buildPageModel(snapshot([question]));
    const hidden = step('expectHidden', 'check the answer is hidden', { target: 'answer' });
    assert.equal(
      goneAssertion(hidden, after, before, undefined)?.code,
      "await expect(page.getByRole('region', { name: 'Can I return an item?' })).toBeHidden();",
    );
    // Two things went away and the words name neither: nothing is asserted.
    const two = buildPageModel(
      snapshot([
        question,
        ...region('Yes.'),
        text('Saved', { kind: runner.LocatorKind.TEXT, value: 'Saved' }),
      ]),
    );
    assert.equal(goneAssertion(hidden, after, two, undefined), undefined);
    // A status that was empty and now says something did not go away.
    const status = (says: string): runner.SnapshotNode =>
      runner.SnapshotNode.fromPartial({
        role: 'status',
        text: says,
        locator: { kind: runner.LocatorKind.ROLE, role: 'status' },
      });
    const error = step('expectHidden', 'and no error', { target: 'error' });
    assert.equal(
      goneAssertion(
        error,
        buildPageModel(snapshot([status("You're on the list!")])),
        buildPageModel(snapshot([status('')])),
        undefined,
      ),
      undefined,
    );
  });
});

describe('position assertions', () => {
  const table = (rows: string[]): runner.Snapshot =>
    snapshot([
      runner.SnapshotNode.fromPartial({
        role: 'table',
        name: 'Hiking trails',
        depth: 0,
        locator: { kind: runner.LocatorKind.ROLE, role: 'table', name: 'Hiking trails' },
      }),
      ...rows.flatMap((r) => [
        runner.SnapshotNode.fromPartial({ role: 'rowheader', name: r, depth: 1 }),
        runner.SnapshotNode.fromPartial({ role: 'cell', name: '2 km', depth: 1 }),
      ]),
    ]);
  test('the first or last data row of the named table contains the name, checked by its row headers', () => {
    const model = buildPageModel(table(['Brook Walk', 'Summit Trail']));
    const first = positionAssertion(model, 'Brook Walk', 'first');
    assert.equal(
      first?.code,
      "await expect(page.getByRole('table', { name: 'Hiking trails' }).getByRole('row').filter({ has: page.getByRole('cell') }).first()).toContainText('Brook Walk');",
    );
    assert.equal(first?.resolved, true);
    // Written as described when the page has it elsewhere: not seen so, so not verified.
    assert.equal(positionAssertion(model, 'Summit Trail', 'first')?.resolved, false);
    assert.equal(positionAssertion(model, 'Summit Trail', 'last')?.resolved, true);
    // A name in no table or list has no position to assert.
    assert.equal(
      positionAssertion(buildPageModel(snapshot([text('Brook Walk')])), 'Brook Walk', 'first'),
      undefined,
    );
  });
});

describe('no suggestions', () => {
  const box = (options: string[]): runner.SnapshotNode =>
    runner.SnapshotNode.fromPartial({
      role: 'combobox',
      name: 'Town or city',
      options,
      locator: { kind: runner.LocatorKind.ROLE, role: 'combobox', name: 'Town or city' },
    });
  const noSuggestions = step('expectHidden', 'typing one letter should show no suggestions', {
    target: 'suggestions',
  });

  test('"shows no suggestions" on a page whose box suggests as you type: no option is offered', () => {
    const model = buildPageModel(snapshot([box([])]));
    assert.equal(
      noSuggestionsAssertion(noSuggestions, model)?.code,
      "await expect(page.getByRole('option')).toHaveCount(0);",
    );
  });

  test('not on a page with a select, whose options are options too, nor on one with no such box', () => {
    assert.equal(
      noSuggestionsAssertion(noSuggestions, buildPageModel(snapshot([box(['Bristol', 'Leeds'])]))),
      undefined,
    );
    assert.equal(
      noSuggestionsAssertion(noSuggestions, buildPageModel(snapshot([text('Stores')]))),
      undefined,
    );
    // Other words hidden are not the suggestions.
    const dialog = step('expectHidden', 'the dialog should close', { target: 'dialog' });
    assert.equal(noSuggestionsAssertion(dialog, buildPageModel(snapshot([box([])]))), undefined);
  });
});

describe('order assertions', () => {
  const heading = (name: string, level: number): runner.SnapshotNode =>
    runner.SnapshotNode.fromPartial({ role: 'heading', name, level });
  const item = (value: string): runner.SnapshotNode =>
    runner.SnapshotNode.fromPartial({ role: 'listitem', text: value });
  const model = buildPageModel(
    snapshot([
      heading('Plan your walk', 1),
      heading('Porthcurno beach', 2),
      item('Porthcurno beach. Sand and the Minack above it'),
      heading('Logan Rock', 2),
      item('Logan Rock. A rocking stone'),
      heading('Minack Theatre', 2),
      item('Minack Theatre. Open-air theatre above Logan Rock'),
    ]),
  );

  test('the items are checked in order on the role whose names are the items (one heading level), resolved when the page shows that order', () => {
    const shown = orderAssertion(['Porthcurno beach', 'Logan Rock', 'Minack Theatre'], model);
    assert.equal(
      shown?.code,
      "await expect(page.getByRole('heading', { level: 2 })).toContainText(['Porthcurno beach', 'Logan Rock', 'Minack Theatre']);",
    );
    assert.equal(shown?.resolved, true);
    assert.equal(orderAssertion(['Logan Rock', 'Porthcurno beach'], model)?.resolved, false);
  });

  test("within the items' text when no name is an item; none when an item is not shown", () => {
    const listed = orderAssertion(['Sand and the Minack', 'A rocking stone'], model);
    assert.match(
      listed?.code ?? '',
      /getByRole\('listitem'\)\)\.toContainText\(\['Sand and the Minack', 'A rocking stone'\]\)/,
    );
    assert.equal(listed?.resolved, true);
    assert.equal(orderAssertion(['Porthcurno beach', 'Lamorna Cove'], model), undefined);
  });
});

/** A control with a role-and-name locator. */
const roleNode = (role: string, name: string, init: Partial<runner.SnapshotNode> = {}): runner.SnapshotNode =>
  runner.SnapshotNode.fromPartial({
    role,
    name,
    locator: runner.Locator.fromPartial({ kind: runner.LocatorKind.ROLE, role, name }),
    ...init,
  });

describe('every control of a role', () => {
  const control = (role: string, name: string, disabled: boolean): runner.SnapshotNode =>
    roleNode(role, name, { disabled });
  const model = buildPageModel(
    snapshot([
      control('switch', 'Send me notifications', false),
      control('checkbox', 'Email', true),
      control('checkbox', 'Text message', true),
      control('checkbox', 'Remember me', false),
    ]),
  );
  const plural = (state: 'disabled' | 'enabled') =>
    step('expectState', 'the channel checkboxes are ' + state, {
      target: 'channel checkboxes',
      roleHints: ['checkbox'],
      state,
      everyOfRole: true,
    });

  test('"the channel checkboxes are disabled": each checkbox the page shows disabled, not the switch', () => {
    assert.deepEqual(
      everyOfRoleAssertions(plural('disabled'), model).map((a) => a.code),
      [
        "await expect(page.getByRole('checkbox', { name: 'Email' })).toBeDisabled();",
        "await expect(page.getByRole('checkbox', { name: 'Text message' })).toBeDisabled();",
      ],
    );
    assert.deepEqual(
      everyOfRoleAssertions(plural('enabled'), model).map((a) => a.code),
      ["await expect(page.getByRole('checkbox', { name: 'Remember me' })).toBeEnabled();"],
    );
  });

  test('none when no control of the role is in that state', () => {
    const none = buildPageModel(snapshot([control('checkbox', 'Email', false)]));
    assert.deepEqual(everyOfRoleAssertions(plural('disabled'), none), []);
  });
});

describe('a value a field still holds', () => {
  const field = (role: string, name: string, value: string): runner.SnapshotNode =>
    roleNode(role, name, { value });
  const model = buildPageModel(
    snapshot([
      field('textbox', 'Meeting point', 'Sennen Cove car park'),
      field('combobox', 'Usual walk day', 'Sunday'),
    ]),
  );
  const held = (target: string, value: string) =>
    step('expectValue', `${target} still says ${value}`, { target, value, held: true });

  test('a text box by its value, a select by the label of the option chosen', () => {
    const typed = heldValueAssertion(held('Meeting point', 'Sennen Cove car park'), model, undefined);
    assert.equal(
      typed?.code,
      "await expect(page.getByRole('textbox', { name: 'Meeting point' })).toHaveValue('Sennen Cove car park');",
    );
    assert.equal(typed?.resolved, true);
    const chosen = heldValueAssertion(held('Usual walk day', 'Sunday'), model, undefined);
    assert.equal(
      chosen?.code,
      "await expect(page.getByRole('combobox', { name: 'Usual walk day' }).locator('option:checked')).toContainText('Sunday');",
    );
    assert.equal(heldValueAssertion(held('Meeting point', 'Penzance'), model, undefined)?.resolved, false);
  });
});

describe('a count of items the snapshot shows by their headings', () => {
  test('"I expect 4 events": the list whose items are titled by 4 headings, not a list of 2 chips', () => {
    const heading = (name: string, parent: number): runner.SnapshotNode =>
      runner.SnapshotNode.fromPartial({ role: 'heading', name, level: 2, depth: parent });
    const model = buildPageModel(
      snapshot([
        roleNode('list', 'Active filters', { depth: 0 }),
        roleNode('listitem', 'Workshops', { depth: 1 }),
        roleNode('listitem', 'Socials', { depth: 1 }),
        roleNode('list', 'Events', { depth: 0 }),
        heading('First aid for walkers', 1),
        heading('Map and compass basics', 1),
        heading('Summer barbecue', 1),
        heading('Quiz night at the Dolphin', 1),
      ]),
    );
    const a = countAssertion(
      step('expectCount', 'I expect 4 events', { target: 'events', value: '4' }),
      model,
      undefined,
    );
    assert.equal(
      a?.code,
      "await expect(page.getByRole('list', { name: 'Events' }).getByRole('listitem')).toHaveCount(4);",
    );
    assert.equal(a?.resolved, true);
  });
});

describe('the page title', () => {
  test('is compared whole, or as its start, a part or its end, as the step says; resolved only when the title seen holds it', () => {
    const said = (value: string, pageTitle: 'is' | 'starts' | 'contains' | 'ends') =>
      step('expectText', 'the page title …', { target: 'page title', value, pageTitle });
    const title = 'Error: Volunteer at the Sennen beach clean (1/2)';
    assert.deepEqual(titleAssertion(said('Error:', 'starts'), title), {
      code: 'await expect(page).toHaveTitle(/^Error:/);',
      resolved: true,
      score: 1,
    });
    assert.equal(
      titleAssertion(said('(1/2)', 'ends'), title).code,
      'await expect(page).toHaveTitle(/\\(1\\/2\\)$/);',
    );
    assert.equal(titleAssertion(said('(1/2)', 'ends'), title).resolved, true);
    assert.equal(titleAssertion(said('Sennen', 'contains'), title).resolved, true);
    assert.equal(
      titleAssertion(said("Sam's page", 'is'), title).code,
      "await expect(page).toHaveTitle('Sam\\'s page');",
    );
    assert.equal(titleAssertion(said('Volunteer', 'is'), title).resolved, false);
    assert.equal(titleAssertion(said('Volunteer', 'starts'), title).resolved, false);
  });
});
