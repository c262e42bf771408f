import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runner } from '@superagent/proto';
import {
  compatible,
  formStep,
  isCurrentPage,
  nextEmptyTextbox,
  optionFor,
  pageEndControl,
  rankNodes,
  scopeNodes,
  submitButtonNear,
} from '../../src/domain/matcher';
import { buildPageModel, type PageNode } from '../../src/domain/page-model';
import { step } from '../../src/domain/plan';
import { overlap } from '../../src/domain/text';
import { countsCharacters, isSharedText, writtenFor } from '../../src/generation/local-generator';

/** A snapshot node with a role+name locator (depth gives the tree). */
const node = (role: string, name: string, depth: number, init: Partial<runner.SnapshotNode> = {}) =>
  runner.SnapshotNode.fromPartial({
    role,
    name,
    depth,
    locator: runner.Locator.fromPartial({ kind: runner.LocatorKind.ROLE, role, name }),
    ...init,
  });
const model = (nodes: runner.SnapshotNode[]) =>
  buildPageModel(runner.Snapshot.fromPartial({ url: 'http://127.0.0.1/x', nodes }));

describe('matcher', () => {
  test('British spellings and regional words meet the words the page uses', () => {
    assert.equal(overlap('add to basket', 'Add to cart'), 1);
    assert.equal(overlap('catalogue', 'Catalog'), 1);
    assert.equal(overlap('colour', 'Color'), 1);
  });

  test('a plural in -ies meets its singular in -ie ("cookies", "cookie")', () => {
    assert.equal(overlap('cookie', 'Cookies on Demo Shop'), 1);
    assert.equal(overlap('city', 'Cities'), 1);
  });

  test('"log in" and "login", "sign up" and "signup" are the same words', () => {
    assert.equal(overlap('login', 'Log in'), 1);
    assert.equal(overlap('sign up', 'Signup'), 1);
    assert.equal(overlap('log out', 'Log in'), 0);
  });

  test('the page shown is the one a "go to the X page" names, by its path or its main heading', () => {
    const at = (url: string, h1: string) =>
      buildPageModel(
        runner.Snapshot.fromPartial({
          url,
          nodes: [runner.SnapshotNode.fromPartial({ role: 'heading', name: h1, level: 1 })],
        }),
      );
    assert.equal(isCurrentPage(at('http://127.0.0.1:4000/login', 'Log in'), 'login'), true);
    assert.equal(isCurrentPage(at('http://127.0.0.1:4000/', 'Contact us'), 'contact'), true);
    assert.equal(isCurrentPage(at('http://127.0.0.1:4000/', 'Welcome'), 'About'), false);
    // "the tent question thread": the kind of page names no word of its heading.
    assert.equal(
      isCurrentPage(
        at('http://127.0.0.1:4000/community/first-tent', 'Which tent for a first wild camp?'),
        'tent question thread',
      ),
      true,
    );
    // "the Open day jobs board": a board is a kind of page too.
    assert.equal(
      isCurrentPage(at('http://127.0.0.1:4000/board', 'Open day jobs'), 'Open day jobs board'),
      true,
    );
  });

  test('a value set on a text box ("change Meeting point to …") may be typed; the controls of an item named by no container are the ones named with it', () => {
    const form = model([node('textbox', 'Meeting point', 0), node('button', 'Cancel', 0)]);
    const set = step('select', 'change Meeting point to Sennen Cove', {
      target: 'Meeting point',
      value: 'Sennen Cove',
    });
    assert.equal(compatible(set, form.nodes[0] as PageNode), true);
    assert.equal(compatible({ ...set, value: '' }, form.nodes[0] as PageNode), false);
    const board = model([
      node('heading', 'Print the posters', 0),
      node('combobox', 'Move Print the posters to', 0),
      node('button', 'Move Print the posters', 0),
      node('heading', 'Borrow a tea urn', 0),
      node('combobox', 'Move Borrow a tea urn to', 0),
    ]);
    assert.deepEqual([...scopeNodes(board, 'Print the posters card')], [0, 1, 2]);
  });

  test('a numbered group ("Person 2") is that one, not another of the same words; "for Ben" is the group whose field holds Ben', () => {
    const people = model([
      node('group', 'Person 1', 0),
      node('textbox', 'Name', 1, { value: 'Ann Lee' }),
      node('button', 'Remove person 1', 1),
      node('group', 'Person 2', 0),
      node('textbox', 'Name', 1, { value: 'Ben Lee' }),
      node('button', 'Remove person 2', 1),
    ]);
    assert.deepEqual([...scopeNodes(people, 'Person 2')], [4, 5]);
    assert.deepEqual([...scopeNodes(people, 'Ben')], [4, 5]);
    assert.deepEqual([...scopeNodes(people, 'Person 3')], []);
    const remove = step('click', 'click the Remove button for Ben', {
      target: 'Remove button',
      scope: 'Ben',
    });
    const scoped = scopeNodes(people, remove.scope);
    assert.equal(rankNodes(remove, people, { scoped })[0]?.node.words, 'Remove person 2');
  });

  test('a select option from a value that also names the select or is written around it', () => {
    const options = ['All categories', 'Lighting', 'Furniture', 'Kitchen'];
    assert.equal(optionFor(options, 'category Lighting', 'Category'), 'Lighting');
    assert.equal(optionFor(options, 'the Lighting category', 'Category'), 'Lighting');
    assert.equal(optionFor(options, 'furniture'), 'Furniture');
    assert.equal(optionFor(options, 'Garden', 'Category'), undefined);
    // A value that says part of one option only: that option.
    const currencies = ['US dollar (USD)', 'Euro (EUR)', 'British pound (GBP)'];
    assert.equal(optionFor(currencies, 'US dollar'), 'US dollar (USD)');
    assert.equal(optionFor(currencies, 'EUR'), 'Euro (EUR)');
    assert.equal(optionFor(['Dark red', 'Dark blue'], 'dark'), undefined);
    // The select whose options hold the value outranks a link that shares a word stem with it.
    const page = model([
      node('link', 'Lumen Pendant Light', 0),
      node('combobox', 'Category', 0, { options }),
    ]);
    const s = step('select', 'filter', {
      target: 'category Lighting',
      value: 'category Lighting',
      roleHints: ['combobox'],
    });
    assert.equal(rankNodes(s, page, {})[0]?.node.node.role, 'combobox');
  });

  test('"submit it": the only button of the form around the field just filled', () => {
    const page = model([
      node('navigation', 'Main', 0),
      node('button', 'Menu', 1),
      node('form', '', 0),
      node('textbox', 'Name', 1),
      node('textbox', 'Message', 1),
      node('button', 'Send message', 1),
    ]);
    const message = page.nodes.find((n) => n.words === 'Message');
    assert.ok(message);
    assert.equal(submitButtonNear(page, message.index)?.words, 'Send message');
    // Two buttons around the field: no guess.
    const two = model([
      node('form', '', 0),
      node('textbox', 'Name', 1),
      node('button', 'Save', 1),
      node('button', 'Cancel', 1),
    ]);
    assert.equal(submitButtonNear(two, 1), undefined);
    // Back and Next on a step of a form: Next goes on.
    const step2 = model([
      node('region', 'Delivery address', 0),
      node('textbox', 'City', 1),
      node('button', 'Back', 1),
      node('button', 'Next', 1),
    ]);
    assert.equal(submitButtonNear(step2, 1)?.words, 'Next');
  });

  test('a step of a multi-step form: its one Next button and the empty text fields around it', () => {
    const page = model([
      node('navigation', 'Main', 0),
      node('textbox', 'Search', 1),
      node('region', 'Who is it for?', 0),
      node('textbox', 'Full name', 1),
      node('textbox', 'Phone number', 1, { value: '0123' }),
      node('button', 'Next', 1),
    ]);
    const shown = formStep(page);
    assert.equal(shown?.forward.words, 'Next');
    assert.deepEqual(
      shown?.emptyFields.map((n) => n.words),
      ['Full name'],
    );
    // No Next, or two of them (two forms on one page): no step to complete.
    assert.equal(formStep(model([node('textbox', 'Name', 0), node('button', 'Save', 0)])), undefined);
    assert.equal(
      formStep(model([node('button', 'Next', 0), node('button', 'Continue', 0), node('textbox', 'Name', 0)])),
      undefined,
    );
  });

  test('the first and last page of a list in pages: the lowest and highest page number', () => {
    const page = model([
      node('navigation', 'Pagination', 0),
      node('link', 'Previous', 1),
      node('link', 'Page 1', 1),
      node('link', 'Page 2', 1),
      node('link', 'Page 4', 1),
      node('link', 'Next', 1),
    ]);
    assert.equal(pageEndControl(page, 'last')?.words, 'Page 4');
    assert.equal(pageEndControl(page, 'the first page')?.words, 'Page 1');
    assert.equal(pageEndControl(page, 'Next'), undefined);
    assert.equal(pageEndControl(model([node('link', '3', 0)]), 'last'), undefined);
  });

  test("with a modal dialog open, the empty text field is the dialog's, not one behind it", () => {
    const page = model([
      node('searchbox', 'Search projects', 0, { blocked: true }),
      node('dialog', 'Delete Bothy map?', 0),
      node('textbox', 'To confirm, type "Bothy map" in the box below', 1),
    ]);
    assert.equal(nextEmptyTextbox(page, -1)?.words, 'To confirm, type "Bothy map" in the box below');
    assert.equal(
      nextEmptyTextbox(model([node('searchbox', 'Search projects', 0)]), -1)?.words,
      'Search projects',
    );
  });

  test('no action on a control behind an open modal dialog, nor on a disabled one (a hover still reaches that)', () => {
    const page = model([
      node('button', 'Delete Bothy map', 0, { blocked: true }),
      node('button', 'Delete this project', 1, { disabled: true }),
      node('button', 'Cancel', 1),
    ]);
    const [behind, disabled, cancel] = page.nodes;
    const click = step('click', 'click Delete', { target: 'Delete' });
    assert.equal(compatible(click, behind!), false);
    assert.equal(compatible(click, disabled!), false);
    assert.equal(compatible(click, cancel!), true);
    assert.equal(compatible(step('hover', 'hover Delete', { target: 'Delete' }), disabled!), true);
    // What a blocked or disabled control shows is still asserted.
    assert.equal(
      compatible(step('expectState', 'it is disabled', { target: 'Delete', state: 'disabled' }), disabled!),
      true,
    );
  });

  test('a choice set on a slider or a date field ("set the tip to 10%", "set From to 14 Mar 2026")', () => {
    const set = (value: string) => step('select', `set it to ${value}`, { target: 'it', value });
    assert.equal(compatible(set('10%'), model([node('slider', 'Tip', 0)]).nodes[0]!), true);
    const date = model([node('textbox', 'From', 0, { inputType: 'date' })]).nodes[0]!;
    assert.equal(compatible(set('14 Mar 2026'), date), true);
    assert.equal(compatible(set(''), date), false);
    assert.equal(compatible(set('3'), model([node('textbox', 'Name', 0)]).nodes[0]!), false);
  });

  test('"some text": the next empty text field after the one filled last, never a password', () => {
    const page = model([
      node('textbox', 'Name', 0, { value: 'Ada' }),
      node('textbox', 'Password', 0, { inputType: 'password' }),
      node('textbox', 'Email', 0, { value: 'ada@example.com' }),
      node('textbox', 'Message', 0),
      node('textbox', 'Disabled', 0, { disabled: true }),
    ]);
    assert.equal(nextEmptyTextbox(page, 2)?.words, 'Message');
    assert.equal(nextEmptyTextbox(page, -1)?.words, 'Message');
    // Past the last empty one: the first one before.
    const earlier = model([node('textbox', 'Subject', 0), node('textbox', 'Name', 0, { value: 'Ada' })]);
    assert.equal(nextEmptyTextbox(earlier, 1)?.words, 'Subject');
    // The page's only field, a password: that one.
    assert.equal(
      nextEmptyTextbox(model([node('textbox', 'New password', 0, { inputType: 'password' })]), -1)?.words,
      'New password',
    );
    // None empty: the page's only text field (an amount that starts at 1), else none.
    assert.equal(
      nextEmptyTextbox(model([node('textbox', 'Amount', 0, { value: '1' })]), -1)?.words,
      'Amount',
    );
    assert.equal(
      nextEmptyTextbox(
        model([node('textbox', 'Name', 0, { value: 'x' }), node('textbox', 'City', 0, { value: 'y' })]),
        -1,
      ),
      undefined,
    );
    // A search box takes a bare value too ("type mug" on the search page).
    assert.equal(
      nextEmptyTextbox(model([node('searchbox', 'Search products', 0)]), -1)?.words,
      'Search products',
    );
  });

  test('free text shown to everyone is unique per run, also when the description gives it', () => {
    assert.equal(isSharedText('message Message'), true);
    assert.equal(isSharedText('name Your name'), false);
  });

  test('a description that counts the characters typed keeps the text as given (no per-run suffix)', () => {
    const said = (phrase: string) => [step('expectVisible', phrase, { target: 'counter' })];
    assert.equal(countsCharacters(said('Under the box it should say 180 characters left')), true);
    assert.equal(countsCharacters(said('the counter reads 12/200 chars')), true);
    assert.equal(countsCharacters(said('the character count goes down')), true);
    assert.equal(countsCharacters(said('the review shows up with 5 stars')), false);
    assert.equal(countsCharacters(said('a name of at least 3 characters')), false);
  });

  test('"the message is still there" is the value written into the message field, not the last one', () => {
    const filled = [
      { target: 'message Message', value: 'hello' },
      { target: 'name Your name', value: 'Alice' },
    ];
    assert.equal(writtenFor(filled, 'message')?.value, 'hello');
    assert.equal(writtenFor(filled, 'it in the log')?.value, 'Alice');
  });
});
