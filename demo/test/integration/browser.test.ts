// End to end in Chromium: every feature works on the normal app and its outcome differs on an
// app started with every feature broken. One browser, a fresh context per scenario; the normal
// and broken runs of a feature go side by side.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BREAKABLE_IDS, startDemoApp, type BreakableId, type DemoApp } from '../../src/index';
import { launchChromium } from '../helpers/chromium';

interface Scenario {
  run(page: Page): Promise<string>;
  normal: string;
  broken: string;
}

async function h1(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).innerText()).trim();
}

const scenarios: Record<BreakableId, Scenario> = {
  login: {
    async run(page) {
      await page.goto('/login');
      await page.getByLabel('Email').fill('demo@example.com');
      await page.getByLabel('Password').fill('demo-pass');
      await page.getByRole('button', { name: 'Log in' }).click();
      const outcome = page.getByRole('heading', { name: 'Welcome, Demo User' }).or(page.getByRole('alert'));
      return (await outcome.innerText()).trim();
    },
    normal: 'Welcome, Demo User',
    broken: 'Invalid email or password.',
  },
  'contact-form': {
    async run(page) {
      await page.goto('/contact');
      await page.getByLabel('Name').fill('Ada Lovelace');
      await page.getByLabel('Email').fill('ada@example.com');
      await page.getByLabel('Message').fill('Do you ship to Lisbon?');
      await page.getByRole('button', { name: 'Send message' }).click();
      return (await page.getByRole('status').or(page.getByRole('alert')).innerText()).trim();
    },
    normal: "Thanks, Ada Lovelace! We'll be in touch.",
    broken: 'Please enter a valid email address.',
  },
  'product-details': {
    async run(page) {
      await page.goto('/products');
      await page.getByRole('link', { name: 'Aurora Desk Lamp' }).click();
      await page.waitForURL(/\/products\/[a-z-]+$/);
      const price = await page.locator('main .price').innerText();
      return `${new URL(page.url()).pathname} | ${await h1(page)} | ${price}`;
    },
    normal: '/products/aurora-desk-lamp | Aurora Desk Lamp | $49.00',
    broken: '/products/halo-floor-lamp | Halo Floor Lamp | $129.00',
  },
  cart: {
    async run(page) {
      await page.goto('/products');
      await page.getByRole('button', { name: 'Add to cart: Aurora Desk Lamp' }).click();
      await page.locator('#cart-status').filter({ hasText: 'Added' }).waitFor();
      const count = await page.getByTestId('cart-count').innerText();
      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.waitForURL('**/cart');
      const rows = page.getByRole('row').filter({ hasText: 'Aurora Desk Lamp' });
      if ((await rows.count()) === 0)
        return `count=${count} | ${await page.locator('main p').first().innerText()}`;
      const listed = await rows.innerText();
      await page.getByRole('button', { name: 'Remove Aurora Desk Lamp' }).click();
      await page.getByText('Your cart is empty.').waitFor();
      return `count=${count} | ${listed.replace(/\s+/g, ' ').trim()} | removed, badge=${await page.getByTestId('cart-count').innerText()}`;
    },
    normal: 'count=1 | Aurora Desk Lamp 1 $49.00 Remove | removed, badge=0',
    broken: 'count=0 | Your cart is empty.',
  },
  'menu-navigation': {
    async run(page) {
      await page.goto('/');
      const menu = page.getByRole('navigation', { name: 'Main' });
      await menu.getByRole('link', { name: 'About' }).click();
      await page.waitForURL((url) => url.pathname !== '/');
      const first = `${new URL(page.url()).pathname} ${await h1(page)}`;
      await menu.getByRole('link', { name: 'Services' }).click();
      await page.waitForURL(
        (url) => url.pathname !== new URL(first.split(' ')[0] ?? '/', page.url()).pathname,
      );
      return `${first} | ${new URL(page.url()).pathname} ${await h1(page)}`;
    },
    normal: '/about About us | /services Our services',
    broken: '/services Our services | /pricing Pricing',
  },
  'modal-dialog': {
    async run(page) {
      await page.goto('/newsletter');
      // showModal() runs inside the click handler, so the state is settled when click() returns.
      await page.getByRole('button', { name: 'Subscribe to the newsletter' }).click();
      const dialog = page.getByRole('dialog', { name: 'Join our newsletter' });
      if (!(await dialog.isVisible())) return 'dialog did not open';
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });
      return 'opened and closed';
    },
    normal: 'opened and closed',
    broken: 'dialog did not open',
  },
  'dark-mode': {
    async run(page) {
      await page.goto('/settings');
      const toggle = page.getByRole('switch', { name: 'Dark mode' });
      await toggle.click();
      const state = async (): Promise<string> =>
        `checked=${await toggle.isChecked()} class=${(await page.locator('html').getAttribute('class')) ?? ''} "${await page.getByRole('status').innerText()}"`;
      const afterClick = await state();
      await page.reload();
      return `${afterClick} | reload: ${await state()}`;
    },
    normal: 'checked=true class=dark "Dark theme is on" | reload: checked=true class=dark "Dark theme is on"',
    broken: 'checked=false class= "Light theme is on" | reload: checked=false class= "Light theme is on"',
  },
  'product-search': {
    async run(page) {
      await page.goto('/search');
      const box = page.getByRole('searchbox', { name: 'Search products' });
      const results = async (query: string): Promise<string> => {
        await box.fill(query);
        await page.getByRole('status').filter({ hasText: query }).waitFor();
        const names = await page
          .getByRole('list', { name: 'Search results' })
          .getByRole('link')
          .allInnerTexts();
        return `${await page.getByRole('status').innerText()}: ${names.join(', ')}`;
      };
      return `${await results('lamp')} | ${await results('zzz')}`;
    },
    normal: '2 results for “lamp”: Aurora Desk Lamp, Halo Floor Lamp | No results for “zzz”: ',
    broken:
      "8 results for “lamp”: Lumen Pendant Light, Oak Side Table, Linen Armchair, Copper Kettle, Stoneware Mug Set, Chef's Knife, Bamboo Cutting Board, Walnut Monitor Stand | 10 results for “zzz”: Aurora Desk Lamp, Halo Floor Lamp, Lumen Pendant Light, Oak Side Table, Linen Armchair, Copper Kettle, Stoneware Mug Set, Chef's Knife, Bamboo Cutting Board, Walnut Monitor Stand",
  },
  'result-filtering': {
    async run(page) {
      await page.goto('/catalog');
      await page.getByLabel('Category').selectOption({ label: 'Lighting' });
      await page.locator('#catalog-results[aria-busy="false"]').waitFor();
      const names = await page
        .getByRole('list', { name: 'Catalogue products' })
        .getByRole('link')
        .allInnerTexts();
      return `${await page.getByRole('status').innerText()}: ${names.join(', ')}`;
    },
    normal: 'Showing 3 products: Aurora Desk Lamp, Halo Floor Lamp, Lumen Pendant Light',
    broken: 'Showing 2 products: Oak Side Table, Linen Armchair',
  },
  'oauth-login': {
    async run(page) {
      await page.goto('/signin');
      const shop = new URL(page.url()).origin;
      await page.getByRole('button', { name: 'Sign in with DemoID' }).click();
      await page.getByRole('heading', { name: 'Sign in to DemoID' }).waitFor();
      const provider = new URL(page.url()).origin;
      await page.getByLabel('Email').fill('demo@example.com');
      await page.getByLabel('Password').fill('demo-pass');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.origin === shop);
      const outcome = page
        .getByRole('heading', { name: 'Signed in as Demo User' })
        .or(page.getByRole('alert'));
      return `other origin=${provider !== shop} | ${(await outcome.innerText()).trim()}`;
    },
    normal: 'other origin=true | Signed in as Demo User',
    broken: 'other origin=true | Sign-in failed: invalid_client',
  },
  'card-payment-3ds': {
    async run(page) {
      await page.goto('/checkout');
      await page.getByLabel('Card number').fill('4242 4242 4242 4242');
      await page.getByLabel('Expiry date').fill('12/34');
      await page.getByLabel('Security code').fill('123');
      await page.getByRole('button', { name: 'Pay $49.00' }).click();
      const challenge = page.frameLocator('iframe[title="3-D Secure challenge"]');
      await challenge.getByLabel('One-time code').fill('123456');
      const formDuringChallenge = await page.getByRole('form', { name: 'Card details' }).isVisible();
      await challenge.getByRole('button', { name: 'Verify' }).click();
      const outcome = page.getByRole('heading', { name: 'Payment successful' }).or(page.getByRole('alert'));
      return `card form during challenge: ${formDuringChallenge} | ${(await outcome.innerText()).trim()}`;
    },
    normal: 'card form during challenge: false | Payment successful',
    broken:
      'card form during challenge: false | Payment failed: your bank could not authenticate this payment.',
  },
  'email-verification': {
    async run(page) {
      await page.goto('/register');
      await page.getByLabel('Full name').fill('Grace Hopper');
      await page.getByLabel('Email').fill('grace@example.com');
      await page.getByLabel('Password').fill('cobol-1959');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('link', { name: 'Open mailbox' }).click();
      const mail = page.getByRole('article', { name: 'Verify your email address' });
      const to = (await mail.innerText()).includes('To: grace@example.com');
      await mail.getByRole('link', { name: 'Verify email address' }).click();
      await page.waitForURL('**/verify?token=*');
      return `mail to grace=${to} | ${await h1(page)}`;
    },
    normal: 'mail to grace=true | Email verified',
    broken: 'mail to grace=true | Verification failed',
  },
  'file-upload': {
    async run(page) {
      await page.goto('/upload');
      await page.getByLabel('Choose files').setInputFiles([
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1500, 'a') },
        { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.alloc(300 * 1024, 7) },
      ]);
      await page.getByRole('button', { name: 'Upload' }).click();
      const done = page.getByRole('status').filter({ hasText: 'Upload complete' });
      await done.waitFor();
      const listed = await page
        .getByRole('list', { name: 'Uploaded files' })
        .getByRole('listitem')
        .allInnerTexts();
      const bars: string[] = [];
      for (const name of ['notes.txt', 'photo.png']) {
        bars.push(
          `${name}=${(await page.getByRole('progressbar', { name: `${name} upload progress` }).getAttribute('value')) ?? '?'}`,
        );
      }
      return `${await done.innerText()} | ${listed.join(', ')} | ${bars.join(' ')}`;
    },
    normal:
      'Upload complete: 2 files uploaded. | notes.txt · 1.5 KB (1,500 bytes), photo.png · 300.0 KB (307,200 bytes) | notes.txt=100 photo.png=100',
    broken:
      'Upload complete: 1 file uploaded. | notes.txt · 1.5 KB (1,500 bytes) | notes.txt=100 photo.png=0',
  },
  'websocket-chat': {
    async run(page) {
      await page.goto('/chat');
      await page.getByLabel('Your name').fill('Ada');
      const composerBeforeJoin = await page.getByLabel('Message').isVisible();
      await page.getByRole('button', { name: 'Join chat' }).click();
      await page.getByLabel('Message').fill('Hello from the browser test');
      await page.getByRole('button', { name: 'Send' }).click();
      const log = page.getByRole('log', { name: 'Chat history' });
      await log.getByText('Hello from the browser test').waitFor();
      const live = await log.innerText();
      await page.reload();
      await page.locator('#chat-log[aria-busy="false"]').waitFor();
      const reloaded = (await log.innerText()).trim();
      return `composer before join: ${composerBeforeJoin} | live: ${live.trim()} | after reload: ${reloaded}`;
    },
    normal:
      'composer before join: false | live: Ada: Hello from the browser test | after reload: Ada: Hello from the browser test',
    broken:
      'composer before join: false | live: Ada: Hello from the browser test | after reload: No messages yet.',
  },
  'task-list': {
    async run(page) {
      await page.goto('/tasks');
      for (const title of ['Buy milk', 'Call mom']) {
        await page.getByLabel('New task').fill(title);
        await page.getByRole('button', { name: 'Add task' }).click();
      }
      const left = page.getByRole('status');
      const added = await left.innerText();
      await page.getByRole('checkbox', { name: 'Buy milk' }).check();
      const ticked = await left.innerText();
      await page.getByRole('button', { name: 'Clear completed' }).click();
      const list = await page.getByRole('list', { name: 'Task list' }).innerText();
      return `${added} | ${ticked} | ${list.trim().replace(/\s+/g, ' ')}`;
    },
    normal: '2 tasks left | 1 task left | Call mom',
    broken: '2 tasks left | 2 tasks left | Buy milk Call mom',
  },
  'profile-settings': {
    async run(page) {
      await page.goto('/profile');
      await page.getByRole('button', { name: 'Save profile' }).click();
      const tooShort = await page.getByRole('alert').innerText();
      await page.getByLabel('Display name').fill('Alice');
      await page.getByLabel('Time zone').selectOption('Europe/Berlin');
      await page.getByLabel('Email me a weekly digest').check();
      await page.getByRole('button', { name: 'Save profile' }).click();
      return `${tooShort} | ${await page.getByRole('status').innerText()}`;
    },
    normal:
      'Display name must be at least 3 characters. | Profile saved: Alice, Europe/Berlin, weekly digest on.',
    broken: 'Display name must be at least 3 characters. | Profile saved: Alice, UTC, weekly digest on.',
  },
  'order-summary': {
    async run(page) {
      await page.goto('/order');
      await page.getByRole('button', { name: 'Increase quantity' }).click();
      await page.getByRole('button', { name: 'Increase quantity' }).click();
      await page.getByLabel('Promo code').fill('save10');
      await page.getByRole('button', { name: 'Apply' }).click();
      const lines = ['#quantity', '#subtotal', '#discount', '#total'].map((id) =>
        page.locator(id).innerText(),
      );
      return (await Promise.all(lines)).join(' | ');
    },
    normal: '3 | Subtotal: $36.00 | SAVE10 applied: \u2212$3.60 | Total: $32.40',
    broken: '3 | Subtotal: $12.00 | SAVE10 applied: \u2212$1.20 | Total: $10.80',
  },
  'mailing-list': {
    async run(page) {
      await page.goto('/subscribe');
      const messages = async (): Promise<string> =>
        `alert: ${await page.getByRole('alert').innerText()}; status: ${await page.getByRole('status').innerText()}`;
      await page.getByLabel('Email address').fill('not-an-email');
      await page.getByRole('button', { name: 'Sign up' }).click();
      const invalid = await messages();
      await page.getByLabel('Email address').fill('jane@example.com');
      await page.getByLabel('Monthly').check();
      await page.getByRole('button', { name: 'Sign up' }).click();
      return `${invalid} | ${await messages()}`;
    },
    normal:
      "alert: That does not look like an email address.; status:  | alert: ; status: You're on the list! We'll write to jane@example.com every month.",
    broken:
      "alert: ; status: You're on the list! We'll write to not-an-email every week. | alert: That does not look like an email address.; status: ",
  },
  'faq-accordion': {
    async run(page) {
      await page.goto('/faq');
      const question = page.getByRole('button', { name: 'Can I return an item?' });
      await question.click();
      const expanded = await question.getAttribute('aria-expanded');
      const shown = await page.getByRole('region').allInnerTexts();
      await question.click();
      const afterClose = await page.getByRole('region').count();
      return `${expanded} | ${shown.join(' / ')} | open after a second click: ${afterClose}`;
    },
    normal:
      'true | Yes, you can return any item within 30 days for a full refund. | open after a second click: 0',
    broken: 'true | We ship to 24 countries in Europe and North America. | open after a second click: 0',
  },
  'feature-poll': {
    async run(page) {
      await page.goto('/poll');
      const total = page.getByRole('status');
      const before = await total.innerText();
      await page.getByRole('button', { name: 'Vote' }).click();
      const unchosen = await page.getByRole('alert').innerText();
      await page.getByLabel('Calendar sync').check();
      await page.getByRole('button', { name: 'Vote' }).click();
      const results = await page.getByRole('list', { name: 'Poll results' }).innerText();
      return `${before} | ${unchosen} | ${results.trim().replace(/\n+/g, ' / ')} | ${await total.innerText()}`;
    },
    normal:
      '9 votes so far | Please choose an option before voting. | Offline mode: 4 votes (40%) / Calendar sync: 4 votes (40%) / Shared lists: 2 votes (20%) | 10 votes so far',
    broken:
      '9 votes so far | Please choose an option before voting. | Offline mode: 4 votes (44%) / Calendar sync: 3 votes (33%) / Shared lists: 2 votes (22%) | 9 votes so far',
  },
  'trail-table': {
    async run(page) {
      await page.goto('/trails');
      const names = (): Promise<string> =>
        page
          .getByRole('table')
          .getByRole('rowheader')
          .allInnerTexts()
          .then((all) => all.join(', '));
      const unsorted = await names();
      const length = page.getByRole('columnheader', { name: 'Length' });
      await length.getByRole('button').click();
      const first = `${await names()} (${await length.getAttribute('aria-sort')}, ${await page.getByRole('status').innerText()})`;
      await length.getByRole('button').click();
      const second = `${await names()} (${await length.getAttribute('aria-sort')})`;
      await page.getByRole('button', { name: 'Trail' }).click();
      return `${unsorted} | ${first} | ${second} | ${await names()}`;
    },
    normal:
      'Summit Trail, Lake Path, Alder Ridge, Brook Walk, Pine Forest Loop | Brook Walk, Lake Path, Pine Forest Loop, Alder Ridge, Summit Trail (ascending, Sorted by length, ascending.) | Summit Trail, Alder Ridge, Pine Forest Loop, Lake Path, Brook Walk (descending) | Alder Ridge, Brook Walk, Lake Path, Pine Forest Loop, Summit Trail',
    broken:
      'Summit Trail, Lake Path, Alder Ridge, Brook Walk, Pine Forest Loop | Summit Trail, Alder Ridge, Pine Forest Loop, Lake Path, Brook Walk (ascending, Sorted by length, ascending.) | Brook Walk, Lake Path, Pine Forest Loop, Alder Ridge, Summit Trail (descending) | Summit Trail, Pine Forest Loop, Lake Path, Brook Walk, Alder Ridge',
  },
  'delivery-wizard': {
    async run(page) {
      await page.goto('/delivery');
      // Every step has its own Next and Back; only the current step's are visible.
      const next = page.getByRole('button', { name: 'Next' }).filter({ visible: true });
      const summary = async (): Promise<string> =>
        (await page.getByRole('region', { name: 'Check your details' }).innerText())
          .replace(/\s+/g, ' ')
          .trim();
      await next.click();
      const noName = await page.getByRole('alert').innerText();
      await page.getByLabel('Full name').fill('Rosa Diaz');
      await page.getByLabel('Phone number').fill('555-0134');
      await next.click();
      const step = await page.getByText(/^Step \d of 3$/).innerText();
      if (!(await page.getByLabel('Street address').isVisible())) {
        const skipped = await summary();
        await page.getByRole('button', { name: 'Confirm delivery' }).click();
        return `${noName} | ${step} | ${skipped} | ${await page.getByRole('status').innerText()}`;
      }
      await page.getByLabel('Street address').fill('12 Harbour Road');
      await page.getByLabel('Postcode').fill('BS1 4RN');
      await next.click();
      const noCity = await page.getByRole('alert').innerText();
      await page.getByLabel('City').fill('Bristol');
      await next.click();
      const shown = await summary();
      await page.getByRole('button', { name: 'Back' }).filter({ visible: true }).click();
      const kept = await page.getByLabel('City').inputValue();
      await next.click();
      await page.getByRole('button', { name: 'Confirm delivery' }).click();
      return `${noName} | ${step} | ${noCity} | ${shown} | back keeps ${kept} | ${await page.getByRole('status').innerText()}`;
    },
    normal:
      'Please enter the full name. | Step 2 of 3 | Please fill in the street address, postcode and city. | Check your details Name Rosa Diaz Phone 555-0134 Address 12 Harbour Road, BS1 4RN Bristol Back Confirm delivery | back keeps Bristol | Delivery booked for Rosa Diaz to 12 Harbour Road, BS1 4RN Bristol.',
    broken:
      'Please enter the full name. | Step 3 of 3 | Check your details Name Rosa Diaz Phone 555-0134 Address Back Confirm delivery | Delivery booked for Rosa Diaz to .',
  },
  'cabin-booking': {
    async run(page) {
      await page.goto('/booking');
      const messages = async (): Promise<string> =>
        `${await page.getByRole('alert').innerText()}${await page.getByRole('status').innerText()}`;
      await page.getByLabel('Check-in date').fill('2030-07-10');
      await page.getByLabel('Check-out date').fill('2030-07-10');
      await page.getByRole('button', { name: 'Get a quote' }).click();
      const sameDay = await messages();
      await page.getByLabel('Check-out date').fill('2030-07-13');
      await page.getByRole('button', { name: 'Get a quote' }).click();
      const two = await messages();
      await page.getByLabel('Guests').selectOption('4');
      await page.getByRole('button', { name: 'Get a quote' }).click();
      return `${sameDay} | ${two} | ${await messages()}`;
    },
    normal:
      'Check-out must be after check-in. | 3 nights for 2 guests: $285.00 in total ($95.00 a night). | 3 nights for 4 guests: $405.00 in total ($135.00 a night).',
    broken:
      'Check-out must be after check-in. | 4 nights for 2 guests: $380.00 in total ($95.00 a night). | 4 nights for 4 guests: $540.00 in total ($135.00 a night).',
  },
  'pricing-tabs': {
    async run(page) {
      await page.goto('/plans');
      // Hidden panels are not in the accessibility tree: getByRole finds the one on screen.
      const shown = async (): Promise<string> => {
        const tab = await page.getByRole('tab', { selected: true }).innerText();
        const prices = await page.getByRole('tabpanel').locator('.price').allInnerTexts();
        return `${tab.trim()}: ${prices.join(', ')}`;
      };
      const first = await shown();
      await page.getByRole('tab', { name: 'Yearly' }).click();
      const yearly = await shown();
      await page.getByRole('tab', { name: 'Monthly' }).click();
      const back = await shown();
      await page.keyboard.press('ArrowRight');
      const key = await shown();
      return `${first} | ${yearly} | ${back} | ${key}`;
    },
    normal:
      'Monthly: $9 a month, $29 a month, $79 a month | Yearly: $90 a year, $290 a year, $790 a year | Monthly: $9 a month, $29 a month, $79 a month | Yearly: $90 a year, $290 a year, $790 a year',
    broken:
      'Monthly: $9 a month, $29 a month, $79 a month | Yearly: $9 a month, $29 a month, $79 a month | Monthly: $90 a year, $290 a year, $790 a year | Yearly: $9 a month, $29 a month, $79 a month',
  },
  'currency-converter': {
    async run(page) {
      await page.goto('/convert');
      const result = page.getByRole('status');
      const seen: string[] = [await result.innerText()];
      // pressSequentially types key by key: the result follows every keystroke.
      await page.getByLabel('Amount').clear();
      await page.getByLabel('Amount').pressSequentially('100');
      seen.push(await result.innerText());
      await page.getByLabel('To').selectOption('GBP');
      seen.push(await result.innerText());
      await page.getByLabel('From').selectOption({ label: 'Euro (EUR)' });
      seen.push(await result.innerText());
      await page.getByRole('button', { name: 'Swap currencies' }).click();
      seen.push(await result.innerText());
      await page.getByLabel('From').selectOption('USD');
      await page.getByLabel('To').selectOption('JPY');
      await page.getByLabel('Amount').fill('250');
      seen.push(await result.innerText());
      await page.getByLabel('Amount').fill('ten');
      seen.push(await result.innerText());
      return seen.join(' | ');
    },
    normal:
      '1.00 USD = 0.92 EUR | 100.00 USD = 92.00 EUR | 100.00 USD = 79.00 GBP | 100.00 EUR = 85.87 GBP | 100.00 GBP = 116.46 EUR | 250.00 USD = 39,350 JPY | Enter an amount to convert.',
    broken:
      '1.00 USD = 1.09 EUR | 100.00 USD = 108.70 EUR | 100.00 USD = 126.58 GBP | 100.00 EUR = 116.46 GBP | 100.00 GBP = 85.87 EUR | 250.00 USD = 2 JPY | Enter an amount to convert.',
  },
  'invoice-list': {
    async run(page) {
      await page.goto('/invoices');
      const pager = page.getByRole('navigation', { name: 'Pagination' });
      const shown = async (): Promise<string> => {
        const range = (await page.getByText(/Showing \d+–\d+ of \d+ invoices/).innerText()).trim();
        const numbers = await page.getByRole('table').getByRole('rowheader').allInnerTexts();
        const current = await pager.locator('[aria-current="page"]').getAttribute('aria-label');
        return `${range}: ${numbers[0]}..${numbers.at(-1)} (${current})`;
      };
      const links = (await pager.getByRole('link').allTextContents()).join(' ');
      const first = await shown();
      await pager.getByRole('link', { name: 'Next' }).click();
      const second = await shown();
      await pager
        .getByRole('link', { name: /^Page \d+$/ })
        .last()
        .click();
      const last = `${await shown()} next=${await pager.getByRole('link', { name: 'Next' }).count()}`;
      await page.goto('/invoices?page=4');
      const fourth = await shown();
      await pager.getByRole('link', { name: 'Previous' }).click();
      return `${links} | ${first} | ${second} | ${last} | ${fourth} | ${await shown()}`;
    },
    normal:
      '1 2 3 4 Next page | Showing 1–10 of 34 invoices: INV-1034..INV-1025 (Page 1) | Showing 11–20 of 34 invoices: INV-1024..INV-1015 (Page 2) | Showing 31–34 of 34 invoices: INV-1004..INV-1001 (Page 4) next=0 | Showing 31–34 of 34 invoices: INV-1004..INV-1001 (Page 4) | Showing 21–30 of 34 invoices: INV-1014..INV-1005 (Page 3)',
    broken:
      '1 2 3 Next page | Showing 1–10 of 34 invoices: INV-1034..INV-1025 (Page 1) | Showing 11–20 of 34 invoices: INV-1024..INV-1015 (Page 2) | Showing 21–30 of 34 invoices: INV-1014..INV-1005 (Page 3) next=0 | Showing 21–30 of 34 invoices: INV-1014..INV-1005 (Page 3) | Showing 11–20 of 34 invoices: INV-1024..INV-1015 (Page 2)',
  },
  'password-rules': {
    async run(page) {
      await page.goto('/new-password');
      const password = page.getByLabel('New password');
      const rules = page.getByRole('list', { name: 'Your password must have:' }).getByRole('listitem');
      const button = page.getByRole('button', { name: 'Set new password' });
      // The ticks, the summary line and whether the button can be pressed.
      const shown = async (): Promise<string> => {
        const items = await rules.allTextContents();
        const ticks = items.map((t) => t.replace(/\s+/g, ' ').trim()).join('; ');
        const summary = await page.getByText(/of 4 requirements met/).innerText();
        return `${ticks} | ${summary} | ${(await button.isEnabled()) ? 'enabled' : 'disabled'}`;
      };
      const seen = [await shown()];
      await password.pressSequentially('sunshine');
      seen.push(await shown());
      await password.pressSequentially('42');
      seen.push(await shown());
      await password.fill('Sunshine42');
      seen.push(await shown());
      await button.click();
      seen.push(await page.getByRole('status').innerText());
      return seen.join(' || ');
    },
    normal:
      '✗ At least 8 characters (not met); ✗ An uppercase letter (A–Z) (not met); ✗ A lowercase letter (a–z) (not met); ✗ A number (0–9) (not met) | 0 of 4 requirements met | disabled || ' +
      '✓ At least 8 characters (met); ✗ An uppercase letter (A–Z) (not met); ✓ A lowercase letter (a–z) (met); ✗ A number (0–9) (not met) | 2 of 4 requirements met | disabled || ' +
      '✓ At least 8 characters (met); ✗ An uppercase letter (A–Z) (not met); ✓ A lowercase letter (a–z) (met); ✓ A number (0–9) (met) | 3 of 4 requirements met | disabled || ' +
      '✓ At least 8 characters (met); ✓ An uppercase letter (A–Z) (met); ✓ A lowercase letter (a–z) (met); ✓ A number (0–9) (met) | 4 of 4 requirements met | enabled || ' +
      'Your password has been changed. You can now log in with your new password.',
    broken:
      '✗ At least 8 characters (not met); ✗ An uppercase letter (A–Z) (not met); ✗ A lowercase letter (a–z) (not met); ✗ A number (0–9) (not met) | 0 of 4 requirements met | disabled || ' +
      '✓ At least 8 characters (met); ✓ An uppercase letter (A–Z) (met); ✓ A lowercase letter (a–z) (met); ✗ A number (0–9) (not met) | 3 of 4 requirements met | disabled || ' +
      '✓ At least 8 characters (met); ✓ An uppercase letter (A–Z) (met); ✓ A lowercase letter (a–z) (met); ✓ A number (0–9) (met) | 4 of 4 requirements met | enabled || ' +
      '✓ At least 8 characters (met); ✓ An uppercase letter (A–Z) (met); ✓ A lowercase letter (a–z) (met); ✓ A number (0–9) (met) | 4 of 4 requirements met | enabled || ' +
      'Your password has been changed. You can now log in with your new password.',
  },
  'product-review': {
    async run(page) {
      await page.goto('/reviews');
      const average = page.getByText(/out of 5 stars \(\d+ reviews\)/);
      const seen = [await average.innerText()];
      await page.getByRole('button', { name: 'Post review' }).click();
      seen.push(await page.getByRole('alert').innerText());
      await page.getByLabel('Your name').fill('Jo');
      await page.getByLabel('5 stars').check();
      await page.getByLabel('Your review').pressSequentially('Stood up to a storm.');
      seen.push(await page.getByText(/characters? left/).innerText());
      await page.getByRole('button', { name: 'Post review' }).click();
      seen.push(await page.getByRole('status').innerText());
      const newest = page.getByRole('list', { name: 'Reviews' }).getByRole('listitem').first();
      seen.push((await newest.innerText()).replace(/\s+/g, ' ').trim());
      seen.push(await average.innerText());
      seen.push(await page.getByText(/characters? left/).innerText());
      return seen.join(' | ');
    },
    normal:
      '3.8 out of 5 stars (4 reviews) | Please enter your name. | 180 characters left | Thanks, Jo! Your 5-star review has been posted. | ★★★★★ 5 out of 5 stars Stood up to a storm. — Jo | 4.0 out of 5 stars (5 reviews) | 200 characters left',
    broken:
      '3.8 out of 5 stars (4 reviews) | Please enter your name. | 180 characters left | Thanks, Jo! Your 4-star review has been posted. | ★★★★☆ 4 out of 5 stars Stood up to a storm. — Jo | 3.8 out of 5 stars (5 reviews) | 200 characters left',
  },
  'cookie-consent': {
    async run(page) {
      await page.goto('/journal');
      const banner = page.getByRole('region', { name: 'Cookies on Demo Shop' });
      const seen = [`banner ${(await banner.isVisible()) ? 'shown' : 'hidden'}`];
      await banner.getByRole('button', { name: 'Customise' }).click();
      await banner.getByLabel('Analytics').check();
      await banner.getByRole('button', { name: 'Save my choices' }).click();
      seen.push(
        `${await page.getByRole('status').innerText()} banner ${(await banner.isVisible()) ? 'shown' : 'hidden'}`,
      );
      const settings = async (): Promise<string> => {
        const visible = await banner.isVisible();
        await page.getByRole('button', { name: 'Cookie settings' }).click();
        const ticked = async (name: string): Promise<string> =>
          `${name} ${(await banner.getByLabel(name).isChecked()) ? 'on' : 'off'}`;
        return `banner ${visible ? 'shown' : 'hidden'}, settings: ${await ticked('Analytics')}, ${await ticked('Marketing')}`;
      };
      await page.reload();
      seen.push(`reload: ${await settings()}`);
      await page.getByRole('link', { name: 'Packing light for a three-day hike' }).click();
      await page.waitForURL('**/journal/packing-light');
      seen.push(`article: ${await settings()}`);
      return seen.join(' | ');
    },
    normal:
      'banner shown | Your cookie choices have been saved. banner hidden | reload: banner hidden, settings: Analytics on, Marketing off | article: banner hidden, settings: Analytics on, Marketing off',
    broken:
      'banner shown | Your cookie choices have been saved. banner hidden | reload: banner shown, settings: Analytics off, Marketing off | article: banner shown, settings: Analytics off, Marketing off',
  },
  'comment-thread': {
    async run(page) {
      await page.goto('/community/first-tent');
      const count = page.getByRole('heading', { name: /^\d+ comments?$/ });
      const comments = page.getByRole('listitem').filter({ has: page.getByRole('article') });
      const status = page.getByRole('status');
      const seen = [`${await count.innerText()}, ${await comments.count()} shown`];
      await page.getByRole('button', { name: 'Post comment' }).click();
      seen.push(await page.getByRole('alert').innerText());
      await page.getByLabel('Add a comment').fill('Ours packs down smaller than a loaf of bread.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await status.filter({ hasText: 'Your comment has been posted.' }).waitFor();
      const last = (await comments.last().innerText()).replace(/\s+/g, ' ').trim();
      seen.push(`${await count.innerText()}, ${await comments.count()} shown, last: ${last}`);
      // Asked first: Cancel keeps it, "Delete comment" removes it.
      const dialog = page.getByRole('dialog', { name: 'Delete this comment?' });
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      seen.push(`cancelled: ${await count.innerText()}, ${await comments.count()} shown`);
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog.getByRole('button', { name: 'Delete comment' }).click();
      await status.filter({ hasText: 'Comment deleted.' }).waitFor();
      seen.push(`deleted: ${await count.innerText()}, ${await comments.count()} shown`);
      await page.reload();
      seen.push(`reload: ${await count.innerText()}, ${await comments.count()} shown`);
      return seen.join(' | ');
    },
    normal:
      '3 comments, 3 shown | Please write a comment before posting. | 4 comments, 4 shown, last: Robin · just now Ours packs down smaller than a loaf of bread. Delete | cancelled: 4 comments, 4 shown | deleted: 3 comments, 3 shown | reload: 3 comments, 3 shown',
    broken:
      '3 comments, 3 shown | Please write a comment before posting. | 4 comments, 4 shown, last: Robin · just now Ours packs down smaller than a loaf of bread. Delete | cancelled: 4 comments, 4 shown | deleted: 4 comments, 3 shown | reload: 3 comments, 3 shown',
  },
  'seat-picker': {
    async run(page) {
      await page.goto('/seats');
      const seat = (name: string) => page.getByRole('button', { name, exact: true });
      const shown = async (): Promise<string> =>
        `${await page.locator('#seat-summary').innerText()}, ${await page.locator('#seat-total').innerText()}`;
      const seen = [`${await shown()}, A3 ${(await seat('A3').isDisabled()) ? 'taken' : 'free'}`];
      await seat('C4').click();
      await seat('C5').click();
      seen.push(await shown());
      // Clicking a chosen seat again gives it back.
      await seat('C5').click();
      seen.push(`${await shown()}, C5 pressed=${await seat('C5').getAttribute('aria-pressed')}`);
      await seat('E2').click();
      seen.push(await shown());
      await page.getByRole('button', { name: 'Continue' }).click();
      seen.push(await page.getByRole('status').innerText());
      return seen.join(' | ');
    },
    normal:
      'No seats selected, Total: $0.00, A3 taken | 2 seats selected: C4, C5, Total: $24.00 | 1 seat selected: C4, Total: $12.00, C5 pressed=false | 2 seats selected: C4, E2, Total: $28.00 | Seats C4 and E2 are held for 10 minutes. Total to pay: $28.00.',
    broken:
      'No seats selected, Total: $0.00, A3 taken | 2 seats selected: C4, C5, Total: $24.00 | 1 seat selected: C4, Total: $36.00, C5 pressed=false | 2 seats selected: C4, E2, Total: $52.00 | Seats C4 and E2 are held for 10 minutes. Total to pay: $52.00.',
  },
  'store-finder': {
    async run(page) {
      await page.goto('/stores');
      const town = page.getByRole('combobox', { name: 'Town or city' });
      const suggestions = page.getByRole('listbox', { name: 'Suggested towns' });
      const results = async (): Promise<string> => {
        const heading = await page.getByRole('heading', { level: 2 }).innerText();
        const stores = await page.locator('#store-results li').allInnerTexts();
        return `${await town.inputValue()} | ${heading}: ${stores.join('; ')}`;
      };
      await town.pressSequentially('port');
      const offered = await suggestions.getByRole('option').allInnerTexts();
      const seen = [`${offered.join('; ')} (${await page.locator('#store-town-count').innerText()})`];
      await suggestions.getByRole('option', { name: 'Portland, United States' }).click();
      seen.push(`${await results()}, list ${(await suggestions.isVisible()) ? 'open' : 'closed'}`);
      // The keyboard: the third suggestion for "ber" is Bern.
      await town.fill('');
      await town.pressSequentially('ber');
      await town.press('ArrowDown');
      await town.press('ArrowDown');
      await town.press('ArrowDown');
      await town.press('Enter');
      seen.push(await results());
      return seen.join(' || ');
    },
    normal:
      'Porto, Portugal; Portland, United States; Portsmouth, United Kingdom (3 suggestions available.) || Portland, United States | 1 store in Portland, United States: Demo Shop Portland, 710 NW 23rd Avenue, list closed || Bern, Switzerland | 1 store in Bern, Switzerland: Demo Shop Bern, Marktgasse 19',
    broken:
      'Porto, Portugal; Portland, United States; Portsmouth, United Kingdom (3 suggestions available.) || Amsterdam, Netherlands | 2 stores in Amsterdam, Netherlands: Demo Shop Amsterdam, Kalverstraat 92; Demo Shop Amsterdam, Ferdinand Bolstraat 25, list closed || Antwerp, Belgium | 1 store in Antwerp, Belgium: Demo Shop Antwerp, Meir 48',
  },
  'safety-quiz': {
    async run(page) {
      await page.goto('/quiz');
      const check = page.getByRole('button', { name: 'Check my answers' });
      const score = page.getByRole('status');
      const marks = async (): Promise<string> =>
        (await page.locator('.quiz-mark').allInnerTexts()).map((m) => m || '-').join(' / ');
      await page.getByLabel('Taut-line hitch').check();
      await check.click();
      const seen = [await page.getByRole('alert').innerText()];
      await page.getByLabel('Three litres').check();
      await page.getByLabel('Stay where you are and call for help').check();
      await check.click();
      seen.push(`${await score.innerText()} ${await marks()}`);
      // Try again clears the answers: a right first answer and two wrong ones.
      await page.getByRole('button', { name: 'Try again' }).click();
      const cleared = `cleared: '${await score.innerText()}', ${(await page.getByLabel('Three litres').isChecked()) ? 'kept' : 'unticked'}`;
      seen.push(cleared);
      await page.getByLabel('Taut-line hitch').check();
      await page.getByLabel('One litre').check();
      await page.getByLabel('Split up to search').check();
      await check.click();
      seen.push(`${await score.innerText()} ${await marks()}`);
      return seen.join(' | ');
    },
    normal:
      "Please answer question 2 before checking your answers. | You scored 3 out of 3. Well done! Correct / Correct / Correct | cleared: '', unticked | You scored 1 out of 3. Correct / Not quite: the answer is Three litres. / Not quite: the answer is Stay where you are and call for help.",
    broken:
      "Please answer question 2 before checking your answers. | You scored 2 out of 3. Correct / Correct / Correct | cleared: '', unticked | You scored 0 out of 3. Correct / Not quite: the answer is Three litres. / Not quite: the answer is Stay where you are and call for help.",
  },
  'trip-tags': {
    async run(page) {
      await page.goto('/tags');
      const input = page.getByLabel('Add a tag');
      const alert = page.getByRole('alert');
      const shown = async (): Promise<string> =>
        `${(await page.locator('#tag-list .tag-name').allInnerTexts()).join(', ')} (${await page.locator('#tag-count').innerText()})`;
      const seen = [await shown()];
      await input.fill('wild camping');
      await input.press('Enter');
      seen.push(`${await shown()}, input '${await input.inputValue()}'`);
      // The same tag in another case is refused.
      await input.fill('Hiking');
      await input.press('Enter');
      seen.push(`'${await alert.innerText()}' ${await shown()}`);
      await page.getByRole('button', { name: 'Remove coast' }).click();
      seen.push(await shown());
      await input.fill('spring');
      await input.press('Enter');
      await input.fill('cornwall');
      await input.press('Enter');
      await input.fill('dogs');
      await input.press('Enter');
      seen.push(`'${await alert.innerText()}' ${await shown()}`);
      await page.getByRole('button', { name: 'Save tags' }).click();
      seen.push(await page.getByRole('status').innerText());
      return seen.join(' | ');
    },
    normal:
      "hiking, coast (2 of 5 tags) | hiking, coast, wild camping (3 of 5 tags), input '' | 'You have already added \"Hiking\".' hiking, coast, wild camping (3 of 5 tags) | hiking, wild camping (2 of 5 tags) | '' hiking, wild camping, spring, cornwall, dogs (5 of 5 tags) | Saved 5 tags: hiking, wild camping, spring, cornwall, dogs.",
    broken:
      "hiking, coast (2 of 5 tags) | hiking, coast, wild camping (3 of 5 tags), input '' | '' hiking, coast, wild camping, Hiking (4 of 5 tags) | hiking, wild camping, Hiking (3 of 5 tags) | 'You can add up to 5 tags.' hiking, wild camping, Hiking, spring, cornwall (5 of 5 tags) | Saved 5 tags: hiking, wild camping, Hiking, spring, cornwall.",
  },
  'inbox-archive': {
    async run(page) {
      await page.goto('/inbox');
      const status = page.getByRole('status');
      const shown = async (): Promise<string> =>
        `${await page.locator('#inbox-count').innerText()}: ${(await page.getByRole('heading', { level: 2 }).allInnerTexts()).join('; ')}`;
      const seen = [await shown()];
      await page.getByRole('button', { name: 'Archive: Photos from the coast path' }).click();
      await status.filter({ hasText: 'Archived' }).waitFor();
      seen.push(`${await status.innerText()} ${await shown()}`);
      await page.getByRole('button', { name: 'Undo' }).click();
      await status.filter({ hasText: 'back in your inbox' }).waitFor();
      seen.push(`${await status.innerText()} ${await shown()}`);
      // Archived stays archived on a reload.
      await page.getByRole('button', { name: 'Archive: Can I borrow your stove?' }).click();
      await status.filter({ hasText: 'Archived' }).waitFor();
      await page.reload();
      seen.push(`reload: ${await shown()}`);
      return seen.join(' | ');
    },
    normal:
      '5 messages: Your order #1042 has shipped; Photos from the coast path; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | Archived "Photos from the coast path". 4 messages: Your order #1042 has shipped; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | "Photos from the coast path" is back in your inbox. 5 messages: Your order #1042 has shipped; Photos from the coast path; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | reload: 4 messages: Your order #1042 has shipped; Photos from the coast path; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend',
    broken:
      '5 messages: Your order #1042 has shipped; Photos from the coast path; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | Archived "Photos from the coast path". 4 messages: Your order #1042 has shipped; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | "Photos from the coast path" is back in your inbox. 4 messages: Your order #1042 has shipped; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend; Can I borrow your stove? | reload: 4 messages: Your order #1042 has shipped; Photos from the coast path; Saturday walk: meet at 8:30; 20% off sleeping bags this weekend',
  },
  'tip-calculator': {
    async run(page) {
      await page.goto('/tip');
      const tip = page.getByRole('slider', { name: 'Tip' });
      const shown = async (): Promise<string> =>
        [
          `${await tip.getAttribute('aria-valuetext')}`,
          await page.locator('#tip-amount').innerText(),
          await page.locator('#tip-total').innerText(),
          await page.locator('#tip-share').innerText(),
        ].join(', ');
      const seen = [await shown()];
      await page.getByLabel('Bill amount').fill('60');
      seen.push(await shown());
      await page.getByLabel('Number of people').fill('3');
      seen.push(await shown());
      // One step of the slider from the keyboard: 15% → 20%.
      await tip.press('ArrowRight');
      seen.push(await shown());
      // A share that does not divide evenly is rounded up to the cent.
      await page.getByLabel('Bill amount').fill('100');
      await tip.fill('10');
      seen.push(await shown());
      await page.getByLabel('Bill amount').fill('ten dollars');
      seen.push(`'${await page.getByRole('alert').innerText()}' ${await shown()}`);
      return seen.join(' | ');
    },
    normal:
      "15%, Tip: $0.00, Total: $0.00, Each person pays: $0.00 | 15%, Tip: $9.00, Total: $69.00, Each person pays: $69.00 | 15%, Tip: $9.00, Total: $69.00, Each person pays: $23.00 | 20%, Tip: $12.00, Total: $72.00, Each person pays: $24.00 | 10%, Tip: $10.00, Total: $110.00, Each person pays: $36.67 | 'Enter the bill as an amount, for example 48.50.' 10%, Tip: $0.00, Total: $0.00, Each person pays: $0.00",
    broken:
      "15%, Tip: $0.00, Total: $0.00, Each person pays: $0.00 | 15%, Tip: $9.00, Total: $69.00, Each person pays: $60.00 | 15%, Tip: $9.00, Total: $69.00, Each person pays: $20.00 | 20%, Tip: $12.00, Total: $72.00, Each person pays: $20.00 | 10%, Tip: $10.00, Total: $110.00, Each person pays: $33.34 | 'Enter the bill as an amount, for example 48.50.' 10%, Tip: $0.00, Total: $0.00, Each person pays: $0.00",
  },
  'project-deletion': {
    async run(page) {
      await page.goto('/projects');
      const dialog = page.getByRole('dialog');
      const box = dialog.getByRole('textbox');
      const confirm = dialog.getByRole('button', { name: 'Delete this project' });
      const shown = async (): Promise<string> =>
        `${await page.locator('#project-count').innerText()}: ${(await page.getByRole('heading', { level: 2 }).allInnerTexts()).join(', ')}`;
      const state = async (): Promise<string> => ((await confirm.isEnabled()) ? 'enabled' : 'disabled');
      const seen = [await shown()];
      await page.getByRole('button', { name: 'Delete Winter kit list' }).click();
      seen.push(
        `${await dialog.getByRole('heading').innerText()} / ${await dialog.locator('label').innerText()} / ${await state()}`,
      );
      // A part of the name, or the name in another case, is not the name.
      await box.fill('Winter');
      seen.push(`'Winter': ${await state()}`);
      await box.fill('winter kit list');
      seen.push(`'winter kit list': ${await state()}`);
      await box.fill('Winter kit list');
      seen.push(`'Winter kit list': ${await state()}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      seen.push(`cancelled: ${(await dialog.isVisible()) ? 'open' : 'closed'}, ${await shown()}`);
      await page.getByRole('button', { name: 'Delete Bothy map' }).click();
      await box.fill('Bothy map');
      await confirm.click();
      await page.getByRole('status').filter({ hasText: 'Deleted' }).waitFor();
      seen.push(`${await page.getByRole('status').innerText()} ${await shown()}`);
      // Deleted stays deleted on a reload.
      await page.reload();
      seen.push(`reload: ${await shown()}`);
      return seen.join(' | ');
    },
    normal:
      "3 projects: Coast path guide, Winter kit list, Bothy map | Delete Winter kit list? / To confirm, type \"Winter kit list\" in the box below / disabled | 'Winter': disabled | 'winter kit list': disabled | 'Winter kit list': enabled | cancelled: closed, 3 projects: Coast path guide, Winter kit list, Bothy map | Deleted \"Bothy map\". 2 projects: Coast path guide, Winter kit list | reload: 2 projects: Coast path guide, Winter kit list",
    broken:
      "3 projects: Coast path guide, Winter kit list, Bothy map | Delete Winter kit list? / To confirm, type \"Winter kit list\" in the box below / disabled | 'Winter': enabled | 'winter kit list': enabled | 'Winter kit list': enabled | cancelled: closed, 3 projects: Coast path guide, Winter kit list, Bothy map | Deleted \"Bothy map\". 2 projects: Coast path guide, Winter kit list | reload: 2 projects: Coast path guide, Winter kit list",
  },
  'rental-history': {
    async run(page) {
      await page.goto('/rentals');
      const summary = page.getByRole('status');
      const shown = async (): Promise<string> => {
        const refs = await page.getByRole('row').getByRole('rowheader').allInnerTexts();
        return `${await summary.innerText()}${refs.length > 0 ? `: ${refs.join(', ')}` : ''}`;
      };
      const filter = async (from: string, to: string): Promise<void> => {
        await page.getByLabel('From').fill(from);
        await page.getByLabel('To').fill(to);
        await page.getByRole('button', { name: 'Show rentals' }).click();
        await page.waitForURL(`**/rentals?from=${from}&to=${to}`);
      };
      const seen = [(await summary.innerText()).trim()];
      await filter('2026-03-01', '2026-03-31');
      seen.push(await shown());
      // From and To the same day: the rentals of that day.
      await filter('2026-03-14', '2026-03-14');
      seen.push(await shown());
      await filter('2026-04-01', '2026-03-01');
      seen.push(`'${await page.getByRole('alert').innerText()}' ${await summary.innerText()}`);
      await page.getByRole('link', { name: 'Clear dates' }).click();
      await page.waitForURL('**/rentals');
      seen.push(await summary.innerText());
      return seen.join(' | ');
    },
    normal:
      "Showing all 12 rentals | Showing 5 of 12 rentals: R-2131, R-2119, R-2103, R-2090, R-2077 | Showing 1 of 12 rentals: R-2103 | 'The From date must be on or before the To date.' Showing all 12 rentals | Showing all 12 rentals",
    broken:
      "Showing all 12 rentals | Showing 4 of 12 rentals: R-2119, R-2103, R-2090, R-2077 | No rentals between 14 Mar 2026 and 14 Mar 2026. | 'The From date must be on or before the To date.' Showing all 12 rentals | Showing all 12 rentals",
  },
  'playlist-rename': {
    async run(page) {
      await page.goto('/playlists');
      const names = async (): Promise<string> =>
        (await page.getByRole('heading', { level: 2 }).allInnerTexts()).join(', ');
      const status = page.getByRole('status');
      const box = page.getByRole('textbox', { name: 'Playlist name' });
      const seen = [await names()];
      await page.getByRole('button', { name: 'Rename Road trip' }).click();
      seen.push(`editing: ${await box.inputValue()}`);
      // An empty name is refused and the box stays open.
      await box.fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      seen.push(
        `'${await page.getByRole('alert').innerText()}' ${(await box.isVisible()) ? 'open' : 'closed'}`,
      );
      // Cancel (with the mouse) throws away what was typed.
      await box.fill('Motorway songs');
      await page.getByRole('button', { name: 'Cancel' }).click();
      seen.push(`cancelled: ${await names()} '${await status.innerText()}'`);
      // Escape does too.
      await page.getByRole('button', { name: 'Rename Sunday morning' }).click();
      await box.fill('Lazy Sunday');
      await box.press('Escape');
      seen.push(`escaped: ${await names()}`);
      // Enter saves, without the spaces around the name.
      await page.getByRole('button', { name: 'Rename Running mix' }).click();
      await box.fill('  5k tempo  ');
      await box.press('Enter');
      await box.waitFor({ state: 'detached' });
      seen.push(`${await status.innerText()} ${await names()}`);
      // Names are kept on the server.
      await page.reload();
      seen.push(`reload: ${await names()}`);
      return seen.join(' | ');
    },
    normal:
      'Road trip, Sunday morning, Running mix | editing: Road trip | \'A playlist needs a name.\' open | cancelled: Road trip, Sunday morning, Running mix \'\' | escaped: Road trip, Sunday morning, Running mix | Renamed "Running mix" to "5k tempo". Road trip, Sunday morning, 5k tempo | reload: Road trip, Sunday morning, 5k tempo',
    broken:
      'Road trip, Sunday morning, Running mix | editing: Road trip | \'A playlist needs a name.\' open | cancelled: Motorway songs, Sunday morning, Running mix \'Renamed "Road trip" to "Motorway songs".\' | escaped: Motorway songs, Sunday morning, Running mix | Renamed "Running mix" to "5k tempo". Motorway songs, Sunday morning, 5k tempo | reload: Motorway songs, Sunday morning, 5k tempo',
  },
  'membership-cancel': {
    async run(page) {
      await page.goto('/membership/cancel');
      const details = page.getByLabel('Tell us more');
      const submit = page.getByRole('button', { name: 'Cancel membership' });
      const box = async (): Promise<string> => ((await details.isVisible()) ? 'box shown' : 'box hidden');
      const cancelled = async (): Promise<string> => {
        await page.getByRole('heading', { name: 'Membership cancelled' }).waitFor();
        return page.getByRole('status').innerText();
      };
      const seen = [await box()];
      await submit.click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      await page.getByLabel('Other', { exact: true }).check();
      seen.push(`Other: ${await box()}`);
      await submit.click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      // Another reason hides the box again (and no longer asks for it).
      await page.getByLabel("I'm moving away").check();
      seen.push(`moving: ${await box()}`);
      await page.getByLabel('Other', { exact: true }).check();
      await details.fill('The walks start too early for me');
      await submit.click();
      seen.push(await cancelled());
      // A listed reason is named as it is.
      await page.goto('/membership/cancel');
      await page.getByLabel('It costs too much').check();
      await submit.click();
      seen.push(await cancelled());
      return seen.join(' | ');
    },
    normal:
      "box hidden | 'Choose a reason for leaving.' | Other: box shown | 'Tell us more about why you are leaving.' | moving: box hidden | We've cancelled your Trail Club membership. Your reason: Other (\"The walks start too early for me\"). | We've cancelled your Trail Club membership. Your reason: It costs too much.",
    broken:
      "box hidden | 'Choose a reason for leaving.' | Other: box shown | 'Tell us more about why you are leaving.' | moving: box hidden | We've cancelled your Trail Club membership. Your reason: Other. | We've cancelled your Trail Club membership. Your reason: It costs too much.",
  },
  'photo-gallery': {
    async run(page) {
      await page.goto('/gallery');
      const status = page.getByRole('status');
      const more = page.getByRole('button', { name: 'Load more' });
      const photos = page.getByRole('list', { name: 'Photos' }).getByRole('listitem');
      const shown = async (): Promise<string> =>
        `${await photos.count()} photos, last ${await photos.last().locator('strong').innerText()}: ${await status.innerText()}, ${(await more.isVisible()) ? 'Load more' : 'no button'}`;
      const seen = [await shown()];
      await more.click();
      await photos.nth(6).waitFor();
      // The focus goes to the first new photo.
      seen.push(
        `${await shown()}, focus on ${await page.locator('figure:focus').locator('strong').innerText()}`,
      );
      if (await more.isVisible()) {
        await more.click();
        await photos.nth(12).waitFor();
      }
      seen.push(await shown());
      return seen.join(' | ');
    },
    normal:
      "6 photos, last Wild thyme on the cliff: Showing 6 of 14 photos, Load more | 12 photos, last The old tin mine: Showing 12 of 14 photos, Load more, focus on Mousehole harbour | 14 photos, last Harbour lights at Newlyn: You've seen all 14 photos., no button",
    broken:
      '6 photos, last Wild thyme on the cliff: Showing 6 of 14 photos, Load more | 12 photos, last The old tin mine: Showing 12 of 14 photos, no button, focus on Mousehole harbour | 12 photos, last The old tin mine: Showing 12 of 14 photos, no button',
  },
  'notification-settings': {
    async run(page) {
      const save = async (): Promise<void> => {
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.waitForURL('**/notifications?saved=1');
      };
      const settings = async (): Promise<string> => {
        const master = page.getByRole('switch', { name: 'Send me notifications' });
        const boxes: string[] = [];
        for (const name of ['Email', 'Text message', 'App notification']) {
          const box = page.getByRole('checkbox', { name, exact: true });
          boxes.push(`${name} ${(await box.isChecked()) ? 'on' : 'off'}`);
        }
        const disabled = await page.getByRole('checkbox', { name: 'Email', exact: true }).isDisabled();
        return `switch ${(await master.isChecked()) ? 'on' : 'off'}, ${boxes.join(', ')}${disabled ? ' (disabled)' : ''}`;
      };
      const summary = async (): Promise<string> =>
        `${await page.getByRole('status').innerText()} ${await page.locator('#notify-summary').innerText()} ${await settings()}`;
      await page.goto('/notifications');
      const seen = [`${await page.locator('#notify-summary').innerText()} ${await settings()}`];
      // The switch on with no way to reach you is refused.
      await page.getByLabel('Email', { exact: true }).uncheck();
      await page.getByLabel('App notification').uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      await page.getByLabel('Text message').check();
      await save();
      seen.push(await summary());
      // The switch off disables the boxes, and is saved.
      await page.goto('/notifications');
      await page.getByRole('switch', { name: 'Send me notifications' }).uncheck();
      seen.push(`off: ${await settings()}`);
      await save();
      seen.push(await summary());
      // Back on, the boxes come back as they were.
      await page.goto('/notifications');
      await page.getByRole('switch', { name: 'Send me notifications' }).check();
      seen.push(`on: ${await settings()}`);
      await save();
      seen.push(await summary());
      return seen.join(' | ');
    },
    normal:
      "You'll get notifications by email and app notification. switch on, Email on, Text message off, App notification on | 'Choose at least one way to reach you, or turn notifications off.' | Your notification settings have been saved. You'll get notifications by text message. switch on, Email off, Text message on, App notification off | off: switch off, Email off, Text message on, App notification off (disabled) | Your notification settings have been saved. Notifications are off. You won't hear from us. switch off, Email off, Text message on, App notification off (disabled) | on: switch on, Email off, Text message on, App notification off | Your notification settings have been saved. You'll get notifications by text message. switch on, Email off, Text message on, App notification off",
    broken:
      "You'll get notifications by email and app notification. switch on, Email on, Text message off, App notification on | 'Choose at least one way to reach you, or turn notifications off.' | Your notification settings have been saved. You'll get notifications by text message. switch on, Email off, Text message on, App notification off | off: switch off, Email off, Text message on, App notification off (disabled) | Your notification settings have been saved. You'll get notifications by text message. switch on, Email off, Text message on, App notification off | on: switch on, Email off, Text message on, App notification off | Your notification settings have been saved. You'll get notifications by text message. switch on, Email off, Text message on, App notification off",
  },
  'walk-stops': {
    async run(page) {
      await page.goto('/walk-plan');
      const stops = page.getByRole('list', { name: 'Stops' });
      const status = page.getByRole('status');
      const order = async (): Promise<string> =>
        (await stops.getByRole('heading', { level: 2 }).allInnerTexts()).join(', ');
      const focused = async (): Promise<string> =>
        (await page.locator(':focus').getAttribute('aria-label')) ?? '';
      const ends = async (): Promise<string> => {
        const disabled = stops.getByRole('button', { disabled: true });
        const names: string[] = [];
        for (const button of await disabled.all())
          names.push((await button.getAttribute('aria-label')) ?? '');
        return names.join(' and ');
      };
      const seen = [`${await order()}; disabled ${await ends()}`];
      await page.getByRole('button', { name: 'Move down: Minack Theatre' }).click();
      seen.push(`${await order()} '${await status.innerText()}' focus ${await focused()}`);
      await page.getByRole('button', { name: 'Move up: Lamorna Cove' }).click();
      seen.push(`${await order()} '${await status.innerText()}'`);
      // At the top, the focus moves to the stop's other button.
      await page.getByRole('button', { name: 'Move up: Logan Rock' }).click();
      seen.push(`${await order()} focus ${await focused()}; disabled ${await ends()}`);
      await page.getByRole('button', { name: 'Save order' }).click();
      await status.getByText('Saved.').waitFor();
      seen.push(await status.innerText());
      // The order is kept on the server.
      await page.reload();
      seen.push(`reload: ${await order()}; disabled ${await ends()}`);
      return seen.join(' | ');
    },
    normal:
      "Porthcurno beach, Minack Theatre, Logan Rock, Treen café, Lamorna Cove; disabled Move up: Porthcurno beach and Move down: Lamorna Cove | Porthcurno beach, Logan Rock, Minack Theatre, Treen café, Lamorna Cove 'Minack Theatre is now stop 3 of 5.' focus Move down: Minack Theatre | Porthcurno beach, Logan Rock, Minack Theatre, Lamorna Cove, Treen café 'Lamorna Cove is now stop 4 of 5.' | Logan Rock, Porthcurno beach, Minack Theatre, Lamorna Cove, Treen café focus Move down: Logan Rock; disabled Move up: Logan Rock and Move down: Treen café | Saved. Your walk: Logan Rock, Porthcurno beach, Minack Theatre, Lamorna Cove, Treen café. | reload: Logan Rock, Porthcurno beach, Minack Theatre, Lamorna Cove, Treen café; disabled Move up: Logan Rock and Move down: Treen café",
    broken:
      "Porthcurno beach, Minack Theatre, Logan Rock, Treen café, Lamorna Cove; disabled Move up: Porthcurno beach and Move down: Lamorna Cove | Porthcurno beach, Logan Rock, Treen café, Minack Theatre, Lamorna Cove 'Minack Theatre is now stop 4 of 5.' focus Move down: Minack Theatre | Porthcurno beach, Logan Rock, Treen café, Lamorna Cove, Minack Theatre 'Lamorna Cove is now stop 4 of 5.' | Logan Rock, Porthcurno beach, Treen café, Lamorna Cove, Minack Theatre focus Move down: Logan Rock; disabled Move up: Logan Rock and Move down: Minack Theatre | Saved. Your walk: Logan Rock, Porthcurno beach, Treen café, Lamorna Cove, Minack Theatre. | reload: Logan Rock, Porthcurno beach, Treen café, Lamorna Cove, Minack Theatre; disabled Move up: Logan Rock and Move down: Minack Theatre",
  },
  'bike-service': {
    async run(page) {
      await page.goto('/bike-service');
      const book = page.getByRole('button', { name: 'Book this slot' });
      const slot = (time: string) => page.getByRole('radio', { name: time });
      const seen = [
        `10:00 ${(await slot('10:00').isDisabled()) ? 'disabled' : 'open'}, 11:30 ${(await slot('11:30').isDisabled()) ? 'disabled' : 'open'}`,
      ];
      await book.click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Full service ($80)' });
      await slot('11:30').check();
      await book.click();
      await page.getByRole('heading', { name: 'Service booked' }).waitFor();
      seen.push(await page.getByRole('status').innerText());
      // Back on the form, the booking is named and its slot marked.
      await page.getByRole('link', { name: 'Change your booking' }).click();
      seen.push(await page.locator('#my-booking').innerText());
      seen.push(
        `${await page.locator('label[for="slot-1130"]').innerText()} ${(await slot('11:30').isDisabled()) ? 'disabled' : 'open'}`,
      );
      return seen.join(' | ');
    },
    normal:
      "10:00 disabled, 11:30 open | 'Choose a time for your service.' | Your full service is booked for Thursday 4 June 2026 at 11:30. | Your booking: Full service on Thursday 4 June 2026 at 11:30. Choose another time to move it. | 11:30 Your booking disabled",
    broken:
      "10:00 disabled, 11:30 open | 'Choose a time for your service.' | Your full service is booked for Thursday 4 June 2026 at 10:30. | Your booking: Full service on Thursday 4 June 2026 at 10:30. Choose another time to move it. | 11:30 Your booking disabled",
  },
  'open-day-board': {
    async run(page) {
      await page.goto('/board');
      const status = page.locator('#board-status');
      const board = async (): Promise<string> => {
        const columns: string[] = [];
        for (const name of ['To do', 'Doing', 'Done']) {
          const cards = page.getByRole('list', { name, exact: true }).getByRole('heading', { level: 3 });
          columns.push(`${name}: ${(await cards.allInnerTexts()).join(', ')}`);
        }
        return columns.join('; ');
      };
      const counts = async (): Promise<string> =>
        (await page.getByRole('heading', { level: 2 }).allInnerTexts()).join(', ');
      const move = async (card: string, to: string): Promise<string> => {
        await page.getByRole('combobox', { name: `Move ${card} to` }).selectOption({ label: to });
        await page.getByRole('button', { name: `Move ${card}`, exact: true }).click();
        await page.locator('#board-status:not(:empty)').waitFor();
        const focused = (await page.locator(':focus').getAttribute('aria-label')) ?? '';
        return `'${await status.innerText()}' ${await counts()} focus ${focused}`;
      };
      const seen = [`${await counts()} | ${await board()}`];
      seen.push(await move('Print the posters', 'Done'));
      // A move to the left.
      seen.push(await move('Plan the short walk', 'To do'));
      seen.push(await move('Book the village hall', 'Doing'));
      // The board is kept on the server.
      await page.reload();
      seen.push(`reload: ${await counts()} | ${await board()}`);
      return seen.join(' | ');
    },
    normal:
      'To do (3), Doing (2), Done (1) | To do: Book the village hall, Print the posters, Borrow a tea urn; Doing: Email the walk leaders, Plan the short walk; Done: Choose a date | \'Moved "Print the posters" to Done.\' To do (2), Doing (2), Done (2) focus Move Print the posters | \'Moved "Plan the short walk" to To do.\' To do (3), Doing (1), Done (2) focus Move Plan the short walk | \'Moved "Book the village hall" to Doing.\' To do (2), Doing (2), Done (2) focus Move Book the village hall | reload: To do (2), Doing (2), Done (2) | To do: Borrow a tea urn, Plan the short walk; Doing: Email the walk leaders, Book the village hall; Done: Choose a date, Print the posters',
    broken:
      'To do (3), Doing (2), Done (1) | To do: Book the village hall, Print the posters, Borrow a tea urn; Doing: Email the walk leaders, Plan the short walk; Done: Choose a date | \'Moved "Print the posters" to Doing.\' To do (2), Doing (3), Done (1) focus Move Print the posters | \'Moved "Plan the short walk" to To do.\' To do (3), Doing (2), Done (1) focus Move Plan the short walk | \'Moved "Book the village hall" to To do.\' To do (3), Doing (2), Done (1) focus Move Book the village hall | reload: To do (3), Doing (2), Done (1) | To do: Borrow a tea urn, Plan the short walk, Book the village hall; Doing: Email the walk leaders, Print the posters; Done: Choose a date',
  },
  'event-filters': {
    async run(page) {
      await page.goto('/events');
      const count = page.getByRole('status');
      const events = async (): Promise<string> =>
        `${await count.innerText()}: ${(await page.getByRole('list', { name: 'Events' }).getByRole('heading').allInnerTexts()).join(', ')}`;
      const chips = async (): Promise<string> => {
        const links = page.getByRole('list', { name: 'Active filters' }).getByRole('link');
        const names: string[] = [];
        for (const link of await links.all()) names.push((await link.getAttribute('aria-label')) ?? '');
        return names.join(' and ');
      };
      const apply = async (): Promise<void> => {
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.waitForURL('**/events?*');
      };
      const seen = [await count.innerText()];
      await page.getByLabel('Walks').check();
      await page.getByLabel('Talks').check();
      await apply();
      seen.push(`${new URL(page.url()).search} ${await chips()} | ${await events()}`);
      await page.getByLabel('Free events only').check();
      await apply();
      seen.push(`${await chips()} | ${await events()}`);
      // A chip takes its own filter away and keeps the others.
      await page.getByRole('link', { name: 'Remove filter: Walks' }).click();
      await page.waitForURL((url) => !url.search.includes('walk'));
      seen.push(
        `${await chips()} | ${await events()} | Talks ${(await page.getByLabel('Talks', { exact: true }).isChecked()) ? 'ticked' : 'not ticked'}`,
      );
      await page.getByRole('link', { name: 'Clear all filters' }).click();
      await page.waitForURL((url) => url.search === '');
      seen.push(await count.innerText());
      return seen.join(' | ');
    },
    normal:
      'Showing 10 of 10 events | ?type=walk&type=talk Remove filter: Walks and Remove filter: Talks | Showing 6 of 10 events: Zennor coast walk, The tin mines of Penwith, Lamorna to Mousehole, Bats at dusk, Carn Brea hill walk, Night walk to Chapel Carn Brea | Remove filter: Walks and Remove filter: Talks and Remove filter: Free only | Showing 5 of 10 events: Zennor coast walk, Lamorna to Mousehole, Bats at dusk, Carn Brea hill walk, Night walk to Chapel Carn Brea | Remove filter: Talks and Remove filter: Free only | Showing 1 of 10 events: Bats at dusk | Talks ticked | Showing 10 of 10 events',
    broken:
      'Showing 10 of 10 events | ?type=walk&type=talk Remove filter: Walks and Remove filter: Talks | Showing 4 of 10 events: Zennor coast walk, Lamorna to Mousehole, Carn Brea hill walk, Night walk to Chapel Carn Brea | Remove filter: Walks and Remove filter: Talks and Remove filter: Free only | Showing 4 of 10 events: Zennor coast walk, Lamorna to Mousehole, Carn Brea hill walk, Night walk to Chapel Carn Brea | Remove filter: Talks and Remove filter: Free only | Showing 1 of 10 events: Bats at dusk | Talks ticked | Showing 10 of 10 events',
  },
  'group-details': {
    async run(page) {
      const cancel = page.getByRole('button', { name: 'Cancel' });
      const facts = async (): Promise<string> =>
        `${await h1(page)}: ${(await page.locator('.group-facts dd').allInnerTexts()).join(', ')}`;
      await page.goto('/group/edit');
      // Nothing changed: Cancel does not ask.
      await cancel.click();
      await page.waitForURL('**/group');
      const seen = [await facts()];
      await page.getByRole('link', { name: 'Edit group details' }).click();
      await page.waitForURL('**/group/edit');
      await page.getByLabel('Meeting point').fill('Sennen Cove car park');
      await cancel.click();
      const dialog = page.getByRole('dialog', { name: 'Discard your changes?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Keep editing' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const focused = (await page.locator(':focus').innerText()).trim();
      seen.push(`keep editing: ${await page.getByLabel('Meeting point').inputValue()}, focus ${focused}`);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL('**/group?saved=1');
      seen.push(`${await page.getByRole('status').innerText()} ${await facts()}`);
      // Discard changes leaves with nothing saved.
      await page.goto('/group/edit');
      await page.getByLabel('Group name').fill('West Penwith Ramblers');
      await page.getByLabel('Dogs welcome').uncheck();
      await cancel.click();
      await dialog.getByRole('button', { name: 'Discard changes' }).click();
      await page.waitForURL('**/group');
      seen.push(`discarded: ${await facts()}`);
      await page.goto('/group/edit');
      await page.getByLabel('Group name').fill('');
      await page.getByRole('button', { name: 'Save changes' }).click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      return seen.join(' | ');
    },
    normal:
      "Penwith Walkers: Penzance bus station, Saturday, Dogs welcome | keep editing: Sennen Cove car park, focus Cancel | Group details saved. Penwith Walkers: Sennen Cove car park, Saturday, Dogs welcome | discarded: Penwith Walkers: Sennen Cove car park, Saturday, Dogs welcome | 'Enter a group name.'",
    broken:
      "Penwith Walkers: Penzance bus station, Saturday, Dogs welcome | keep editing: Penzance bus station, focus Cancel | Group details saved. Penwith Walkers: Penzance bus station, Saturday, Dogs welcome | discarded: Penwith Walkers: Penzance bus station, Saturday, Dogs welcome | 'Enter a group name.'",
  },
  'recipe-scaler': {
    async run(page) {
      await page.goto('/recipe');
      const servings = page.getByRole('spinbutton', { name: 'Servings' });
      const recipe = async (): Promise<string> =>
        `${await page.getByRole('status').innerText()}: ${(await page.getByRole('list', { name: 'Ingredients' }).getByRole('listitem').allInnerTexts()).join(', ')}`;
      const seen = [await recipe()];
      await page.getByRole('button', { name: 'More servings' }).click();
      await page.getByRole('button', { name: 'More servings' }).click();
      seen.push(await recipe());
      // Typed rather than clicked.
      await servings.fill('1');
      seen.push(
        `${await recipe()} | Fewer ${(await page.getByRole('button', { name: 'Fewer servings' }).isDisabled()) ? 'disabled' : 'enabled'}`,
      );
      await servings.fill('13');
      seen.push(`'${await page.getByRole('alert').innerText()}' ${await recipe()}`);
      await servings.fill('5');
      seen.push(await recipe());
      return seen.join(' | ');
    },
    normal:
      "Serves 4: 200 g plain flour, 2 eggs, 500 ml milk, 20 g butter, melted, A pinch of salt | Serves 6: 300 g plain flour, 3 eggs, 750 ml milk, 30 g butter, melted, A pinch of salt | Serves 1: 50 g plain flour, ½ egg, 125 ml milk, 5 g butter, melted, A pinch of salt | Fewer disabled | 'Enter a number of servings from 1 to 12.' Serves 1: 50 g plain flour, ½ egg, 125 ml milk, 5 g butter, melted, A pinch of salt | Serves 5: 250 g plain flour, 2½ eggs, 625 ml milk, 25 g butter, melted, A pinch of salt",
    broken:
      "Serves 4: 200 g plain flour, 2 eggs, 500 ml milk, 20 g butter, melted, A pinch of salt | Serves 6: 250 g plain flour, 2½ eggs, 625 ml milk, 25 g butter, melted, A pinch of salt | Serves 1: 300 g plain flour, 3 eggs, 750 ml milk, 30 g butter, melted, A pinch of salt | Fewer disabled | 'Enter a number of servings from 1 to 12.' Serves 1: 300 g plain flour, 3 eggs, 750 ml milk, 30 g butter, melted, A pinch of salt | Serves 5: 50 g plain flour, ½ egg, 125 ml milk, 5 g butter, melted, A pinch of salt",
  },
  'volunteer-signup': {
    async run(page) {
      await page.goto('/volunteer');
      const signUp = async (): Promise<void> => {
        await page.getByRole('button', { name: 'Sign up' }).click();
        await page.waitForLoadState();
      };
      const focused = async (): Promise<string> => (await page.locator(':focus').getAttribute('id')) ?? '';
      const summary = async (): Promise<string> =>
        (await page.getByRole('alert').getByRole('listitem').allInnerTexts()).join(', ');
      await signUp();
      const seen = [`${await page.title()} | focus ${await focused()} | ${await summary()}`];
      for (const link of await page.getByRole('alert').getByRole('link').all()) {
        const text = await link.innerText();
        await link.click();
        seen.push(`${text} -> ${await focused()}`);
      }
      await page.getByLabel('Full name').fill('Sam Jones');
      await page.getByLabel('Email address').fill('sam@example');
      await page.getByLabel('Phone number (optional)').fill('07700 900 982');
      await page.getByLabel('Saturday 12 July').check();
      await signUp();
      seen.push(await summary());
      await page.getByRole('link', { name: /correct format/ }).click();
      seen.push(`-> ${await focused()}`);
      await page.getByLabel('Email address').fill('sam@example.com');
      await signUp();
      seen.push(await page.getByRole('status').innerText());
      return seen.join(' | ');
    },
    normal:
      "Error: Volunteer at the Sennen beach clean – Demo Shop | focus error-summary | Enter your full name, Enter your email address, Choose at least one day | Enter your full name -> full-name | Enter your email address -> email | Choose at least one day -> day-sat | Enter an email address in the correct format, like name@example.com | -> email | Thanks, Sam. We'll be in touch at sam@example.com about Saturday 12 July.",
    broken:
      "Error: Volunteer at the Sennen beach clean – Demo Shop | focus error-summary | Enter your full name, Enter your email address, Choose at least one day | Enter your full name -> full-name | Enter your email address -> full-name | Choose at least one day -> day-sat | Enter an email address in the correct format, like name@example.com | -> full-name | Thanks, Sam. We'll be in touch at sam@example.com about Saturday 12 July.",
  },
  'walk-tickets': {
    async run(page) {
      await page.goto('/tickets');
      const person = (n: number) => page.getByRole('group', { name: `Person ${n}`, exact: true });
      const add = page.getByRole('button', { name: 'Add another person' });
      const who = async (): Promise<string> => {
        const people: string[] = [];
        for (const group of await page.getByRole('group').all()) {
          const ticket = (await group.getByLabel('Ticket').locator('option:checked').innerText()).trim();
          people.push(`${await group.getByLabel('Name').inputValue()} (${ticket})`);
        }
        return `${people.join(', ')}: ${await page.getByRole('status').innerText()}`;
      };
      const seen = [`${await who()} removes ${await page.getByRole('button', { name: /^Remove/ }).count()}`];
      await person(1).getByLabel('Name').fill('Ann Lee');
      await add.click();
      seen.push(`focus ${await page.locator(':focus').getAttribute('id')}`);
      await person(2).getByLabel('Name').fill('Ben Lee');
      await person(2).getByLabel('Ticket').selectOption({ label: 'Child (5 to 15), £6' });
      await add.click();
      await person(3).getByLabel('Name').fill('Cat Ray');
      seen.push(await who());
      await page.getByRole('button', { name: 'Remove person 2' }).click();
      seen.push(await who());
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL('**/tickets');
      seen.push(
        `${await h1(page)}: ${(await page.getByRole('list', { name: 'Tickets' }).getByRole('listitem').allInnerTexts()).join('; ')} | ${await page.locator('#tickets-summary').innerText()}`,
      );
      await page.goto('/tickets');
      await add.click();
      await person(1).getByLabel('Name').fill('Dee Ash');
      await page.getByRole('button', { name: 'Continue' }).click();
      seen.push(`'${await page.getByRole('alert').innerText()}'`);
      return seen.join(' | ');
    },
    normal:
      " (Adult, £12): 1 person, total £12 removes 0 | focus person-2-name | Ann Lee (Adult, £12), Ben Lee (Child (5 to 15), £6), Cat Ray (Adult, £12): 3 people, total £30 | Ann Lee (Adult, £12), Cat Ray (Adult, £12): 2 people, total £24 | Check your tickets: Ann Lee, Adult, £12; Cat Ray, Adult, £12 | 2 people, total £24 | 'Enter a name for person 2.'",
    broken:
      " (Adult, £12): 1 person, total £12 removes 0 | focus person-2-name | Ann Lee (Adult, £12), Ben Lee (Child (5 to 15), £6), Cat Ray (Adult, £12): 3 people, total £30 | Ann Lee (Adult, £12), Ben Lee (Child (5 to 15), £6): 2 people, total £18 | Check your tickets: Ann Lee, Adult, £12; Ben Lee, Child (5 to 15), £6 | 2 people, total £18 | 'Enter a name for person 2.'",
  },
};

describe('demo features in Chromium', { concurrency: 2 }, () => {
  let browser: Browser | undefined;
  let normal: DemoApp | undefined;
  let broken: DemoApp | undefined;
  // One context per variant keeps the browser cheap on a shared 2-core machine; the scenarios touch
  // different features, so the state they share (cookies, localStorage) cannot change an outcome.
  let normalContext: BrowserContext | undefined;
  let brokenContext: BrowserContext | undefined;

  before(async () => {
    [browser, normal, broken] = await Promise.all([
      launchChromium(),
      startDemoApp(),
      startDemoApp({ broken: BREAKABLE_IDS }),
    ]);
    [normalContext, brokenContext] = await Promise.all(
      [normal, broken].map(async (app) => {
        const context = await browser!.newContext({ baseURL: app.url });
        context.setDefaultTimeout(5000);
        return context;
      }),
    );
  });

  after(async () => {
    await browser?.close();
    await Promise.allSettled([normal?.stop(), broken?.stop()]);
  });

  async function outcome(context: BrowserContext, scenario: Scenario): Promise<string> {
    const page = await context.newPage();
    try {
      return await scenario.run(page);
    } finally {
      await page.close();
    }
  }

  for (const id of BREAKABLE_IDS) {
    test(`${id}: works normally and its outcome differs when broken`, async () => {
      const scenario = scenarios[id];
      const [ok, bad] = await Promise.all([
        outcome(normalContext!, scenario),
        outcome(brokenContext!, scenario),
      ]);
      assert.equal(ok, scenario.normal);
      assert.equal(bad, scenario.broken);
      assert.notEqual(ok, bad);
    });
  }
});
