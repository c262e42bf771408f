// The page shell shared by every app page: landmarks (banner, main navigation, main, contentinfo),
// a skip link, the cart badge and the theme bootstrap. Feature modules supply only <main>'s content.
import { html, type SafeHtml } from './html';
import { sendHtml } from './http';
import type { AppContext } from './app-context';
import type { RequestContext } from './router';
import { mainMenu } from '../features/menu-navigation';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  /** Names of scripts served under /assets/, loaded with defer. */
  readonly scripts?: readonly string[];
  readonly status?: number;
}

export function renderPage(app: AppContext, ctx: RequestContext, options: PageOptions): void {
  const count = app.cartCount(ctx.visitorId);
  const path = ctx.url.pathname;
  const menu = mainMenu(app.isBroken('menu-navigation')).map(
    (item) =>
      html`<li>
        <a href="${item.href}" ${item.label === labelForPath(path) ? html` aria-current="page"` : ''}
          >${item.label}</a
        >
      </li>`,
  );
  const scripts = (options.scripts ?? []).map(
    (name) => html`<script src="/assets/${name}.js" defer></script>`,
  );
  sendHtml(
    ctx.res,
    options.status ?? 200,
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} – Demo Shop</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <script src="/assets/theme.js"></script>
        ${scripts}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="/">Demo Shop</a>
          <nav class="main" aria-label="Main">
            <ul>
              ${menu}
            </ul>
          </nav>
          <a class="cart-link" href="/cart"
            >Cart <span class="badge" data-testid="cart-count">${count}</span
            ><span class="visually-hidden"> items</span></a
          >
        </header>
        <main id="main">${options.body}</main>
        <footer class="site">
          <p>Demo Shop is the SuperAgent demo app. Everything here is in memory.</p>
        </footer>
      </body>
    </html>`,
  );
}

/** The menu item that marks the current page: matched by where the page really is, not by href. */
function labelForPath(path: string): string | undefined {
  return mainMenu(false).find((item) => item.href === path)?.label;
}
