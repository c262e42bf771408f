// The feature catalogue: what the demo driver and the benchmarks submit to SuperAgent. Each
// description is what a user would ask a test to check, with the data the test needs; `breaks`
// says what the broken variant does so a report can explain why a test caught (or missed) it.

export const FEATURE_IDS = [
  'login',
  'contact-form',
  'product-details',
  'cart',
  'menu-navigation',
  'modal-dialog',
  'dark-mode',
  'product-search',
  'result-filtering',
  'oauth-login',
  'card-payment-3ds',
  'email-verification',
  'file-upload',
  'websocket-chat',
] as const;

export type FeatureId = (typeof FEATURE_IDS)[number];

export type FeatureKind = 'simple' | 'complex';

export interface DemoFeature {
  readonly id: FeatureId;
  readonly title: string;
  readonly kind: FeatureKind;
  readonly description: string;
  /** Path (with leading slash) a test starts from, relative to the app's base URL. */
  readonly startPath: string;
  /** What the broken variant does, in one sentence. */
  readonly breaks: string;
}

export const demoFeatures: readonly DemoFeature[] = Object.freeze([
  {
    id: 'login',
    title: 'Login',
    kind: 'simple',
    description:
      'Log in with email demo@example.com and password demo-pass and see the welcome message "Welcome, Demo User".',
    startPath: '/login',
    breaks:
      'Valid credentials are rejected with "Invalid email or password."; the welcome page never appears.',
  },
  {
    id: 'contact-form',
    title: 'Contact form',
    kind: 'simple',
    description:
      'Fill in the contact form with a name, an email address and a message, send it, and see the thank-you message "Thanks, <name>! We\'ll be in touch."',
    startPath: '/contact',
    breaks: 'Every submission is rejected with "Please enter a valid email address."; no thank-you message.',
  },
  {
    id: 'product-details',
    title: 'Product details',
    kind: 'simple',
    description:
      'Open the "Aurora Desk Lamp" from the product list and see its detail page with the product name, the price $49.00 and its description.',
    startPath: '/products',
    breaks: "Product links are off by one: clicking a product opens the next product's page.",
  },
  {
    id: 'cart',
    title: 'Shopping cart',
    kind: 'simple',
    description:
      'Add the "Aurora Desk Lamp" to the cart from the product list, see the cart count go to 1, open the cart to see the lamp listed, then remove it and see that the cart is empty.',
    startPath: '/products',
    breaks:
      'Add to cart is acknowledged but nothing is stored: the count stays 0 and the cart page stays empty.',
  },
  {
    id: 'menu-navigation',
    title: 'Menu navigation',
    kind: 'simple',
    description:
      'Use the main menu to go to the About page and see the "About us" heading and the /about URL, then go to the Services page.',
    startPath: '/',
    breaks: 'The About, Services and Pricing menu links each point to the next page (About opens Services).',
  },
  {
    id: 'modal-dialog',
    title: 'Modal dialog',
    kind: 'simple',
    description:
      'Click "Subscribe to the newsletter" to open the newsletter dialog, see the dialog, then close it with the Close button.',
    startPath: '/newsletter',
    breaks: 'The button does nothing: the dialog never opens.',
  },
  {
    id: 'dark-mode',
    title: 'Dark-mode toggle',
    kind: 'simple',
    description:
      'Turn on the "Dark mode" switch in the settings, see it checked and the text "Dark theme is on", and the choice is kept after reloading the page.',
    startPath: '/settings',
    breaks: 'The switch cannot be turned on: it stays unchecked and the theme stays light.',
  },
  {
    id: 'product-search',
    title: 'Product search',
    kind: 'simple',
    description:
      'Search the products for "lamp" and see only the two lamps in the results; search for "zzz" and see "No results".',
    startPath: '/search',
    breaks:
      'The search predicate is inverted: it lists the products that do not match, and never says "No results".',
  },
  {
    id: 'result-filtering',
    title: 'Result filtering',
    kind: 'simple',
    description:
      'Filter the catalogue by the "Lighting" category and see only lighting products and the text "Showing 3 products".',
    startPath: '/catalog',
    breaks:
      'The filter applies the next category in the list (Lighting shows Furniture, "Showing 2 products").',
  },
  {
    id: 'oauth-login',
    title: 'OAuth login with DemoID',
    kind: 'complex',
    description:
      'Click "Sign in with DemoID", sign in on the DemoID page with demo@example.com and password demo-pass, allow access on the consent page, and see "Signed in as Demo User" back in the shop.',
    startPath: '/signin',
    breaks:
      'The server-side code exchange uses a wrong client secret: the shop shows "Sign-in failed: invalid_client".',
  },
  {
    id: 'card-payment-3ds',
    title: 'Card payment with 3-D Secure',
    kind: 'complex',
    description:
      'Pay with the test card 4242 4242 4242 4242, expiry 12/34 and CVC 123, enter the one-time code 123456 in the 3-D Secure challenge, and see "Payment successful".',
    startPath: '/checkout',
    breaks: 'The challenge accepts the code but the payment is then declined: "Payment failed".',
  },
  {
    id: 'email-verification',
    title: 'Registration with email verification',
    kind: 'complex',
    description:
      'Register a new account with a name, an email address and a password of at least 8 characters, open the verification email in the mailbox, follow its "Verify email address" link and see "Email verified".',
    startPath: '/register',
    breaks: 'The verification endpoint rejects every token: the link shows "Verification failed".',
  },
  {
    id: 'file-upload',
    title: 'Multi-file upload with progress',
    kind: 'complex',
    description:
      'Choose two files at once, upload them, see each one\'s progress reach 100%, and see both listed under "Uploaded files" with their sizes.',
    startPath: '/upload',
    breaks: 'Only the first selected file is uploaded; the others stay at 0% and are never listed.',
  },
  {
    id: 'websocket-chat',
    title: 'WebSocket chat with history',
    kind: 'complex',
    description:
      'Join the chat with a name, send a message, see it in the chat log, and still see it in the log after reloading the page.',
    startPath: '/chat',
    breaks: 'The server keeps no history: messages show live but the log is empty after a reload.',
  },
] satisfies DemoFeature[]);

export function isFeatureId(value: string): value is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(value);
}

/**
 * Pages the app also serves, each with a broken variant, that are in no catalogue the demo runs and
 * that no rule of the local tier was written for: the held-out pages of scribe's phrasing table
 * (`a-…` rows), which measure how the local tier does on an app it has not seen.
 * /tasks: a to-do list; /profile: profile settings; /order: an order with a quantity stepper (the
 * `a-…` rows); /subscribe: a mailing-list sign-up with a checked email address; /faq: an FAQ
 * accordion; /poll: a poll that shows vote counts (the `b-…` rows); /trails: a table with sortable
 * columns; /delivery: a three-step delivery form with a summary; /booking: a cabin booking that
 * quotes a price for dates and guests (the `c-…` rows); /plans: plans and prices under Monthly and
 * Yearly tabs; /convert: a currency converter that updates as you type; /invoices: a billing history
 * paginated ten to a page (the `d-…` rows); /new-password: a new password whose rules are ticked off
 * as you type; /reviews: a product's reviews and a form with a star rating and a character counter;
 * /journal: a blog with a cookie banner that remembers the choice (the `e-…` rows); /community/first-tent:
 * a question's comment thread where you post and delete (after a confirmation) your own comments; /seats:
 * a cinema seat map with a running count and total; /stores: a store finder whose town box suggests
 * towns as you type (the `f-…` rows); /quiz: a three-question quiz of radio buttons that gives a score;
 * /tags: a trip report's tag input (Enter adds a chip, each chip has its own remove button, duplicates
 * refused); /inbox: an inbox whose Archive shows a toast with Undo (the `j-…` rows); /tip: a bill split
 * with a tip slider and a share per person; /projects: projects deleted after typing the project's name
 * to confirm; /rentals: a rental history filtered by a From and a To date (the `l-…` rows); /playlists:
 * playlists renamed in place (Rename turns the name into a text box with Save and Cancel);
 * /membership/cancel: a cancellation form whose "Other" reason reveals a required "Tell us more" box;
 * /gallery: a photo gallery shown six at a time with "Load more" (the `o-…` rows); /notifications:
 * notification settings whose master switch disables the per-channel checkboxes; /walk-plan: a walk's
 * stops put in order with Move up and Move down buttons; /bike-service: a workshop booking with a list
 * of time slots, the taken ones disabled (the `i-…` rows); /board: an open day's jobs moved between To
 * do, Doing and Done with a "Move to" select on each card; /events: a list of events filtered by several
 * types at once, the filters in use shown as removable chips; /group/edit: a group's details whose
 * Cancel asks "Discard your changes?" when something was changed (the `v-…` rows); /recipe: a recipe
 * whose quantities follow a "Servings" number with Fewer and More buttons; /volunteer: a sign-up form
 * checked on the server whose problems are listed in an error summary with a link to each field;
 * /tickets: a group booking with one fieldset per person, added and removed in the page, and a running
 * total (the `w-…` rows).
 */
export const HELD_OUT_PAGE_IDS = [
  'task-list',
  'profile-settings',
  'order-summary',
  'mailing-list',
  'faq-accordion',
  'feature-poll',
  'trail-table',
  'delivery-wizard',
  'cabin-booking',
  'pricing-tabs',
  'currency-converter',
  'invoice-list',
  'password-rules',
  'product-review',
  'cookie-consent',
  'comment-thread',
  'seat-picker',
  'store-finder',
  'safety-quiz',
  'trip-tags',
  'inbox-archive',
  'tip-calculator',
  'project-deletion',
  'rental-history',
  'playlist-rename',
  'membership-cancel',
  'photo-gallery',
  'notification-settings',
  'walk-stops',
  'bike-service',
  'open-day-board',
  'event-filters',
  'group-details',
  'recipe-scaler',
  'volunteer-signup',
  'walk-tickets',
] as const;

export type HeldOutPageId = (typeof HELD_OUT_PAGE_IDS)[number];

/** What the app can start broken: the catalogue's features and the held-out pages. */
export type BreakableId = FeatureId | HeldOutPageId;

export const BREAKABLE_IDS: readonly BreakableId[] = [...FEATURE_IDS, ...HELD_OUT_PAGE_IDS];

function isBreakableId(value: string): value is BreakableId {
  return (BREAKABLE_IDS as readonly string[]).includes(value);
}

/** Validates a list of feature (or held-out page) ids; throws naming every unknown id and the valid ones. */
export function toFeatureSet(ids: Iterable<string>): ReadonlySet<BreakableId> {
  const set = new Set<BreakableId>();
  const unknown: string[] = [];
  for (const id of ids) {
    if (isBreakableId(id)) set.add(id);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown feature id(s): ${unknown.join(', ')}; valid ids: ${BREAKABLE_IDS.join(', ')}`,
    );
  }
  return set;
}
