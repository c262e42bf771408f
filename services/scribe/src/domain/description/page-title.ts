// The page's own title (the browser tab's), as testers check it: "the page title starts with
// "Error:"", "the title of the page should be Checkout". Only a title said to be the page's (or the
// tab's, the browser's, the document's) is read so: "the title" alone may be a heading.
import { step, type PlannedStep, type TitleMatch } from '../plan';
import { type Ctx, literalOf, plain } from './context';
import { expectationSteps } from './expectations';
import { checkedStatement } from './stated-states';

const PAGE_TITLE = new RegExp(
  String.raw`^(?:the\s+)?(?:(?:page|browser|tab|document|window)(?:['’]s)?\s+(?:tab\s+)?title|title\s+of\s+the\s+(?:page|tab|document))\s+` +
    String.raw`(?:(?:should|must|will|shall|does|do)\s+(?:still\s+)?)?(?:now\s+)?` +
    // "check the page title is \"X\"" may reach here without its verb: a quoted title alone is it.
    String.raw`(?:(be|is|reads?|read|says?|say|equals?|equal|(?:starts?|begins?|start|begin)\s+with|contains?|contain|includes?|include|(?:ends?|end)\s+with)\s+(.+)|(\uE000\d+\uE001))$`,
  'i',
);

function matchOf(verb: string): TitleMatch {
  if (/^(?:start|begin)/i.test(verb)) return 'starts';
  if (/^(?:contain|include)/i.test(verb)) return 'contains';
  if (/^end/i.test(verb)) return 'ends';
  return 'is';
}

/** The check of the page's title a clause states, or undefined when it states none. */
export function pageTitleSteps(ctx: Ctx, text: string, phrase: string): PlannedStep[] | undefined {
  const m = PAGE_TITLE.exec(checkedStatement(text));
  if (!m) return undefined;
  // "… starts with "Error:" and "There is a problem" is shown": the quoted title, then what else is.
  const stated = (m[2] ?? m[3] ?? '').trim();
  const [, quoted, more] = /^(\uE000\d+\uE001)\s*(?:,\s*)?(?:and\s+(.+))?$/.exec(stated) ?? [];
  const said = quoted ?? stated;
  const title = literalOf(ctx, said)?.text ?? plain(ctx, said);
  if (title === '') return undefined;
  return [
    step('expectText', phrase, {
      target: 'page title',
      value: title,
      valueSource: 'description',
      pageTitle: matchOf(m[1] ?? ''),
    }),
    ...(more ? expectationSteps(ctx, 'see', more, phrase) : []),
  ];
}
