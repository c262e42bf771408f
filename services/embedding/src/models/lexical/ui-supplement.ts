/**
 * The only hand-written synonym data in the lexical model: UI and web-testing vocabulary that
 * WordNet 3.1 lacks (it predates "popup", "dropdown", "checkbox") or only knows in a non-UI sense
 * ("sign in" is checking in at a hotel, a "cart" is a horse-drawn wagon). Each group becomes one
 * shared feature for its phrases; WordNet's own senses of the words are kept alongside it.
 * Keep it short: a group belongs here only with a reason WordNet cannot supply the link.
 */
export interface UiConcept {
  readonly concept: string;
  /** Lower-case phrases, words separated by single spaces, matched after inflection is stripped. */
  readonly phrases: readonly string[];
  readonly why: string;
}

export const UI_SUPPLEMENT: readonly UiConcept[] = [
  {
    concept: 'sign-in',
    phrases: ['log in', 'sign in', 'log on', 'sign on', 'login', 'signin', 'logon'],
    why: 'WordNet files "sign in" under arriving at a hotel, apart from "log in"',
  },
  {
    concept: 'sign-out',
    phrases: ['log out', 'sign out', 'log off', 'sign off', 'logout', 'signout', 'logoff'],
    why: 'WordNet has "log out" but not "sign out" in the computing sense',
  },
  {
    concept: 'sign-up',
    phrases: [
      'sign up',
      'register',
      'create account',
      'create an account',
      'signup',
      'enrol',
      'enroll',
      'subscribe',
      'subscribe to',
    ],
    why: 'joining a site or a mailing list; WordNet splits these across unrelated senses',
  },
  {
    concept: 'cart',
    phrases: ['cart', 'basket', 'shopping cart', 'shopping basket', 'shopping bag', 'bag'],
    why: 'online the cart, basket and bag are one thing; WordNet has a wagon and a woven container',
  },
  {
    concept: 'search',
    phrases: ['search', 'find', 'look up', 'look for', 'lookup'],
    why: 'WordNet links "find" (discover) to "search" only through glosses',
  },
  {
    concept: 'dialog',
    phrases: ['modal', 'dialog', 'dialogue', 'popup', 'pop-up', 'overlay', 'lightbox'],
    why: 'modal dialog and popup window are UI widgets WordNet lacks',
  },
  {
    concept: 'dropdown',
    phrases: ['dropdown', 'drop-down', 'select menu', 'select box', 'combobox', 'combo box', 'picker'],
    why: 'the select widget; not in WordNet',
  },
  {
    concept: 'checkbox',
    phrases: ['checkbox', 'check box', 'tick box', 'tickbox'],
    why: 'not in WordNet',
  },
  {
    concept: 'dark-mode',
    phrases: ['dark mode', 'dark theme', 'night mode'],
    why: 'a UI setting; not in WordNet',
  },
  {
    concept: 'username',
    phrases: ['username', 'user name', 'login name', 'user id'],
    why: 'not in WordNet',
  },
  {
    concept: 'navigation',
    phrases: ['nav', 'navbar', 'nav bar', 'navigation bar', 'navigation menu', 'main menu'],
    why: 'site navigation widgets; not in WordNet',
  },
  {
    concept: 'checkout',
    phrases: ['checkout', 'check out', 'payment page', 'pay', 'payment'],
    why: 'the e-commerce payment step; WordNet knows hotel check-out and the supermarket counter',
  },
  {
    concept: 'avatar',
    phrases: ['avatar', 'profile picture', 'profile photo', 'profile image', 'user picture'],
    why: "the user picture; WordNet's avatar is an incarnation of a deity",
  },
  {
    concept: 'support',
    phrases: ['customer support', 'customer service', 'help desk', 'helpdesk', 'support team', 'contact us'],
    why: 'the support channel of a site; "customer support" is not in WordNet',
  },
  {
    concept: 'settings',
    phrases: ['settings', 'preferences', 'options', 'configuration'],
    why: 'the settings screen; WordNet has no sense of "settings" as configuration',
  },
];
