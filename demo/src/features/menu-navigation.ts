// Menu navigation: the main menu and the information pages it leads to. Broken, the About,
// Services and Pricing links are rotated so each opens the next page (heading and URL differ).
import { demoFeatures } from '../features';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { renderPage } from '../server/layout';
import type { Route } from '../server/router';

export interface MenuItem {
  readonly label: string;
  readonly href: string;
}

const INFO_PAGES: readonly MenuItem[] = [
  { label: 'About', href: '/about' },
  { label: 'Services', href: '/services' },
  { label: 'Pricing', href: '/pricing' },
];

export function mainMenu(broken: boolean): readonly MenuItem[] {
  const info = INFO_PAGES.map((item, i) => ({
    label: item.label,
    href: broken ? (INFO_PAGES[(i + 1) % INFO_PAGES.length]?.href ?? item.href) : item.href,
  }));
  return [{ label: 'Home', href: '/' }, { label: 'Products', href: '/products' }, ...info];
}

export function menuNavigation(app: AppContext): FeatureModule {
  const infoPage = (path: string, title: string, heading: string, paragraphs: readonly string[]): Route => ({
    method: 'GET',
    path,
    handle: (ctx) =>
      renderPage(app, ctx, {
        title,
        body: html`<h1>${heading}</h1>
          ${paragraphs.map((p) => html`<p>${p}</p>`)}`,
      }),
  });
  const home: Route = {
    method: 'GET',
    path: '/',
    handle: (ctx) =>
      renderPage(app, ctx, {
        title: 'Home',
        body: html`<h1>Welcome to Demo Shop</h1>
          <p>A small shop for trying SuperAgent. Pick something to try:</p>
          <ul>
            ${demoFeatures.map((f) => html`<li><a href="${f.startPath}">${f.title}</a></li>`)}
          </ul>`,
      }),
  };
  return {
    routes: [
      home,
      infoPage('/about', 'About', 'About us', [
        'Demo Shop was founded in 2024 to sell well-made things for home and office.',
        'We are a team of six based in Lisbon.',
      ]),
      infoPage('/services', 'Services', 'Our services', [
        'Free delivery on orders over $100, gift wrapping and a 30-day return window.',
      ]),
      infoPage('/pricing', 'Pricing', 'Pricing', ['Prices include taxes. Members save 10% on every order.']),
    ],
  };
}
