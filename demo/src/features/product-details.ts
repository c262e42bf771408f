// Product list and detail pages. Broken, each product's link points at the next product, so the
// detail page shows a different name, price and description than the one clicked.
import { PRODUCTS, findProduct, formatPrice } from '../data/products';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { HttpError } from '../server/http';
import { renderPage } from '../server/layout';
import { CART_STATUS, addToCartForm } from './cart';

export function productDetails(app: AppContext): FeatureModule {
  return {
    routes: [
      {
        method: 'GET',
        path: '/products',
        handle: (ctx) => {
          const broken = app.isBroken('product-details');
          const items = PRODUCTS.map((p, i) => {
            const target = broken ? (PRODUCTS[(i + 1) % PRODUCTS.length] ?? p) : p;
            return html`<li>
              <h2><a href="/products/${target.slug}">${p.name}</a></h2>
              <p class="price">${formatPrice(p.priceCents)}</p>
              ${addToCartForm(p, true)}
            </li>`;
          });
          renderPage(app, ctx, {
            title: 'Products',
            scripts: ['cart'],
            body: html`<h1>Products</h1>
              ${CART_STATUS}
              <ul class="product-grid" aria-label="Products">
                ${items}
              </ul>`,
          });
        },
      },
      {
        method: 'GET',
        path: /^\/products\/([a-z0-9-]+)$/,
        handle: (ctx) => {
          const product = findProduct(ctx.params[0] ?? '');
          if (product === undefined) throw new HttpError(404, 'We could not find that product.');
          renderPage(app, ctx, {
            title: product.name,
            scripts: ['cart'],
            body: html`<p><a href="/products">Back to products</a></p>
              <article aria-labelledby="product-name">
                <h1 id="product-name">${product.name}</h1>
                <p class="price">${formatPrice(product.priceCents)}</p>
                <p>${product.description}</p>
                <p>Category: ${product.category}</p>
                ${addToCartForm(product, false)}
              </article>
              ${CART_STATUS}`,
          });
        },
      },
    ],
  };
}
