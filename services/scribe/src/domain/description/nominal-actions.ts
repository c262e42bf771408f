// Formal requirements name a user's action by its noun: "Upon entry of the card number X and
// activation of the button "Pay", the System shall …". Without the verb no step is read and the whole
// clause becomes a text the page should show (a value like a one-time code asserted as visible). Read
// as the verbs a user does: "enter the card number X and click the button "Pay", the System shall …".

/** "upon/on/after/following (the) entry/input of X": typing X into its field. */
const ENTRY = /\b(?:upon|on|after|following)\s+(?:the\s+)?(?:entry|input|entering|typing)\s+of\s+/gi;

/**
 * "(upon) activation/selection/pressing of the button X": a click. Only before a named kind of control,
 * so "selection of products" stays a noun.
 */
const ACTIVATION =
  /\b(?:(?:upon|on|after|following)\s+(?:the\s+)?)?(?:activation|actuation|selection|pressing|clicking)\s+of\s+(?=(?:the\s+)?(?:button|link|control|tab|option|menu item)\b)/gi;

export function nominalActions(text: string): string {
  return text.replace(ENTRY, 'enter ').replace(ACTIVATION, 'click ');
}
