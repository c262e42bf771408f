// Shopping cart: per-visitor line items, an "Add to cart" button that updates the header badge
// without a reload, and a cart page with Remove buttons. Broken, adding is acknowledged but
// nothing is stored, so the count never changes and the cart stays empty.
import { findProduct, formatPrice, type Product } from '../data/products';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html, type SafeHtml } from '../server/html';
import { HttpError, field, readForm, redirect, sendJson, wantsJson } from '../server/http';
import { renderPage } from '../server/layout';
import { VisitorScoped } from '../server/visitors';

const MAX_QUANTITY = 99;

export class CartStore {
  private readonly carts = new VisitorScoped<Map<string, number>>(() => new Map());

  count(visitorId: string): number {
    let total = 0;
    for (const qty of this.carts.peek(visitorId)?.values() ?? []) total += qty;
    return total;
  }

  add(visitorId: string, slug: string): void {
    const cart = this.carts.get(visitorId);
    cart.set(slug, Math.min(MAX_QUANTITY, (cart.get(slug) ?? 0) + 1));
  }

  remove(visitorId: string, slug: string): void {
    this.carts.get(visitorId).delete(slug);
  }

  lines(visitorId: string): readonly { product: Product; quantity: number }[] {
    const lines: { product: Product; quantity: number }[] = [];
    for (const [slug, quantity] of this.carts.peek(visitorId) ?? []) {
      const product = findProduct(slug);
      if (product !== undefined) lines.push({ product, quantity });
    }
    return lines;
  }
}

/** The add button used on the product list and detail pages; cart.js upgrades it to fetch. */
export function addToCartForm(product: Product, nameInLabel: boolean): SafeHtml {
  return html`<form method="post" action="/cart/add" data-add-to-cart>
    <input type="hidden" name="slug" value="${product.slug}" />
    <button type="submit" ${nameInLabel ? html` aria-label="Add to cart: ${product.name}"` : ''}>
      Add to cart
    </button>
  </form>`;
}

/** Live region announcing additions; pages with add buttons include it once. */
export const CART_STATUS = html`<p id="cart-status" role="status" aria-live="polite"></p>`;

const CART_JS = `(function () {
  var status = document.getElementById('cart-status');
  var badge = document.querySelector('[data-testid="cart-count"]');
  document.querySelectorAll('form[data-add-to-cart]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button');
      button.disabled = true;
      fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      }).then(function (data) {
        badge.textContent = String(data.count);
        status.textContent = 'Added ' + data.added + ' to cart.';
      }).catch(function () {
        status.textContent = 'Could not add to cart. Please try again.';
      }).finally(function () {
        button.disabled = false;
      });
    });
  });
})();
`;

export function cart(app: AppContext, store: CartStore): FeatureModule {
  return {
    scripts: { cart: CART_JS },
    routes: [
      {
        method: 'POST',
        path: '/cart/add',
        handle: async (ctx) => {
          const product = findProduct(field(await readForm(ctx.req), 'slug', 100));
          if (product === undefined) throw new HttpError(400, 'Unknown product.');
          if (!app.isBroken('cart')) store.add(ctx.visitorId, product.slug);
          if (wantsJson(ctx.req))
            sendJson(ctx.res, 200, { count: store.count(ctx.visitorId), added: product.name });
          else redirect(ctx.res, '/cart');
        },
      },
      {
        method: 'POST',
        path: '/cart/remove',
        handle: async (ctx) => {
          store.remove(ctx.visitorId, field(await readForm(ctx.req), 'slug', 100));
          redirect(ctx.res, '/cart');
        },
      },
      {
        method: 'GET',
        path: '/cart',
        handle: (ctx) => {
          const lines = store.lines(ctx.visitorId);
          const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
          const body =
            lines.length === 0
              ? html`<h1>Your cart</h1>
                  <p>Your cart is empty.</p>
                  <p><a href="/products">Browse products</a></p>`
              : html`<h1>Your cart</h1>
                  <table>
                    <caption class="visually-hidden">
                      Items in your cart
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Product</th>
                        <th scope="col">Quantity</th>
                        <th scope="col">Price</th>
                        <th scope="col"><span class="visually-hidden">Actions</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      ${lines.map(
                        (l) =>
                          html`<tr>
                            <td>${l.product.name}</td>
                            <td>${l.quantity}</td>
                            <td>${formatPrice(l.product.priceCents * l.quantity)}</td>
                            <td>
                              <form method="post" action="/cart/remove">
                                <input type="hidden" name="slug" value="${l.product.slug}" /><button
                                  type="submit"
                                  class="secondary"
                                  aria-label="Remove ${l.product.name}"
                                >
                                  Remove
                                </button>
                              </form>
                            </td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <p>Total: <strong>${formatPrice(total)}</strong></p>`;
          renderPage(app, ctx, { title: 'Your cart', body });
        },
      },
    ],
  };
}
