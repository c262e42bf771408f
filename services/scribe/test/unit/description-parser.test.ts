import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoFeatures } from '@superagent/demo';
import { parseDescription, splitClauses } from '../../src/domain/description-parser';
import { protectLiterals, sitePaths } from '../../src/domain/literals';

const brief = (description: string): string[] =>
  parseDescription(description).steps.map((s) =>
    [s.kind, s.target || '-', s.exactName ?? '-', s.value || '-'].join(' | '),
  );

const demo = (id: string): string => {
  const f = demoFeatures.find((x) => x.id === id);
  assert.ok(f);
  return f.description;
};

describe('description parser', () => {
  test('literals keep their punctuation out of clause splitting', () => {
    const p = protectLiterals(
      'See "Thanks, Ada! We\'ll be in touch." at /contact and mail ada@example.com for $49.00',
    );
    assert.deepEqual(
      p.literals.map((l) => `${l.kind}:${l.text}`),
      ["quote:Thanks, Ada! We'll be in touch.", 'email:ada@example.com', 'path:/contact', 'money:$49.00'],
    );
    assert.equal(splitClauses(p.text).length, 1);
  });

  test("URLs on the site's own origin become paths; other origins stay as written", () => {
    const site = new URL('http://127.0.0.1:4173/');
    assert.equal(
      sitePaths('Go to http://127.0.0.1:4173/about?x=1#team, then see http://127.0.0.1:4173.', site),
      'Go to /about?x=1#team, then see /.',
    );
    assert.equal(sitePaths('Open HTTP://127.0.0.1:4173/cart', site), 'Open /cart');
    assert.equal(
      sitePaths('Open http://127.0.0.1:9999/cart and https://127.0.0.1:4173/cart', site),
      'Open http://127.0.0.1:9999/cart and https://127.0.0.1:4173/cart',
    );
  });

  test('login: fields with values, credentials, the submit button named by the verb, the quoted outcome', () => {
    const steps = parseDescription(demo('login')).steps;
    assert.deepEqual(brief(demo('login')), [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
      'click | log in | - | -',
      'expectVisible | welcome message | Welcome, Demo User | Welcome, Demo User',
    ]);
    assert.equal(steps[0]?.credential, 'EMAIL');
    assert.equal(steps[1]?.credential, 'PASSWORD');
  });

  test('contact form: fields without values get generated ones; "send it" clicks send', () => {
    const steps = parseDescription(demo('contact-form')).steps;
    assert.deepEqual(
      steps.slice(0, 3).map((s) => `${s.target}:${s.valueSource}`),
      ['name:generated', 'email address:generated', 'message:generated'],
    );
    assert.equal(steps[3]?.kind, 'click');
    assert.equal(steps[3]?.target, 'send');
  });

  test('search: fill and press Enter, a count, then a quoted text', () => {
    assert.deepEqual(brief(demo('product-search')), [
      'fill | search products | - | lamp',
      'press | - | - | Enter',
      'expectCount | lamps in the results | - | 2',
      'fill | search | - | zzz',
      'press | - | - | Enter',
      'expectVisible | - | No results | No results',
    ]);
  });

  test('menu: a context clause scopes the next action; a path is a URL assertion', () => {
    const steps = parseDescription(demo('menu-navigation')).steps;
    assert.deepEqual(brief(demo('menu-navigation')), [
      'click | About | - | -',
      'expectVisible | heading | About us | About us',
      'expectUrl | - | - | /about',
      'click | Services | - | -',
    ]);
    assert.equal(steps[0]?.scope, 'main menu');
    assert.ok(steps[0]?.roleHints.includes('link'));
  });

  test('modal: a purpose clause ("to open the dialog") is an expected outcome, not an action', () => {
    const steps = parseDescription(demo('modal-dialog')).steps;
    assert.equal(steps[0]?.kind, 'click');
    assert.equal(steps[1]?.kind, 'expectVisible');
    assert.deepEqual(steps[1]?.roleHints, ['dialog']);
    assert.equal(steps.at(-1)?.kind, 'click');
    assert.equal(steps.at(-1)?.scope, 'dialog');
  });

  test('dark mode: check, state of "it", and a reload that repeats the assertions', () => {
    const kinds = parseDescription(demo('dark-mode')).steps.map(
      (s) => `${s.kind}${s.reassert ? '*' : ''}${s.state ? `:${s.state}` : ''}`,
    );
    assert.deepEqual(kinds, ['check', 'expectState:checked', 'expectVisible', 'reload', 'expectVisible*']);
  });

  test('cart: "add X to the cart" targets the add button scoped by X; "remove it" refers back to X', () => {
    const steps = parseDescription(demo('cart')).steps;
    assert.equal(steps[0]?.target, 'add to cart');
    assert.equal(steps[0]?.scope, 'Aurora Desk Lamp');
    assert.equal(steps[1]?.kind, 'expectText');
    assert.equal(steps[1]?.value, '1');
    const remove = steps.find((s) => s.target === 'remove');
    assert.equal(remove?.scope, 'Aurora Desk Lamp');
  });

  test('negations and explicit navigation', () => {
    assert.deepEqual(brief('Go to /settings, click "Save" and do not see "Error".'), [
      'navigate | - | - | /settings',
      'click | Save | Save | -',
      'expectHidden | - | Error | -',
    ]);
  });

  test('"sign in as X using the password Y": who signs in is a field; a quoted greeting is the outcome', () => {
    const description =
      'Sign in as demo@example.com using the password demo-pass; afterwards the page greets you with "Welcome, Demo User".';
    const steps = parseDescription(description).steps;
    assert.deepEqual(brief(description), [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
      'click | sign in | - | -',
      'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
    ]);
    assert.equal(steps[0]?.credential, 'EMAIL');
    assert.equal(steps[1]?.credential, 'PASSWORD');
  });

  test('an outcome without an expect verb is asserted only when it quotes what is shown', () => {
    assert.deepEqual(brief('Click "Save"; a banner shows "Saved".'), [
      'click | Save | Save | -',
      'expectVisible | - | Saved | Saved',
    ]);
    assert.deepEqual(brief('Click "Save"; "Saved" appears.'), [
      'click | Save | Save | -',
      'expectVisible | - | Saved | Saved',
    ]);
    // Nothing quoted: no outcome is made up.
    assert.deepEqual(brief('Click "Save"; the page greets you warmly.'), ['click | Save | Save | -']);
  });

  test('files: "choose two files" uploads two of the runner\'s fixtures; "upload them" clicks the upload button', () => {
    const steps = parseDescription(demo('file-upload')).steps;
    assert.deepEqual(brief(demo('file-upload')).slice(0, 2), [
      'upload | file upload | - | -',
      'click | upload | - | -',
    ]);
    assert.equal(steps[0]?.files, 2);
    assert.deepEqual(steps[1]?.roleHints, ['button']);
    // Named files are uploaded by name; "select" of something that is not files stays a select.
    const named = parseDescription('Upload "avatar.png" and see "Saved".').steps[0];
    assert.equal(named?.kind, 'upload');
    assert.equal(named?.value, 'avatar.png');
    assert.equal(named?.files, undefined);
    assert.equal(parseDescription('Select the Lighting category').steps[0]?.kind, 'select');
    // "upload" with no earlier choice of files is itself the upload (one file).
    const alone = parseDescription('Upload a document and see "Uploaded"').steps[0];
    assert.equal(alone?.kind, 'upload');
    assert.equal(alone?.files, 1);
  });

  test('max steps caps the plan', () => {
    assert.equal(parseDescription(demo('cart'), 2).steps.length, 2);
  });
});
