// GenerateTest end to end: the demo app, the real runner (Explore + RunSpec, Chromium) and the real
// embedding service as processes, scribe on loopback. The quality bar: specs for the demo's simple
// features pass on the app and fail on its broken variant.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoFeatures } from '@superagent/demo';
import { freePort, NO_ANSWER, startMessagesApi, toolUse, type MessagesApi } from '@superagent/devkit';
import * as grpc from '@grpc/grpc-js';
import { createClient, isGrpcStatusError, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, decodeSpentUsage, runner, scribe, SPENT_USAGE_METADATA_KEY } from '@superagent/proto';
import { type DemoStack, mapLimit, type ScribeUnderTest, startDemoStack, startScribe } from './stack';

type RunnerClient = GrpcClient<typeof runner.RunnerServiceService>;

const SIMPLE = demoFeatures.filter((f) => f.kind === 'simple');

function request(init: Partial<scribe.GenerateTestRequest>): scribe.GenerateTestRequest {
  return scribe.GenerateTestRequest.fromPartial({ tier: common.Tier.LOCAL, ...init });
}

// A guard against a hang, not a speed goal: the suite takes about three minutes on an idle machine
// (every demo feature generated, then run on the app and on its broken variant), longer under load.
describe('GenerateTest on the demo app (local tier)', { timeout: 480_000 }, () => {
  let demo: DemoStack;
  let sut: ScribeUnderTest;
  let run: RunnerClient;

  before(async () => {
    demo = await startDemoStack();
    sut = await startScribe({
      RUNNER_ADDR: demo.runner.address,
      EMBEDDING_ADDR: demo.embedding.address,
      SCRIBE_MAX_EXPLORES: '4',
    });
    run = createClient(runner.RunnerServiceService, demo.runner.address, {
      target: 'runner',
      defaultDeadlineMs: 90_000,
      logger: silentLogger(),
      breaker: false,
    });
  });

  after(async () => {
    run?.close();
    await sut?.close();
    await demo?.stop();
  });

  const runSpec = async (spec: string, baseUrl: string, fileName: string): Promise<runner.RunSpecResponse> =>
    run.unary('runSpec', runner.RunSpecRequest.fromPartial({ specSource: spec, baseUrl, fileName }));
  /** A demo feature generated from scratch (no pattern memory) against the working app. */
  const generateFresh = (f: (typeof demoFeatures)[number]): Promise<scribe.GenerateTestResponse> =>
    sut.client.unary(
      'generateTest',
      request({
        description: f.description,
        baseUrl: demo.app.url,
        startPath: f.startPath,
        options: scribe.GenerateOptions.fromPartial({ usePatterns: false }),
      }),
    );
  /** The spec run against the app and against its broken variant. */
  const runOnBoth = (
    res: scribe.GenerateTestResponse,
  ): Promise<[good: runner.RunSpecResponse, broken: runner.RunSpecResponse]> =>
    Promise.all([
      runSpec(res.specSource, demo.app.url, res.fileName),
      runSpec(res.specSource, demo.broken.url, res.fileName),
    ]);

  /** The spec passes on the app and fails on the broken app. */
  const passesAndCatches = async (res: scribe.GenerateTestResponse): Promise<void> => {
    const [good, bad] = await runOnBoth(res);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage ?? good.errorMessage);
    assert.equal(bad.status, common.RunStatus.FAIL, res.specSource);
  };

  test('specs for the simple features pass on the app and fail on the broken app', async (t) => {
    const results = await mapLimit(SIMPLE, 4, async (f) => {
      const t0 = Date.now();
      const res = await generateFresh(f);
      const [good, bad] = await runOnBoth(res);
      t.diagnostic(
        `${f.id}: generated in ${res.durationMs} ms, generated and run twice in ${Date.now() - t0} ms`,
      );
      return { id: f.id, res, good, bad };
    });
    const caught: string[] = [];
    for (const { id, res, good, bad } of results) {
      assert.ok(res.validation?.accepted, `${id}: rejected: ${JSON.stringify(res.validation?.findings)}`);
      assert.match(res.specSource, /test\.describe\(/, id);
      assert.doesNotMatch(res.specSource, /127\.0\.0\.1|localhost/, `${id}: hard-coded host`);
      assert.equal(res.modelId, 'local');
      assert.equal(res.usage?.inputTokens, 0);
      assert.ok(res.exploreSteps > 0, `${id}: explored`);
      if (good.status === common.RunStatus.PASS && bad.status === common.RunStatus.FAIL) caught.push(id);
    }
    const summary = results
      .map(
        (r) =>
          `${r.id}: app=${common.runStatusToJSON(r.good.status)} broken=${common.runStatusToJSON(r.bad.status)} ${r.good.tests[0]?.errorMessage.slice(0, 200) ?? r.good.errorMessage}`,
      )
      .join('\n');
    t.diagnostic(
      `passed on the app and failed on the broken app: ${caught.length} of ${SIMPLE.length} (${caught.join(', ')})`,
    );
    for (const must of ['login', 'product-search', 'result-filtering', 'modal-dialog', 'dark-mode', 'cart'])
      assert.ok(caught.includes(must), `${must} not caught:\n${summary}`);
    assert.ok(
      caught.length >= 8,
      `only ${caught.length} of ${SIMPLE.length} passed and caught the bug:\n${summary}`,
    );
  });

  test('a payment whose one-time code is asked inside an iframe: the spec reaches into the frame, submits the code and catches the bug', async () => {
    const payment = demoFeatures.find((f) => f.id === 'card-payment-3ds');
    assert.ok(payment);
    const res = await generateFresh(payment);
    const frame = 'page.locator(\'iframe[title="3-D Secure challenge"]\').contentFrame()';
    // The description never says how to submit the code: the field is filled, then Enter.
    assert.ok(
      res.specSource.includes(`${frame}.getByRole('textbox', { name: 'One-time code' }).fill('123456');`),
      res.specSource,
    );
    assert.ok(
      res.specSource.includes(`${frame}.getByRole('textbox', { name: 'One-time code' }).press('Enter');`),
    );
    assert.match(
      res.specSource,
      /expect\(page\.getByRole\('heading', \{ name: 'Payment successful' \}\)\)\.toBeVisible\(\)/,
    );
    await passesAndCatches(res);
  });

  test("a login spec uses the page's own locators, credentials from the environment and asserts the outcome", async () => {
    const login = SIMPLE.find((f) => f.id === 'login');
    assert.ok(login);
    const res = await generateFresh(login);
    assert.match(res.specSource, /await page\.goto\('\/login'\);/);
    assert.match(res.specSource, /const PASSWORD = process\.env\.E2E_PASSWORD \?\? 'demo-pass';/);
    assert.match(res.specSource, /getByRole\('button', \{ name: 'Log in' \}\)\.click\(\)/);
    assert.match(res.specSource, /Welcome, Demo User/);
    assert.doesNotMatch(res.specSource, /fill\('demo-pass'\)/);
    assert.equal(res.fileName, 'log-in-with-email-demo-example-com-and-password-demo-pass.spec.ts');
    const fill = res.steps.find((s) => s.action === scribe.StepAction.FILL && s.target === 'password');
    assert.ok(fill?.resolved && fill.locator.includes('Password'));
    assert.ok(
      res.steps.some(
        (s) =>
          s.action === scribe.StepAction.EXPECT_VISIBLE && s.value === 'Welcome, Demo User' && s.resolved,
      ),
    );
  });

  test('what the local tier reads as neither a step nor an outcome is quoted in one warning; the spec is still accepted', async () => {
    const login = SIMPLE.find((f) => f.id === 'login');
    assert.ok(login);
    const res = await generateFresh({
      ...login,
      description: `Release 2.4 regression. ${login.description}`,
    });
    assert.equal(res.validation?.accepted, true);
    const unread = res.validation?.findings.filter((f) => f.ruleId === 'unread-text') ?? [];
    assert.deepEqual(
      unread.map((f) => [f.severity, f.message]),
      [
        [
          scribe.Severity.WARNING,
          'Not read as a step or an outcome, so the spec does not check it: "Release 2.4 regression".',
        ],
      ],
    );
    // The feature's own description leaves nothing unread.
    const plain = await generateFresh(login);
    assert.deepEqual(
      plain.validation?.findings.filter((f) => f.ruleId === 'unread-text'),
      [],
    );
  });

  test("a description that names the app's own URLs gets a spec that reaches them through baseURL", async () => {
    const about = new URL('/about', demo.app.url).href;
    const res = await sut.client.unary(
      'generateTest',
      request({
        description: `Go to ${about} and see the "About us" heading, and that the URL is ${about}`,
        baseUrl: demo.app.url,
        startPath: '/',
        options: scribe.GenerateOptions.fromPartial({ usePatterns: false }),
      }),
    );
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /await page\.goto\('\/about'\);/);
    assert.ok(!res.specSource.includes(new URL(demo.app.url).host), res.specSource);
    const good = await runSpec(res.specSource, demo.app.url, res.fileName);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage ?? good.errorMessage);
  });

  test('a fill named only by what goes in ("some text") fills the next empty field, and the spec catches the bug', async () => {
    const contact = demoFeatures.find((f) => f.id === 'contact-form');
    assert.ok(contact);
    const res = await generateFresh({
      ...contact,
      description:
        'Leave a message on the Contact us page: your name, a valid email, some text. Hit Send message. We expect a thanks message.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /getByRole\('textbox', \{ name: 'Message' \}\)\.fill\(/);
    await passesAndCatches(res);
  });

  test('"on the X page" goes there through its link when the flow is elsewhere, and is left out when no link leads there', async () => {
    const cart = demoFeatures.find((f) => f.id === 'cart');
    assert.ok(cart);
    const res = await generateFresh({
      ...cart,
      description:
        "Add the Aurora Desk Lamp to the cart, then remove it on the cart page and check that 'Your cart is empty.' shows",
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /getByRole\('link', \{ name: 'Cart[^']*' \}\)\.click\(\)/);
    const [good, bad] = await runOnBoth(res);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage ?? good.errorMessage);
    // Broken, the badge link the spec follows never reads "Cart 1 items": the click waits out the test.
    assert.notEqual(bad.status, common.RunStatus.PASS, res.specSource);
    // No link names the offers page: the step adds nothing and fails nothing.
    const modal = demoFeatures.find((f) => f.id === 'modal-dialog');
    assert.ok(modal);
    const inPlace = await generateFresh({
      ...modal,
      description: 'Click "Subscribe to the newsletter" on the offers page and see the dialog',
    });
    assert.ok(inPlace.validation?.accepted, JSON.stringify(inPlace.validation?.findings));
    assert.match(
      inPlace.specSource,
      /await page\.goto\('\/newsletter'\);\n\s+await page\.getByRole\('button', \{ name: 'Subscribe to the newsletter' \}\)\.click\(\);/,
    );
  });

  // Broken: "Bothy" alone enables the delete; Cancel saves what the rename box holds.
  for (const closed of [
    {
      what: 'a dialog closed since (a checklist whose Cancel closed it)',
      startPath: '/projects',
      description:
        '[ ] Delete on Bothy map opens a dialog "Delete Bothy map?"\n[ ] with only "Bothy" typed, Delete this project is disabled\n[ ] Cancel closes the dialog and Bothy map is still listed\n[ ] typing Bothy map and pressing Delete this project shows Deleted "Bothy map". and 2 projects',
      reopened:
        /getByRole\('button', \{ name: 'Delete Bothy map' \}\)\.click\(\);\n\s+await page\.getByRole\('textbox'[^\n]*\.fill\('Bothy map'\)/,
    },
    {
      what: 'an inline editor closed since (a rename cancelled)',
      startPath: '/playlists',
      description:
        'Click Rename on Road trip, type Night drive and click Cancel. Road trip is still listed. An empty name is refused with "A playlist needs a name."',
      reopened:
        /getByRole\('button', \{ name: 'Rename Road trip' \}\)\.click\(\);\n\s+await page\.getByRole\('textbox'[^\n]*\.clear\(\);\n[^\n]*\.press\('Enter'\)/,
    },
  ])
    test(`a field of ${closed.what} is reached by pressing again what opened it`, async () => {
      const res = await generateFresh({
        ...(SIMPLE[0] as (typeof demoFeatures)[number]),
        startPath: closed.startPath,
        description: closed.description,
      });
      assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
      const afterCancel = res.specSource.slice(res.specSource.indexOf("name: 'Cancel'"));
      assert.match(afterCancel, closed.reopened, res.specSource);
      await passesAndCatches(res);
    });

  test('two comments of its own text, one deleted: each typed text its own, the Delete found inside its comment by that text', async () => {
    const res = await generateFresh({
      ...(SIMPLE[0] as (typeof demoFeatures)[number]),
      startPath: '/community/first-tent',
      description:
        'Post two comments, then delete one of them (Delete, then Delete comment). The heading should say 4 comments.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /const MESSAGE_2 = /);
    // The second comment is typed only once the first is shown: the page clears the box when a post
    // succeeds, and typing before that answer would lose the text (seen on a busy machine).
    assert.match(
      res.specSource,
      /name: 'Post comment' \}\)\.click\(\);\n\s+await expect\(page\.getByText\(MESSAGE\)\)\.toBeVisible\(\);\n\s+await page\.getByRole\('textbox'/,
      res.specSource,
    );
    // The comment is found by the constant's text (which the environment may set), not by a copy of it.
    assert.match(
      res.specSource,
      /page\.locator\(`article:has-text\(\$\{JSON\.stringify\(MESSAGE(?:_2)?\)\}\)`\)\.getByRole\('button', \{ name: 'Delete' \}\)\.click\(\)/,
      res.specSource,
    );
    const [good, bad] = await runOnBoth(res);
    assert.equal(
      good.status,
      common.RunStatus.PASS,
      `${good.tests[0]?.errorMessage ?? good.errorMessage}\n${res.specSource}`,
    );
    // Broken, the count at the top still includes the deleted comment.
    assert.notEqual(bad.status, common.RunStatus.PASS, res.specSource);
  });

  test('a control pressed until it is gone is pressed as often as the page offers it, and the spec catches a list that stops short', async () => {
    const res = await generateFresh({
      ...(SIMPLE[0] as (typeof demoFeatures)[number]),
      startPath: '/gallery',
      description:
        'Keep clicking Load more until it is gone, then check that the page says "You\'ve seen all 14 photos."',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    // 14 photos, 6 shown and 6 more a press: two presses.
    assert.equal(
      res.specSource.match(/getByRole\('button', \{ name: 'Load more' \}\)\.click\(\)/g)?.length,
      2,
      res.specSource,
    );
    const [good, bad] = await runOnBoth(res);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage ?? good.errorMessage);
    // Broken, the button goes after the first press: the second press waits out the test.
    assert.notEqual(bad.status, common.RunStatus.PASS, res.specSource);
  });

  test('an order to check ("Expected order: …") is one toContainText([…]) on the elements showing the items', async () => {
    const res = await generateFresh({
      ...(SIMPLE[0] as (typeof demoFeatures)[number]),
      startPath: '/walk-plan',
      description:
        'Click Move down for Porthcurno beach.\nExpected order: Minack Theatre, Porthcurno beach, Logan Rock, Treen café, Lamorna Cove',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(
      res.specSource,
      /\)\.toContainText\(\['Minack Theatre', 'Porthcurno beach', 'Logan Rock', 'Treen café', 'Lamorna Cove'\]\);/,
    );
    // Broken, Move down moves a stop two places.
    await passesAndCatches(res);
  });

  test('a control named alike on every card is the one beside the control used last; names ticked together are each ticked and the filter form is sent; a value set is checked in its field; a name alone after "then" is pressed; a page gone back to is opened again', async () => {
    const on = (startPath: string, description: string): Promise<scribe.GenerateTestResponse> =>
      generateFresh({ ...(SIMPLE[0] as (typeof demoFeatures)[number]), startPath, description });
    const [board, events, group, booking] = await Promise.all([
      on(
        '/board',
        'Open the Open day jobs board. On the "Print the posters" card, choose Done in "Move to". Click Move. The page says Moved "Print the posters" to Done.',
      ),
      on('/events', 'With Walks and Talks ticked the page should say "Showing 6 of 10 events".'),
      on(
        '/group/edit',
        'Change Meeting point to Sennen Cove car park. Click Cancel, then Keep editing. Meeting point still says Sennen Cove car park.',
      ),
      on(
        '/bike-service',
        'Book a Full service at 11:30. When you go back to the page, it must show "Your booking: Full service on Thursday 4 June 2026 at 11:30."',
      ),
    ]);
    for (const res of [board, events, group, booking])
      assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(
      board.specSource,
      /getByRole\('combobox', \{ name: 'Move Print the posters to' \}\)\.selectOption\('Done'\)/,
    );
    assert.match(board.specSource, /getByRole\('button', \{ name: 'Move Print the posters' \}\)\.click\(\)/);
    for (const type of ['Walks', 'Talks'])
      assert.match(
        events.specSource,
        new RegExp(`getByRole\\('checkbox', \\{ name: '${type}' \\}\\)\\.check\\(\\)`),
      );
    assert.match(events.specSource, /getByRole\('button', \{ name: 'Apply filters' \}\)\.click\(\)/);
    // "then Keep editing": a name alone after a click is the next control pressed.
    assert.match(group.specSource, /getByRole\('button', \{ name: 'Keep editing' \}\)\.click\(\)/);
    assert.match(
      group.specSource,
      /expect\(page\.getByRole\('textbox', \{ name: 'Meeting point' \}\)\)\.toHaveValue\('Sennen Cove car park'\)/,
    );
    // Going back to a page a form posted opens it again by its address (a reload would post again).
    assert.equal(
      booking.specSource.match(/await page\.goto\('\/bike-service'\);/g)?.length,
      2,
      booking.specSource,
    );
    assert.doesNotMatch(booking.specSource, /page\.reload\(\)/);
    // Broken: a move to the right lands one column short; two types filter by the first alone; closing
    // the discard dialog resets the form; the booked time is written out an hour early.
    for (const res of [board, events, group, booking]) await passesAndCatches(res);
  });

  test('where the keyboard focus goes and what the page title says are checked as the page showed them while exploring', async () => {
    const res = await generateFresh({
      ...(SIMPLE[0] as (typeof demoFeatures)[number]),
      startPath: '/volunteer',
      description:
        'Full name Sam Jones, tick Saturday 12 July, Sign up -> the page title starts with "Error:". The "Enter your email address" link puts the focus in Email address.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /await expect\(page\)\.toHaveTitle\(\/\^Error:\/\);/);
    assert.match(res.specSource, /getByRole\('link', \{ name: 'Enter your email address' \}\)\.click\(\)/);
    assert.match(
      res.specSource,
      /await expect\(page\.getByRole\('textbox', \{ name: 'Email address' \}\)\)\.toBeFocused\(\);/,
    );
    // Broken: the summary's email link points to Full name, so the focus lands there.
    await passesAndCatches(res);
  });

  test("a form that repeats a group: each name goes in its own group (added as needed), and a control for a name is the one of that name's group", async () => {
    const res = await generateFresh({
      ...(SIMPLE[0] as (typeof demoFeatures)[number]),
      startPath: '/tickets',
      description:
        'Person 1 "Ann Lee" as an Adult, Person 2 "Ben Lee" as a Child (5 to 15), Person 3 "Cat Ray" as an Adult. Then remove Ben with his Remove button: Person 2 is now Cat Ray and the line must say "2 people, total £24".',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    // Person 2 and Person 3 were not on the page: its "Add another person" added them.
    assert.equal(
      res.specSource.match(/name: 'Add another person' \}\)\.click\(\)/g)?.length,
      2,
      res.specSource,
    );
    assert.match(res.specSource, /locator\('#person-3-name'\)\.fill\('Cat Ray'\)/);
    assert.match(res.specSource, /getByRole\('button', \{ name: 'Remove person 2' \}\)\.click\(\)/);
    assert.match(res.specSource, /expect\(page\.locator\('#person-2-name'\)\)\.toHaveValue\('Cat Ray'\)/);
    // Broken: Remove takes away the last person, whichever button was pressed.
    await passesAndCatches(res);
  });

  test('a stepper taken to a value is pressed as often as the page needs, and a value it cannot reach rejects the spec', async () => {
    const order = (description: string): Promise<scribe.GenerateTestResponse> =>
      sut.client.unary(
        'generateTest',
        request({
          description,
          baseUrl: demo.app.url,
          startPath: '/order',
          options: scribe.GenerateOptions.fromPartial({ usePatterns: false }),
        }),
      );
    // The page starts at 1: two presses reach 3.
    const res = await order('Increase the quantity to 3 with the plus button; the total becomes $36.00.');
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    const presses = res.specSource.match(
      /getByRole\('button', \{ name: 'Increase quantity' \}\)\.click\(\)/g,
    );
    assert.equal(presses?.length, 2, res.specSource);
    assert.match(
      res.specSource,
      /await expect\(page\.getByText\('3', \{ exact: true \}\)\)\.toBeVisible\(\);/,
    );
    await passesAndCatches(res);
    // The stepper stops at 9: 12 is never shown, so the step is unresolved and the spec rejected.
    const beyond = await order(
      'Increase the quantity to 12 with the plus button; the total becomes $144.00.',
    );
    assert.equal(beyond.validation?.accepted, false, beyond.specSource);
    assert.ok(
      beyond.validation?.findings.some((f) => f.ruleId === 'unresolved-step'),
      JSON.stringify(beyond.validation?.findings),
    );
  });

  test('a GitHub issue form: the steps to reproduce and the expected behavior make the spec, which starts on the page once and catches the bug', async () => {
    const login = SIMPLE.find((f) => f.id === 'login');
    assert.ok(login);
    const res = await generateFresh({
      ...login,
      description: [
        '### Describe the bug',
        "Can't get past the login page with the demo account.",
        '### Steps to reproduce',
        `1. Go to \`${login.startPath}\``,
        '2. Type `demo@example.com` into Email',
        '3. Type `demo-pass` into Password',
        '4. Click **Log in**',
        '### Expected behavior',
        'The account page opens with the heading **Welcome, Demo User**.',
        '### Actual behavior',
        'The form comes back with "Invalid email or password."',
        '### Environment',
        '- Browser: Firefox 128',
      ].join('\n'),
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.equal(res.specSource.match(/page\.goto\(/g)?.length, 1, res.specSource);
    assert.doesNotMatch(res.specSource, /Invalid email or password|Firefox/);
    await passesAndCatches(res);
  });

  test('a lab report: the passive method runs in order, the box is cleared between searches, and each expected result follows its search', async () => {
    const search = SIMPLE.find((f) => f.id === 'product-search');
    assert.ok(search);
    const res = await generateFresh({
      ...search,
      description: [
        'Method:',
        '1. The word lamp was entered in the Search products box and Search was pressed.',
        '2. The box was cleared, zzz was entered and Search was pressed again.',
        'Expected results: For lamp exactly two products are listed, Aurora Desk Lamp and Halo Floor Lamp. For zzz no product is listed.',
      ].join('\n'),
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(
      res.specSource,
      /fill\('lamp'\);[\s\S]*Aurora Desk Lamp[\s\S]*\.clear\(\);[\s\S]*fill\('zzz'\);/,
    );
    await passesAndCatches(res);
  });

  test('"upload two files … both must appear under X": chosen, sent, and each file asserted in that list', async () => {
    const upload = demoFeatures.find((f) => f.id === 'file-upload');
    assert.ok(upload);
    const res = await generateFresh({
      ...upload,
      description: 'Upload two files together; both files must then appear under Uploaded files.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /\.setInputFiles\(\['prices\.csv', 'report\.txt'\]\);/);
    assert.match(res.specSource, /getByRole\('button', \{ name: 'Upload' \}\)\.click\(\)/);
    for (const file of ['prices.csv', 'report.txt'])
      assert.ok(
        res.specSource.includes(`getByRole('list', { name: 'Uploaded files' }).getByText('${file}')`),
        res.specSource,
      );
    // Broken, the page sends only the first file.
    await passesAndCatches(res);
  });

  test('files the runner has no fixture for are uploaded as generated files of those names, in explore and in the spec', async () => {
    const upload = demoFeatures.find((f) => f.id === 'file-upload');
    assert.ok(upload);
    const res = await generateFresh({
      ...upload,
      description:
        'Select notes.txt and photo.png together with Choose files and press Upload; both names are listed under Uploaded files.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(
      res.specSource,
      /\.setInputFiles\(\[\{ name: 'notes\.txt', mimeType: 'application\/octet-stream', buffer: Buffer\.from\('notes\.txt\\n'\) \}, \{ name: 'photo\.png',/,
    );
    // Each file is checked by its name on the page (the runner uploaded files of those names).
    for (const file of ['notes.txt', 'photo.png'])
      assert.match(res.specSource, new RegExp(`getByText\\('${file.replace('.', '\\.')}[^']*'\\)`));
    await passesAndCatches(res);
  });

  test('"log in with my DemoID account": the button that goes through DemoID first, and no text of the pages passed on the way is asserted at the end', async () => {
    const oauth = demoFeatures.find((f) => f.id === 'oauth-login');
    assert.ok(oauth);
    const res = await generateFresh({
      ...oauth,
      description:
        'As a customer I want to log in with my DemoID account (demo@example.com, password demo-pass) and allow the shop access, so that I end up signed in as Demo User.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(
      res.specSource,
      /await page\.goto\('\/signin'\);\n\s+await page\.getByRole\('button', \{ name: 'Sign in with DemoID' \}\)\.click\(\);/,
    );
    assert.doesNotMatch(res.specSource, /Sign in to DemoID|to continue to/);
    await passesAndCatches(res);
  });

  test('a state said of something that is no checkbox or switch ("her account becomes active") is not asserted as checked', async () => {
    const verify = demoFeatures.find((f) => f.id === 'email-verification');
    assert.ok(verify);
    const res = await generateFresh({
      ...verify,
      description:
        "A new shopper — say Marie Curie, marie.curie@example.com, choosing the password radium1898 — fills in Create an account and submits it. Demo Shop then sends her a 'Verify your email address' message, which she finds in the Mailbox. Once she follows the Verify email address link she should be told Email verified, and her account becomes active.",
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.doesNotMatch(res.specSource, /toBeChecked/);
    await passesAndCatches(res);
  });

  test('"go to Settings" where no link says Settings opens /settings, and only when that page is Settings', async () => {
    const dark = demoFeatures.find((f) => f.id === 'dark-mode');
    assert.ok(dark);
    const res = await generateFresh({
      ...dark,
      startPath: '/login',
      description: 'Go to Settings, turn on the Dark mode switch and expect Dark theme is on.',
    });
    assert.ok(res.validation?.accepted, JSON.stringify(res.validation?.findings));
    assert.match(res.specSource, /await page\.goto\('\/settings'\);/);
    const [good, bad] = await runOnBoth(res);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage ?? good.errorMessage);
    assert.notEqual(bad.status, common.RunStatus.PASS, res.specSource);
    // No page is called Launchpad: its path answers "Not found", which is not taken for it.
    const none = await generateFresh({
      ...dark,
      startPath: '/login',
      description: 'Go to Launchpad and see "Ready"',
    });
    assert.equal(none.validation?.accepted, false);
    assert.ok(none.validation?.findings.some((f) => f.ruleId === 'unresolved-step'));
  });

  test('a described action that nothing on the page matches rejects the spec instead of returning a test that proves nothing', async () => {
    const res = await sut.client.unary(
      'generateTest',
      request({
        description: 'Click the "Launch the rocket" button and see "Liftoff".',
        baseUrl: demo.app.url,
        startPath: '/newsletter',
      }),
    );
    assert.equal(res.specSource, '');
    assert.equal(res.validation?.accepted, false);
    assert.equal(res.attempts, 1);
    assert.ok(
      res.validation?.findings.some(
        (f) => f.ruleId === 'unresolved-step' && f.severity === scribe.Severity.REJECT,
      ),
    );
  });

  test('remembered specs answer paraphrases from memory without exploring (warm path)', async () => {
    const search = SIMPLE.find((f) => f.id === 'product-search');
    assert.ok(search);
    const first = await sut.client.unary(
      'generateTest',
      request({ description: search.description, baseUrl: demo.app.url, startPath: search.startPath }),
    );
    assert.equal(first.warmPath, false);
    const stored = await sut.client.unary(
      'rememberPattern',
      scribe.RememberPatternRequest.fromPartial({
        description: search.description,
        baseUrl: demo.app.url,
        specSource: first.specSource,
        passed: true,
        fileName: first.fileName,
        startPath: search.startPath,
        steps: first.steps,
      }),
    );
    assert.equal(stored.created, true);
    assert.equal(stored.passCount, 1);
    const paraphrase =
      'Look up "lamp" in the product search and check that only two lamps are listed in the results; then search "zzz" and expect "No results".';
    const warm = await sut.client.unary(
      'generateTest',
      request({ description: paraphrase, baseUrl: demo.app.url, startPath: search.startPath }),
    );
    assert.equal(warm.warmPath, true, JSON.stringify(warm.patternsUsed));
    assert.equal(warm.exploreSteps, 0);
    assert.equal(warm.patternsUsed[0]?.patternId, stored.patternId);
    assert.equal(warm.patternsUsed[0]?.usage, 'warm_path');
    assert.ok(warm.validation?.accepted);
    assert.match(warm.specSource, /Look up "lamp"|Look up \\?"lamp/);
    const good = await runSpec(warm.specSource, demo.app.url, warm.fileName);
    assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage);
    // Other values (a different search term) must explore again instead of reusing the spec.
    const other = await sut.client.unary(
      'generateTest',
      request({
        description: 'Search the products for "kettle" and see only one kettle in the results.',
        baseUrl: demo.app.url,
        startPath: search.startPath,
      }),
    );
    assert.equal(other.warmPath, false);
    assert.ok(other.exploreSteps > 0);
  });

  test('without the embedding service, generation falls back to word matching instead of failing', async () => {
    const dead = await startScribe({
      RUNNER_ADDR: demo.runner.address,
      EMBEDDING_ADDR: `127.0.0.1:${await freePort()}`,
      SCRIBE_EMBED_DEADLINE_MS: '300',
    });
    try {
      const modal = SIMPLE.find((f) => f.id === 'modal-dialog');
      assert.ok(modal);
      const res = await dead.client.unary(
        'generateTest',
        request({ description: modal.description, baseUrl: demo.app.url, startPath: modal.startPath }),
      );
      assert.ok(res.validation?.accepted);
      const good = await runSpec(res.specSource, demo.app.url, res.fileName);
      assert.equal(good.status, common.RunStatus.PASS, good.tests[0]?.errorMessage);
      await assert.rejects(
        dead.client.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: 'modal' })),
        /UNAVAILABLE/,
      );
    } finally {
      await dead.close();
    }
  });

  /** A scribe whose LLM tiers talk to `api` (a local Messages API), exploring the demo app. */
  const startLlmScribe = (api: MessagesApi): Promise<ScribeUnderTest> =>
    startScribe({
      RUNNER_ADDR: demo.runner.address,
      EMBEDDING_ADDR: demo.embedding.address,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: api.url,
    });

  /** The demo's login feature on the haiku tier, with `model` as its model id. */
  const haikuLogin = (model: string): scribe.GenerateTestRequest => {
    const login = SIMPLE.find((f) => f.id === 'login');
    assert.ok(login);
    return request({
      description: login.description,
      baseUrl: demo.app.url,
      startPath: login.startPath,
      tier: common.Tier.HAIKU,
      modelId: model,
    });
  };
  /** A login generation on an LLM tier that must fail: its error, and how many model calls it made. */
  async function failingLlmLogin(
    model: string,
    answers: unknown[],
    deadlineMs?: number,
  ): Promise<{ err: grpc.ServiceError; calls: number }> {
    const api = await startMessagesApi(answers);
    const llm = await startLlmScribe(api);
    try {
      const err: unknown = await llm.client
        .unary('generateTest', haikuLogin(model), deadlineMs !== undefined ? { deadlineMs } : {})
        .then(
          () => assert.fail('the generation should fail'),
          (e: unknown) => e,
        );
      assert.ok(isGrpcStatusError(err), String(err));
      return { err, calls: api.calls.length };
    } finally {
      await llm.close();
      await api.close();
    }
  }
  /** The spend a failed generation reports in its trailing metadata: model, input, output tokens. */
  const spentOf = (err: grpc.ServiceError) => {
    const spent = decodeSpentUsage(err.metadata.get(SPENT_USAGE_METADATA_KEY)[0]);
    return [spent?.model, spent?.inputTokens, spent?.outputTokens];
  };

  test("an LLM tier explores with tools, gets the critic's findings as feedback and reports its tokens", async () => {
    const model = 'claude-haiku-test';
    const good = `import { test, expect } from '@playwright/test';

const EMAIL = process.env.E2E_EMAIL ?? 'demo@example.com';
const PASSWORD = process.env.E2E_PASSWORD ?? 'demo-pass';

test.describe('Login', () => {
  test('logs in', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome, Demo User' })).toBeVisible();
  });
});
`;
    const sloppy = good.replace(
      '    await expect(',
      '    await page.waitForTimeout(1000);\n    await expect(',
    );
    const api = await startMessagesApi([
      toolUse('toolu_1', 'snapshot', {}, { input: 100, output: 10 }, model),
      toolUse('toolu_2', 'submit_spec', { spec: sloppy }, { input: 200, output: 20 }, model),
      toolUse('toolu_3', 'submit_spec', { spec: good }, { input: 300, output: 30 }, model),
    ]);
    const llm = await startLlmScribe(api);
    try {
      const res = await llm.client.unary('generateTest', haikuLogin(model));
      assert.equal(res.tier, common.Tier.HAIKU);
      assert.equal(res.modelId, model);
      assert.equal(res.attempts, 2);
      assert.equal(res.validation?.accepted, true);
      assert.equal(res.specSource, good);
      assert.deepEqual([res.usage?.model, res.usage?.inputTokens, res.usage?.outputTokens], [model, 600, 60]);
      assert.equal(api.calls.length, 3);
      const auth = api.calls[0]?.headers;
      assert.ok(
        auth?.['x-api-key'] === 'test-key' || auth?.authorization === 'Bearer test-key',
        'the key is sent',
      );
      assert.equal(api.calls[0]?.body.model, model);
      assert.deepEqual(
        api.calls[0]?.body.tools?.map((t) => t.name),
        ['snapshot', 'act', 'submit_spec'],
      );
      // The snapshot tool answered with the live page; the retry carried the critic's finding.
      assert.match(
        JSON.stringify(api.calls[1]?.body.messages),
        /textbox \\"Email\\".*getByRole\('textbox', \{ name: 'Email' \}\)/,
      );
      assert.match(JSON.stringify(api.calls[2]?.body.messages), /no-wait-for-timeout/);
      const ran = await runSpec(res.specSource, demo.app.url, res.fileName);
      assert.equal(ran.status, common.RunStatus.PASS, ran.tests[0]?.errorMessage);
    } finally {
      await llm.close();
      await api.close();
    }
  });

  test('each attempt explores in a fresh session: what the first left in storage does not hide the controls from the second', async () => {
    const model = 'claude-haiku-test';
    const usage = { input: 10, output: 1 };
    const good = `import { test, expect } from '@playwright/test';

test.describe('Chat', () => {
  test('joins', async ({ page }) => {
    await page.goto('/chat');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Rita');
    await page.getByRole('button', { name: 'Join chat' }).click();
    await expect(page.getByText('Connected as Rita')).toBeVisible();
  });
});
`;
    const sloppy = good.replace(
      '    await expect(',
      '    await page.waitForTimeout(500);\n    await expect(',
    );
    const answers: unknown[] = [toolUse('toolu_1', 'snapshot', {}, usage, model)];
    // Attempt 1 joins the chat (the page keeps the joined name in the tab's storage), then submits
    // a spec the critic rejects; attempt 2 looks at the page again.
    Object.defineProperty(answers, 1, {
      get: () =>
        toolUse(
          'toolu_2',
          'act',
          { action: 'fill', node: nodeIn(1, /textbox \\"your name\\"/), value: 'Rita' },
          usage,
          model,
        ),
    });
    Object.defineProperty(answers, 2, {
      get: () =>
        toolUse(
          'toolu_3',
          'act',
          { action: 'click', node: nodeIn(2, /button \\"join chat\\"/) },
          usage,
          model,
        ),
    });
    answers.push(
      toolUse('toolu_4', 'submit_spec', { spec: sloppy }, usage, model),
      toolUse('toolu_5', 'snapshot', {}, usage, model),
      toolUse('toolu_6', 'submit_spec', { spec: good }, usage, model),
    );
    const api = await startMessagesApi(answers);
    // The node to act on, from the page the model was last shown (the tool result just sent).
    const nodeIn = (call: number, pattern: RegExp): number => {
      const sent = JSON.stringify(api.calls[call]?.body.messages?.at(-1));
      const index = new RegExp(`\\[(\\d+)\\] ${pattern.source}`, 'i').exec(sent)?.[1];
      assert.ok(index !== undefined, `no ${pattern.source} in the snapshot sent with call ${call}`);
      return Number(index);
    };
    const llm = await startLlmScribe(api);
    try {
      const res = await llm.client.unary(
        'generateTest',
        request({
          description: 'Join the chat as Rita.',
          baseUrl: demo.app.url,
          startPath: '/chat',
          tier: common.Tier.HAIKU,
          modelId: model,
        }),
      );
      assert.equal(res.attempts, 2);
      assert.equal(res.validation?.accepted, true, JSON.stringify(res.validation?.findings));
      const afterJoin = JSON.stringify(api.calls[3]?.body.messages?.at(-1));
      assert.doesNotMatch(afterJoin, /textbox \\"your name\\"/i, 'attempt 1 joined: its join form is gone');
      // The second attempt's snapshot shows the join form again: a new context, not the first tab.
      assert.match(JSON.stringify(api.calls[5]?.body.messages?.at(-1)), /textbox \\"your name\\"/i);
    } finally {
      await llm.close();
      await api.close();
    }
  });

  test('an LLM generation that fails after paying for tokens still reports them (trailing metadata)', async () => {
    const model = 'claude-haiku-test';
    const sloppy = `import { test, expect } from '@playwright/test';

test.describe('Login', () => {
  test('logs in', async ({ page }) => {
    await page.goto('/login');
    await page.waitForTimeout(1000);
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  });
});
`;
    // Two paid turns, a spec the critic rejects, then the API fails the second attempt's first call.
    const { err, calls } = await failingLlmLogin(model, [
      toolUse('toolu_1', 'snapshot', {}, { input: 100, output: 10 }, model),
      toolUse('toolu_2', 'submit_spec', { spec: sloppy }, { input: 200, output: 20 }, model),
    ]);
    assert.equal(err.code, grpc.status.INTERNAL);
    assert.deepEqual(spentOf(err), [model, 300, 30]);
    assert.ok(calls >= 3, 'the failing call was made');
  });

  test('an LLM generation cut by its deadline answers just before it, with the tokens it spent', async () => {
    const model = 'claude-haiku-test';
    // One paid turn, then a model that never answers.
    const { err, calls } = await failingLlmLogin(
      model,
      [toolUse('toolu_1', 'snapshot', {}, { input: 100, output: 10 }, model), NO_ANSWER],
      6_000,
    );
    assert.equal(err.code, grpc.status.DEADLINE_EXCEEDED);
    // Our own client's deadline error carries no metadata: this one came from scribe, in time.
    assert.match(err.details, /stopped just before its deadline/);
    assert.deepEqual(spentOf(err), [model, 100, 10]);
    assert.equal(calls, 2, 'no model call after the answer');
  });
});
