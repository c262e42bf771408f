// A sentence typed into a text field as a list item gives it: "5. Your review: Leaked at the seams."
// in a list whose other items end without a full stop. That full stop is part of what is typed (a
// review's character counter counts it), so the text is quoted before anything strips it as the
// end of a sentence.

/** A list item naming a field for written text, then the text, ending in a full stop. */
const TYPED_ITEM =
  /^([ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+(?:your[ \t]+)?(?:review|comment|message|note|notes|feedback|reason|description|bio|answer|reply)[ \t]*:[ \t]*)([^"“'\n]*?\p{L}[^"“'\n]*?\.)[ \t]*$/gimu;
/** A numbered or bulleted list item. */
const LIST_ITEM = /^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+\S.*$/gm;

/** `description` with such texts quoted, when the list's other items end without a full stop. */
export function typedSentencesQuoted(description: string): string {
  const items = description.match(LIST_ITEM) ?? [];
  const stopped = items.filter((item) => /\.\s*$/.test(item));
  // Only where the full stop stands out: one or two items of a list of three or more.
  if (items.length < 3 || stopped.length === 0 || stopped.length > 2 || stopped.length * 2 >= items.length)
    return description;
  return description.replace(TYPED_ITEM, (whole, lead: string, text: string) =>
    text.trim().split(/\s+/).length < 2 ? whole : `${lead}"${text.trim()}"`,
  );
}
