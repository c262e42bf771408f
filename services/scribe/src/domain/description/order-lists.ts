// An order to check, written as a list: "Expected order: A, B, C", "the stops are in this order: A,
// B, C", "the new order is A, B and C". The list is rewritten into one clause before the clauses
// are split (its commas would split it), its items joined by a mark no description contains.
import { LIST_SEPARATOR } from '../text';

/** Joins an order list's items inside its clause ("check the order of A␄B␄C"). */
export const ORDER_ITEM_MARK = '\uE004';

/** One item: a few words, or a quoted text (a literal's mark). */
const ITEM = String.raw`(?:\uE000\d+\uE001|[\p{L}\d][\p{L}\d'’&-]*(?:\s+[\p{L}\d][\p{L}\d'’&-]*){0,5})`;

const LEAD = String.raw`(?:expected\s+order|(?:the\s+)?(?:new\s+|final\s+)?order\s+(?:is|should\s+be|must\s+be|becomes|reads|now\s+is)|(?!(?:then|and|when|given|but)\b)(?:the\s+)?[\p{L}-]+(?: [\p{L}-]+){0,3}\s+(?:are|is|should\s+be|must\s+be|stay|remain|end\s+up)\s+(?:now\s+|still\s+)?in\s+(?:this|the\s+following|that)\s+order|in\s+this\s+order)`;

const ORDER_LIST = new RegExp(
  String.raw`\b${LEAD}\s*:?\s+(${ITEM}(?:\s*,\s*${ITEM})+(?:\s*,?\s+and\s+${ITEM})?|${ITEM}\s+and\s+${ITEM})(?=\s*(?:[.;!\n]|$))`,
  'giu',
);

/** The text with each order list written as "check the order of …", its items joined by the mark. */
export function orderLists(text: string): string {
  return text.replace(ORDER_LIST, (_whole, list: string) => {
    const items = list
      .split(LIST_SEPARATOR)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return `check the order of ${items.join(ORDER_ITEM_MARK)}`;
  });
}

/** "check the order of A␄B␄C" (after orderLists): the items. */
export function orderItems(clause: string): string[] | undefined {
  const m = /^check the order of (.+)$/i.exec(clause);
  if (!m?.[1]?.includes(ORDER_ITEM_MARK)) return undefined;
  return m[1].split(ORDER_ITEM_MARK);
}
