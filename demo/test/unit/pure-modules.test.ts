// Pure pieces of the demo: the catalogue, HTML escaping, product queries, card checks, chat frames.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CATEGORIES, PRODUCTS, filterByCategory, searchProducts, showingText } from '../../src/data/products';
import { FEATURE_IDS, demoFeatures, toFeatureSet } from '../../src/features';
import { cardProblem, luhnValid } from '../../src/features/card-checks';
import { validateContact } from '../../src/features/contact-form';
import { registrationProblem } from '../../src/features/email-verification';
import { formatSize } from '../../src/features/file-upload';
import { mainMenu } from '../../src/features/menu-navigation';
import { searchSummary } from '../../src/features/product-search';
import { parseClientFrame } from '../../src/features/websocket-chat';
import { escapeHtml, html, raw } from '../../src/server/html';

describe('feature catalogue', () => {
  test('has 9 simple and 5 complex features with unique ids, descriptions and start paths', () => {
    assert.deepEqual(
      demoFeatures.map((f) => f.id),
      [...FEATURE_IDS],
    );
    assert.equal(demoFeatures.filter((f) => f.kind === 'simple').length, 9);
    assert.equal(demoFeatures.filter((f) => f.kind === 'complex').length, 5);
    for (const f of demoFeatures) {
      assert.match(f.startPath, /^\//, f.id);
      assert.ok(f.description.length > 30 && f.description.length < 400, f.id);
      assert.ok(f.title.length > 0 && f.breaks.length > 0, f.id);
    }
  });

  test('toFeatureSet names every unknown id', () => {
    assert.deepEqual([...toFeatureSet(['login', 'cart', 'login'])], ['login', 'cart']);
    assert.throws(
      () => toFeatureSet(['login', 'nope', 'also-nope']),
      /unknown feature id\(s\): nope, also-nope; valid ids: login/,
    );
  });
});

describe('html template', () => {
  test('escapes interpolated text but not nested templates or raw markup', () => {
    const name = '<img src=x onerror="alert(1)">&\'';
    assert.equal(escapeHtml(name), '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
    // Aliased so prettier's embedded-HTML formatting leaves these exact strings alone.
    const tag = html;
    assert.equal(tag`<p>${name}</p>`.value, `<p>${escapeHtml(name)}</p>`);
    const items = ['a', 'b'].map((x) => tag`<li>${x}</li>`);
    assert.equal(tag`<ul>${items}</ul>`.value, '<ul><li>a</li><li>b</li></ul>');
    assert.equal(tag`${raw('<br>')}${false}${null}${undefined}${0}`.value, '<br>0');
  });
});

describe('products', () => {
  test('search matches name or category, case-insensitively; the broken variant inverts it', () => {
    assert.deepEqual(
      searchProducts('LAMP', false).map((p) => p.name),
      ['Aurora Desk Lamp', 'Halo Floor Lamp'],
    );
    assert.equal(searchProducts('zzz', false).length, 0);
    assert.equal(searchProducts('  ', false).length, PRODUCTS.length);
    assert.equal(searchProducts('lamp', true).length, PRODUCTS.length - 2);
    assert.equal(searchProducts('zzz', true).length, PRODUCTS.length);
    assert.equal(searchSummary('lamp', 2), '2 results for “lamp”');
    assert.equal(searchSummary('zzz', 0), 'No results for “zzz”');
    assert.equal(searchSummary('', 10), 'Showing all 10 products');
  });

  test('every category has a different size, so an off-by-one filter always changes the count', () => {
    const sizes = CATEGORIES.map((c) => filterByCategory(c, false).length);
    assert.equal(new Set(sizes).size, CATEGORIES.length);
    for (const c of CATEGORIES) {
      assert.notEqual(filterByCategory(c, true).length, filterByCategory(c, false).length, c);
      assert.ok(filterByCategory(c, false).every((p) => p.category === c));
    }
    assert.equal(filterByCategory(undefined, true).length, PRODUCTS.length);
    assert.equal(showingText(1), 'Showing 1 product');
    assert.equal(showingText(3), 'Showing 3 products');
  });

  test('the broken menu sends each information page link to the next page', () => {
    const href = (broken: boolean, label: string) => mainMenu(broken).find((i) => i.label === label)?.href;
    assert.equal(href(false, 'About'), '/about');
    assert.equal(href(true, 'About'), '/services');
    assert.equal(href(true, 'Pricing'), '/about');
    assert.equal(href(true, 'Home'), '/');
  });
});

describe('form checks', () => {
  const now = new Date(2026, 0, 15);
  test('cards: Luhn, expiry through the end of its month, CVC', () => {
    assert.ok(luhnValid('4242424242424242'));
    assert.ok(!luhnValid('4242424242424241'));
    const ok = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };
    assert.equal(cardProblem(ok, now), undefined);
    assert.equal(cardProblem({ ...ok, cardNumber: '4242 4242 4242 4241' }, now), 'Card number is invalid.');
    assert.equal(cardProblem({ ...ok, expiry: '01/26' }, now), undefined);
    assert.equal(cardProblem({ ...ok, expiry: '12/25' }, now), 'Expiry date is invalid or in the past.');
    assert.equal(cardProblem({ ...ok, expiry: '13/30' }, now), 'Expiry date is invalid or in the past.');
    assert.equal(cardProblem({ ...ok, cvc: '12' }, now), 'Security code is invalid.');
  });

  test('contact and registration validation; the broken contact form rejects every address', () => {
    const contact = { name: 'Ada', email: 'ada@example.com', message: 'Hi' };
    assert.equal(validateContact(contact, false), undefined);
    assert.equal(validateContact(contact, true), 'Please enter a valid email address.');
    assert.equal(validateContact({ ...contact, name: '' }, false), 'Please enter your name.');
    assert.equal(validateContact({ ...contact, message: '' }, false), 'Please enter a message.');
    const reg = { name: 'Ada', email: 'ada@example.com', password: 'long-enough' };
    assert.equal(registrationProblem(reg), undefined);
    assert.match(registrationProblem({ ...reg, password: 'short' }) ?? '', /at least 8/);
    assert.match(registrationProblem({ ...reg, email: 'nope' }) ?? '', /valid email/);
  });

  test('file sizes and chat frames', () => {
    assert.equal(formatSize(1), '1 byte');
    assert.equal(formatSize(512), '512 bytes');
    assert.equal(formatSize(1500), '1.5 KB (1,500 bytes)');
    assert.equal(formatSize(3 * 1024 * 1024), '3.0 MB (3,145,728 bytes)');
    assert.deepEqual(parseClientFrame('{"type":"join","name":"  Ada "}'), { type: 'join', name: 'Ada' });
    assert.deepEqual(parseClientFrame('{"type":"message","text":"hi"}'), { type: 'message', text: 'hi' });
    assert.equal(parseClientFrame('{"type":"message","text":"   "}'), undefined);
    assert.equal(parseClientFrame(`{"type":"join","name":"${'x'.repeat(41)}"}`), undefined);
    assert.equal(parseClientFrame('not json'), undefined);
    assert.equal(parseClientFrame('null'), undefined);
  });
});
