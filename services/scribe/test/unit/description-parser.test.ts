import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoFeatures } from '@superagent/demo';
import { splitClauses } from '../../src/domain/description/clauses';
import { collapseWhitespace, parseDescription } from '../../src/domain/description-parser';
import { protectLiterals, sitePaths } from '../../src/domain/literals';
import { jsonTestCase, outlineTitleDropped } from '../../src/domain/pasted-formats';
import { titleOf } from '../../src/domain/spec-writer';
import { withoutChatter } from '../../src/domain/ticket-text';

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

  test('single-quoted values are literals; apostrophes in words are not quotes', () => {
    const p = protectLiterals("Click 'Save changes' and it's done; the users' list shows 'We'll call you'.");
    assert.deepEqual(
      p.literals.map((l) => `${l.kind}:${l.text}`),
      ['quote:Save changes', "quote:We'll call you"],
    );
    assert.deepEqual(brief("Search for 'mug' and see 'Stoneware Mug Set'"), [
      'fill | search | - | mug',
      'press | - | - | Enter',
      'expectVisible | - | Stoneware Mug Set | Stoneware Mug Set',
    ]);
  });

  test('numbered and bulleted lists, one step per line or inline, and arrows are separate steps', () => {
    const expected = [
      'fill | name field | - | Ada',
      'click | Save | - | -',
      'expectVisible | - | Saved | Saved',
    ];
    assert.deepEqual(
      brief('1. Enter "Ada" in the name field\n2. Click Save\n3. Verify "Saved" is shown'),
      expected,
    );
    assert.deepEqual(
      brief('- Enter "Ada" in the name field\n- Click Save\n- Verify "Saved" is shown'),
      expected,
    );
    assert.deepEqual(
      brief('1) enter "Ada" in the name field 2) click Save 3) verify "Saved" is shown'),
      expected,
    );
    assert.deepEqual(
      brief('enter "Ada" in the name field -> click Save → verify "Saved" is shown'),
      expected,
    );
    assert.deepEqual(
      brief('Steps:\n  1. Enter "Ada" in the name field.\n  2. Click Save.\n  3. Verify "Saved" is shown.'),
      [...expected],
    );
  });

  test('"X should …" states an outcome: a value, visibility, what it shows', () => {
    assert.deepEqual(brief('Add "Copper Kettle" to the cart, the cart count should be 2'), [
      'click | add to cart | - | -',
      'expectText | cart count | - | 2',
    ]);
    assert.deepEqual(brief('Click "Help". A dialog should appear.'), [
      'click | Help | Help | -',
      'expectVisible | dialog | - | -',
    ]);
    assert.deepEqual(brief('Click "Help"; the status should change to Help is open'), [
      'click | Help | Help | -',
      'expectVisible | status | Help is open | Help is open',
    ]);
    assert.deepEqual(brief('Filter by "Office"; there should be 4 products'), [
      'select | filter | - | Office',
      'expectCount | products | - | 4',
    ]);
    assert.deepEqual(brief('Open the menu, a dialog pops up'), [
      'click | menu | - | -',
      'expectVisible | dialog | - | -',
    ]);
  });

  test('a gerund action with its outcome: "Clicking X should open …", "searching for X shows …"', () => {
    assert.deepEqual(brief('Clicking "Help" should open a modal. Closing it should hide the modal.'), [
      'click | Help | Help | -',
      'expectVisible | modal | - | -',
      'click | close | - | -',
      'expectHidden | modal | - | -',
    ]);
    assert.deepEqual(brief('Make sure searching for "mug" shows 1 result'), [
      'fill | search | - | mug',
      'press | - | - | Enter',
      'expectCount | result | - | 1',
    ]);
  });

  test('"make sure a user can …" performs the action; "make sure I see X" asserts X', () => {
    assert.deepEqual(
      brief(
        'Make sure a user can log in with email ada@example.com and password s3cret and gets greeted with "Hi Ada"',
      ),
      [
        'fill | email | - | ada@example.com',
        'fill | password | - | s3cret',
        'click | log in | - | -',
        'expectVisible | - | Hi Ada | Hi Ada',
      ],
    );
    assert.deepEqual(brief('Click "Save" and make sure I see "Saved"'), [
      'click | Save | Save | -',
      'expectVisible | - | Saved | Saved',
    ]);
  });

  test('"check" followed by a statement is an assertion, not ticking a box', () => {
    assert.deepEqual(brief('Remove it and check the list is empty'), [
      'click | remove | - | -',
      'expectVisible | list is empty | - | -',
    ]);
    assert.equal(parseDescription('Check the newsletter box').steps[0]?.kind, 'check');
    assert.equal(
      parseDescription('Click "Buy" and check the page shows $12.00').steps[1]?.kind,
      'expectVisible',
    );
  });

  test('unquoted text after "says" / "reads" / "changes to", written as shown, is the exact text', () => {
    assert.deepEqual(brief('Click Apply and make sure it says Showing 4 products'), [
      'click | Apply | - | -',
      'expectVisible | - | Showing 4 products | Showing 4 products',
    ]);
    // A count stays a count; lower-case words stay words to match by meaning.
    assert.equal(parseDescription('Search for mug; it shows 1 result').steps.at(-1)?.kind, 'expectCount');
    assert.equal(
      parseDescription('Click Apply; the page shows the results').steps.at(-1)?.exactName,
      undefined,
    );
  });

  test('a field noun mistyped by one letter is still the field (and a password stays a credential)', () => {
    const steps = parseDescription('Sign in with emial ada@example.com and pasword s3cret').steps;
    assert.deepEqual(
      steps.map((s) => `${s.target}:${s.value}:${s.credential ?? '-'}`),
      ['email:ada@example.com:EMAIL', 'password:s3cret:PASSWORD', 'sign in::-'],
    );
    // Short nouns are never corrected ("game" is not "name").
    assert.deepEqual(brief('Fill in the form with game chess').slice(0, 1), ['fill | game chess | - | -']);
  });

  test('field phrasing: "type X into A and Y into B", "(name, email)", "X from the Y dropdown"', () => {
    assert.deepEqual(brief('Type ada@example.com into the Email box and s3cret into the Password box'), [
      'fill | Email box | - | ada@example.com',
      'fill | Password box | - | s3cret',
    ]);
    assert.deepEqual(brief('Fill out the signup form (name, email, phone)'), [
      'fill | name | - | -',
      'fill | email | - | -',
      'fill | phone | - | -',
    ]);
    assert.equal(
      parseDescription('Fill out the signup form (name, email, phone)').steps[0]?.scope,
      'signup form',
    );
    assert.deepEqual(brief('Choose Kitchen from the Category dropdown'), [
      'select | Category dropdown | - | Kitchen',
    ]);
    assert.deepEqual(brief('Type mug into the search box'), ['fill | search box | - | mug']);
  });

  test('more action phrasings: "put X in the basket", "join as X", "send the message X", "toggle X on", a leading context', () => {
    const put = parseDescription('Put the Copper Kettle in the basket').steps[0];
    assert.equal(put?.target, 'add to basket');
    assert.equal(put?.scope, 'Copper Kettle');
    assert.deepEqual(brief('Join the chat as Alice, send the message "hi all" and see it in the log'), [
      'fill | name | - | Alice',
      'click | join | - | -',
      'fill | message | - | hi all',
      'click | send | - | -',
      'expectVisible | it in the log | - | -',
    ]);
    assert.deepEqual(
      brief('Send a message through the support form with my name Ada and the message "Late order"'),
      ['fill | name | - | Ada', 'fill | message | - | Late order', 'click | send | - | -'],
    );
    assert.deepEqual(
      parseDescription('Toggle the Notifications switch off').steps.map((s) => `${s.kind}:${s.target}`),
      ['uncheck:Notifications switch'],
    );
    const scoped = parseDescription('In the footer, click Privacy').steps[0];
    assert.equal(scoped?.target, 'Privacy');
    assert.equal(scoped?.scope, 'footer');
    // A role word after "in" is part of the name, not a context.
    assert.equal(parseDescription('Click the Log in button').steps[0]?.target, 'Log in button');
  });

  test('"the message is still there" after a reload is the text written into that field', () => {
    const steps = parseDescription(
      'Post the comment "First!", reload the page and check the comment is still there',
    ).steps;
    assert.equal(steps.at(-1)?.kind, 'expectVisible');
    assert.equal(steps.at(-1)?.refersToPrevious, true);
  });

  test('"put in X as the email", "field = value" lists, "After submitting," and "Expected:" sentences', () => {
    assert.deepEqual(
      brief('Put in ada@example.com as the email and s3cret as the password, then press the login button.'),
      ['fill | email | - | ada@example.com', 'fill | password | - | s3cret', 'click | login button | - | -'],
    );
    assert.deepEqual(
      brief(
        'Verify sign-in works: email = ada@example.com, password = s3cret. After submitting, "Hi Ada" must be visible.',
      ),
      [
        'fill | email | - | ada@example.com',
        'fill | password | - | s3cret',
        'click | submit | - | -',
        'expectVisible | - | Hi Ada | Hi Ada',
      ],
    );
    assert.deepEqual(brief('Click Save. Expected result: the page says Saved, Ada.'), [
      'click | Save | - | -',
      'expectVisible | - | Saved, Ada | Saved, Ada',
    ]);
  });

  test('"When I click X I expect to see Y"; "check that the X link takes you to /path" clicks the link', () => {
    assert.deepEqual(
      brief('When I click the Copper Kettle on the products page I expect to see its price of $69.00'),
      [
        'click | products | - | -',
        'click | Copper Kettle | - | -',
        'expectVisible | price of | $69.00 | $69.00',
      ],
    );
    const steps = parseDescription(
      'Check that the Pricing link in the main menu takes you to /pricing',
    ).steps;
    assert.deepEqual(
      steps.map((s) => `${s.kind}:${s.target || s.value}:${s.scope ?? '-'}`),
      ['click:Pricing link:main menu', 'expectUrl:/pricing:-'],
    );
  });

  test('user stories, "switch X on from the Y page", "hit enter", "pick the X category", "post \'text\'"', () => {
    assert.deepEqual(
      parseDescription(
        "As a shopper I'd like to be able to switch notifications on from the Settings page.",
      ).steps.map((s) => `${s.kind}:${s.target}:${s.scope ?? '-'}`),
      // The page named is gone to first (nothing to do when the test is on it already).
      ['click:Settings:-', 'check:notifications:-'],
    );
    assert.deepEqual(brief('Enter mug into the search field and hit enter'), [
      'fill | search field | - | mug',
      'press | - | - | Enter',
    ]);
    assert.deepEqual(brief('Pick the Kitchen category and apply the filter'), [
      'select | category | Kitchen | Kitchen',
      'click | apply filter | - | -',
    ]);
    assert.deepEqual(brief("Join the chat, post 'hey there'"), [
      'click | join | - | -',
      'fill | message | - | hey there',
      'click | post | - | -',
    ]);
    assert.deepEqual(
      brief("Submit the feedback form with name 'Bob', email bob@example.com and message 'Hi'").slice(-2),
      ['fill | message | - | Hi', 'click | submit | - | -'],
    );
    assert.equal(parseDescription('Register with a password of 8+ characters').steps[0]?.target, 'password');
  });

  test('"the X form should accept …", "and then greet the user: X", "it should say: X"', () => {
    assert.deepEqual(
      brief(
        'The login form should accept demo@example.com with password demo-pass and then greet the user: Welcome, Demo User.',
      ),
      [
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | submit | - | -',
        'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    // A colon after a verb of showing introduces the text shown; after a title it still starts the steps.
    assert.deepEqual(brief('Log in. It should say: Welcome, Demo User').slice(-1), [
      'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
    ]);
    assert.deepEqual(brief('The page should greet the user: Welcome, Demo User'), [
      'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
    ]);
    // Only a form that accepts values is submitted; "should not accept" stays an assertion.
    assert.equal(brief('The login form should not accept demo@example.com')[0]?.startsWith('expect'), true);
  });

  test('a fourth held-out set: plain statements of state, "a search for X should …", "Given credentials (x / y) when I …"', () => {
    assert.deepEqual(
      brief(
        'Put the Aurora Desk Lamp in the basket — the basket badge becomes 1 — view the basket, the lamp is there; take it out again and the basket is empty.',
      ),
      [
        'click | add to basket | - | -',
        'expectText | basket badge | - | 1',
        'click | basket | - | -',
        'expectVisible | lamp | Aurora Desk Lamp | Aurora Desk Lamp',
        'click | remove | - | -',
        'expectVisible | basket is empty | - | -',
      ],
    );
    assert.deepEqual(brief('A search for zzz should say No results.'), [
      'fill | search | - | zzz',
      'press | - | - | Enter',
      'expectVisible | - | No results | No results',
    ]);
    assert.deepEqual(brief('Choose the Lighting category in the filter and apply'), [
      'select | category filter | - | Lighting',
      'click | apply | - | -',
    ]);
    assert.deepEqual(
      brief(
        'Given valid credentials (demo@example.com / demo-pass) when I submit the sign-in form then the page greets me: Welcome, Demo User',
      ),
      [
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | submit sign-in form | - | -',
        'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    assert.deepEqual(brief('Switch the site to dark mode on the settings page').slice(0, 2), [
      'click | settings | - | -',
      'check | dark mode | - | -',
    ]);
    // Outside Gherkin, "when" says when: the outcome is not reordered before its action.
    assert.equal(splitClauses('Show an error when I submit an empty form').length, 1);
    assert.deepEqual(
      brief(
        'Enter the chat as Eve and post "anyone here?"; the message shows in the log and survives a page refresh.',
      ),
      [
        'fill | name | - | Eve',
        'click | join | - | -',
        'fill | message | - | anyone here?',
        'click | post | - | -',
        'expectVisible | message | - | -',
        'reload | - | - | -',
        'expectVisible | message | - | -',
      ],
    );
    assert.deepEqual(
      brief('Through the main menu reach About (URL /about, heading "About us") and after that Services.'),
      [
        'click | About | - | -',
        'expectUrl | - | - | /about',
        'expectVisible | heading | About us | About us',
        'click | Services | - | -',
      ],
    );
  });

  test('a quoted text in parentheses is what is shown, whatever the words around it say', () => {
    assert.deepEqual(brief('Searching for "zzz" should return no results ("No results" message).'), [
      'fill | search | - | zzz',
      'press | - | - | Enter',
      'expectVisible | results message | No results | No results',
    ]);
    // The rest of the sentence still counts: "its name and price ($12.00)".
    assert.deepEqual(
      brief('Open "Copper Kettle" and verify its name and price ($69.00) are shown.').slice(1),
      ['expectVisible | name | Copper Kettle | Copper Kettle', 'expectVisible | price | $69.00 | $69.00'],
    );
  });

  test('reloads inside a clause: "after a refresh X should …" and "see X, even after reloading"', () => {
    const kinds = (d: string): string[] =>
      parseDescription(d).steps.map(
        (s) => `${s.kind}${s.refersToPrevious ? ':prev' : ''}${s.reassert ? '*' : ''}`,
      );
    assert.deepEqual(
      kinds('Post the comment "Hi", and after a page refresh the comment should still be in the list.'),
      ['fill', 'click', 'reload', 'expectVisible:prev'],
    );
    assert.deepEqual(kinds('Turn on dark mode and make sure the page says "Dark", even after reloading.'), [
      'check',
      'expectVisible',
      'reload',
      'expectVisible',
    ]);
    // Nothing to assert in the clause: the earlier assertions are repeated.
    assert.deepEqual(kinds('Turn on dark mode, see "Dark" and the setting should persist after a refresh'), [
      'check',
      'expectVisible',
      'reload',
      'expectVisible*',
    ]);
  });

  test('"go to the X page" is marked as navigation (skipped when already there)', () => {
    assert.equal(parseDescription('Go to the login page').steps[0]?.navigation, true);
    assert.equal(parseDescription('Open the cart').steps[0]?.navigation, true);
    // A leading context with an action after it: the context scopes the action.
    const about = parseDescription('From the home page use the navigation menu to open About.').steps[0];
    assert.equal(about?.target, 'About');
    assert.equal(about?.scope, 'navigation menu');
  });

  test('Gherkin: "Given I am on the X page, when I fill in A with x and B with y …, then I should see …"', () => {
    const steps = parseDescription(
      'Scenario: sign in. Given I am on the login page, when I fill in Email with ada@example.com and Password with s3cret and click "Sign in", then I should see "Hi Ada".',
    ).steps;
    assert.deepEqual(
      steps.map((s) => `${s.kind}|${s.target}|${s.value}${s.navigation ? '|nav' : ''}`),
      [
        'click|login||nav',
        'fill|Email|ada@example.com',
        'fill|password|s3cret',
        'click|Sign in|',
        'expectVisible||Hi Ada',
      ],
    );
    assert.equal(steps[2]?.credential, 'PASSWORD');
  });

  test('titles before a colon or a dash are left out; a lone action before a colon is a step', () => {
    assert.deepEqual(
      brief('Verify adding to cart: click Add to cart for the Copper Kettle and the cart badge must read 1'),
      ['click | Add to cart | - | -', 'expectText | cart badge | - | 1'],
    );
    assert.equal(
      parseDescription('Verify adding to cart: click Add to cart for the Copper Kettle').steps[0]?.scope,
      'Copper Kettle',
    );
    assert.deepEqual(brief("Look up 'mug' in the product search - exactly 1 result should be listed"), [
      'fill | search | - | mug',
      'press | - | - | Enter',
      'expectCount | result is listed | - | 1',
    ]);
    assert.deepEqual(
      parseDescription(
        'Open the chat, write "hi" and send it. Reload: "hi" is still in the chat log.',
      ).steps.map((s) => `${s.kind}:${s.exactName ?? s.value}`),
      ['click:', 'fill:hi', 'click:', 'reload:', 'expectVisible:hi'],
    );
  });

  test('"X should open when \'Y\' is clicked"; "close again with the Close button"; "should tell me there are X"', () => {
    assert.deepEqual(
      brief("The help dialog should open when 'Help' is clicked, and close again with the Close button."),
      ['click | Help | Help | -', 'expectVisible | help dialog | - | -', 'click | Close button | - | -'],
    );
    assert.equal(
      parseDescription(
        "The help dialog should open when 'Help' is clicked, and close again with the Close button.",
      ).steps[2]?.scope,
      'dialog',
    );
    assert.deepEqual(brief('Type mug in the search box. The page should tell me there are No results.'), [
      'fill | search box | - | mug',
      'expectVisible | - | No results | No results',
    ]);
  });

  test('credentials as "x / y", "check out with card …", "complete the X with code N", "Select X in the Y filter"', () => {
    const steps = parseDescription('enter ada@example.com / s3cret on the login form and submit').steps;
    assert.deepEqual(
      steps.map((s) => `${s.kind}|${s.target}|${s.value}|${s.credential ?? '-'}|${s.scope ?? '-'}`),
      [
        'fill|email|ada@example.com|EMAIL|login form',
        'fill|password|s3cret|PASSWORD|login form',
        'click|submit||-|-',
      ],
    );
    assert.deepEqual(
      brief(
        'Check out with card number 4242 4242 4242 4242 and CVC 123; complete the 3-D Secure check with code 123456',
      ),
      [
        'fill | card number | - | 4242 4242 4242 4242',
        'fill | CVC | - | 123',
        'click | check out | - | -',
        'fill | code | - | 123456',
      ],
    );
    assert.deepEqual(brief('Select Kitchen in the category filter'), [
      'select | category filter | - | Kitchen',
    ]);
    assert.deepEqual(brief('enter the name Bob and should greet me by name (Bob Smith)').slice(-1), [
      'expectVisible | greet me by name | Bob Smith | Bob Smith',
    ]);
  });

  test('a third held-out set: "(email x, pw y)", "X in the menu opens …", "narrow … down to X (dropdown)", "query", "leave a message: …"', () => {
    assert.deepEqual(brief('Sign in (email ada@example.com, pw s3cret) → welcome heading with Ada.'), [
      'fill | email | - | ada@example.com',
      'fill | password | - | s3cret',
      'click | sign in | - | -',
      'expectVisible | welcome heading | - | -',
      'expectVisible | Ada | - | -',
    ]);
    assert.equal(
      parseDescription('Sign in (email ada@example.com, pw s3cret)').steps[1]?.credential,
      'PASSWORD',
    );
    assert.deepEqual(
      parseDescription('Navigation: Pricing in the main menu opens the Pricing page at /pricing.').steps.map(
        (s) => `${s.kind}:${s.target || s.value}:${s.scope ?? '-'}`,
      ),
      ['click:Pricing:main menu', 'expectUrl:/pricing:-'],
    );
    assert.deepEqual(brief('Narrow the catalogue down to Kitchen (category dropdown)'), [
      'select | category dropdown | - | Kitchen',
    ]);
    assert.deepEqual(brief('Query the search for mug: the results list should contain 1 item.'), [
      'fill | search search | - | mug',
      'press | - | - | Enter',
      'expectCount | item | - | 1',
    ]);
    assert.deepEqual(
      parseDescription('Leave a comment on the blog: your name, your email. Hit Post.').steps.map(
        (s) => `${s.kind}:${s.target}`,
      ),
      ['fill:name', 'fill:email', 'click:Post'],
    );
  });

  test('"the text X appears" is the text X; "After a reload the switch is still on" asserts after the reload', () => {
    assert.deepEqual(
      parseDescription(
        'Turn on dark mode; the text Dark theme is on appears. After a reload the switch is still on.',
      ).steps.map((s) => `${s.kind}:${s.exactName ?? s.target}${s.state ? `:${s.state}` : ''}`),
      ['check:dark mode', 'expectVisible:Dark theme is on', 'reload:', 'expectState:switch:checked'],
    );
    // "…, also after refreshing the page": before and after the reload.
    assert.deepEqual(
      parseDescription(
        'Send the message "hi" and confirm it is in the log, also after refreshing the page.',
      ).steps.map((s) => s.kind),
      ['fill', 'click', 'expectVisible', 'reload', 'expectVisible'],
    );
  });

  test('a run of whitespace reads as one space, or as one line break where it has one; quoted text keeps its own', () => {
    assert.equal(collapseWhitespace('a \t\u00a0 b \r\n \n\t c'), 'a b\nc');
    assert.deepEqual(
      brief('Click   the\thelp \u00a0 button\n\n   and see "Need   help?"'),
      brief('Click the help button\nand see "Need   help?"'),
    );
    assert.deepEqual(brief('1. Click the help button\r\n\r\n   2. See the dialog'), [
      'click | help button | - | -',
      'expectVisible | dialog | - | -',
    ]);
  });

  test('max steps caps the plan', () => {
    assert.equal(parseDescription(demo('cart'), 2).steps.length, 2);
  });
  test('third person and passive steps read as what the user does, in the order it happens', () => {
    assert.deepEqual(
      brief(
        '* user enters valid creds (demo@example.com / demo-pass)\n* user clicks Log in\n* user is redirected to /account and greeted with Welcome, Demo User',
      ),
      [
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | Log in | - | -',
        'expectUrl | - | - | /account',
        'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    assert.deepEqual(
      brief(
        'The contact form is filled in with the name Ada and the email ada@example.com. After Send is clicked, "Thanks" is expected to be shown.',
      ),
      [
        'fill | name | - | Ada',
        'fill | email | - | ada@example.com',
        'click | Send | - | -',
        'expectVisible | - | Thanks | Thanks',
      ],
    );
    assert.deepEqual(
      brief(
        'The card number 4242 4242 4242 4242 is entered with expiry 12/34 and Pay is clicked; the one-time code 123456 is submitted',
      ),
      [
        'fill | card number | - | 4242 4242 4242 4242',
        'fill | expiry | - | 12/34',
        'click | Pay | - | -',
        'fill | one-time code | - | 123456',
        'click | submit | - | -',
      ],
    );
    // "is set to" is a choice when it is the condition; "Lighting is selected" alone may be an outcome.
    assert.deepEqual(
      brief('When the Category filter is set to Lighting, the counter should show Showing 3 products'),
      [
        'select | Category filter | - | Lighting',
        'expectVisible | counter | Showing 3 products | Showing 3 products',
      ],
    );
    assert.ok(!parseDescription('Lighting is selected').steps.some((s) => s.kind === 'select'));
    // Each third-person verb is a step; a name before it is who joins.
    assert.deepEqual(brief("user 'Frank' joins the chat and sends 'ping 42'"), [
      'fill | name | - | Frank',
      'click | join | - | -',
      'fill | message | - | ping 42',
      'click | send | - | -',
    ]);
    // A plural noun is not a third-person verb.
    assert.equal(parseDescription('Filters are kept after a reload').steps[0]?.kind, 'reload');
  });

  test('an outcome stated with its cause, "can be", "lands on", "changes from … to", "= 1"', () => {
    assert.deepEqual(
      brief(
        'Ensure that a modal is displayed once the user clicks on Subscribe, with the title Join our newsletter',
      ),
      [
        'click | Subscribe | - | -',
        'expectVisible | modal is displayed | - | -',
        'expectVisible | heading | Join our newsletter | Join our newsletter',
      ],
    );
    assert.deepEqual(
      brief(
        '- [ ] the Dark mode switch can be turned on\n- [x] the status text changes from Light theme is on to Dark theme is on',
      ),
      [
        'check | Dark mode switch | - | -',
        'expectVisible | status text | Dark theme is on | Dark theme is on',
      ],
    );
    assert.deepEqual(brief("main nav → Pricing lands on /pricing with a 'Pricing' h1").slice(-3), [
      'click | Pricing | - | -',
      'expectUrl | - | - | /pricing',
      'expectVisible | heading | Pricing | Pricing',
    ]);
    assert.deepEqual(brief('badge should go 0 -> 1'), ['expectText | badge | - | 1']);
    assert.deepEqual(brief('Expected: cart badge = 1'), ['expectText | cart badge | - | 1']);
    assert.deepEqual(brief("a 'Verify your email' mail arrives in the Mailbox"), [
      'click | Mailbox | - | -',
      'expectVisible | mail | Verify your email | Verify your email',
    ]);
    assert.deepEqual(brief('remove it on the cart page'), ['click | cart | - | -', 'click | remove | - | -']);
    // Only implied: left out when no link leads there ("allow access on the consent page").
    assert.equal(parseDescription('remove it on the cart page').steps[0]?.implied, true);
    assert.equal(parseDescription('go to the cart page').steps[0]?.implied, undefined);
  });

  test('shorthand and slips ("w/", "pw", "msg", "apears"), a Scenario Outline\'s first example', () => {
    assert.deepEqual(brief("login w/ ada@example.com pw s3cret, confirm welcome msg 'Hi Ada' apears"), [
      'fill | email | - | ada@example.com',
      'fill | password | - | s3cret',
      'click | log in | - | -',
      'expectVisible | welcome message | Hi Ada | Hi Ada',
    ]);
    // Inflections of the words watched for slips stay as written.
    assert.deepEqual(brief('Click both buttons'), ['click | both buttons | - | -']);
    assert.deepEqual(
      brief(
        'Scenario Outline: search\n  When I search for "<term>"\n  Then I see "<outcome>"\n  Examples:\n    | term | outcome |\n    | lamp | 2 results |\n    | zzz | No results |',
      ),
      ['fill | search | - | lamp', 'press | - | - | Enter', 'expectVisible | - | 2 results | 2 results'],
    );
  });
  test('chat and ticket wrappers: markdown, emoji, requests for a test, thanks, a bug title and its actual result', () => {
    assert.deepEqual(
      brief(
        '**Newsletter popup** 📬 clicking **Subscribe** opens a dialog titled **Join our newsletter**, and **Close** hides it again ✅',
      ),
      [
        'click | Subscribe | Subscribe | -',
        'expectVisible | dialog titled | Join our newsletter | Join our newsletter',
        'click | Close | Close | -',
        'expectHidden | Close | Close | -',
      ],
    );
    assert.deepEqual(
      brief('hey can you write a test for Sign in? log in with ada@example.com / s3cret, hit Allow. thanks!'),
      [
        'fill | email | - | ada@example.com',
        'fill | password | - | s3cret',
        'click | log in | - | -',
        'click | Allow | - | -',
      ],
    );
    assert.deepEqual(brief('@qa quick one: can someone add a test? 🙏'), []);
    assert.deepEqual(
      brief(
        '**Bug:** the log is empty after reload\nSteps to reproduce:\n1. Send "hi"\nActual: the log is empty',
      ),
      ['fill | message | - | hi', 'click | send | - | -'],
    );
  });

  test('steps in other verb forms: questions, "will", "should be able to", "is typing", "X persists"', () => {
    assert.deepEqual(
      brief(
        'Does the cart badge go up to 1 when I hit Add to cart? Does the lamp then show up on the Cart page?',
      ),
      [
        'click | Add to cart | - | -',
        'expectText | cart badge | - | 1',
        'click | Cart | - | -',
        'expectVisible | lamp | - | -',
      ],
    );
    // "upload": the files chosen, then the page's Upload button (implied: left out if there is none).
    assert.deepEqual(brief('Can we upload 2 files in one go?'), [
      'upload | file upload | - | -',
      'click | upload | - | -',
    ]);
    assert.equal(parseDescription('upload two files').steps[1]?.implied, true);
    assert.deepEqual(brief('upload two files and wait until both progress bars show 100%').slice(2), [
      'expectVisible | both progress bars | 100% | 100%',
    ]);
    assert.deepEqual(
      brief('Shoppers should be able to narrow the catalogue to Furniture and see Oak Side Table'),
      ['select | Furniture | - | Furniture', 'expectVisible | Oak Side Table | - | -'],
    );
    assert.deepEqual(brief("The user is typing 'kettle' in the search box"), [
      'fill | search box | - | kettle',
    ]);
    assert.deepEqual(
      brief(
        'The user will register with email ada@example.com and password s3cretpass. Then they will open the mailbox, click Verify email address and will see Email verified.',
      ),
      [
        'fill | email | - | ada@example.com',
        'fill | password | - | s3cretpass',
        'click | register | - | -',
        'click | mailbox | - | -',
        'click | Verify email address | - | -',
        'expectVisible | Email verified | - | -',
      ],
    );
    // "will then show": "then" after a modal verb does not end the clause.
    assert.deepEqual(
      brief('The cart count in the header will then show 1, and the cart page will list Copper Kettle'),
      [
        'expectText | cart count in the header | - | 1',
        'click | cart | - | -',
        'expectVisible | Copper Kettle | - | -',
      ],
    );
    // A setting said to persist, with nothing done before it, is turned on first.
    assert.deepEqual(brief('Dark mode toggle persists after reload'), [
      'check | Dark mode toggle | - | -',
      'expectState | Dark mode toggle | - | -',
      'reload | - | - | -',
      'expectVisible | - | - | -',
    ]);
  });

  test('a card by its number, "exp", the field a page asks for, and no second click for the verb', () => {
    assert.deepEqual(
      brief(
        'Pay by card: 4242 4242 4242 4242 exp 12/34 cvc 123. When the bank asks for a code, type 123456.',
      ),
      [
        'fill | card number | - | 4242 4242 4242 4242',
        'fill | expiry | - | 12/34',
        'fill | cvc | - | 123',
        'click | pay | - | -',
        'fill | code | - | 123456',
      ],
    );
    // "pay …" and then "click Pay $49.00": one click, on the control named.
    assert.deepEqual(
      brief(
        'User is paying by card 4242 4242 4242 4242 with expiry 12/34 and CVC 123 and is clicking Pay $49.00',
      ).slice(-2),
      ['fill | CVC | - | 123', 'click | Pay $49.00 | $49.00 | -'],
    );
  });
  test('test-case tables, numbered headings over sub-bullets, "X as your name", background and quoted complaints', () => {
    assert.deepEqual(
      brief(
        'Step | Action | Expected result\n1 | Open the login page | Log in form is shown\n2 | Email = ada@example.com, Password = s3cret | fields are filled\n3 | Click Log in | Welcome, Ada',
      ).slice(2),
      [
        'fill | Email | - | ada@example.com',
        'fill | password | - | s3cret',
        'expectVisible | fields are filled | - | -',
        'click | Log in | - | -',
        // The cell is the text shown: its comma does not split it.
        'expectVisible | - | Welcome, Ada | Welcome, Ada',
      ],
    );
    // "Check the cart" heads the steps under it: not a checkbox to tick.
    assert.deepEqual(
      brief(
        '1. Add the lamp\n   - click Add to cart next to Aurora Desk Lamp\n2. Check the cart\n   - open Cart from the header',
      ),
      ['click | Add to cart next to Aurora Desk Lamp | - | -', 'click | Cart | - | -'],
    );
    assert.deepEqual(
      brief("You type Omar Haddad as your name, omar@example.net as your email and 'Hi' as the message."),
      ['fill | name | - | Omar Haddad', 'fill | email | - | omar@example.net', 'fill | message | - | Hi'],
    );
    assert.deepEqual(
      brief(
        'Story: As a shopper I want a dark theme.\nAC1 – Settings has a Dark mode switch that can be switched on\nAC2 – the page says Dark theme is on',
      ),
      ['check | Dark mode switch | - | -', 'expectVisible | - | Dark theme is on | Dark theme is on'],
    );
    assert.deepEqual(
      brief(
        "Forwarding from support chat: customer says 'it showed me kettles!!'. Please reproduce on /catalog: choose Furniture in the Category select; it should show Showing 2 products (Oak Side Table, Linen Armchair), not kitchen stuff.",
      ),
      [
        'navigate | - | - | /catalog',
        'select | Category select | - | Furniture',
        'expectVisible | - | Showing 2 products | Showing 2 products',
      ],
    );
  });

  test('"put card number N", "must be written X", file names chosen for upload', () => {
    assert.deepEqual(
      brief(
        'I put card number 4242 4242 4242 4242 and press Pay. In the end must be written Payment successful.',
      ),
      [
        'fill | card number | - | 4242 4242 4242 4242',
        'click | Pay | - | -',
        'expectVisible | - | Payment successful | Payment successful',
      ],
    );
    assert.deepEqual(brief('In Choose files select report.txt and prices.csv together'), [
      'upload | file upload | - | report.txt,prices.csv',
    ]);
    // Putting a product somewhere is still adding it.
    assert.equal(parseDescription('Put the Copper Kettle in the basket').steps[0]?.kind, 'click');
  });
  test('commit notes, "repro: /path", background paragraphs, "create an account", "using x@y and secret", "with F = V"', () => {
    assert.deepEqual(
      brief(
        'fix(catalog): product links pointed at the wrong slug\n\ntest: /products -> click Aurora Desk Lamp -> expect h1 Aurora Desk Lamp + price $49.00',
      ),
      [
        'navigate | - | - | /products',
        'click | Aurora Desk Lamp | - | -',
        'expectVisible | heading | Aurora Desk Lamp | Aurora Desk Lamp',
        'expectVisible | price | $49.00 | $49.00',
      ],
    );
    assert.deepEqual(brief('repro: /search, type mug'), [
      'navigate | - | - | /search',
      'fill | text | - | mug',
    ]);
    assert.deepEqual(
      brief(
        'Background: marketing launches a campaign; legal asked for a check. Register as Hedy Lamarr, hedy@example.com, password frequency42.',
      ),
      [
        'fill | name | - | Hedy Lamarr',
        'fill | email | - | hedy@example.com',
        'fill | password | - | frequency42',
        'click | register | - | -',
      ],
    );
    assert.deepEqual(
      brief('Create an account (name Grace, email grace@example.com, password longenough1)').at(-1),
      'click | register | - | -',
    );
    assert.deepEqual(brief('log in using demo@example.com and demo-pass').slice(0, 2), [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
    ]);
    assert.deepEqual(brief('Expected: with Category = Office the count says Showing 1 product.'), [
      'select | Category | - | Office',
      'expectVisible | count | Showing 1 product | Showing 1 product',
    ]);
  });

  test('a sign-in through a provider, "Email: x" lines, "use x / y", "with that account", "back on X", "end up"', () => {
    // The provider's button is an implied step (done only where a control goes through it).
    const provider = parseDescription(
      'As a customer I want to log in with my DemoID account (demo@example.com, password demo-pass) and allow the shop access, so that I end up signed in as Demo User.',
    ).steps;
    assert.deepEqual(
      provider.map((s) => [s.kind, s.target, s.implied ?? false, s.roleHints.join('/')].join(' | ')).at(0),
      'click | DemoID | true | button/link',
    );
    assert.deepEqual(brief('log in with my DemoID account (demo@example.com, password demo-pass)').slice(1), [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
      'click | log in | - | -',
    ]);
    assert.deepEqual(
      brief('click Allow so that I end up signed in as Demo User').at(-1),
      'expectVisible | signed in as Demo User | - | -',
    );
    // A field and its value on lines of their own; a ticket's "Title:" is no field.
    assert.deepEqual(
      brief('2. DemoID login\n   - Email: demo@example.com\n   - Password: demo-pass\n   - press Sign in'),
      ['fill | Email | - | demo@example.com', 'fill | password | - | demo-pass', 'click | Sign in | - | -'],
    );
    assert.deepEqual(brief('Title: Checkout'), []);
    assert.deepEqual(
      brief(
        'Sign in through DemoID: on the provider page use demo@example.com / demo-pass, grant access, and the shop should say Signed in as Demo User.',
      ),
      [
        'click | DemoID | - | -',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | log in | - | -',
        'click | allow access | - | -',
        'expectVisible | shop | Signed in as Demo User | Signed in as Demo User',
      ],
    );
    // "that account": the credentials given before; "back on the shop" names a place, nothing to check.
    assert.deepEqual(
      brief(
        "Precondition: DemoID account demo@example.com / demo-pass.\nSteps: log in on DemoID with that account.\nExpected: back on the shop, heading 'Signed in as Demo User'.",
      ),
      [
        'click | DemoID | - | -',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | log in | - | -',
        'expectVisible | heading | Signed in as Demo User | Signed in as Demo User',
      ],
    );
    // "Go to login" goes there: "to log in" is no purpose of "go".
    assert.deepEqual(brief('Go to login'), ['click | login | - | -']);
    // "with valid credentials", "with emial x@y" name no provider.
    assert.deepEqual(brief('sign in with valid credentials'), [
      'click | sign in with valid credentials | - | -',
    ]);
  });

  test('an eighth held-out set: ticket fields, dictation, Indian English, YAML steps, labelled outcome lines, a run told in the past', () => {
    // Jira fields are no steps; "Test data:" is what to enter; "the X page is shown with Y" checks Y.
    assert.deepEqual(
      brief(
        'SHOP-1289: Regression test - login\nType: Test | Priority: High\nTest data: Email demo@example.com, Password demo-pass\nAcceptance criteria: after pressing Log in, the account page is shown with the heading "Welcome, Demo User".',
      ),
      [
        'fill | Email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | Log in | - | -',
        'expectVisible | heading | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    // Dictated without punctuation: a new step after the page.
    assert.deepEqual(brief('ok so go to the login page type demo@example.com into the email').slice(0, 2), [
      'click | login | - | -',
      'fill | email | - | demo@example.com',
    ]);
    assert.deepEqual(
      brief(
        "Dear Team, kindly fill name as Ravi Kumar, email id as ravi@example.in. Post clicking on Send message, the message 'Thanks!' should come. Kindly do the needful.",
      ),
      [
        'fill | name | - | Ravi Kumar',
        'fill | email | - | ravi@example.in',
        'click | Send message | - | -',
        'expectVisible | message | Thanks! | Thanks!',
      ],
    );
    assert.deepEqual(
      brief(
        'Retest of BUG-88 (it opened the wrong page) on build 2024.06.3: from /products click Linen Armchair. Status: done.',
      ),
      ['click | Linen Armchair | - | -'],
    );
    assert.deepEqual(
      brief(
        'Searching for chair shows Linen Armchair, and a nonsense term like qwerty should give No results.',
      ).slice(3),
      ['fill | search | - | qwerty', 'press | - | - | Enter', 'expectVisible | - | No results | No results'],
    );
    assert.deepEqual(brief('the shop must show Signed in as Demo User and not a Sign-in failed error'), [
      'expectVisible | shop | Signed in as Demo User | Signed in as Demo User',
    ]);
    assert.deepEqual(
      brief('Sign in with DemoID. DemoID form: demo@example.com / demo-pass. Allow.').slice(1, 4),
      ['fill | email | - | demo@example.com', 'fill | password | - | demo-pass', 'click | log in | - | -'],
    );
    assert.deepEqual(
      brief(
        'test: newsletter\npage: /newsletter\nsteps:\n  - click: Subscribe to the newsletter\n  - expect_hidden: dialog "Join"',
      ),
      [
        'navigate | - | - | /newsletter',
        'click | Subscribe to the newsletter | - | -',
        'expectHidden | dialog | Join | -',
      ],
    );
    assert.deepEqual(
      brief(
        'Catalogue filter, Category = Lighting\nlisted: Aurora Desk Lamp\nnot listed: Copper Kettle\ncounter: Showing 3 products',
      ),
      [
        'select | Category | - | Lighting',
        'expectVisible | Aurora Desk Lamp | - | -',
        'expectHidden | Copper Kettle | - | -',
        'expectVisible | counter | Showing 3 products | Showing 3 products',
      ],
    );
    assert.deepEqual(brief('Check: activate Pricing → the URL is /pricing'), [
      'click | Pricing | - | -',
      'expectUrl | - | - | /pricing',
    ]);
    assert.deepEqual(brief('activate Dark mode'), ['check | Dark mode | - | -']);
    assert.deepEqual(brief('turn on the switch, and if you reload the page the switch should still be on'), [
      'check | switch | - | -',
      'reload | - | - | -',
      'expectState | switch | - | -',
    ]);
    assert.deepEqual(
      brief(
        'Yesterday I tried it by hand: I registered as Alan Turing with alan@example.com and the password enigma1912, went to the Mailbox, clicked Verify email address and got the Email verified page. Please automate exactly that run.',
      ),
      [
        'fill | name | - | Alan Turing',
        'fill | email | - | alan@example.com',
        'fill | password | - | enigma1912',
        'click | register | - | -',
        'click | Mailbox | - | -',
        'click | Verify email address | - | -',
        'expectVisible | Email verified page | - | -',
      ],
    );
    // Past tense outside a first-person run is left alone.
    assert.deepEqual(brief('The user registered yesterday.'), []);
  });

  test('older misses: an item opened from a path, a code typed in the sentence that asks for it, a wrong password then the right one, controls before arrows, a gerund that gets', () => {
    assert.deepEqual(brief('open Halo Floor Lamp from /products'), [
      'navigate | - | - | /products',
      'click | Halo Floor Lamp | - | -',
    ]);
    assert.deepEqual(
      brief('The bank is asking for one-time code, user is typing 123456 and clicks Verify.'),
      ['fill | one-time code | - | 123456', 'click | Verify | - | -'],
    );
    assert.deepEqual(
      brief(
        "demo@example.com with 'letmein' must show Invalid email or password. The correct password demo-pass must log you in and show Welcome, Demo User.",
      ),
      [
        'fill | email | - | demo@example.com',
        'fill | password | - | letmein',
        'click | log in | - | -',
        'expectVisible | - | Invalid email or password | Invalid email or password',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | log in | - | -',
        'expectVisible | - | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    assert.deepEqual(brief('Expected outcomes:\n- main menu About → page /about, heading About us'), [
      'click | main menu About | - | -',
      'expectUrl | - | - | /about',
      'expectVisible | heading | About us | About us',
    ]);
    // A value that changes is no control.
    assert.deepEqual(brief('the Cart badge goes 0 -> 1'), brief('the Cart badge goes from 0 to 1'));
    assert.deepEqual(
      brief('on /upload, choosing two files together and uploading them gets both listed').slice(0, 3),
      ['navigate | - | - | /upload', 'upload | file upload | - | -', 'click | upload | - | -'],
    );
  });

  test('a ninth held-out set: mail wrappers and sign-offs, spelled-out list items, notes, typos, a screen reader, data given after the steps', () => {
    assert.deepEqual(
      brief(
        'Can someone pick this up? Thanks – Mark\n\n---------- Forwarded message ---------\nFrom: Helen <helen@partner.example>\nSubject: sign-in\n\nHi Mark, could your team add a check: click Sign in with DemoID.\n\nBest, Helen',
      ),
      ['click | Sign in with DemoID | - | -'],
    );
    assert.deepEqual(
      brief(
        '2. Log in to DemoID (Email: demo@example.com, Password: demo-pass, then Sign in)\n3. Approve it (click Allow on the "Allow Demo Shop?" screen)\n4. Open the cart (this takes you to the cart page)',
      ),
      [
        'fill | Email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | sign in | - | -',
        'click | Allow | - | -',
        'click | cart | - | -',
      ],
    );
    assert.deepEqual(brief('send "hi", then give the page a refresh'), [
      'fill | message | - | hi',
      'click | send | - | -',
      'reload | - | - | -',
    ]);
    assert.deepEqual(
      brief(
        'Test data: Full name = Katherine Johnson, Password = orbital1962\nProcedure: fill in the Create an account form with the test data and click Create account.',
      ),
      [
        'fill | full name | - | Katherine Johnson',
        'fill | password | - | orbital1962',
        'click | Create account | - | -',
      ],
    );
    assert.deepEqual(
      brief(
        'pls chek the serach - typing desk shoud only bring up Aurora Desk Lamp, and somthing like asdf shoud say No results',
      ),
      [
        'fill | text | - | desk',
        'expectVisible | - | Aurora Desk Lamp | Aurora Desk Lamp',
        'fill | search | - | asdf',
        'press | - | - | Enter',
        'expectVisible | - | No results | No results',
      ],
    );
    assert.deepEqual(
      brief('on Products I tap Add to cart and the little number next to Cart at the top should go to 1')
        .length,
      2,
    );
    assert.deepEqual(
      brief(
        '[ ] Subscribe to the newsletter button opens the Join our newsletter dialog (QA)\n[ ] Close button dismisses the dialog again (QA)',
      ),
      [
        'click | Subscribe to the newsletter button | - | -',
        'expectVisible | Join our newsletter dialog | - | -',
        'click | Close button | - | -',
        'expectHidden | dialog | - | -',
      ],
    );
    assert.deepEqual(
      brief('When I switch Dark mode on, it tells me Dark theme is on').at(-1),
      'expectVisible | - | Dark theme is on | Dark theme is on',
    );
    assert.deepEqual(
      brief(
        "Yes, please. Use Kitchen: pick it in the Category dropdown and it should say Showing 4 products, with Copper Kettle and Chef's Knife.\n\nThanks,\nPriya\n\n> On Mon, 3 Jun, Sam wrote:\n> Which category should I use?",
      ),
      [
        'select | Category dropdown | - | Kitchen',
        'expectVisible | - | Showing 4 products | Showing 4 products',
        'expectVisible | Copper Kettle | - | -',
        "expectVisible | Chef's Knife | - | -",
      ],
    );
    assert.deepEqual(
      brief(
        '10:02 /products, clicked Lumen Pendant Light\n10:03 detail page: h1 Lumen Pendant Light, $89.00 – OK\nTODO: automate the 10:02–10:03 check',
      ),
      [
        'navigate | - | - | /products',
        'click | Lumen Pendant Light | - | -',
        'expectVisible | heading | Lumen Pendant Light | Lumen Pendant Light',
        'expectVisible | - | $89.00 | $89.00',
      ].slice(1),
    );
    assert.deepEqual(
      brief(
        'I tab to the Email edit field and type demo@example.com, then tab to the Log in button and press Enter. NVDA should read out the heading level 1 "Welcome, Demo User". Please cover this with a test.',
      ),
      [
        'fill | Email field | - | demo@example.com',
        'click | Log in button | - | -',
        'expectVisible | NVDA the heading | Welcome, Demo User | Welcome, Demo User',
      ],
    );
    assert.deepEqual(brief('Pay $49.00 → 3DS code 123456 → Payment successful').slice(1), [
      'fill | 3DS code | - | 123456',
      'expectVisible | - | Payment successful | Payment successful',
    ]);
    // A sentence's end before a line break keeps the next list item apart.
    assert.deepEqual(brief('2. Open the Mailbox.\n3. Click Verify email address.'), [
      'click | Mailbox | - | -',
      'click | Verify email address | - | -',
    ]);
    // Values given after the steps go into the fields they fill without one.
    assert.deepEqual(
      brief(
        '1. Create your account (full name, email, and a password).\n\nQA: please check these steps are still right, e.g. as Dorothy Vaughan, dorothy@example.com, password fortran1961.',
      ),
      [
        'fill | full name | - | Dorothy Vaughan',
        'fill | email | - | dorothy@example.com',
        'fill | password | - | fortran1961',
        'click | register | - | -',
      ],
    );
    // "it's still dark" after a reload: what was checked before holds again.
    assert.deepEqual(
      brief(
        'Turn Dark mode on; it tells me Dark theme is on. And if I refresh the page it is still dark',
      ).slice(2),
      ['reload | - | - | -', 'expectVisible | - | - | -'],
    );
    // A fix verification: the steps of the old behaviour, the outcome expected after the fix.
    assert.deepEqual(
      brief(
        'Previous behaviour: on /products, clicking Add to cart for Bamboo Cutting Board showed "Added" but the badge stayed at 0.\nExpected behaviour after the fix: the badge shows 1 and the cart page lists Bamboo Cutting Board at $29.00.',
      ),
      [
        'navigate | - | - | /products',
        'click | Add to cart | - | -',
        'expectText | badge | - | 1',
        'click | cart | - | -',
        'expectVisible | Bamboo Cutting Board at | $29.00 | $29.00',
      ],
    );
    assert.deepEqual(
      brief(
        'Could you please check the behaviour of the main navigation? From the home page, choosing About ought to take you to /about; from there, Services ought to bring up Our services at /services.',
      ),
      [
        'click | About | - | -',
        'expectUrl | - | - | /about',
        'click | Services | - | -',
        'expectUrl | - | - | /services',
      ],
    );
    assert.deepEqual(brief('Point out the "Payment successful" confirmation.'), [
      'expectVisible | confirmation | Payment successful | Payment successful',
    ]);
  });

  test('a product manager\'s prose: example values in an aside, a mail that arrives, "she should be told X"', () => {
    assert.deepEqual(
      brief(
        "a new shopper — say Marie Curie, marie@example.com, choosing the password radium1898 — fills in Create an account and submits it. Demo Shop then sends her a 'Verify your email address' message, which she finds in the Mailbox. Once she follows the Verify email address link she should be told Email verified. That's the journey this test needs to prove.",
      ),
      [
        'fill | name | - | Marie Curie',
        'fill | email | - | marie@example.com',
        'fill | password | - | radium1898',
        'click | submit | - | -',
        'click | Mailbox | - | -',
        'expectVisible | mail | Verify your email address | Verify your email address',
        'click | Verify email address link | - | -',
        'expectVisible | Email verified | - | -',
      ],
    );
  });

  test('a tenth held-out set: "Check URL …, heading …", "authenticate at X as x / y", "grant consent with Allow", "button X", a page\'s fields then its control', () => {
    assert.deepEqual(brief('Click About in main menu. Check URL /about, heading About us.'), [
      'click | About | - | -',
      'expectUrl | - | - | /about',
      'expectVisible | heading | About us | About us',
    ]);
    assert.deepEqual(
      brief(
        'authenticate at DemoID as demo@example.com / demo-pass, grant consent with Allow, and assert that the shop displays Signed in as Demo User rather than a Sign-in failed error.\nReviewer: T. Okafor (AppSec)',
      ),
      [
        'click | DemoID | - | -',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | log in | - | -',
        'click | Allow | - | -',
        'expectVisible | shop | Signed in as Demo User | Signed in as Demo User',
      ],
    );
    assert.deepEqual(
      brief(
        '• /signin → button Sign in with DemoID\n• on the DemoID page: email demo@example.com, password demo-pass, Sign in\nGood luck!',
      ),
      [
        'navigate | - | - | /signin',
        'click | Sign in with DemoID button | - | -',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | Sign in | - | -',
      ].slice(1),
    );
    assert.deepEqual(brief("join chat as Rita, post 'hi', message visible in chat log").slice(2), [
      'fill | message | - | hi',
      'click | post | - | -',
      'expectVisible | message | - | -',
    ]);
  });
  test('a test case pasted from a spreadsheet: labelled cells in column order, bookkeeping left out', () => {
    const row = [
      'TC ID\tModule\tTitle\tPreconditions\tSteps\tTest data\tExpected result\tStatus',
      'LGN-003\tLogin\tLog in with the valid demo account\tLogged out\t1. Enter email 2. Enter password 3. Click Log in\temail: demo@example.com; password: demo-pass\tthe heading "Welcome, Demo User"\tNot run',
    ].join('\n');
    assert.deepEqual(withoutChatter(row).split('\n'), [
      'Preconditions: Logged out.',
      'Steps: 1. Enter email 2. Enter password 3. Click Log in.',
      'Test data: email: demo@example.com; password: demo-pass.',
      'Expected result: the heading "Welcome, Demo User".',
    ]);
    // The title names the case: neither a step of its own nor left out of the describe title.
    assert.deepEqual(brief(row), [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
      'click | Log in | - | -',
      'expectVisible | heading | Welcome, Demo User | Welcome, Demo User',
    ]);
    assert.equal(titleOf(row), 'Log in with the valid demo account');
    // Without a steps column the title is what to do; tab-separated text with no such header is left alone.
    assert.deepEqual(withoutChatter('ID\tTitle\tExpected result\n7\tOpen /about\tAbout us').split('\n'), [
      'Open /about.',
      'Expected result: About us.',
    ]);
    assert.equal(withoutChatter('Name\tPrice\tStock\nLamp\t$49\t3'), 'Name\tPrice\tStock\nLamp\t$49\t3');
  });
  test('numbered items on one line after a label are steps, split only where the numbers follow in order', () => {
    assert.deepEqual(brief('Steps: 1. Enter email 2. Enter password 3. Click Log in'), [
      'fill | email | - | -',
      'fill | password | - | -',
      'click | Log in | - | -',
    ]);
    // "3" is a value here: no item 2 came after item 1.
    assert.deepEqual(brief('1. Fill the quantity with 3. Click Update'), [
      'fill | quantity | - | 3',
      'click | Update | - | -',
    ]);
    // A list may go on from an earlier line: item 4 follows item 3 on the same line.
    assert.deepEqual(brief('3. Enter the email 4. Click Send'), [
      'fill | email | - | -',
      'click | Send | - | -',
    ]);
  });
  test('"check the weekly digest box": the box ticked is a checkbox, not a text box', () => {
    for (const text of [
      'Check the weekly digest box.',
      'Tick the digest box',
      'Untick the weekly digest box',
    ])
      assert.deepEqual(parseDescription(text).steps[0]?.roleHints, ['checkbox'], text);
  });

  test('"enter SAVE10 in Promo code": a field named by its label as written takes the unquoted value', () => {
    assert.deepEqual(brief('Enter SAVE10 in Promo code and click Apply.'), [
      'fill | Promo code | - | SAVE10',
      'click | Apply | - | -',
    ]);
    assert.deepEqual(brief('Type Buy milk in New task'), ['fill | New task | - | Buy milk']);
    // A place that holds fields is where the typing happens, not the field.
    assert.deepEqual(brief('Type hello in the Chat page').at(-1), 'fill | text | - | hello');
  });

  test('"fill X with Alice": a bare capitalised value is the value; words that describe one are not', () => {
    assert.deepEqual(brief('Fill Display name with Alice and click Save profile.'), [
      'fill | Display name | - | Alice',
      'click | Save profile | - | -',
    ]);
    assert.deepEqual(brief('Fill the Name field with Dana Scully'), ['fill | Name field | - | Dana Scully']);
    for (const described of [
      'a short note',
      'your own words',
      'something friendly',
      'Some text',
      'A valid email',
      'valid data',
      'details',
    ])
      assert.deepEqual(brief(`Fill the message with ${described}`), ['fill | message | - | -'], described);
  });

  test('a test data line gives the fills of the steps their values, before or after the steps', () => {
    const steps = 'Steps: enter your email, enter the password, click Log in.';
    const data = 'Test data: email: demo@example.com; password: demo-pass';
    const expected = [
      'fill | email | - | demo@example.com',
      'fill | password | - | demo-pass',
      'click | Log in | - | -',
    ];
    assert.deepEqual(brief(`${steps}\n${data}`), expected);
    assert.deepEqual(brief(`${data}\n${steps}`), expected);
    // A value no step fills: the data line is read where it stands (its fills, then the steps).
    assert.deepEqual(brief(`Test data: name: Ada\n${steps}`), [
      'fill | name | - | Ada',
      'fill | email | - | -',
      'fill | password | - | -',
      'click | Log in | - | -',
    ]);
  });
  test('requirements: numbered "shall" statements, what the system lets a visitor do, a message sent to the mailbox', () => {
    assert.deepEqual(
      brief(
        'R-4.2.1 The system shall allow a visitor to create an account with a full name, an email address and a password.\nTest data for acceptance: Grace Hopper, grace@example.com, password cobol1959.',
      ),
      [
        'fill | full name | - | Grace Hopper',
        'fill | email address | - | grace@example.com',
        'fill | password | - | cobol1959',
        'click | register | - | -',
      ],
    );
    // Where the message arrives on this site, from the aside; else the mailbox.
    assert.deepEqual(
      brief(
        'On registration the system shall send a message titled "Verify your email address" to the given address (in the demo: the Mailbox page).',
      ),
      [
        'click | Mailbox | - | -',
        'expectVisible | message titled | Verify your email address | Verify your email address',
      ],
    );
    assert.deepEqual(brief('The app will send an email with the subject "Welcome" to the new user.'), [
      'click | mailbox | - | -',
      'expectVisible | email titled | Welcome | Welcome',
    ]);
    // Anything else after the message is left as written (no mailbox step made up).
    assert.equal(
      brief('The system shall send a message titled "Hi" every hour until it is read.').some((s) =>
        s.startsWith('click | mailbox'),
      ),
      false,
    );
    assert.deepEqual(
      brief('4.2.3 Following the Verify link in that message shall display "Email verified".'),
      ['click | Verify link | - | -', 'expectVisible | - | Email verified | Email verified'],
    );
  });
  test('a terse outcome after a comma ("message still in chat log") is a step of its own', () => {
    assert.deepEqual(brief("post 'x', refresh page, message still in chat log"), [
      'fill | message | - | x',
      'click | post | - | -',
      'reload | - | - | -',
      'expectVisible | message | - | -',
    ]);
    assert.deepEqual(brief('close the dialog, dialog no longer shown').slice(-1), [
      'expectHidden | dialog | - | -',
    ]);
  });
  test('an exercise sheet: the assignment, the reason given and the hint are not steps; "under the name X" joins as X', () => {
    assert.deepEqual(
      brief(
        "Your task: write an end-to-end test for the Chat page. Join the chat under the name Linus and send the message 'hi'. Then reload the page – the message must still be in the log, because the server keeps the history.\nHint: give the log a moment after the reload.",
      ),
      [
        'fill | name | - | Linus',
        'click | join | - | -',
        'fill | message | - | hi',
        'click | send | - | -',
        'reload | - | - | -',
        'expectVisible | message | - | -',
      ],
    );
  });
  test('a wiki Q&A: the answers are the steps, an example in parentheses is what to fill in, a failure described is no step', () => {
    assert.deepEqual(
      brief(
        'Q: How do I check sign-up?\nA: Register on /register (any name, e.g. Mary Jackson, email mary@example.com, password windtunnel58), then click Verify email address in the mail.\nQ: What should I see?\nA: A page saying Email verified. If you get Verification failed instead, the token check is broken.',
      ),
      [
        'fill | name | - | Mary Jackson',
        'fill | email | - | mary@example.com',
        'fill | password | - | windtunnel58',
        'click | register | - | -',
        'click | Verify email address | - | -',
        'expectVisible | - | Email verified | Email verified',
      ],
    );
    // Without answers, "Q:" is no marker to drop.
    assert.equal(withoutChatter('Q: open /about.'), 'Q: open /about.');
  });
  test("an onboarding walkthrough: clicking around the shop and turning it into a test are the doc's framing", () => {
    assert.deepEqual(
      brief(
        'Welcome aboard! Before you write your first automated test, click through the shop once. Click Halo Floor Lamp. The description reads "A tall lamp." Once you\'ve seen it, turn exactly this walkthrough into your first test.',
      ),
      ['click | Halo Floor Lamp | - | -', 'expectVisible | - | A tall lamp. | A tall lamp.'],
    );
  });
  test('a sentence stating what a part of the page shows is an expectation, also with nothing before it', () => {
    assert.deepEqual(brief('The price is $129.00.'), ['expectVisible | price is | $129.00 | $129.00']);
    assert.deepEqual(brief('The heading is Halo Floor Lamp.'), [
      'expectVisible | heading | Halo Floor Lamp | Halo Floor Lamp',
    ]);
    // Nothing shown named: no expectation made up.
    assert.deepEqual(brief('the answer is yes.'), []);
  });
  test('a call transcript next to a QA note: the turns tell the bug, the note is the test', () => {
    const expected = [
      'click | Products | - | -',
      'click | add to cart | - | -',
      'expectText | cart count | - | 1',
      'click | cart | - | -',
      'expectVisible | Halo Floor Lamp | Halo Floor Lamp | Halo Floor Lamp',
    ];
    assert.deepEqual(
      brief(
        'Agent: How can I help?\nCustomer: I click Add to cart and the number next to Cart stays at 0.\nAgent: Sorry about that.\n\nQA note: please turn this into a regression test – after adding Halo Floor Lamp from the Products page the cart count must be 1 and the cart page must list Halo Floor Lamp.',
      ),
      expected,
    );
    // The gerund's page is gone to first, as for "add … on the Products page".
    assert.deepEqual(
      brief(
        'After adding Halo Floor Lamp from the Products page, the cart count must be 1 and the cart page must list Halo Floor Lamp.',
      ),
      expected,
    );
    // A transcript alone is all there is to read.
    assert.equal(withoutChatter('Agent: hi\nCustomer: open /about'), 'Agent: hi\nCustomer: open /about');
  });
  test("a developer's test skeleton: each test title is what to do, then what the page does", () => {
    const skeleton =
      "describe('upload page', () => {\n  it('uploads two files chosen together, shows 100% for each and lists both under Uploaded files')\n})";
    assert.equal(
      withoutChatter(skeleton),
      'Upload two files chosen together. It shows 100% for each and it lists both under Uploaded files.',
    );
    assert.deepEqual(brief(skeleton).slice(0, 3), [
      'upload | file upload | - | -',
      'click | upload | - | -',
      'expectVisible | % for each | 100 | 100',
    ]);
    assert.equal(titleOf(skeleton), 'Upload page');
    assert.equal(withoutChatter('test("logs in", async () => {})'), 'Log in.');
  });
  test("a customer's feedback quoted at length is read as what she says; praise and the PM's framing are not steps", () => {
    assert.deepEqual(
      brief(
        "Feedback: \"I only want to look at furniture. When I pick Furniture in the Category box on your Catalogue page I'd like to see just Oak Side Table and it should say Showing 2 products. Please keep it like that, it's really handy!\"\nPM: we already have this – let's pin it down with a test exactly as she describes it.",
      ),
      [
        'click | Catalogue | - | -',
        'select | Category box | - | Furniture',
        'expectVisible | just Oak Side Table | - | -',
        'expectVisible | - | Showing 2 products | Showing 2 products',
      ],
    );
    // Short quotes stay texts, also when two of them enclose a long stretch.
    assert.deepEqual(
      brief(
        'Type "lamp" in the search box and press Enter. Only two lamps should appear. Then search for "zzz".',
      ).slice(0, 1),
      ['fill | search box | - | lamp'],
    );
  });
  test('a dictated voice memo: fillers and "that\'s it" dropped, fields named with their values after the page are entered', () => {
    assert.deepEqual(
      brief(
        "okay so um this is for the checkout test. I'm on the checkout page, card number is the test card 4242 4242 4242 4242 uh expiry 12/34 CVC 123 and then Pay $49.00. yeah that's it, that's the whole test",
      ),
      [
        'click | checkout | - | -',
        'fill | card number | - | 4242 4242 4242 4242',
        'fill | expiry | - | 12/34',
        'fill | CVC | - | 123',
        'click | pay | - | -',
      ],
    );
    // "Umbrella" and "Hummus" are words, not fillers.
    assert.deepEqual(brief('um click Umbrella, uh then click Hummus'), [
      'click | Umbrella | - | -',
      'click | Hummus | - | -',
    ]);
  });
  test('a support macro: its placeholders are filled with the test data given after the steps', () => {
    assert.deepEqual(
      brief(
        'Macro name: Contact form\nHi {{first_name}}, you can reach us any time through the Contact us page: enter your name and your message, then click Send message. You\'ll see "Thanks, <your name>! We\'ll be in touch." once it has gone through.\n\nBefore we switch this macro back on, please check the steps still work, using the name Lena Fischer and the message "Where is my parcel?".',
      ),
      [
        'fill | name | - | Lena Fischer',
        'fill | message | - | Where is my parcel?',
        'click | Send message | - | -',
        "expectVisible | - | Thanks, Lena Fischer! We'll be in touch. | Thanks, Lena Fischer! We'll be in touch.",
      ],
    );
    // A placeholder no step fills stays as written.
    assert.deepEqual(brief('Enter the name Ada. You will see "Hi <nickname>".').slice(-1), [
      'expectVisible | - | Hi <nickname> | Hi <nickname>',
    ]);
  });
  test('a complaint retold by support: what she did, as her, are the steps; what the page keeps telling her is the bug', () => {
    const retold =
      "Hi team, forwarding a complaint from customer Priya Nair (ticket #4471): she filled in the Contact us form with priya@example.com and the message 'Hi' and it keeps telling her 'Please enter a valid email address.' Could you check that sending that exact form shows \"Thanks, Priya Nair!\"";
    assert.deepEqual(brief(retold), [
      'fill | name | - | Priya Nair',
      'fill | email | - | priya@example.com',
      'fill | message | - | Hi',
      'click | send that exact form | - | -',
      'expectVisible | - | Thanks, Priya Nair! | Thanks, Priya Nair!',
    ]);
    // No customer named: "she filled in …" is left as written.
    assert.match(withoutChatter('She filled in the form with x.'), /^She filled in the form/);
  });
  test('a mind map pasted as an indented outline: the top line is its title, terse notes ("Upload pressed") are steps', () => {
    assert.deepEqual(
      brief(
        'Upload files\n  two files chosen together\n    Upload pressed\n      message: Upload complete: 2 files uploaded.',
      ),
      [
        'upload | file upload | - | -',
        'click | Upload | - | -',
        'expectVisible | message | Upload complete: 2 files uploaded | Upload complete: 2 files uploaded',
      ],
    );
    // Gherkin's "Feature:" line over its indented scenario is no outline title.
    const gherkin = 'Feature: Login\n  Scenario: x\n    Given y';
    assert.equal(outlineTitleDropped(gherkin), gherkin);
  });
  test("English as a second language: a Spanish and a German speaker's phrasing", () => {
    assert.deepEqual(
      brief(
        'In the page of checkout I put the card number 4242 4242 4242 4242, the date of expiry 12/34 and the CVC 123, and I make click in Pay $49.00. After, appears the window of the bank (Demo Bank) and there I write the code 123456 and I make click in Verify. At the final must to appear the message Payment successful. Thank you very much!',
      ),
      [
        'fill | card number | - | 4242 4242 4242 4242',
        'fill | expiry date | - | 12/34',
        'fill | CVC | - | 123',
        'click | Pay $49.00 | $49.00 | -',
        'fill | code | - | 123456',
        'click | Verify | - | -',
        'expectVisible | - | Payment successful | Payment successful',
      ],
    );
    assert.deepEqual(
      brief(
        'Hello together, please can you make a test for it: on the page Contact us I fill the name Jürgen Weber, the email juergen@example.de and as message „Is delivery to Austria possible?“. Then I click on Send message and I must become the message "Thanks". Until now I did this always by hand. Many thanks in advance!',
      ),
      [
        'fill | name | - | Jürgen Weber',
        'fill | email | - | juergen@example.de',
        'fill | message | - | Is delivery to Austria possible?',
        'click | Send message | - | -',
        'expectVisible | message | Thanks | Thanks',
      ],
    );
  });
  test('a search term ends before "now" and a comma; "a query with no match, such as zzz," is that search', () => {
    assert.deepEqual(
      brief(
        'Searching lamp now lists only Aurora Desk Lamp; a query with no match, such as zzz, shows No results.',
      ),
      [
        'fill | search | - | lamp',
        'press | - | - | Enter',
        'expectVisible | only Aurora Desk Lamp | - | -',
        'fill | search | - | zzz',
        'press | - | - | Enter',
        'expectVisible | - | No results | No results',
      ],
    );
  });
  test("Gherkin's Feature and Scenario names name, they do not act", () => {
    assert.deepEqual(
      brief(
        'Feature: Shopping cart\n  Scenario Outline: Add and remove a single product\n    When I click "Add to cart" for "<product>"\n    Then I see "Your cart is empty."\n    Examples:\n      | product |\n      | Aurora Desk Lamp |',
      ),
      [
        'click | Add to cart | Add to cart | -',
        'expectVisible | - | Your cart is empty. | Your cart is empty.',
      ],
    );
    // A name and a step on one line: the step stays.
    assert.equal(brief('Scenario: successful login. Given I click "Log in".').length, 1);
  });
  test('a procedure in the past passive reads as its steps', () => {
    assert.deepEqual(brief('The word lamp was entered in the Search products box and Search was pressed.'), [
      'fill | Search products box | - | lamp',
      'click | Search | - | -',
    ]);
  });
  test('adding or creating items by their quoted names types each name and presses the add button', () => {
    assert.deepEqual(brief('Add three notes, "Alpha", "Beta" and "Gamma".'), [
      'fill | note | - | Alpha',
      'click | add note | - | -',
      'fill | note | - | Beta',
      'click | add note | - | -',
      'fill | note | - | Gamma',
      'click | add note | - | -',
    ]);
    assert.deepEqual(brief('Create a project named "Apollo".'), [
      'fill | project | - | Apollo',
      'click | add project | - | -',
    ]);
    // Where it goes and no new name: still the shop's add button of that product.
    assert.deepEqual(brief('Add the Aurora Desk Lamp to the cart.'), ['click | add to cart | - | -']);
  });
  test('ticking an item off checks the box labelled with it; "it" is the item named last', () => {
    assert.deepEqual(
      brief('Add two notes, "Alpha" and "Beta", then check it off and mark "Alpha" as done.'),
      [
        'fill | note | - | Alpha',
        'click | add note | - | -',
        'fill | note | - | Beta',
        'click | add note | - | -',
        'check | Beta | Beta | -',
        'check | Alpha | Alpha | -',
      ],
    );
  });
  test('"Given I <verb> …" reads the step after the verb, as without "Given"', () => {
    assert.deepEqual(brief('Given I click "Save".'), ['click | Save | Save | -']);
    assert.deepEqual(brief('Given I added the note "Alpha".'), [
      'fill | note | - | Alpha',
      'click | add note | - | -',
    ]);
  });
  test('"N items left" is the text a counter shows, not a number of elements; also where arrows end', () => {
    assert.deepEqual(brief('Click "Done". The footer shows 3 items left.'), [
      'click | Done | Done | -',
      'expectVisible | - | 3 items left | 3 items left',
    ]);
    assert.deepEqual(brief('Click "Done" → 2 items remaining'), [
      'click | Done | Done | -',
      'expectVisible | - | 2 items remaining | 2 items remaining',
    ]);
  });
  test('terse list steps: "New item \\"X\\"" types it, "Add item" and "Delete selected" are the buttons so named', () => {
    assert.deepEqual(brief('New item "Milk" → Add item → tick it → Delete selected'), [
      'fill | item | - | Milk',
      'click | add item | - | -',
      'check | Milk | Milk | -',
      'click | delete selected | - | -',
    ]);
  });
  test('"set/change X to V": a text field by its name is typed into, any other setting chosen', () => {
    assert.deepEqual(brief('Set the first name to Bob.'), ['fill | first name | - | Bob']);
    assert.deepEqual(brief('Change my language to French with the display name Kenji and click "Save".'), [
      'select | language | - | French',
      'fill | display name | - | Kenji',
      'click | Save | Save | -',
    ]);
  });
  test('"choose V as the Z" and "select the Europe/Paris time zone" choose the option of that setting', () => {
    assert.deepEqual(brief('Choose en_GB as the locale and select the Europe/Paris time zone.'), [
      'select | locale | - | en_GB',
      'select | time zone | Europe/Paris | Europe/Paris',
    ]);
  });
  test('"leave X unchecked / empty" keeps the control as it is: no step', () => {
    assert.deepEqual(brief('Leave the newsletter box unchecked and click "Save".'), [
      'click | Save | Save | -',
    ]);
  });
  test('a click said with a count is done that many times; "then \\"Y\\" once" clicks Y', () => {
    assert.deepEqual(brief('Click "Next" three times, then "Back" once.'), [
      'click | Next | Next | -',
      'click | Next | Next | -',
      'click | Next | Next | -',
      'click | Back | Back | -',
    ]);
  });
  test('"should read Total: $24.00": a label and its value as the page writes them are one text', () => {
    assert.deepEqual(brief('Click "Next"; the total should now read Total: $24.00.'), [
      'click | Next | Next | -',
      'expectVisible | - | Total: $24.00 | Total: $24.00',
    ]);
    assert.deepEqual(brief('click "Next", subtotal should read Subtotal: $9.50'), [
      'click | Next | Next | -',
      'expectVisible | - | Subtotal: $9.50 | Subtotal: $9.50',
    ]);
  });
  test('a step that names its icon in parentheses ("(+)", "(−)") presses the button of that direction', () => {
    assert.deepEqual(brief('bump the guests up by two (+), then lower the nights by one (−)'), [
      'click | increase | - | -',
      'click | increase | - | -',
      'click | decrease | - | -',
    ]);
  });
  test('a terse "Actual" line ("ACT (old build): …", "Act.: …") is what went wrong, not an outcome', () => {
    assert.deepEqual(
      brief('STR:\n- click "Send"\nEXP: "Sent" is shown\nACT (old build): the page shows Error instead'),
      ['click | Send | Send | -', 'expectVisible | - | Sent | Sent'],
    );
    assert.deepEqual(brief('Click "Send".\nAct.: "Error" is shown'), ['click | Send | Send | -']);
  });
  test('formal requirements name an action by its noun: "upon entry of X and activation of the button Y" types and clicks', () => {
    assert.deepEqual(
      brief(
        '3.1 Upon entry of the one-time code 654321 and activation of the button "Verify", the System shall show "Code accepted".',
      ),
      [
        'fill | one-time code | - | 654321',
        'click | button Verify | Verify | -',
        'expectVisible | System | Code accepted | Code accepted',
      ],
    );
    // A noun that names no control stays a noun.
    assert.deepEqual(brief('The selection of products should show "3 items".'), [
      'expectVisible | selection of products | 3 items | 3 items',
    ]);
  });
  test('what a list of requirements leaves out ("WON\'T (this release): …", "Out of scope: …") is no step', () => {
    assert.deepEqual(
      brief('MUST: turn on "Dark mode"\nWON\'T (this release): click "Sync"\nOut of scope: click "Export"'),
      ['check | Dark mode | Dark mode | -'],
    );
  });
  test('"switch it off again", "turning it off shows X": a pronoun between the verb and its particle', () => {
    assert.deepEqual(brief('Turn on Dark mode. Then switch it off again.'), [
      'check | Dark mode | - | -',
      'uncheck | Dark mode | - | -',
    ]);
    assert.deepEqual(brief('Turn on "Dark mode", then turning it off shows "Light theme is on"'), [
      'check | Dark mode | Dark mode | -',
      'uncheck | Dark mode | Dark mode | -',
      'expectVisible | - | Light theme is on | Light theme is on',
    ]);
  });
  test('"fill the three fields" after the values were given names those fills, no field of its own', () => {
    assert.deepEqual(
      brief('Test data: Name = Ada, Email = ada@example.com\nFill the two fields, press "Send".'),
      ['fill | name | - | Ada', 'fill | Email | - | ada@example.com', 'click | Send | Send | -'],
    );
  });
  test('a stepper taken to a value ("increase the quantity to 3 with the plus button") is one press carrying the value', () => {
    const pressed = (description: string): string[] =>
      parseDescription(description).steps.map((s) => `${s.kind} | ${s.target} | ${s.untilValue ?? '-'}`);
    assert.deepEqual(
      pressed(
        'Increase the quantity of the coffee beans to 3 with the plus button and check that the total becomes $36.00.',
      ),
      ['click | increase quantity | 3', 'expectVisible | total becomes | -'],
    );
    assert.deepEqual(pressed('lower the guests to two'), ['click | decrease guests | 2']);
    // The control named says the direction; "bump … down" goes down.
    assert.deepEqual(pressed('bump the nights down to 1 using the minus button'), [
      'click | decrease nights | 1',
    ]);
    // No value to reach: pressed once, or as often as "by N" says.
    assert.deepEqual(pressed('increase the quantity'), ['click | increase quantity | -']);
    assert.deepEqual(pressed('reduce the quantity by two'), [
      'click | decrease quantity | -',
      'click | decrease quantity | -',
    ]);
  });
  test('"X after raising Y": the action said last is done first', () => {
    assert.deepEqual(
      parseDescription('Apply the promo code SAVE10 after raising the quantity to 2').steps.map(
        (s) => `${s.kind} | ${s.target} | ${s.value} | ${s.untilValue ?? '-'}`,
      ),
      ['click | increase quantity |  | 2', 'fill | promo code | SAVE10 | -', 'click | apply |  | -'],
    );
  });
  test('"apply the promo code SAVE10" types the code into its field and presses the control the verb names', () => {
    assert.deepEqual(brief('Apply the promo code SAVE10.'), [
      'fill | promo code | - | SAVE10',
      'click | apply | - | -',
    ]);
    assert.deepEqual(brief('redeem the voucher "WELCOME-5"'), [
      'fill | voucher | - | WELCOME-5',
      'click | redeem | - | -',
    ]);
    // A word is no code: "use the discount code now" names none.
    assert.notDeepEqual(brief('use the discount code now')[0], 'fill | discount code | - | now');
  });
  test('a long step before a colon, then what the page shows: the step and the outcome', () => {
    assert.deepEqual(
      brief('Press the "Apply" button beside the promo code field below: the total is $21.60.'),
      [
        'click | Apply button beside the promo code field below | Apply | -',
        'expectVisible | total is | $21.60 | $21.60',
      ],
    );
  });
  test('"should mention X" checks the text X is shown, as "should say X" does', () => {
    assert.deepEqual(brief('Save the profile; the confirmation should mention Alice.'), [
      'click | save profile | - | -',
      'expectVisible | confirmation | Alice | Alice',
    ]);
    assert.deepEqual(brief('the banner should not mention Bob'), ['expectHidden | banner | Bob | Bob']);
  });
  test('what a step puts somewhere is no telegraphic outcome: "enter your name in Settings" fills the name', () => {
    assert.deepEqual(brief('Enter your name in Settings'), ['fill | name | - | -']);
    assert.deepEqual(brief('Type a message in the box'), ['fill | message | - | -']);
    // The telegraphic outcome itself still reads so.
    assert.deepEqual(brief('Press Send; message still in chat log'), [
      'click | Send | - | -',
      'expectVisible | message is still in chat log | - | -',
    ]);
  });
  test('a bug report in Markdown sections: the steps, the expected section as outcomes, and not what went wrong or where', () => {
    const report = [
      '### Describe the bug',
      "Can't get past the login page.",
      '',
      '### Steps to reproduce',
      '1. Go to `/login`',
      '2. Type `demo@example.com` into Email',
      '3. Click **Log in**',
      '',
      '### Expected behavior',
      'The heading **Welcome, Demo User** is shown.',
      '',
      '### Actual behavior',
      'The form comes back with "Invalid email or password."',
      '',
      '### Environment',
      '- Browser: Firefox 128',
    ].join('\n');
    assert.deepEqual(brief(report), [
      'navigate | - | - | /login',
      'fill | Email | - | demo@example.com',
      'click | Log in | Log in | -',
      'expectVisible | heading | Welcome, Demo User | Welcome, Demo User',
    ]);
    assert.equal(titleOf(report), "Can't get past the login page");
    // A code span holding a path, URL or email keeps that kind; other code spans are quotes.
    assert.deepEqual(
      protectLiterals('open `/login`, `https://x.test/a`, `a@b.co` and `Log in`').literals.map((l) => l.kind),
      ['path', 'url', 'email', 'quote'],
    );
  });
  test('"add X with its Add to cart button" presses that button of X', () => {
    assert.deepEqual(
      parseDescription('add the Walnut Monitor Stand with its Add to cart button').steps.map(
        (s) => `${s.kind} | ${s.target} | ${s.scope ?? '-'}`,
      ),
      ['click | Add to cart | Walnut Monitor Stand'],
    );
  });
  test('"after you press Verify the shop should show X" without a comma: the press, then the outcome', () => {
    for (const text of [
      'after you press Verify the shop should show Payment successful.',
      'When I press Verify the shop should show Payment successful.',
    ])
      assert.deepEqual(brief(text), [
        'click | Verify | - | -',
        'expectVisible | shop | Payment successful | Payment successful',
      ]);
  });
  test('acceptance criteria numbered under one label ("COS-1: …", "COS-2: …") are read; a ticket key used once is a title', () => {
    assert.deepEqual(
      brief(
        [
          'A visitor registers with the full name Tom Becker.',
          'COS-1: After clicking Create account the visitor sees Check your inbox.',
          'COS-2: The Mailbox (via Open mailbox) contains a mail Verify your email address for that address.',
          'COS-3: Following its Verify email address link shows the page Email verified, saying the account is now active.',
        ].join('\n'),
      ),
      [
        'fill | full name | - | Tom Becker',
        'click | register | - | -',
        'click | Create account | - | -',
        'expectVisible | Check your inbox | - | -',
        'click | Open mailbox | - | -',
        'expectVisible | Mailbox | Verify your email address | Verify your email address',
        'click | Verify email address link | - | -',
        'expectVisible | - | Email verified | Email verified',
      ],
    );
    assert.deepEqual(brief('SHOP-1289: Regression test for login\nClick "Log in".'), [
      'click | Log in | Log in | -',
    ]);
  });
  test('in an arrow chain, "→ X page →" is the page reached and "→ X link →" the link followed, whatever verb X starts with', () => {
    assert.deepEqual(
      brief('Create account → Check your inbox page → Verify email address link → Email verified'),
      [
        'click | register | - | -',
        'expectVisible | - | Check your inbox | Check your inbox',
        'click | Verify email address link | - | -',
        'expectVisible | - | Email verified | Email verified',
      ],
    );
  });
  test('a formal test procedure: the control labelled X is pressed, "(button \\"Sign in\\")" finishes the step, a deviation must not show', () => {
    assert.deepEqual(
      brief(
        [
          'Test procedure:',
          "1. Navigate to the shop's sign-in page.",
          '2. Select the control labelled "Sign in with DemoID".',
          '3. Log in with demo@example.com / demo-pass (button "Sign in").',
          'Evidence: screenshot of the final page.',
          'Deviation: any message beginning "Sign-in failed" constitutes a control failure.',
        ].join('\n'),
      ),
      [
        'click | sign-in | - | -',
        'click | Sign in with DemoID | Sign in with DemoID | -',
        'fill | email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | Sign in button | Sign in | -',
        'expectHidden | - | Sign-in failed | -',
      ],
    );
  });
  test('a pipe table whose outcome column is named "App shows" reads row by row, its actions in the third person', () => {
    assert.deepEqual(
      brief(
        [
          '| # | Tester does | App shows |',
          '|---|-------------|-----------|',
          '| 1 | clicks Upload | Upload complete: 2 files uploaded. |',
          '| 2 | clicks Clear | a message that nothing is left |',
        ].join('\n'),
      ),
      [
        'click | Upload | - | -',
        'expectVisible | - | Upload complete: 2 files uploaded | Upload complete: 2 files uploaded',
        'click | Clear | - | -',
        'expectVisible | message that nothing is left | - | -',
      ],
    );
  });
  test('a test case exported as JSON reads as its steps and expected results; its title names the test', () => {
    const exported = JSON.stringify({
      id: 'C1',
      title: 'Chat keeps history',
      priority: 'High',
      steps: [
        {
          action: 'Enter Grace in Your name and click Join chat',
          expected: 'Status shows Connected as Grace',
        },
        { action: 'Reload the page' },
      ],
    });
    assert.deepEqual(brief(exported), [
      'fill | Your name | - | Grace',
      'click | Join chat | - | -',
      'expectVisible | Status | Connected as Grace | Connected as Grace',
      'reload | - | - | -',
    ]);
    assert.equal(titleOf(exported), 'Chat keeps history');
    // Not an export: JSON without steps, or text that only starts like JSON, is left as it is.
    assert.equal(jsonTestCase('{"note": "click Save"}'), undefined);
    assert.equal(jsonTestCase('{ click Save }'), undefined);
  });
  test('a test dictated to an assistant: what the user says is read, the answer to "what should it show?" is the outcome', () => {
    assert.deepEqual(
      brief(
        [
          'User: Hey Nova, write me a test for the sign in.',
          'Assistant: Sure. Where should it start?',
          'User: Email demo at example dot com, so demo@example.com, password demo-pass, then the Sign in button.',
          'Assistant: What should the shop show at the end?',
          'User: Signed in as Demo User.',
        ].join('\n'),
      ),
      [
        'fill | Email | - | demo@example.com',
        'fill | password | - | demo-pass',
        'click | Sign in button | - | -',
        'expectVisible | Signed in as Demo User | - | -',
      ],
    );
  });
  test("a question with a code block, an EDIT and a value in parentheses; a plea with the bug's history", () => {
    assert.deepEqual(
      brief(
        [
          'The user types a name (Omar) into Your name and clicks Join chat.',
          '```',
          '// join, send, reload... then?',
          '```',
          "EDIT: the live part works, it's the reload I can't get right.",
        ].join('\n'),
      ),
      ['fill | name | - | Omar', 'click | Join chat | - | -'],
    );
    // A fence holding text, not code, is read.
    assert.deepEqual(brief('```text\nclick "Save"\n```'), ['click | Save | Save | -']);
    assert.deepEqual(
      brief(
        'Push the Upload button. Also the message Upload complete: 2 files uploaded. is displayed.\nLast time only first file was uploaded, so please check this point carefully.',
      ),
      [
        'click | Upload button | - | -',
        'expectVisible | - | Upload complete: 2 files uploaded | Upload complete: 2 files uploaded',
      ],
    );
  });
  test("the bug's history ends at a semicolon: what follows is read", () => {
    assert.deepEqual(
      brief('Before the fix, clicking Save did nothing; now click "Save" and it should show "Saved".'),
      ['click | Save | Save | -', 'expectVisible | - | Saved | Saved'],
    );
  });
  test('a lab report\'s "Aim:", "Apparatus:" and "Conclusion:" lines are no steps', () => {
    assert.deepEqual(
      brief(
        'Aim: To determine whether search works.\nApparatus: Demo Shop, Search products page, a web browser.\nMethod:\n1. Click "Search".\nConclusion: The search works if it holds.',
      ),
      ['click | Search | Search | -'],
    );
  });
  test('a method in the past passive with its expected results after all steps: each result follows the run with its value', () => {
    const plan = parseDescription(
      [
        'Method:',
        '1. The word lamp was entered in the Search products box and Search was pressed.',
        '2. The box was cleared, zzz was entered and Search was pressed again.',
        'Expected results: For lamp the page shows Aurora Desk Lamp. For zzz the page shows No results.',
      ].join('\n'),
    ).steps.map((s) => `${s.kind} | ${s.target} | ${s.value}${s.clear ? ' | clear' : ''}`);
    assert.deepEqual(plan, [
      'fill | Search products box | lamp',
      'click | Search | ',
      'expectVisible | For lamp the page | Aurora Desk Lamp',
      'fill | Search products box |  | clear',
      'fill | Search products box | zzz',
      'click | Search | ',
      'expectVisible | For zzz the page | No results',
    ]);
    // "again" names no part of the control; "clear the Email field" empties it.
    assert.deepEqual(brief('click Search again'), ['click | Search | - | -']);
    assert.equal(parseDescription('Clear the Email field.').steps[0]?.clear, true);
  });
  test('what is seen is named without its verb; a text read with a quoted word in it is that whole text', () => {
    // "… are visible": the passive verb is no part of the element looked for.
    assert.deepEqual(brief('Save. Verify that the Name field and the Email field are visible.'), [
      'click | save | - | -',
      'expectVisible | Name field | - | -',
      'expectVisible | Email field | - | -',
    ]);
    // "reads No results for \u201czzz\u201d" is that text shown, not "results" hidden.
    assert.deepEqual(brief('The status reads No results for \u201czzz\u201d.'), [
      'expectVisible | status | No results for zzz | No results for zzz',
    ]);
    assert.deepEqual(brief('The status reads 2 results for "lamp".'), [
      'expectVisible | status | 2 results for lamp | 2 results for lamp',
    ]);
    // Two outcomes joined by "and" stay two; a quoted text after other words is still the quote.
    assert.deepEqual(brief('The quantity shows 2 and the total is $24.00.'), [
      'expectVisible | 2 | - | -',
      'expectVisible | total is | $24.00 | $24.00',
    ]);
    assert.deepEqual(brief('The page shows the heading "Welcome".'), [
      'expectVisible | heading | Welcome | Welcome',
    ]);
  });
  test('a title says what the test is about: no greeting, speaker, label line, story preamble or request', () => {
    assert.equal(
      titleOf('Hi team,\nplease check the contact form sends a message.'),
      'Please check the contact form sends a message',
    );
    assert.equal(
      titleOf('User: Hey Nova, write me a test for the DemoID sign in.\nAssistant: Sure.'),
      'The DemoID sign in',
    );
    assert.equal(
      titleOf('Expected outcomes:\n- Main menu About → page /about'),
      'Main menu About → page /about',
    );
    assert.equal(
      titleOf('| # | Tester does | App shows |\n|---|---|---|\n| 1 | opens Upload | Ready |'),
      '| 1 | opens Upload | Ready |',
    );
    assert.equal(
      titleOf('As a shopper, I want to find products by name so that I do not have to scroll.'),
      'Find products by name',
    );
    assert.equal(
      titleOf('As a reader, I want to choose Monthly, so that I get less mail.'),
      'Choose Monthly',
    );
    assert.equal(
      titleOf('**Bug:** chat messages disappear after reload'),
      'Bug: chat messages disappear after reload',
    );
    // A comma inside brackets does not end the title; a short scene-setting clause keeps what follows.
    assert.equal(
      titleOf('Sign in (email a@b.co, password x) and see Welcome.'),
      'Sign in (email a@b.co, password x) and see Welcome',
    );
    assert.equal(titleOf('In the main menu, click About.'), 'In the main menu, click About');
    // A first clause that is the test's subject stays the title.
    assert.equal(titleOf('Add two tasks, then tick one.'), 'Add two tasks');
  });
  test('capitalised names after a verb of showing stay in the outcome, even one that reads as a verb', () => {
    assert.deepEqual(brief('Log in and the page shows Welcome and Sign out.'), [
      'click | log in | - | -',
      'expectVisible | - | Welcome and Sign out | Welcome and Sign out',
    ]);
    // An action after "and" is still an action.
    assert.deepEqual(brief('Open Settings and save.'), ['click | Settings | - | -', 'click | save | - | -']);
  });
  test('a question named as a control inside a sentence, an example, a retest note and "and no error"', () => {
    // "opening How long does delivery take? should …": the question mark ends the name, not the sentence.
    assert.deepEqual(
      brief(
        'For example, opening How long does delivery take? should reveal that orders arrive within 3 days.',
      ),
      ['click | How long does delivery take? | - | -', 'expectVisible | orders arrive within 3 days | - | -'],
    );
    assert.deepEqual(
      brief('Expanding How do I reset my password? shows the answer about the Forgot password link.'),
      [
        'click | How do I reset my password? | - | -',
        'expectVisible | answer about the Forgot password link | - | -',
      ],
    );
    // "Retest BUG-212 (…):" names the bug; the first step after it is a step.
    assert.deepEqual(
      brief(
        'Retest BUG-212 (valid addresses were rejected): enter ops@acme.io, submit. Should get "Done" and no error.',
      ),
      [
        'fill | email | - | ops@acme.io',
        'click | submit | - | -',
        'expectVisible | get | Done | Done',
        'expectHidden | error | - | -',
      ],
    );
    // A question that is a whole sentence is still chatter.
    assert.deepEqual(brief('Can someone pick this up? Click Save.'), ['click | Save | - | -']);
  });
  test('a vote for an option, a figure a count goes to, and a wish that announces the outcome', () => {
    // "vote for X": the option chosen, then the vote cast; "vote" after a comma is a step of its own.
    assert.deepEqual(brief("pick calendar sync, vote, expect '10 votes so far'"), [
      'select | calendar sync | - | -',
      'click | vote | - | -',
      'expectVisible | - | 10 votes so far | 10 votes so far',
    ]);
    assert.deepEqual(brief('After voting for Shared lists, the total should go up to 10 votes.'), [
      'select | Shared lists | - | -',
      'click | vote | - | -',
      'expectVisible | total | 10 votes | 10 votes',
    ]);
    // A name's count going from one figure to another: the name and the figure it reaches.
    assert.deepEqual(
      brief(
        'When I cast my vote for Calendar sync I want to see it counted: Calendar sync should go from 3 to 4 votes.',
      ),
      [
        'select | Calendar sync | - | -',
        'click | vote | - | -',
        'expectVisible | - | Calendar sync 4 votes | Calendar sync 4 votes',
      ],
    );
    // What voting is about is no step; a badge going from 0 to 1 is still its value.
    assert.deepEqual(brief('Users can vote on what we build next.'), []);
    assert.deepEqual(brief('Click Add. The badge should go from 0 to 1.'), [
      'click | Add | - | -',
      'expectText | badge | - | 1',
    ]);
  });
  test('an example value, a person who gets the outcome, an action done as part of another, a control named by its topic', () => {
    // "a real address such as x": the example is the value; "they get a confirmation that repeats
    // their address": the value typed is shown.
    assert.deepEqual(
      brief(
        'If someone types a real address such as jane@example.com and clicks Sign up, they get a confirmation that repeats their address back to them.',
      ),
      [
        'fill | real address | - | jane@example.com',
        'click | Sign up | - | -',
        'expectVisible | address | - | -',
      ],
    );
    assert.deepEqual(brief('Click Save and you get "Welcome".'), [
      'click | Save | - | -',
      'expectVisible | - | Welcome | Welcome',
    ]);
    // Not an HTTP verb, not "get to know".
    assert.deepEqual(brief('GET /api/items returns 3 items.'), []);
    // "choose Monthly when I sign up with x": choose, then sign up.
    assert.deepEqual(
      brief(
        'I want to choose Monthly when I sign up with sam.lee@mail.com, so that the confirmation mentions every month.',
      ),
      [
        'select | Monthly | - | -',
        'fill | email | - | sam.lee@mail.com',
        'click | sign up | - | -',
        'expectVisible | confirmation | every month | every month',
      ],
    );
    // "the question about returns", "the same question", "mentions 30 days and a full refund".
    assert.deepEqual(
      brief(
        'Click the question about returns, check the answer mentions 30 days and a full refund, then click the same question again.',
      ),
      [
        'click | returns | - | -',
        'expectVisible | answer | 30 days | 30 days',
        'expectVisible | - | full refund | full refund',
        'click | returns | - | -',
      ],
    );
  });
  test('fields and values in a row, two settings in one step, a date as written, a number of something chosen', () => {
    assert.deepEqual(
      brief('Street address: 221B Baker Street, Phone number: 07700 900123, City: London, press Next.'),
      [
        'fill | Street address | - | 221B Baker Street',
        'fill | Phone number | - | 07700 900123',
        'fill | city | - | London',
        'click | Next | - | -',
      ],
    );
    assert.deepEqual(brief('Set Check-in date to 2030-03-01 and Check-out date to 2030-03-05.'), [
      'fill | Check-in date | - | 2030-03-01',
      'fill | Check-out date | - | 2030-03-05',
    ]);
    assert.deepEqual(brief('Choose 3 guests.'), ['select | guests | - | 3']);
    // An email and a password in a row stay the test's credentials.
    assert.deepEqual(
      parseDescription('Email: a@b.co, Password: secret, Full name: Ada Byron, press Next.').steps.map(
        (s) => s.credential ?? '-',
      ),
      ['EMAIL', 'PASSWORD', '-', '-'],
    );
  });
  test('where a named row stands: first, last, on top, at the bottom; sorting on a column presses its heading', () => {
    const placed = (d: string): string[] =>
      parseDescription(d).steps.map((s) => `${s.kind} | ${s.exactName ?? s.target} | ${s.position ?? '-'}`);
    assert.deepEqual(
      placed('Click Length. Pine Forest Loop (45 m) is the first row and Summit Trail the last.'),
      [
        'click | Length | -',
        'expectVisible | Pine Forest Loop | first',
        'expectVisible | Summit Trail | last',
      ],
    );
    assert.deepEqual(
      placed('Clicking Length should put the shortest trail, Brook Walk, at the top of the table.'),
      ['click | Length | -', 'expectVisible | Brook Walk | first'],
    );
    assert.deepEqual(placed('sort on the Trail col -> A-Z, Alder Ridge on top, Summit Trail at the bottom'), [
      'click | Trail | -',
      'expectVisible | Alder Ridge | first',
      'expectVisible | Summit Trail | last',
    ]);
    // Not a place in a list: "the banner at the top" names no row.
    assert.deepEqual(placed('Click Save. The banner at the top says "Saved".'), [
      'click | Save | -',
      'expectVisible | Saved | -',
    ]);
  });
  test("a stay's dates: check in and check out on a date fill the check-in and check-out dates", () => {
    assert.deepEqual(brief('I pick 5 guests, check in 2030-08-14, check out 2030-08-16.'), [
      'select | guests | - | 5',
      'fill | check-in date | - | 2030-08-14',
      'fill | check-out date | - | 2030-08-16',
    ]);
    assert.deepEqual(brief('Check in on 10 July 2030.'), ['fill | check-in date | - | 10 July 2030']);
    // Checking out of a shop is still the checkout.
    assert.deepEqual(brief('Check out with the test card.').length, 1);
  });
  test('a wish to see what something costs announces the steps after its colon; asking for a quote is pressing its button, unless the app asks', () => {
    assert.deepEqual(
      brief(
        'As a family of five, I want to see what a two-night stay costs: I pick 5 guests, check in 2030-08-14, check out 2030-08-16 and ask for a quote, and it should say $310.00.',
      ),
      [
        'select | guests | - | 5',
        'fill | check-in date | - | 2030-08-14',
        'fill | check-out date | - | 2030-08-16',
        'click | quote | - | -',
        'expectVisible | - | $310.00 | $310.00',
      ],
    );
    assert.deepEqual(brief('Request a callback.'), ['click | callback | - | -']);
    // In the third person these are the app's doing: no step of the user's.
    assert.deepEqual(
      brief('Pay with the test card. The bank opens a challenge in a frame and asks for a one-time code.'),
      brief('Pay with the test card. The bank opens a challenge in a frame.'),
    );
  });
  test("a stay's dates with the party and what it comes to; a date alone is a stay's only when it is a date", () => {
    assert.deepEqual(
      brief(
        'Checking in on 10 July 2030 and out on 13 July 2030 with 2 guests should come to $285 for 3 nights.',
      ),
      [
        'fill | check-in date | - | 10 July 2030',
        'fill | check-out date | - | 13 July 2030',
        'select | guests | - | 2',
        'expectVisible | for 3 nights | $285 | $285',
      ],
    );
    assert.deepEqual(
      brief('Check in "Orders" that the order is listed.').map((l) => l.split(' | ')[0]),
      ['expectVisible'],
    );
  });
  test('a multi-step form told in one breath: values in parentheses, a verb said once, parts of an address, an arrow chain of bare values', () => {
    assert.deepEqual(
      brief(
        "I want to enter the recipient's name (Jo March) and then their address (14 Mill Lane, postcode OX2 6HP, Oxford), so that I can check the summary shows 14 Mill Lane, OX2 6HP Oxford before I confirm.",
      ),
      [
        "fill | recipient's name | - | Jo March",
        'fill | address | - | 14 Mill Lane',
        'fill | postcode | - | OX2 6HP',
        'fill | next field | - | Oxford',
        'expectVisible | - | 14 Mill Lane, OX2 6HP Oxford | 14 Mill Lane, OX2 6HP Oxford',
      ],
    );
    assert.deepEqual(
      brief(
        'delivery wizard: name Priya Nair -> next -> 5 Elm Road / 90210 / Springfield -> next -> summary should say 5 Elm Road, 90210 Springfield',
      ),
      [
        'fill | name | - | Priya Nair',
        'click | next | - | -',
        'fill | next field | - | 5 Elm Road',
        'fill | next field | - | 90210',
        'fill | next field | - | Springfield',
        'click | next | - | -',
        'expectVisible | summary | 5 Elm Road, 90210 Springfield | 5 Elm Road, 90210 Springfield',
      ],
    );
    // "but leave City blank" is its own clause, and leaves the field as it is; "stop you with X" shows X.
    assert.deepEqual(
      brief(
        'Fill in a street and a postcode but leave City blank and click Next. It should stop you with "Please fill in the city."',
      ),
      [
        'fill | street | - | -',
        'fill | postcode | - | -',
        'click | Next | - | -',
        'expectVisible | - | Please fill in the city. | Please fill in the city.',
      ],
    );
    // A number before a count noun is a count; before a name, part of the name.
    assert.deepEqual(brief('The list shows 3 products.'), ['expectCount | products | - | 3']);
  });
  test('tabs and converters: a pick after "when they", a key pressed on a focused control, a customer\'s own words, a pair of currencies', () => {
    assert.deepEqual(brief('When they pick Yearly, the Team plan should show $290 a year.'), [
      'select | Yearly | - | -',
      'expectVisible | Team plan a year | $290 | $290',
    ]);
    assert.deepEqual(
      brief(
        'With focus on the Monthly tab, pressing the Right Arrow key must select the Yearly tab and its panel must show $90 a year.',
      )[0],
      'press | Monthly tab | - | ArrowRight',
    );
    // Keys named with "key" after them; alone, "Home" is a control's name.
    assert.deepEqual(brief('Press the Home key.'), ['press | - | - | Home']);
    assert.deepEqual(brief('Press Home.'), ['click | Home | - | -']);
    // A customer's quoted words report what happened; they are no text of the page.
    assert.deepEqual(
      brief(
        'Ticket #5120 from a customer: "I clicked Yearly but everything still says \'a month\'." Once Yearly is chosen the Business plan should read $790 a year.',
      ),
      ['select | Yearly | - | -', 'expectVisible | Business plan a year | $790 | $790'],
    );
    assert.deepEqual(
      brief(
        'Put 50 in the amount with US dollar to British pound, press Swap currencies, and it should then read 50.00 GBP = 63.29 USD.',
      ),
      [
        'fill | amount | - | 50',
        'select | From | - | US dollar',
        'select | To | - | British pound',
        'click | Swap currencies | - | -',
        'expectVisible | - | 50.00 GBP = 63.29 USD | 50.00 GBP = 63.29 USD',
      ],
    );
    assert.deepEqual(brief('converter: amount 100, EUR -> GBP, expect 85.87 GBP'), [
      'fill | amount | - | 100',
      'select | From | - | EUR',
      'select | To | - | GBP',
      'expectVisible | - | 85.87 GBP | 85.87 GBP',
    ]);
    assert.deepEqual(
      brief('Leave From on US dollar and set To to Japanese yen. Expected result: 250.00 USD = 39,350 JPY'),
      [
        'select | From | - | US dollar',
        'select | To | - | Japanese yen',
        'expectVisible | - | 250.00 USD = 39,350 JPY | 250.00 USD = 39,350 JPY',
      ],
    );
    // Putting an item in the basket is still adding it.
    assert.deepEqual(brief('Put 2 in the basket.')[0]?.split(' | ')[0], 'click');
  });
  test('lists in pages: a page by its number, the last page, a run of items, a place in the list, a link there is none of', () => {
    assert.deepEqual(brief('Page 4 should list INV-1004 down to INV-1001.'), [
      'click | Page 4 | - | -',
      'expectVisible | - | INV-1004 | INV-1004',
      'expectVisible | - | INV-1001 | INV-1001',
    ]);
    assert.deepEqual(brief('Going to the last page should show "Showing 31–34 of 34 invoices".'), [
      'click | last | - | -',
      'expectVisible | - | Showing 31–34 of 34 invoices | Showing 31–34 of 34 invoices',
    ]);
    assert.deepEqual(
      parseDescription('Click Next. The last row is INV-1001 (1 Jan 2028, $49.00).').steps.map(
        (s) => `${s.kind} | ${s.exactName ?? s.target} | ${s.position ?? '-'}`,
      ),
      ['click | Next | -', 'expectVisible | INV-1001 | last'],
    );
    assert.deepEqual(brief('Expected: there is no Next link on this page.'), [
      'expectHidden | Next link | - | -',
    ]);
    // "it" is the record a sentence read as no step named; a request to the team to check a statement
    // is that check, a request to check a topic is not.
    assert.deepEqual(
      brief(
        "a customer can't find invoice INV-1003 in their history. it should be on page 4 of the invoices list, can someone check page 4 shows it?",
      ),
      [
        'click | Page 4 | - | -',
        'expectVisible | - | INV-1003 | INV-1003',
        'click | Page 4 | - | -',
        'expectVisible | - | INV-1003 | INV-1003',
      ],
    );
    assert.deepEqual(brief('Could someone check the Swap currencies button on the converter?'), []);
    // A section number is no figure: "4.2" stays text.
    assert.deepEqual(
      parseDescription('4.2 The total shows $12.50.').literals.map((l) => l.text),
      ['$12.50'],
    );
  });
  test('a checklist: items ticked or not, a button that cannot be used yet, a value typed and then changed', () => {
    const states = (d: string): string[] =>
      parseDescription(d).steps.map(
        (s) => `${s.kind} | ${s.exactName ?? s.target} | ${s.value || '-'} | ${s.state ?? '-'}`,
      );
    assert.deepEqual(
      states(
        'Type abcdefgh into New password. Check that "At least 8 characters" and "A lowercase letter" are ticked. Check that "An uppercase letter" is NOT ticked. Check that the Set new password button is disabled.',
      ),
      [
        'fill | New password | abcdefgh | -',
        'expectState | At least 8 characters | - | checked',
        'expectState | A lowercase letter | - | checked',
        'expectState | An uppercase letter | - | unchecked',
        'expectState | Set new password button | - | disabled',
      ],
    );
    assert.deepEqual(
      states(
        'Given I type mountain99, then it says 3 of 4 requirements met and I cannot press Set new password yet; when I change it to Mountain99 it says 4 of 4 requirements met, and pressing Set new password tells me "Your password has been changed."',
      ),
      [
        'fill | text | mountain99 | -',
        'expectVisible | 3 of 4 requirements met | 3 of 4 requirements met | -',
        'expectState | Set new password button | - | disabled',
        'fill | text | Mountain99 | -',
        'expectVisible | 4 of 4 requirements met | 4 of 4 requirements met | -',
        'click | Set new password | - | -',
        'expectVisible | Your password has been changed. | Your password has been changed. | -',
      ],
    );
    assert.deepEqual(
      states(
        'Expected behaviour: with hikingboots7 entered as the new password, the Set new password button stays disabled.',
      ),
      ['fill | new password | hikingboots7 | -', 'expectState | Set new password button | - | disabled'],
    );
    // A switch turned off is still unchecked, not disabled.
    assert.deepEqual(states('Verify that the Dark mode switch is disabled.'), [
      'expectState | Dark mode switch | - | unchecked',
    ]);
  });
  test('a cookie banner: Then statements of a state, "ticked and X is not", a control pressed "after", a reader\'s own words', () => {
    const states = (d: string): string[] =>
      parseDescription(d).steps.map((s) => `${s.kind} | ${s.exactName ?? s.target} | ${s.state ?? '-'}`);
    assert.deepEqual(
      states(
        'Given I am on the journal and I click Accept all\nWhen I reload the page\nAnd I click Cookie settings\nThen Analytics is ticked\nAnd Marketing is not ticked',
      ).slice(-2),
      ['expectState | Analytics | checked', 'expectState | Marketing | unchecked'],
    );
    assert.deepEqual(
      states('Click Cookie settings. Expected: Analytics is ticked and Marketing is not').slice(-2),
      ['expectState | Analytics | checked', 'expectState | Marketing | unchecked'],
    );
    assert.deepEqual(
      brief(
        'Ticket #7719 from a reader: "Every time I open an article I get asked about cookies again." Expected: after Reject all on the journal page, opening "Packing light" should not show the cookie banner.',
      ),
      [
        'click | Reject all | - | -',
        'click | Packing light | Packing light | -',
        'expectHidden | cookie banner | - | -',
      ],
    );
    assert.deepEqual(
      brief(
        "Once they click Accept all it should go away and stay away: after reloading the page the 'Cookies on Demo Shop' banner must not be shown again.",
      ),
      [
        'click | Accept all | - | -',
        'expectHidden | Accept all | - | -',
        'reload | - | - | -',
        'expectHidden | banner | Cookies on Demo Shop | -',
      ],
    );
  });
  test('a review form: a named reviewer rates it, "Rating: 1 star", "Your review: …", a rating among fields, a score out of 5', () => {
    assert.deepEqual(
      brief(
        'If Jo rates it 5 stars and writes \'Stood up to a storm\', then after posting she should see "Thanks, Jo!"',
      ),
      [
        'fill | your name | - | Jo',
        'select | 5 stars | - | 5 stars',
        'fill | message | - | Stood up to a storm',
        'click | post | - | -',
        'expectVisible | - | Thanks, Jo! | Thanks, Jo!',
      ],
    );
    assert.deepEqual(
      brief(
        '1. Your name: Priya\n2. Rating: 1 star\n3. Your review: Leaked at the seams.\n4. Click Post review',
      ),
      [
        'fill | name | - | Priya',
        'select | 1 star | - | 1 star',
        'fill | Your review | - | Leaked at the seams.',
        'click | Post review | - | -',
      ],
    );
    assert.deepEqual(
      brief(
        'name Kim, 2 stars, text "meh" -> post review -> the average should go to 3.4 out of 5 stars',
      ).slice(1, 2),
      ['select | 2 stars | - | 2 stars'],
    );
    assert.deepEqual(
      parseDescription('The average should go to 3.4 out of 5 stars.').literals.map((l) => l.text),
      ['3.4 out of 5'],
    );
  });
  test('seats, comments and a town finder: codes pressed in turn, what a heading says, keys then Enter, a run of gerunds', () => {
    assert.deepEqual(
      brief('Given I pick D2 and D3 for The Long Walk, when I click D3 again to unselect it'),
      ['click | D2 | D2 | -', 'click | D3 | D3 | -', 'click | D3 | D3 | -'],
    );
    assert.deepEqual(brief('grab E1 E2 E3 (the premium ones, $16 each) -> should read 2 seats selected'), [
      'click | E1 | E1 | -',
      'click | E2 | E2 | -',
      'click | E3 | E3 | -',
      'expectVisible | - | 2 seats selected | 2 seats selected',
    ]);
    // What a heading says is its text; what a list shows is counted.
    assert.deepEqual(brief('Check the heading says 3 comments'), [
      'expectVisible | heading | 3 comments | 3 comments',
    ]);
    assert.deepEqual(brief('the list shows 3 products'), ['expectCount | products | - | 3']);
    assert.deepEqual(
      brief('Click Delete (we ask "Delete this comment?" first and they confirm with Delete comment).'),
      ['click | Delete | - | -', 'click | Delete comment | - | -'],
    );
    assert.deepEqual(brief('Type "ma". Press the Down arrow twice and then Enter.'), [
      'fill | text | - | ma',
      'press | - | - | ArrowDown',
      'press | - | - | ArrowDown',
      'press | - | - | Enter',
    ]);
    assert.deepEqual(
      brief(
        'Ticket #5127, customer in Vienna: "I typed Vie and it showed me a shop in Aberdeen?!" Please verify: after typing vie and choosing Vienna, Austria from the suggestions, the results read 2 stores in Vienna, Austria.',
      ),
      [
        'fill | text | - | vie',
        'select | suggestions | - | Vienna, Austria',
        'expectVisible | - | 2 stores in Vienna, Austria | 2 stores in Vienna, Austria',
      ],
    );
    // A pull request's "What" is the change told, when "How to test" gives the steps.
    assert.deepEqual(
      brief(
        '## What\nCart: adding from the product list now updates the badge.\n\n## How to test\n1. Go to /products\n2. Click Remove',
      ),
      ['navigate | - | - | /products', 'click | Remove | - | -'],
    );
  });

  test('acceptance bullets: a gerund line and what it shows or suggests, "one letter" typed', () => {
    assert.deepEqual(
      brief(
        "Store finder – acceptance criteria:\n- typing one letter shows no suggestions\n- typing 'bri' suggests Bristol, United Kingdom",
      ),
      [
        'fill | text | - | a',
        'expectHidden | suggestions | - | -',
        'fill | text | - | bri',
        'expectVisible | - | Bristol, United Kingdom | Bristol, United Kingdom',
      ],
    );
    // Bulleted with * too; a field named by its words is still that field.
    assert.deepEqual(brief("* entering 'kettle' in the search box shows Copper Kettle").slice(0, 1), [
      'fill | search box | - | kettle',
    ]);
    assert.deepEqual(brief('Type a single character into the code field'), ['fill | text | - | a']);
  });

  test('a ticket told as a story: the data it gives in parentheses sets it up; a party of one said in words', () => {
    assert.deepEqual(
      brief(
        'Ticket #4471: a customer booking a single night (check-in 2030-12-30, check-out 2030-12-31, just herself) was quoted for two nights. Please confirm the quote now says 1 night for 1 guest.',
      ),
      [
        'fill | check-in date | - | 2030-12-30',
        'fill | check-out date | - | 2030-12-31',
        'select | guest | - | 1',
        'expectVisible | quote now | 1 night for 1 guest | 1 night for 1 guest',
      ],
    );
    // Parentheses that give no value to set up stay part of the story, not read.
    const story = parseDescription(
      'A customer on the cart page (which took ages to load) was charged twice. Please confirm the total says $10.00.',
    );
    assert.deepEqual(story.skipped, [
      'A customer on the cart page (which took ages to load) was charged twice',
    ]);
  });

  test('an inbox, a tag list and a quiz: archive an item by its quoted name, figures stated in the present, a quote inside a quote, options picked in turn', () => {
    const archive = parseDescription(
      'archive the message from Sam Okafor ("Can I borrow your stove?"), then click Undo.',
    ).steps[0];
    assert.deepEqual(
      [archive?.kind, archive?.target, archive?.scope],
      ['click', 'archive', 'Can I borrow your stove?'],
    );
    assert.deepEqual(brief('Archive the Trail Club email, and the count drops to 4 messages.'), [
      'click | archive | - | -',
      'expectVisible | count | 4 messages | 4 messages',
    ]);
    assert.deepEqual(
      brief("Click Undo: the Saturday walk email is back in the list and you're at 5 messages again."),
      [
        'click | Undo | - | -',
        'expectVisible | Saturday walk email | - | -',
        'expectVisible | - | 5 messages | 5 messages',
      ],
    );
    assert.deepEqual(brief('Archive it, and the count goes to 4 messages.').slice(1), [
      'expectVisible | count | 4 messages | 4 messages',
    ]);
    // A sentence's capitalised subject is no name the figure is shown with.
    assert.deepEqual(brief('Click Add. The count increases to 3 items.'), [
      'click | Add | - | -',
      'expectVisible | count | 3 items | 3 items',
    ]);
    assert.deepEqual(
      brief(
        'Please check on Tag your trip report: type hiking in Add a tag and press Enter. It should say \'You have already added "hiking".\' and the counter should stay at 2 of 5 tags.',
      ),
      [
        'click | Tag your trip report | - | -',
        'fill | Add a tag | - | hiking',
        'press | - | - | Enter',
        'expectVisible | - | You have already added "hiking". | You have already added "hiking".',
        'expectVisible | counter | 2 of 5 tags | 2 of 5 tags',
      ],
    );
    assert.deepEqual(
      brief(
        'I am choosing Taut-line hitch for the knot, Three litres for the water and Stay where you are and call for help (the right answers).',
      ),
      [
        'select | Taut-line hitch | Taut-line hitch | Taut-line hitch',
        'select | Three litres | Three litres | Three litres',
        'select | Stay where you are and call for help | Stay where you are and call for help | Stay where you are and call for help',
      ],
    );
    // Not every item a name: one choice, as before.
    assert.deepEqual(brief('Pick the Red, Blue and green options'), [
      'select | Red, Blue and green options | - | -',
    ]);
  });

  test('terse notes: "add X with enter", "try Y again", "+ enter", "while … already", a counter in passing, "still N X", "Undo gives N X", a purpose done only where the page has it', () => {
    assert.deepEqual(
      brief(
        'add cornwall with enter, then try Cornwall again, and there should only be one cornwall chip (3 of 5 tags).',
      ),
      [
        'fill | text | - | cornwall',
        'press | - | - | Enter',
        'fill | text | - | Cornwall',
        'press | - | - | Enter',
        'expectCount | cornwall chip | - | 1',
        'expectVisible | - | 3 of 5 tags | 3 of 5 tags',
      ],
    );
    assert.deepEqual(
      brief("tags: type 'Hiking' + enter while hiking is already a tag -> rejected, still 2 of 5 tags"),
      ['fill | text | - | Hiking', 'press | - | - | Enter', 'expectVisible | - | 2 of 5 tags | 2 of 5 tags'],
    );
    assert.deepEqual(
      brief('Archive the first message. Undo gives 5 messages and the email is back in the list.'),
      [
        'click | archive | - | -',
        'click | Undo | - | -',
        'expectVisible | - | 5 messages | 5 messages',
        'expectVisible | email | - | -',
      ],
    );
    // Nothing typed before: "try it again" repeats nothing.
    assert.deepEqual(brief('try Cornwall again'), brief('try Cornwall'));
    // "to search" may be part of the option's name ("Split up to search"): done only if the page has it.
    const purpose = parseDescription('Question 3: choose Split up to search').steps;
    assert.deepEqual(
      purpose.map((st) => [st.kind, st.implied === true]),
      [
        ['select', false],
        ['fill', true],
        ['press', true],
      ],
    );
  });

  test('"posting two comments", "post another comment", "deleting one (Delete, then Delete comment)", "Expected: after …ing"', () => {
    assert.deepEqual(
      brief(
        'Open the thread. Expected: after posting two comments and deleting one (Delete, then Delete comment), the thread says 4 comments.',
      ),
      [
        'click | thread | - | -',
        'fill | comment | - | -',
        'click | post | - | -',
        'fill | comment | - | -',
        'click | post | - | -',
        'click | Delete | - | -',
        'click | Delete comment | - | -',
        'expectVisible | thread | 4 comments | 4 comments',
      ],
    );
    assert.deepEqual(
      brief('Post a comment. Post another comment.'),
      brief('Post a comment. Post a comment.'),
    );
  });

  test('a bill splitter and a date filter: "3 as the number of people", labelled texts in a list, dates in numbers, From and To', () => {
    assert.deepEqual(
      brief(
        'Enter 3 as the number of people. The page should show Tip: $9.00, Total: $69.00 and Each person pays: $23.00.',
      ),
      [
        'fill | number of people | - | 3',
        'expectVisible | - | Tip: $9.00 | Tip: $9.00',
        'expectVisible | - | Total: $69.00 | Total: $69.00',
        'expectVisible | - | Each person pays: $23.00 | Each person pays: $23.00',
      ],
    );
    assert.deepEqual(
      brief(
        'I put From 01/03/2026 and To 31/03/2026 and I click Show rentals, but the rental R-2131 of 31 March is not in the list. It must show 5 of 12 rentals and R-2131 must be there.',
      ),
      [
        'fill | From | - | 01/03/2026',
        'fill | To | - | 31/03/2026',
        'click | Show rentals | - | -',
        'expectVisible | - | 5 of 12 rentals | 5 of 12 rentals',
        'expectVisible | - | R-2131 | R-2131',
      ],
    );
    assert.deepEqual(
      brief(
        'set From and To both to 14 Mar 2026 and click Show rentals. It should say Showing 1 of 12 rentals and list R-2103.',
      ),
      [
        'select | From | - | 14 Mar 2026',
        'select | To | - | 14 Mar 2026',
        'click | Show rentals | - | -',
        'expectVisible | - | Showing 1 of 12 rentals | Showing 1 of 12 rentals',
        'expectVisible | - | R-2103 | R-2103',
      ],
    );
    assert.deepEqual(
      brief('Example: From 2026-04-01 and To 2026-04-30 shall show 3 of 12 rentals, including R-2178.'),
      [
        'fill | From | - | 2026-04-01',
        'fill | To | - | 2026-04-30',
        'expectVisible | - | 3 of 12 rentals | 3 of 12 rentals',
        'expectVisible | - | R-2178 | R-2178',
      ],
    );
  });

  test('a delete dialog checklist: "X on Y opens a dialog", "with only Z typed", a control named with a verb "is disabled", "Cancel closes the dialog"', () => {
    const parsed = parseDescription(
      'Delete on Bothy map opens a dialog "Delete Bothy map?". With only "Bothy" typed, Delete this project is disabled. Cancel closes the dialog.',
    );
    assert.deepEqual(
      parsed.steps.map((st) => [st.kind, st.target || '-', st.exactName ?? '-', st.value || '-'].join(' | ')),
      [
        'click | Delete | - | -',
        'expectVisible | dialog | Delete Bothy map? | Delete Bothy map?',
        'fill | text | - | Bothy',
        'expectState | Delete this project button | - | -',
        'click | Cancel | - | -',
        'expectHidden | dialog | - | -',
      ],
    );
    assert.equal(parsed.steps[0]?.scope, 'Bothy map');
    assert.equal(parsed.steps[3]?.state, 'disabled');
  });

  test('"the button" names the last button named, "click it" after its state is checked, a message quoting its item', () => {
    const parsed = parseDescription(
      '1. Type "Winter" in the confirmation box\n2. Expected: the Delete this project button is still disabled\n3. Type the full name "Winter kit list"\n4. Expected: the button is enabled, click it\n5. Expected: Deleted "Winter kit list". and the page says 2 projects',
    );
    assert.deepEqual(
      parsed.steps.map((st) => [st.kind, st.target || '-', st.exactName ?? '-', st.value || '-'].join(' | ')),
      [
        'fill | confirmation box | - | Winter',
        'expectState | Delete this project button | - | -',
        'fill | full name | - | Winter kit list',
        'expectState | Delete this project button | - | -',
        'click | Delete this project button | - | -',
        'expectVisible | - | Deleted Winter kit list | Deleted Winter kit list',
        'expectVisible | - | 2 projects | 2 projects',
      ],
    );
    assert.equal(parsed.steps[3]?.state, 'enabled');
    // Found again by its words: the last control acted on is the text box.
    assert.equal(parsed.steps[4]?.refersToPrevious, false);
    // With no button named before, "the button" names no other control.
    assert.match(
      brief('Type x in the search box. The button is disabled.')[1] ?? '',
      /^expectState \| button\b[^|]* \| - \| -$/,
    );
  });

  test('the inputs of a worked example: "For a $60 bill with the tip left at 15% and 3 people, …", "bill 45.50, tip 20%, 2 ppl -> …"', () => {
    assert.deepEqual(
      brief('For a $60 bill with the tip left at 15% and 3 people, the page should show Total: $69.00.'),
      [
        'fill | bill | - | 60',
        'select | tip | - | 15%',
        'fill | people | - | 3',
        'expectVisible | - | Total: $69.00 | Total: $69.00',
      ],
    );
    assert.deepEqual(brief('/tip: bill 45.50, tip 20%, 2 ppl -> each pays $27.30'), [
      'fill | bill | - | 45.50',
      'select | tip | - | 20%',
      'fill | people | - | 2',
      'expectVisible | each pays | $27.30 | $27.30',
    ]);
    // Not every part an input with its number: read as before.
    assert.ok(!brief('For lamp, two products are listed.').some((l) => l.startsWith('fill')));
    assert.ok(!brief('For 2 weeks, the banner should say Sale.').some((l) => l.startsWith('select')));
  });

  test('arrows: a control between two arrows, a page before the first, "=> still X, no Y anywhere"; "X is not shown" after a step; "and the X button is gone"', () => {
    assert.deepEqual(
      brief(
        "/playlists: Rename Sunday morning -> type 'Brunch' -> Cancel => still 'Sunday morning', no 'Brunch' anywhere",
      ),
      [
        'click | Rename Sunday morning | - | -',
        'fill | text | - | Brunch',
        'click | Cancel | - | -',
        'expectVisible | - | Sunday morning | Sunday morning',
        'expectHidden | - | Brunch | -',
      ],
    );
    assert.deepEqual(brief("Click Cancel. 'Brunch' is not shown anywhere on the page."), [
      'click | Cancel | - | -',
      'expectHidden | - | Brunch | -',
    ]);
    assert.deepEqual(brief('Click Cancel. The error is gone.'), [
      'click | Cancel | - | -',
      'expectHidden | error | - | -',
    ]);
    // A past deed in a note is no statement about the page.
    assert.ok(
      !brief('Click Cancel. Closed SHOP-2410, finished the search.').some((l) =>
        l.startsWith('expectHidden'),
      ),
    );
    assert.deepEqual(
      brief("Click Load more. Expected: You've seen all 14 photos. and the Load more button is gone"),
      [
        'click | Load more | - | -',
        "expectVisible | You've seen all 14 photos | - | -",
        'expectHidden | Load more button | - | -',
      ],
    );
    assert.deepEqual(brief('Enter the code, then the Verify button'), [
      'fill | code | - | -',
      'click | Verify button | - | -',
    ]);
  });

  test('"a Tell us more box": a label that starts with "Tell" is a name, not "says"', () => {
    assert.deepEqual(
      brief('Picking Other shows a Tell us more box.')[1],
      'expectVisible | Tell us more box | - | -',
    );
    assert.deepEqual(brief('Write Too many hills in Tell us more.'), [
      'fill | Tell us more | - | Too many hills',
    ]);
  });

  test('a membership form: "with X written in it,", a control by its verb that "says" or "shows", "… and cancel", "should repeat X as the reason", a quote in parentheses kept', () => {
    assert.deepEqual(
      brief(
        '[ ] Cancel membership with the box empty says "Tell us more."\n[ ] with "Moving away" written in it, Cancel membership shows Your reason: Other ("Moving away").',
      ),
      [
        'click | Cancel membership | - | -',
        'expectVisible | - | Tell us more. | Tell us more.',
        'fill | text | - | Moving away',
        'click | Cancel membership | - | -',
        'expectVisible | - | Your reason: Other (Moving away) | Your reason: Other (Moving away)',
      ],
    );
    assert.deepEqual(
      brief(
        'Pick Other, write Too many hills in Tell us more and cancel. The confirmation should repeat Too many hills as the reason.',
      ),
      [
        'select | Other | - | -',
        'fill | Tell us more | - | Too many hills',
        'click | cancel | - | -',
        'expectVisible | confirmation | Too many hills | Too many hills',
      ],
    );
    // "and Cancel", a name, is something shown.
    assert.deepEqual(
      brief('Click Rename. It should show a Playlist name box with Save and Cancel').slice(1),
      [
        'expectVisible | Playlist name box | - | -',
        'expectVisible | Save | - | -',
        'expectVisible | Cancel | - | -',
      ],
    );
  });

  test('renaming in place: "Rename on X turns the name into a Y box", "Rename on X, typing …", "saving "Z" shows …", "leaves it called X"', () => {
    assert.deepEqual(
      brief(
        '- Rename on Sunday morning turns the name into a Playlist name box\n- saving "Sunday coffee" shows Renamed "Sunday morning" to "Sunday coffee".\n- Rename on Running mix, typing Gym and clicking Cancel leaves it called Running mix',
      ),
      [
        'click | Rename | - | -',
        'expectVisible | Playlist name box | - | -',
        'fill | text | - | Sunday coffee',
        'click | Save | - | -',
        'expectVisible | - | Renamed Sunday morning to Sunday coffee | Renamed Sunday morning to Sunday coffee',
        'click | Rename | - | -',
        'fill | text | - | Gym',
        'click | Cancel | - | -',
        'expectVisible | - | Running mix | Running mix',
      ],
    );
  });

  test('a delete dialog: "type bothy map (all lowercase)", "should NOT let you delete", a name typed that was named before, "deleting X needs …:", "must stay disabled", "X is still listed", a wish for how a step behaves', () => {
    assert.deepEqual(
      brief('Open delete for Bothy map and type bothy map (all lowercase), that should NOT let you delete.'),
      [
        'click | delete for Bothy map | - | -',
        'fill | text | - | bothy map',
        'expectState | delete button | - | -',
      ],
    );
    assert.equal(
      parseDescription('Open delete for Bothy map. That should NOT let you delete.').steps[1]?.state,
      'disabled',
    );
    // Words no name stands for are a field, as before.
    assert.deepEqual(brief('Open the form and type your email'), [
      'click | form | - | -',
      'fill | email | - | -',
    ]);
    assert.deepEqual(
      brief(
        'Please verify that deleting Coast path guide needs the exact name: with coast typed, Delete this project must stay disabled.',
      ),
      [
        'click | Delete | - | -',
        'fill | text | - | coast',
        'expectState | Delete this project button | - | -',
      ],
    );
    assert.deepEqual(brief('Click Cancel. Bothy map is still listed.'), [
      'click | Cancel | - | -',
      'expectVisible | - | Bothy map | Bothy map',
    ]);
    // A count of what is listed is no name.
    assert.ok(
      !brief('Search lamp. For lamp exactly two products are listed.').some((l) => l.includes('| For lamp')),
    );
    assert.deepEqual(
      parseDescription(
        'As a project owner I want deleting a project to need its name typed.\n[ ] Cancel closes the dialog',
      ).steps.map((st) => st.kind),
      ['click', 'expectHidden'],
    );
  });

  test('a control pressed until it is gone: "Load more stays until every photo is on the page; after the last one …", "keep clicking X until …", "repeatedly"; "the button is gone" is the one pressed', () => {
    const parsed = parseDescription(
      'Load more stays until every photo is on the page; after the last one the page says "You\'ve seen all 14 photos." and the button is gone.',
    );
    assert.deepEqual(
      parsed.steps.map((st) =>
        [st.kind, st.target || '-', st.exactName ?? '-', st.untilGone ? 'until gone' : '-'].join(' | '),
      ),
      [
        'click | Load more | - | until gone',
        "expectVisible | - | You've seen all 14 photos. | -",
        'expectHidden | Load more | - | -',
      ],
    );
    assert.equal(parseDescription('Keep clicking Load more until it is gone.').steps[0]?.untilGone, true);
    assert.equal(parseDescription('Click Next repeatedly').steps[0]?.untilGone, true);
    assert.equal(parseDescription('Click Next twice').steps[0]?.untilGone, undefined);
  });

  test('a ticket: what a customer says happened and an inline "Actual: …" are no steps; "keeps the name X", "nothing says it was renamed"', () => {
    assert.deepEqual(
      brief(
        'Ticket #8120 - a customer says Cancel does not cancel when renaming a playlist. Her repro: click Rename on Running mix, type "Old stuff", then click Cancel. Expected: the playlist keeps the name Running mix and nothing says it was renamed. Actual: it is now called Old stuff.',
      ),
      [
        'click | Rename | - | -',
        'fill | text | - | Old stuff',
        'click | Cancel | - | -',
        'expectVisible | playlist still | Running mix | Running mix',
        'expectHidden | - | Renamed | -',
      ],
    );
    assert.deepEqual(brief('Click Save. The text Saved is not shown.'), [
      'click | Save | - | -',
      'expectHidden | - | Saved | -',
    ]);
  });

  test('an empty value refused: "an empty name is refused with X", "saving a blank email shows X" empty the field, press Enter and check X; "type Night drive" types it', () => {
    const expected = [
      'fill | name | - | -',
      'press | - | - | Enter',
      'expectVisible | - | A playlist needs a name. | A playlist needs a name.',
    ];
    assert.deepEqual(brief('An empty name is refused with "A playlist needs a name."'), expected);
    assert.deepEqual(brief('Saving an empty name shows "A playlist needs a name."'), expected);
    const blank = parseDescription('A blank email should be rejected, showing "Enter your email."').steps;
    assert.equal(blank[0]?.clear, true);
    assert.equal(blank[0]?.target, 'email');
    assert.equal(blank[2]?.exactName, 'Enter your email.');
    // A few words written as a name are typed into the field at hand, not taken for its name.
    assert.deepEqual(brief('Click Rename on Road trip and type Night drive.'), [
      'click | Rename | - | -',
      'fill | text | - | Night drive',
    ]);
    // A statement about an empty list stays a check.
    assert.equal(parseDescription('The basket is empty.').steps[0]?.kind, 'expectVisible');
  });

  test('an order to check: "Expected order: A, B, C", "the stops are in this order: …", "the new order is A, B and C"; an "Actual order:" line is no step; "Move down on X should …" presses it first', () => {
    const orderOf = (description: string): string[][] =>
      parseDescription(description).steps.flatMap((st) => (st.inOrder ? [st.inOrder] : []));
    assert.deepEqual(
      orderOf(
        'Click Move down for Minack Theatre.\nExpected order: Porthcurno beach, Logan Rock, Minack Theatre\nActual order: Porthcurno beach, Minack Theatre, Logan Rock',
      ),
      [['Porthcurno beach', 'Logan Rock', 'Minack Theatre']],
    );
    assert.deepEqual(
      brief(
        'Click Move down for Minack Theatre.\nExpected order: Porthcurno beach, Logan Rock\nActual order: Logan Rock, Porthcurno beach',
      ),
      ['click | Move down | - | -', 'expectText | order | - | Porthcurno beach, Logan Rock'],
    );
    const gherkin = parseDescription(
      'Scenario: saved order\n  When I click "Save order"\n  And I reload the page\n  Then the stops are in this order: Porthcurno beach, "Minack Theatre", Lamorna Cove',
    );
    assert.deepEqual(
      gherkin.steps.map((st) => st.kind),
      ['click', 'reload', 'expectText'],
    );
    assert.deepEqual(gherkin.steps[2]?.inOrder, ['Porthcurno beach', 'Minack Theatre', 'Lamorna Cove']);
    assert.doesNotMatch(gherkin.steps[2]?.phrase ?? '', /\uE004/);
    assert.deepEqual(orderOf('Sort by name. The new order is Alpha, Beta and Gamma.'), [
      ['Alpha', 'Beta', 'Gamma'],
    ]);
    // A list without an order said is no order check.
    assert.deepEqual(orderOf('Search lamp. Aurora Desk Lamp and Halo Floor Lamp are listed.'), []);
    assert.deepEqual(
      brief('Walk plan: Move down on Minack Theatre should show "Minack Theatre is now stop 3 of 5."'),
      [
        'click | Move down | - | -',
        'expectVisible | - | Minack Theatre is now stop 3 of 5. | Minack Theatre is now stop 3 of 5.',
      ],
    );
  });

  test('a state said plainly: "the toggle is still off and the email checkbox is greyed out", "make sure it stays off when …" (the control switched), "Toggle still off"; "untick Email and App notification" ticks each; "turn the switch back on"', () => {
    const states = (description: string): string[] =>
      parseDescription(description).steps.map((st) =>
        [st.kind, st.target, st.exactName ?? '-', st.state ?? '-'].join(' | '),
      );
    assert.deepEqual(
      states('Click Save settings. The toggle is still off and the email checkbox is greyed out.'),
      [
        'click | Save settings | - | -',
        'expectState | toggle | - | unchecked',
        'expectState | email checkbox | - | disabled',
      ],
    );
    assert.deepEqual(
      states(
        "Flip the 'send me notifications' toggle off, hit save, and make sure it actually stays off when the page comes back. Toggle still off. Email checkbox greyed out.",
      ).slice(2),
      [
        'expectState | send me notifications toggle | send me notifications | unchecked',
        'expectState | send me notifications toggle | send me notifications | unchecked',
        'expectState | Email checkbox | - | disabled',
      ],
    );
    // A setting disabled is off; a control named by its kind disabled cannot be used.
    assert.equal(parseDescription('Email notifications are disabled.').steps[0]?.state, 'unchecked');
    assert.equal(parseDescription('The channel checkboxes are disabled.').steps[0]?.state, 'disabled');
    assert.equal(parseDescription('The channel checkboxes are disabled.').steps[0]?.everyOfRole, true);
    assert.equal(parseDescription('The Email checkbox is disabled.').steps[0]?.everyOfRole, undefined);
    // Names listed, then their kind: each one's state.
    assert.deepEqual(
      states(
        "When I turn off Send me notifications, the Email, Text message and App notification checkboxes should be greyed out so I can't change them.",
      ),
      [
        'uncheck | Send me notifications | - | -',
        'expectState | Email checkbox | - | disabled',
        'expectState | Text message checkbox | - | disabled',
        'expectState | App notification checkbox | - | disabled',
      ],
    );
    // After an arrow, a state said plainly is that state, not a text the page shows.
    assert.deepEqual(states('- [ ] turn the switch back on -> Text message is still ticked').slice(1), [
      'expectState | Text message | - | checked',
    ]);
    // Not a subject: "the status should say Dark theme is on" is a text shown.
    assert.notEqual(
      parseDescription('The status should say Dark theme is on.').steps[0]?.kind,
      'expectState',
    );
    assert.deepEqual(
      brief('Untick Email and App notification, tick Text message. Tick Terms and Conditions.'),
      [
        'uncheck | Email | - | -',
        'uncheck | App notification | - | -',
        'check | Text message | - | -',
        'check | Terms and Conditions | - | -',
      ],
    );
    assert.deepEqual(brief('Untick the Send me notifications switch. Turn the switch back on.').slice(1), [
      'check | Send me notifications switch | - | -',
    ]);
  });

  test('a user story\'s reason ("so that I don\'t have to …") and a consequence that cannot be seen ("so I can\'t change them") are no steps; a "so that" naming an outcome is read', () => {
    const story = parseDescription(
      "As a member going away for a month, I want a single switch that stops all notifications, so that I don't have to untick every channel one by one and tick them all again when I'm back.",
    );
    assert.deepEqual(story.steps, []);
    assert.deepEqual(story.skipped.slice(-1), [
      "I do not have to untick every channel one by one and tick them all again when I'm back",
    ]);
    const spared = parseDescription('Untick Email so I cannot change it.');
    assert.deepEqual(
      spared.steps.map((st) => st.kind),
      ['uncheck'],
    );
    assert.deepEqual(spared.skipped, ['I cannot change it']);
    assert.deepEqual(
      brief(
        'As a reader, I want to choose Monthly when I sign up, so that the confirmation tells me "We will write every month".',
      ).slice(-1),
      ['expectVisible | - | We will write every month | We will write every month'],
    );
    assert.ok(
      parseDescription(
        'As a customer I want to log in with my DemoID account, so that I end up signed in as Demo User.',
      ).steps.some((st) => st.kind.startsWith('expect')),
    );
  });

  test('"Book a Full service at 11:30" chooses the kind and the time, then presses the control that books; "the confirmation says it is booked for … 11:30" is that text; "Can we get a test for this?" asks for the test', () => {
    assert.deepEqual(
      brief(
        'Can we get a test for this? Book a Full service at 11:30 and check the confirmation says it is booked for Thursday 4 June 2026 at 11:30.',
      ),
      [
        'select | service | Full | Full',
        'select | 11:30 | - | -',
        'click | book | - | -',
        'expectVisible | confirmation | booked for Thursday 4 June 2026 at 11:30 | booked for Thursday 4 June 2026 at 11:30',
      ],
    );
    assert.equal(parseDescription('Book a Full service at 11:30.').steps.at(-1)?.implied, true);
    // A booking without a time is not read as one; a text said of "it" without a figure is no text.
    assert.notDeepEqual(brief('Book a Full service for my bike.').slice(0, 1), [
      'select | service | Full | Full',
    ]);
    assert.equal(parseDescription('The confirmation says it is booked.').steps[0]?.exactName, undefined);
  });

  test('a value set before and "still" said of its field is the value the field holds; "With X and Y ticked the page should say …" ticks them first; a statement ending on the question a page asks is read', () => {
    const held = (description: string): string[] =>
      parseDescription(description).steps.map((st) =>
        [st.kind, st.target, st.value, st.held ? 'held' : '-'].join(' | '),
      );
    assert.deepEqual(
      held(
        'Change Meeting point to Sennen Cove car park. Click Cancel. Meeting point still says Sennen Cove car park.',
      ),
      [
        'select | Meeting point | Sennen Cove car park | -',
        'click | Cancel |  | -',
        'expectValue | Meeting point | Sennen Cove car park | held',
      ],
    );
    assert.deepEqual(
      held(
        'You change the Usual walk day to Sunday and you press Save. The Usual walk day must be still Sunday.',
      ).slice(-1),
      ['expectValue | Usual walk day | Sunday | held'],
    );
    // A text the page shows is no value held, though it says what was typed elsewhere.
    assert.deepEqual(
      held('Change Meeting point to Sennen Cove. Click Save. The page says Sennen Cove.').slice(-1),
      ['expectVisible |  | Sennen Cove | -'],
    );
    assert.deepEqual(brief('With Walks and Talks ticked the page should say "Showing 6 of 10 events".'), [
      'check | Walks and Talks | - | -',
      'expectVisible | - | Showing 6 of 10 events | Showing 6 of 10 events',
    ]);
    assert.deepEqual(
      brief('You press Cancel, then comes the question Discard your changes? and you press Escape key.'),
      ['click | Cancel | - | -', 'press | - | - | Escape'],
    );
    // A question asked is still no step.
    assert.deepEqual(brief('Do you know who owns the Cancel button?'), []);
  });

  test('an item\'s option and its Move ("choosing Doing for Book the village hall", "move Email the walk leaders to Done"); "Cancel asks …", "Keep editing closes the question"; a page that says a capitalised text; "together" and "make sure that\'s tested" are no words of the feature', () => {
    const scoped = (description: string): string[] =>
      parseDescription(description).steps.map((st) =>
        [st.kind, st.target, st.value, st.scope ?? '-', st.implied ? 'implied' : '-'].join(' | '),
      );
    assert.deepEqual(scoped('Choosing Doing for Book the village hall and pressing Move.'), [
      'select | Book the village hall | Doing | Book the village hall | -',
      'click | Move |  | - | -',
    ]);
    assert.deepEqual(scoped('Move Email the walk leaders to Done.'), [
      'select | Email the walk leaders | Done | Email the walk leaders | -',
      'click | move |  | Email the walk leaders | implied',
    ]);
    // "it's still in Done after a refresh": reloaded, and the checks before it hold again.
    const kept = parseDescription(
      'Move Email the walk leaders to Done, then the Done column should say "Done (2)". Also check it\'s still in Done after a refresh.',
    ).steps.slice(-2);
    assert.deepEqual(
      kept.map((st) => [st.kind, st.reassert === true]),
      [
        ['reload', false],
        ['expectVisible', true],
      ],
    );
    // A count in parentheses is part of the text written as the page shows it.
    assert.deepEqual(brief('Click Move. The heading should say Done (2).').slice(-1), [
      'expectVisible | heading | Done (2) | Done (2)',
    ]);
    assert.deepEqual(
      brief('After I change the Group name to West Penwith Ramblers, Cancel asks "Discard your changes?"'),
      [
        'fill | Group name | - | West Penwith Ramblers',
        'click | Cancel | - | -',
        'expectVisible | - | Discard your changes? | Discard your changes?',
      ],
    );
    assert.deepEqual(brief('Keep editing closes the question.'), [
      'click | Keep editing | - | -',
      'expectHidden | question | - | -',
    ]);
    assert.deepEqual(brief('Click Save changes. The group page should say No dogs, please.').slice(-1), [
      'expectVisible | - | No dogs, please | No dogs, please',
    ]);
    assert.deepEqual(
      brief(
        "If I pick Workshops and Socials together I expect 4 events. Please make sure that's tested.",
      ).map((line) => line.split(' | ').slice(0, 2).join(' | ')),
      ['select | Workshops and Socials', 'expectCount | events'],
    );
  });

  test('"click Cancel, then Keep editing": a capitalised name alone after a click is the next control, pressed only where a control has exactly that name', () => {
    assert.deepEqual(brief('Click Cancel, then Keep editing. The Group name box should still say Hikers.'), [
      'click | Cancel | - | -',
      'click | Keep editing | Keep editing | -',
      'expectVisible | Group name box | Hikers | Hikers',
    ]);
    const [, pressed] = parseDescription('Press Next, then "Finish".').steps;
    assert.equal(pressed?.implied, true);
    assert.deepEqual(pressed?.roleHints, ['button', 'link']);
    assert.equal(pressed?.exactName, 'Finish');
    // "again": the same control once more.
    assert.deepEqual(brief('I press Load more, then Load more again.'), [
      'click | Load more | - | -',
      'click | Load more | Load more | -',
    ]);
    // Not after a fill, not without "then", not a sentence in lower case.
    assert.deepEqual(parseDescription('Type Hikers in Group name, then Keep editing.').skipped, [
      'Keep editing',
    ]);
    assert.deepEqual(parseDescription('Click Cancel. Keep editing.').skipped, ['Keep editing']);
    assert.deepEqual(parseDescription('Click Cancel, then keep going').steps.length, 1);
  });

  test('a list filtered by a range of dates ("filtered her rentals from 1 May to 23 May 2026"): each end in its field, the year said once taken by both, the filter sent; "shouldn\'t that show …?" and "Surely … should …?" state what is expected; "both May ones" before the names is no text', () => {
    assert.deepEqual(
      brief(
        'quick q - customer filtered her rentals from 1 May to 23 May 2026 and only got one. shouldnt that show both May ones, R-2195 and R-2210?',
      ),
      [
        'fill | From date | - | 1 May 2026',
        'fill | To date | - | 23 May 2026',
        'click | submit | - | -',
        'expectVisible | - | R-2195 | R-2195',
        'expectVisible | - | R-2210 | R-2210',
      ],
    );
    assert.deepEqual(brief('Filter the list from 01/03/2026 until 31/03/2026.').slice(0, 2), [
      'fill | From date | - | 01/03/2026',
      'fill | To date | - | 31/03/2026',
    ]);
    // Not a range of dates: no fields invented.
    assert.ok(brief('Filter the trails from Easy to Hard.').every((line) => !/date/.test(line)));
    assert.deepEqual(brief("Click Show. Shouldn't the table list R-2131?").slice(-1), [
      'expectVisible | table | R-2131 | R-2131',
    ]);
    assert.deepEqual(brief('Click Show. Surely it should say "Showing 5 of 12 rentals"?').slice(-1), [
      'expectVisible | - | Showing 5 of 12 rentals | Showing 5 of 12 rentals',
    ]);
    // A plain question asks; it states nothing.
    assert.deepEqual(brief('Click Show. Should the table list R-2131?'), ['click | Show | - | -']);
    assert.deepEqual(brief('Click Show. It should list the two new ones, "R-1" and "R-2".').slice(1), [
      'expectVisible | - | R-1 | R-1',
      'expectVisible | - | R-2 | R-2',
    ]);
    assert.deepEqual(brief('Click Load more. I should see 14 photos.\n\nBest wishes,\nJoan').length, 2);
  });

  test('where the keyboard focus is ("should be focused", "focus moves to X", "the X link puts the focus in Y", "her cursor ends up in X"), and the page\'s title ("the page title starts with Error:")', () => {
    const states = (description: string): string[] =>
      parseDescription(description).steps.map((s) =>
        `${s.kind} ${s.target} ${s.state ?? s.pageTitle ?? ''}`.trim(),
      );
    assert.deepEqual(
      states(
        'When I click the "Enter your email address" link. Then the Email address field should be focused.',
      ),
      ['click Enter your email address link', 'expectState Email address field focused'],
    );
    assert.deepEqual(states('Expected: focus moves to the Email address input.'), [
      'expectState Email address input focused',
    ]);
    assert.deepEqual(states('the "Enter your email address" link puts the focus in Email address'), [
      'click Enter your email address link',
      'expectState Email address focused',
    ]);
    assert.deepEqual(states('Make sure the focus is on the Saturday 12 July checkbox.'), [
      'expectState Saturday 12 July checkbox focused',
    ]);
    assert.deepEqual(states('Then her cursor ends up in the name box.'), ['expectState name box focused']);
    // "… appears and receives focus": said of no control; read as nothing, and reported.
    const summary = parseDescription('The error summary "There is a problem" appears and receives focus.');
    assert.deepEqual(
      summary.steps.map((s) => s.kind),
      ['expectVisible'],
    );
    assert.deepEqual(summary.skipped, ['receives focus']);
    // What went wrong is no check: "Observed: …" and an audit's "Finding 4 (…): …".
    assert.deepEqual(
      states(
        'Accessibility audit. Finding 4 (WCAG 2.4.3 Focus Order): a link moves focus to the wrong field.\nExpected: focus moves to the Email address input.\nObserved: focus lands in Full name.',
      ),
      ['expectState Email address input focused'],
    );
    const title = parseDescription(
      'Press Sign up -> the page title starts with "Error:" and "There is a problem" is shown',
    ).steps;
    assert.deepEqual(
      title.map((s) => [s.kind, s.value, s.pageTitle ?? '-']),
      [
        ['click', '', '-'],
        ['expectText', 'Error:', 'starts'],
        ['expectVisible', 'There is a problem', '-'],
      ],
    );
    assert.equal(parseDescription('The title of the page should be "Sign up".').steps[0]?.pageTitle, 'is');
    assert.equal(
      parseDescription('Check the page title is "Sign up - Volunteer".').steps[0]?.value,
      'Sign up - Volunteer',
    );
    assert.deepEqual(states('When the dialog opens the Cancel button is focused.'), [
      'expectState Cancel button focused',
    ]);
    assert.equal(
      parseDescription('The browser tab title contains "Basket".').steps[0]?.pageTitle,
      'contains',
    );
    // "the title" alone may be a heading.
    assert.equal(parseDescription('The title should be Welcome.').steps[0]?.kind, 'expectVisible');
  });

  test('a checklist\'s fields and values with no verb ("Full name Sam Jones, Email address sam@example.com, Phone number 07700 900 982") are filled; "correct the email to X" sets it; "activate the link X" presses it', () => {
    assert.deepEqual(
      brief(
        'Full name Sam Jones, Email address sam@example.com, Phone number 07700 900 982, tick Saturday 12 July, Sign up',
      ),
      [
        'fill | full name | - | Sam Jones',
        'fill | Email address | - | sam@example.com',
        'fill | Phone number | - | 07700 900 982',
        'check | Saturday 12 July | - | -',
        'click | sign up | - | -',
      ],
    );
    // One name and value alone is no checklist of fields (it may be a text shown).
    assert.notEqual(brief('Click Save. Full name Sam Jones.')[1]?.split(' | ')[0], 'fill');
    assert.deepEqual(brief('Correct the email to priya.shah@example.com and press Sign up.'), [
      'fill | email | - | priya.shah@example.com',
      'click | Sign up | - | -',
    ]);
    assert.deepEqual(brief('Activate the link "Enter your email address".'), [
      'click | link Enter your email address | Enter your email address | -',
    ]);
    assert.equal(parseDescription('Activate dark mode.').steps[0]?.kind, 'check');
  });

  test('quantities with their unit ("300 g plain flour", "750 ml milk") are texts, not counts of grams; "theres only 1 egg"; an arrow chain after a value set goes on with a step; "→ \'A\' + \'B\'" shows both', () => {
    assert.deepEqual(
      brief(
        'Click More servings twice. It says Serves 6 and the ingredients are 300 g plain flour, 3 eggs and 30 g butter.',
      ),
      [
        'click | More servings | - | -',
        'click | More servings | - | -',
        'expectVisible | Serves 6 | - | -',
        'expectVisible | ingredients are plain flour | 300 g | 300 g',
        'expectCount | eggs | - | 3',
        'expectVisible | butter | 30 g | 30 g',
      ],
    );
    assert.deepEqual(
      brief('hit Fewer servings, then the flour shoud say 100 g and theres only 1 egg').slice(1),
      ['expectVisible | flour | 100 g | 100 g', 'expectCount | egg | - | 1'],
    );
    assert.deepEqual(brief("/recipe: Servings 4 → More servings → 'Serves 5' + '625 ml milk'"), [
      'fill | Servings | - | 4',
      'click | More servings | - | -',
      'expectVisible | - | Serves 5 | Serves 5',
      'expectVisible | - | 625 ml milk | 625 ml milk',
    ]);
    // The last arrow still leads to the outcome.
    assert.deepEqual(brief('bill 45.50, 2 ppl -> each pays $22.75').slice(-1), [
      'expectVisible | each pays | $22.75 | $22.75',
    ]);
  });

  test('a form that repeats a group ("Person 1", "Person 2"): each name and choice in its group, "adding two more people, with the names …", "remove Ben with his Remove button", "Noah is now Person 1"', () => {
    const scoped = (description: string): string[] =>
      parseDescription(description).steps.map((s) =>
        [s.kind, s.target || '-', s.value || '-', s.scope ?? '-', s.held ? 'held' : ''].join(' | ').trim(),
      );
    assert.deepEqual(
      scoped(
        'On /tickets, book for two: Person 1 "Ann Lee" as an Adult, Person 2 "Ben Lee" as a Child (5 to 15).',
      ),
      [
        'fill | name | Ann Lee | Person 1 |',
        'select | Adult | Adult | Person 1 |',
        'fill | name | Ben Lee | Person 2 |',
        'select | Child (5 to 15) | Child (5 to 15) | Person 2 |',
      ],
    );
    assert.deepEqual(scoped('Type "Kim" as the name of Person 2.'), ['fill | name | Kim | Person 2 |']);
    assert.deepEqual(scoped('You write Mia for Person 1, you push Add another person and write Noah.'), [
      'fill | name | Mia | Person 1 |',
      'click | Add another person | - | - |',
      'fill | next empty field | Noah | - |',
    ]);
    assert.deepEqual(
      scoped('After adding two more people, with the names Ann, Ben and Cat, it shows 3 people.').slice(0, 5),
      [
        'click | Add another person | - | - |',
        'click | Add another person | - | - |',
        'fill | next empty field | Ann | - |',
        'fill | next empty field | Ben | - |',
        'fill | next empty field | Cat | - |',
      ],
    );
    assert.deepEqual(
      scoped(
        'Then remove Ben with his Remove button: the line must drop to 2 people, total £24, because only the adults are left.',
      ),
      ['click | Remove button | - | Ben |', 'expectVisible | line | 2 people, total £24 | - |'],
    );
    assert.deepEqual(
      scoped('When you push Remove person 1, must stay only Noah and Olivia, Noah is now Person 1.').slice(1),
      ['expectValue | name | Noah | Person 1 | held'],
    );
    assert.deepEqual(scoped('Person 1 is now Ben and Person 2 is Cat. The line then reads "2 people".'), [
      'expectValue | name | Ben | Person 1 | held',
      'expectValue | name | Cat | Person 2 | held',
      'expectVisible | - | 2 people | - |',
    ]);
    // More of a thing for a cart is no group of a form.
    assert.deepEqual(scoped('Add two more lamps to the cart.'), [
      'click | add to cart | - | two more lamps |',
    ]);
    // A request to automate, after a lead-in, is no step.
    assert.deepEqual(
      scoped('Before we open bookings, please make sure this is covered by an automated test.'),
      [],
    );
  });

  test('a support agent retelling a screen-reader user\'s run: "She pressed X … and heard Y" as steps, "But when … ended up …" (what went wrong) left out, "Could we get a test that …, and that each link puts the cursor in the right place: the A one in B, …?"', () => {
    const steps = parseDescription(
      'Hi QA, passing on a call. She pressed Sign up on the form before filling anything in and heard "There is a problem", which is good. But when she chose "Enter your email address" her cursor ended up in the name box, so she typed her email there. Could we get a test that the summary lists Enter your full name and Enter your email address, and that each link puts the cursor in the right place: the full name one in Full name, the email one in Email address?',
    ).steps.map((s) => [s.kind, s.target, s.exactName ?? '', s.state ?? ''].join(' | '));
    assert.deepEqual(steps, [
      'click | Sign up |  | ',
      'expectVisible |  | There is a problem | ',
      'expectVisible | summary | Enter your full name and Enter your email address | ',
      'click | full name link |  | ',
      'expectState | Full name |  | focused',
      'click | email link |  | ',
      'expectState | Email address |  | focused',
    ]);
    // A question that asks, with no request for a test before it, still states nothing.
    assert.deepEqual(brief('Click Sign up. Does anyone know why?'), ['click | Sign up | - | -']);
  });

  test('a customer\'s email told in the past: "The bill was 84.00, I moved the tip slider up to 20% and put 3 people" sets each; "Could you have a look?" asks for help, nothing on the page', () => {
    assert.deepEqual(
      brief(
        'Hi there, I used your Split the bill page. The bill was 84.00, I moved the tip slider up to 20% and put 3 people. It said each person pays $28.00. With the tip it should be $33.60 each. Could you have a look?',
      ),
      [
        'fill | bill | - | 84.00',
        'select | tip | - | 20%',
        'fill | people | - | 3',
        'expectVisible | With the tip it is each | $33.60 | $33.60',
      ],
    );
    // A total is what the page showed, not a value given, told in the past or not.
    for (const told of ['Click Split. The total was 84.00.', 'I clicked Split, the total was 84.00.'])
      assert.ok(
        brief(told).every((line) => !line.startsWith('fill')),
        told,
      );
    // "put" with things, not people: the cart's add, as before.
    assert.equal(brief('Put 2 lamps in the basket.')[0]?.split(' | ')[0], 'click');
  });

  test('a sentence typed as a list item keeps its full stop where the list\'s other items have none ("5. Your review: Leaked at the seams.")', () => {
    const list = (review: string, close = ''): string =>
      `1. Go to /reviews\n2. Your name: Priya${close}\n3. Rating: 1 star${close}\n4. Your review: ${review}\n5. Click Post review${close}`;
    const typed = (description: string): string | undefined =>
      parseDescription(description).steps.find((s) => s.target === 'Your review')?.value;
    assert.equal(typed(list('Leaked at the seams.')), 'Leaked at the seams.');
    // Every item ends with one: the full stops end sentences, as before.
    assert.equal(typed(list('Leaked at the seams.', '.')), 'Leaked at the seams');
    assert.equal(typed(list('Leaked at the seams')), 'Leaked at the seams');
  });

  test('second-language English: "you take X for the Service", "choose the time 15:00", "Then must appear X", "it must show X with 15:00 also"', () => {
    assert.deepEqual(
      brief(
        'You take Safety check for the Service, you choose the time 15:00 and you click Book this slot. Then must appear Service booked. Reload the page, it must show Your booking with 15:00 also.',
      ),
      [
        'select | Service | - | Safety check',
        'select | time | - | 15:00',
        'click | Book this slot | - | -',
        'expectVisible | - | Service booked | Service booked',
        'reload | - | - | -',
        'expectVisible | - | Your booking and 15:00 | Your booking and 15:00',
      ],
    );
  });

  test("arrow shorthand: \"Full service + 13:30 -> 'Book this slot' => confirmation 'at 13:30';\" chooses both, presses the quoted control and checks the quoted text", () => {
    assert.deepEqual(
      brief("/bike-service: Full service + 13:30 -> 'Book this slot' => confirmation 'at 13:30'"),
      [
        'select | service | Full | Full',
        'select | 13:30 | - | -',
        'click | Book this slot | Book this slot | -',
        'expectVisible | - | at 13:30 | at 13:30',
      ],
    );
  });

  test('"when you go back to the page, it must show X": the page opened again, and X checked there (not what the page before showed)', () => {
    const steps = parseDescription(
      'Click Book this slot. It should say "Service booked". When you go back to the page, it must show "Your booking".',
    ).steps;
    assert.deepEqual(
      steps.map((st) => [st.kind, st.revisit === true, st.reassert === true, st.exactName ?? '-']),
      [
        ['click', false, false, '-'],
        ['expectVisible', false, false, 'Service booked'],
        ['reload', true, false, '-'],
        ['expectVisible', false, false, 'Your booking'],
      ],
    );
    // Said with nothing to check after it, the checks before hold again; a reload is a reload.
    assert.equal(
      parseDescription('Tick Dark mode. It is kept when you come back to the page.').steps.at(-1)?.reassert,
      true,
    );
    assert.equal(parseDescription('Tick Dark mode. Reload the page.').steps.at(-1)?.revisit, undefined);
    assert.deepEqual(
      brief(
        "Book a Full service at 11:30 => confirmation 'at 11:30'; back on the form: 'Your booking'",
      ).slice(-2),
      ['reload | - | - | -', 'expectVisible | - | Your booking | Your booking'],
    );
  });

  test('a long quoted text of several sentences the page shows stays one text (only words said in the first person are read as an account); "X on Y swaps it with Z" presses it; "Save order confirms with "…"" presses Save order, then checks the text', () => {
    const shown = 'Saved. Your walk: Minack Theatre, Porthcurno beach, Logan Rock, Treen café, Lamorna Cove.';
    assert.deepEqual(
      brief(
        `* Move down on Porthcurno beach swaps it with Minack Theatre\n* Save order confirms with "${shown}"`,
      ),
      ['click | Move down | - | -', 'click | Save order | - | -', `expectVisible | - | ${shown} | ${shown}`],
    );
    // Someone's account in quotes is still read as what they say.
    const account = parseDescription(
      'Feedback: "I\'m furnishing my flat and picked Lighting in the filter. It shows the lamps and says Showing 3 products."',
    );
    assert.ok(
      !account.steps.some((st) => st.exactName?.startsWith("I'm furnishing")),
      JSON.stringify(account.steps),
    );
  });
});
