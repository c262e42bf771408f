// Starts the demo app (one HTTP server for the shop, with its WebSocket endpoint) and the DemoID
// provider (a second HTTP server on another port, the OAuth feature's other origin) in one call.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoFeatures, toFeatureSet, type BreakableId, type DemoFeature } from './features';
import { CartStore, cart } from './features/cart';
import { cardPayment3ds } from './features/card-payment-3ds';
import { contactForm } from './features/contact-form';
import { darkMode } from './features/dark-mode';
import { emailVerification } from './features/email-verification';
import { fileUpload } from './features/file-upload';
import { bikeService } from './features/held-out/bike-service';
import { cabinBooking } from './features/held-out/cabin-booking';
import { commentThread } from './features/held-out/comment-thread';
import { cookieConsent } from './features/held-out/cookie-consent';
import { currencyConverter } from './features/held-out/currency-converter';
import { deliveryWizard } from './features/held-out/delivery-wizard';
import { eventFilters } from './features/held-out/event-filters';
import { faqAccordion } from './features/held-out/faq-accordion';
import { featurePoll } from './features/held-out/feature-poll';
import { groupDetails } from './features/held-out/group-details';
import { inboxArchive } from './features/held-out/inbox-archive';
import { invoiceList } from './features/held-out/invoice-list';
import { mailingList } from './features/held-out/mailing-list';
import { membershipCancel } from './features/held-out/membership-cancel';
import { notificationSettings } from './features/held-out/notification-settings';
import { openDayBoard } from './features/held-out/open-day-board';
import { orderSummary } from './features/held-out/order-summary';
import { passwordRules } from './features/held-out/password-rules';
import { photoGallery } from './features/held-out/photo-gallery';
import { playlistRename } from './features/held-out/playlist-rename';
import { pricingTabs } from './features/held-out/pricing-tabs';
import { productReview } from './features/held-out/product-review';
import { profileSettings } from './features/held-out/profile-settings';
import { projectDeletion } from './features/held-out/project-deletion';
import { recipeScaler } from './features/held-out/recipe-scaler';
import { rentalHistory } from './features/held-out/rental-history';
import { safetyQuiz } from './features/held-out/safety-quiz';
import { seatPicker } from './features/held-out/seat-picker';
import { storeFinder } from './features/held-out/store-finder';
import { taskList } from './features/held-out/task-list';
import { tipCalculator } from './features/held-out/tip-calculator';
import { trailTable } from './features/held-out/trail-table';
import { tripTags } from './features/held-out/trip-tags';
import { volunteerSignup } from './features/held-out/volunteer-signup';
import { walkStops } from './features/held-out/walk-stops';
import { walkTickets } from './features/held-out/walk-tickets';
import { login } from './features/login';
import { menuNavigation } from './features/menu-navigation';
import { modalDialog } from './features/modal-dialog';
import { oauthLogin } from './features/oauth-login';
import { productDetails } from './features/product-details';
import { productSearch } from './features/product-search';
import { resultFiltering } from './features/result-filtering';
import { websocketChat } from './features/websocket-chat';
import { createDemoIdHandler } from './provider/demoid-server';
import type { AppContext } from './server/app-context';
import type { FeatureModule } from './server/feature-module';
import { html } from './server/html';
import { sendText } from './server/http';
import { renderPage } from './server/layout';
import { createRequestHandler, type Route } from './server/router';
import { SITE_CSS, THEME_BOOTSTRAP_JS } from './server/site-assets';
import { visitorCookieName } from './server/visitors';

export interface DemoAppOptions {
  /** Port for the shop; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Port for the DemoID provider; 0 (the default) picks a free one. */
  readonly providerPort?: number;
  readonly host?: string;
  /** Features to start broken. */
  readonly broken?: ReadonlySet<BreakableId> | readonly BreakableId[];
}

export interface DemoFeatureStatus extends DemoFeature {
  readonly broken: boolean;
  /** Absolute URL of the feature's start page on this instance. */
  readonly url: string;
}

export interface DemoApp {
  /** Base URL of the shop, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly providerUrl: string;
  readonly providerPort: number;
  readonly features: readonly DemoFeatureStatus[];
  /** Stops both servers and closes every open connection; safe to call more than once. */
  stop(): Promise<void>;
}

const OAUTH_CLIENT_ID = 'demo-shop';

function checkPort(name: string, value: number | undefined): number {
  const port = value ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be an integer between 0 and 65535, got ${String(value)}`);
  }
  return port;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startDemoApp(options: DemoAppOptions = {}): Promise<DemoApp> {
  const host = options.host ?? '127.0.0.1';
  const port = checkPort('port', options.port);
  const providerPort = checkPort('providerPort', options.providerPort);
  const broken = toFeatureSet(options.broken ?? []);

  // Both servers listen before either gets a handler: each needs the other's origin.
  const appServer = createServer();
  const providerServer = createServer();
  let appPort: number;
  let boundProviderPort: number;
  try {
    appPort = await listen(appServer, host, port);
    boundProviderPort = await listen(providerServer, host, providerPort);
  } catch (err: unknown) {
    await Promise.all([close(appServer), close(providerServer)]);
    throw err;
  }
  const origin = `http://${hostForUrl(host)}:${appPort}`;
  const providerOrigin = `http://${hostForUrl(host)}:${boundProviderPort}`;

  const carts = new CartStore();
  const app: AppContext = {
    origin,
    providerOrigin,
    isBroken: (id) => broken.has(id),
    cartCount: (visitorId) => carts.count(visitorId),
  };
  const oauthClient = {
    clientId: OAUTH_CLIENT_ID,
    clientSecret: randomBytes(18).toString('base64url'),
    redirectUri: `${origin}/oauth/callback`,
  };

  const modules: FeatureModule[] = [
    menuNavigation(app),
    login(app),
    contactForm(app),
    productDetails(app),
    cart(app, carts),
    modalDialog(app),
    darkMode(app),
    productSearch(app),
    resultFiltering(app),
    oauthLogin(app, oauthClient),
    cardPayment3ds(app),
    emailVerification(app),
    fileUpload(app),
    websocketChat(app),
    taskList(app),
    profileSettings(app),
    orderSummary(app),
    mailingList(app),
    faqAccordion(app),
    featurePoll(app),
    trailTable(app),
    deliveryWizard(app),
    cabinBooking(app),
    pricingTabs(app),
    currencyConverter(app),
    invoiceList(app),
    passwordRules(app),
    productReview(app),
    cookieConsent(app),
    commentThread(app),
    seatPicker(app),
    storeFinder(app),
    safetyQuiz(app),
    tripTags(app),
    inboxArchive(app),
    tipCalculator(app),
    projectDeletion(app),
    rentalHistory(app),
    playlistRename(app),
    membershipCancel(app),
    photoGallery(app),
    notificationSettings(app),
    walkStops(app),
    bikeService(app),
    openDayBoard(app),
    eventFilters(app),
    groupDetails(app),
    recipeScaler(app),
    volunteerSignup(app),
    walkTickets(app),
  ];

  const scripts = new Map<string, string>([['theme', THEME_BOOTSTRAP_JS]]);
  for (const m of modules)
    for (const [name, source] of Object.entries(m.scripts ?? {})) scripts.set(name, source);
  const assetRoutes: Route[] = [
    {
      method: 'GET',
      path: '/assets/site.css',
      handle: (ctx) => sendText(ctx.res, 200, 'text/css; charset=utf-8', SITE_CSS),
    },
    {
      method: 'GET',
      path: /^\/assets\/([a-z0-9-]+)\.js$/,
      handle: (ctx) => {
        const source = scripts.get(ctx.params[0] ?? '');
        if (source === undefined) sendText(ctx.res, 404, 'text/plain; charset=utf-8', 'not found');
        else sendText(ctx.res, 200, 'text/javascript; charset=utf-8', source);
      },
    },
    // Browsers ask for it on every first visit; answering avoids a 404 in every explored page's log.
    { method: 'GET', path: '/favicon.ico', handle: (ctx) => sendText(ctx.res, 204, 'image/x-icon', '') },
  ];

  appServer.on(
    'request',
    createRequestHandler({
      routes: [...assetRoutes, ...modules.flatMap((m) => m.routes)],
      cookieName: visitorCookieName(appPort),
      renderError: (ctx, status, message) =>
        renderPage(app, ctx, {
          title: status === 404 ? 'Page not found' : 'Error',
          status,
          body: html`<h1>${status === 404 ? 'Page not found' : 'Something went wrong'}</h1>
            <p role="alert">${message}</p>
            <p><a href="/">Back to the home page</a></p>`,
        }),
    }),
  );
  const endpoints = modules.flatMap((m) => (m.webSocket === undefined ? [] : [m.webSocket]));
  appServer.on('upgrade', (req, socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    const endpoint = endpoints.find((e) => e.path === path);
    if (endpoint === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    endpoint.upgrade(req, socket, head);
  });
  providerServer.on(
    'request',
    createDemoIdHandler({
      port: boundProviderPort,
      clients: [{ ...oauthClient, name: 'Demo Shop' }],
    }),
  );

  let stopping: Promise<void> | undefined;
  return {
    url: origin,
    port: appPort,
    providerUrl: providerOrigin,
    providerPort: boundProviderPort,
    features: demoFeatures.map((f) => ({ ...f, broken: broken.has(f.id), url: `${origin}${f.startPath}` })),
    stop: () => {
      stopping ??= (async () => {
        await Promise.all(modules.flatMap((m) => (m.close === undefined ? [] : [m.close()])));
        await Promise.all([close(appServer), close(providerServer)]);
      })();
      return stopping;
    },
  };
}
