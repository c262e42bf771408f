// What the description parser produces: an ordered plan of steps, each with the words that name its
// target and the value it needs. The explorer resolves targets on the live page.

export type ActionKind =
  'navigate' | 'reload' | 'click' | 'fill' | 'select' | 'check' | 'uncheck' | 'upload' | 'press' | 'hover';
export type ExpectKind =
  | 'expectVisible'
  | 'expectHidden'
  | 'expectUrl'
  | 'expectCount'
  | 'expectValue'
  | 'expectText'
  | 'expectState';
export type StepKind = ActionKind | ExpectKind;

/** How a page's title is compared with the text said. */
export type TitleMatch = 'is' | 'starts' | 'contains' | 'ends';

/** Roles a target phrase may name ("the Log in button" → button). */
export type RoleHint =
  | 'button'
  | 'link'
  | 'textbox'
  | 'checkbox'
  | 'switch'
  | 'radio'
  | 'combobox'
  | 'heading'
  | 'dialog'
  | 'navigation'
  | 'tab'
  | 'menuitem'
  | 'list'
  | 'table'
  | 'text';

export interface PlannedStep {
  kind: StepKind;
  /** The clause of the description the step came from. */
  phrase: string;
  /** Words naming the target ("email", "sign in button"); '' when the step has none. */
  target: string;
  /** A quoted or otherwise exact name for the target ("Aurora Desk Lamp"), if the description gave one. */
  exactName?: string;
  /** Fill text, option, key, URL path, expected count/text. '' when none. */
  value: string;
  /** Where the value came from: the description, or a value scribe chooses to fit the field. */
  valueSource: 'description' | 'generated' | 'none';
  roleHints: RoleHint[];
  /** Target is "it"/"them": the previous step's element. */
  refersToPrevious: boolean;
  /** A phrase of the surrounding context ("main menu", "dialog") that narrows where to look. */
  scope?: string;
  /**
   * The assertion states a value that must hold ("checked"; "disabled" for a control that cannot be
   * used yet; "focused" for the control with the keyboard focus); for expectState.
   */
  state?: 'checked' | 'unchecked' | 'enabled' | 'disabled' | 'focused';
  /** Set for credential values: the constant the spec declares (PASSWORD, EMAIL). */
  credential?: 'PASSWORD' | 'EMAIL' | 'USERNAME';
  /**
   * For reload: said as coming back to the page ("when you go back to the page"), so the page is
   * opened again by its address; a page a form posted is not posted again.
   */
  revisit?: boolean;
  /** The step repeats earlier assertions (e.g. "the choice is kept after reloading"). */
  reassert?: boolean;
  /** A click that goes to a page ("go to the About page"): nothing to do when already there. */
  navigation?: boolean;
  /**
   * A step the description only implies: going to a page it names ("remove it on the cart page"),
   * or the Upload button after "upload two files". Done on a control whose name has its words (for
   * a page, a link), else left out without a finding (the flow may already be on that page; the
   * page may upload on its own).
   */
  implied?: boolean;
  /** For an upload with no file named: how many of the runner's fixture files to choose. */
  files?: number;
  /**
   * For a click on a stepper's control: the value the stepper is taken to ("increase the quantity to
   * 3"). The control is pressed as often as the page needs to show it.
   */
  untilValue?: string;
  /**
   * A click repeated while the control is still there ("click Load more until it is gone"): pressed
   * as often as the page keeps offering it.
   */
  untilGone?: boolean;
  /** A fill that empties the field ("clear the search box"). */
  clear?: boolean;
  /** For expectText: texts the page shows in this order ("the stops are in this order: A, B, C"). */
  inOrder?: string[];
  /**
   * For expectText: the text is the page's title, which is it, or starts, contains or ends with it
   * ("the page title starts with Error:").
   */
  pageTitle?: TitleMatch;
  /** For expectValue: the value the field named holds ("Meeting point still says …"), not a text shown. */
  held?: boolean;
  /**
   * For expectState: the subject is every control of its role, none named ("the channel checkboxes
   * are disabled").
   */
  everyOfRole?: boolean;
  /** For expectVisible: the named item is the first or last row of its table or list ("X on top"). */
  position?: 'first' | 'last';
}

export function isAction(kind: StepKind): kind is ActionKind {
  return !kind.startsWith('expect');
}

export function step(kind: StepKind, phrase: string, init: Partial<PlannedStep> = {}): PlannedStep {
  return {
    kind,
    phrase,
    target: '',
    value: '',
    valueSource: 'none',
    roleHints: [],
    refersToPrevious: false,
    ...init,
  };
}
