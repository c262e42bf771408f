// One renderer for result lists, used both for the server-rendered page and for the fragments the
// search and filter scripts fetch, so the two paths cannot drift apart.
import { formatPrice, type Product } from '../data/products';
import { html, type SafeHtml } from '../server/html';

export function productListItems(products: readonly Product[]): SafeHtml {
  return html`${products.map(
    (p) =>
      html`<li>
        <a href="/products/${p.slug}">${p.name}</a> ·
        <span class="price">${formatPrice(p.priceCents)}</span> · <span class="hint">${p.category}</span>
      </li>`,
  )}`;
}
