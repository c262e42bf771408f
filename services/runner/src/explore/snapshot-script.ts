/// <reference lib="dom" />
// Runs inside the page (page.evaluate serializes this function, so it must not use anything from its
// module scope). It walks the visible DOM in document order and returns the elements a test author
// cares about (controls, headings, landmarks, dialogs, images, text blocks) with role, accessible
// name, label, test id, value and state, plus locator candidates in preference order, each with how
// many elements on the page it would match (so the service can pick a unique one).

export interface RawCandidate {
  kind: 'role' | 'label' | 'testId' | 'text' | 'placeholder' | 'css' | 'altText' | 'title';
  role?: string;
  name?: string;
  value?: string;
  exact?: boolean;
  /** Elements on the page this candidate matches, computed in the page (approximates Playwright). */
  count: number;
  /** Set by the service on a child frame's nodes: the selector of their iframe in the page. */
  frame?: string;
}

export interface RawNode {
  role: string;
  name: string;
  label: string;
  testId: string;
  value: string;
  text: string;
  checked?: boolean;
  disabled: boolean;
  level: number;
  placeholder: string;
  inputType: string;
  options: string[];
  depth: number;
  href: string;
  expanded?: boolean;
  required: boolean;
  /** Behind an open modal dialog or inert: shown, but no click or typing reaches it. */
  blocked: boolean;
  /** Has the keyboard focus. */
  focused: boolean;
  interactive: boolean;
  /** Index (in `nodes`) of the nearest enclosing dialog/form/region/navigation with a name, or -1. */
  container: number;
  /**
   * For a control no candidate finds alone (a "Delete" on every comment): a CSS selector of the
   * list item, row or article around it, by a text only that item shows (`li:has-text("…")`).
   */
  item?: string;
  candidates: RawCandidate[];
}

export interface RawSnapshot {
  url: string;
  title: string;
  nodes: RawNode[];
  total: number;
  /** Visible text lines in document order (for "what changed"). */
  lines: string[];
}

export interface SnapshotArgs {
  testIdAttribute: string;
  maxNodes: number;
  maxText: number;
}

export function collectSnapshot(args: SnapshotArgs): RawSnapshot {
  const INTERACTIVE = new Set([
    'button',
    'link',
    'textbox',
    'searchbox',
    'combobox',
    'listbox',
    'checkbox',
    'radio',
    'slider',
    'spinbutton',
    'switch',
    'tab',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'option',
    'treeitem',
  ]);
  const STRUCTURE = new Set([
    'heading',
    'dialog',
    'alertdialog',
    'alert',
    'status',
    'navigation',
    'main',
    'banner',
    'contentinfo',
    'form',
    'region',
    'search',
    'tablist',
    'menu',
    'menubar',
    'img',
    'progressbar',
    'meter',
    'tree',
    'table',
    'list',
    'tabpanel',
    'group',
  ]);
  const CONTAINERS = new Set([
    'group',
    'dialog',
    'alertdialog',
    'form',
    'region',
    'navigation',
    'search',
    'main',
    'banner',
    'contentinfo',
    'list',
    'table',
    'tabpanel',
    'menu',
  ]);
  const NAME_FROM_CONTENT = new Set([
    'button',
    'link',
    'heading',
    'tab',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'option',
    'checkbox',
    'radio',
    'switch',
    'treeitem',
    'cell',
    'columnheader',
    'rowheader',
    'tooltip',
    'row',
  ]);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK']);

  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const clip = (s: string): string => (s.length > args.maxText ? `${s.slice(0, args.maxText - 1)}…` : s);

  const styleCache = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element): CSSStyleDeclaration => {
    let s = styleCache.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styleCache.set(el, s);
    }
    return s;
  };
  const isVisible = (el: Element): boolean => {
    const s = style(el);
    if (s.visibility === 'hidden' || s.visibility === 'collapse') return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const hiddenSubtree = (el: Element): boolean =>
    el.getAttribute('aria-hidden') === 'true' ||
    style(el).display === 'none' ||
    (el instanceof HTMLElement && el.hidden);

  const inputRole = (el: HTMLInputElement): string => {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (['email', 'tel', 'text', 'url', ''].includes(type)) return el.list ? 'combobox' : 'textbox';
    const map: Record<string, string> = {
      search: 'searchbox',
      checkbox: 'checkbox',
      radio: 'radio',
      range: 'slider',
      number: 'spinbutton',
      button: 'button',
      submit: 'button',
      reset: 'button',
      image: 'button',
      file: 'button',
      hidden: '',
    };
    return map[type] ?? 'textbox';
  };
  const implicitRole = (el: Element): string => {
    switch (el.tagName) {
      case 'A':
      case 'AREA':
        return el.hasAttribute('href') ? 'link' : '';
      case 'BUTTON':
        return 'button';
      case 'INPUT':
        return inputRole(el as HTMLInputElement);
      case 'TEXTAREA':
        return 'textbox';
      case 'SELECT':
        return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1
          ? 'listbox'
          : 'combobox';
      case 'OPTION':
        return 'option';
      case 'H1':
      case 'H2':
      case 'H3':
      case 'H4':
      case 'H5':
      case 'H6':
        return 'heading';
      case 'IMG':
        return el.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'NAV':
        return 'navigation';
      case 'MAIN':
        return 'main';
      case 'HEADER':
        return el.closest('article,aside,main,nav,section') ? '' : 'banner';
      case 'FOOTER':
        return el.closest('article,aside,main,nav,section') ? '' : 'contentinfo';
      case 'FORM':
        return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || el.hasAttribute('title')
          ? 'form'
          : '';
      case 'SECTION':
        return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : '';
      case 'DIALOG':
        return 'dialog';
      case 'UL':
      case 'OL':
      case 'MENU':
        return 'list';
      case 'LI':
        return 'listitem';
      case 'TABLE':
        return 'table';
      case 'P':
        return 'paragraph';
      case 'PROGRESS':
        return 'progressbar';
      case 'METER':
        return 'meter';
      case 'SEARCH':
        return 'search';
      case 'OUTPUT':
        return 'status';
      case 'TD':
        return 'cell';
      case 'TH':
        return headerCellRole(el);
      case 'SUMMARY':
        return 'button';
      case 'FIELDSET':
        return 'group';
      default:
        return '';
    }
  };
  // A <th> heads its row when it says so (scope) or sits among data cells ("Brook Walk" before its
  // length); else its column. The same reading as Playwright's role engine, so locators agree.
  const headerCellRole = (el: Element): string => {
    const scope = (el.getAttribute('scope') ?? '').toLowerCase();
    if (scope === 'col' || scope === 'colgroup') return 'columnheader';
    if (scope === 'row' || scope === 'rowgroup') return 'rowheader';
    const next = el.nextElementSibling;
    const prev = el.previousElementSibling;
    const dataCell = (c: Element | null): boolean =>
      c !== null && c.tagName === 'TD' && ((c.textContent ?? '').trim() !== '' || c.children.length > 0);
    if (next?.tagName === 'TH' && prev?.tagName === 'TH') return 'columnheader';
    return dataCell(next) || dataCell(prev) ? 'rowheader' : 'columnheader';
  };
  const roleOf = (el: Element): string => {
    const explicit = (el.getAttribute('role') ?? '').trim().split(/\s+/)[0] ?? '';
    return explicit && explicit !== 'none' && explicit !== 'presentation'
      ? explicit
      : explicit
        ? ''
        : implicitRole(el);
  };

  const isControl = (el: Element): boolean =>
    el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.tagName === 'BUTTON';
  // Text of a subtree as an accessible name computation would read it (alt text of images included,
  // embedded controls contribute their value, hidden parts skipped).
  const textOf = (root: Node, skipControls: boolean): string => {
    const parts: string[] = [];
    const walk = (n: Node): void => {
      if (n.nodeType === Node.TEXT_NODE) {
        parts.push(n.textContent ?? '');
        return;
      }
      if (!(n instanceof Element)) return;
      if (SKIP_TAGS.has(n.tagName) || hiddenSubtree(n)) return;
      if (n !== root && skipControls && isControl(n)) return;
      if (n.tagName === 'IMG') parts.push(n.getAttribute('alt') ?? '');
      const s = style(n);
      const block = s.display !== 'inline' && s.display !== 'contents';
      if (block) parts.push(' ');
      for (const c of Array.from(n.childNodes)) walk(c);
      if (block) parts.push(' ');
    };
    walk(root);
    return norm(parts.join(''));
  };
  const byIds = (el: Element, attr: string): Element[] =>
    (el.getAttribute(attr) ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => el.ownerDocument.getElementById(id))
      .filter((e): e is HTMLElement => e !== null);
  const labelOf = (el: Element): string => {
    const labels = (el as HTMLInputElement).labels;
    if (!labels || labels.length === 0) return '';
    return norm(
      Array.from(labels)
        .map((l) => textOf(l, true))
        .join(' '),
    );
  };
  const nameOf = (el: Element, role: string): string => {
    const labelledBy = byIds(el, 'aria-labelledby');
    if (labelledBy.length) return norm(labelledBy.map((e) => textOf(e, false)).join(' '));
    const aria = norm(el.getAttribute('aria-label') ?? '');
    if (aria) return aria;
    if (el.tagName === 'INPUT') {
      const type = (el.getAttribute('type') ?? '').toLowerCase();
      if (type === 'submit' || type === 'reset' || type === 'button')
        return norm(
          (el as HTMLInputElement).value || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : ''),
        );
      if (type === 'image') return norm(el.getAttribute('alt') ?? '');
    }
    if (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') {
      const label = labelOf(el);
      if (label) return label;
      return norm(el.getAttribute('title') ?? el.getAttribute('placeholder') ?? '');
    }
    if (el.tagName === 'IMG') return norm(el.getAttribute('alt') ?? el.getAttribute('title') ?? '');
    if (el.tagName === 'FIELDSET') {
      const legend = el.querySelector(':scope > legend');
      if (legend) return textOf(legend, false);
    }
    if (el.tagName === 'TABLE') {
      const caption = el.querySelector(':scope > caption');
      if (caption) return textOf(caption, false);
    }
    if (NAME_FROM_CONTENT.has(role)) {
      const t = textOf(el, false);
      if (t) return t;
    }
    return norm(el.getAttribute('title') ?? '');
  };

  const candidatesOf = new Map<Element, RawCandidate[]>();
  interface Info {
    el: Element;
    role: string;
    name: string;
  }
  const infos: Info[] = [];
  const included: {
    el: Element;
    depth: number;
    info: Info;
    interactive: boolean;
    textBlock: boolean;
    live: boolean;
  }[] = [];
  const lines: string[] = [];

  // Walk visible elements in document order.
  const visit = (el: Element, depth: number, insideNamed: boolean): void => {
    if (SKIP_TAGS.has(el.tagName) || hiddenSubtree(el)) return;
    const role = roleOf(el);
    const visible = isVisible(el) || (el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'file');
    const name = role ? nameOf(el, role) : '';
    const info: Info = { el, role, name };
    infos.push(info);
    const interactive = INTERACTIVE.has(role) && !(role === 'option' && el.closest('select'));
    const structural =
      STRUCTURE.has(role) &&
      (role !== 'img' || name !== '') &&
      // A group with no name ("Person 2", a fieldset's legend) tells nothing apart.
      (role !== 'group' || name !== '') &&
      (role !== 'list' || el.children.length > 0);
    const hasOwnText = Array.from(el.childNodes).some(
      (n) => n.nodeType === Node.TEXT_NODE && norm(n.textContent ?? '') !== '',
    );
    const textBlock =
      !interactive &&
      !structural &&
      !insideNamed &&
      hasOwnText &&
      el.tagName !== 'LABEL' &&
      el.tagName !== 'OPTION' &&
      el.tagName !== 'LEGEND';
    // A live region (alert, status) usually has no name of its own: what it says is its text, and
    // that is the confirmation a test asserts ("Thanks, we got your message").
    const live = (role === 'alert' || role === 'status') && !insideNamed;
    let childDepth = depth;
    if (visible && (interactive || structural || textBlock)) {
      included.push({ el, depth, info, interactive, textBlock, live });
      childDepth = depth + 1;
      const line = textBlock
        ? textOf(el, true)
        : role === 'heading' || role === 'button' || role === 'link'
          ? name
          : live
            ? name || textOf(el, true)
            : '';
      if (line) lines.push(clip(line));
    }
    // Text inside a control or a text block is part of its name/text already.
    const coversText = insideNamed || interactive || textBlock || role === 'heading' || live;
    for (const child of Array.from(el.children)) visit(child, childDepth, coversText);
    if (el.shadowRoot)
      for (const child of Array.from(el.shadowRoot.children)) visit(child, childDepth, coversText);
  };
  if (document.body) visit(document.body, 0, false);

  // Matching counts, approximating Playwright's engines: names match case-insensitively as substrings
  // unless exact; getByText matches the innermost elements whose text contains the string.
  const lower = (s: string): string => s.toLowerCase();
  const roleCount = (role: string, name: string, exact: boolean): number => {
    let n = 0;
    for (const i of infos) {
      if (i.role !== role || !isVisible(i.el)) continue;
      if (name === '' || (exact ? i.name === name : lower(i.name).includes(lower(name)))) n++;
    }
    return n;
  };
  const allElements = Array.from(document.body ? document.body.querySelectorAll('*') : []).filter(
    (e) => !SKIP_TAGS.has(e.tagName),
  );
  const textCache = new Map<Element, string>();
  const fullText = (e: Element): string => {
    let t = textCache.get(e);
    if (t === undefined) {
      t = norm(e.textContent ?? '');
      textCache.set(e, t);
    }
    return t;
  };
  const textCount = (text: string, exact: boolean): number => {
    const match = (e: Element): boolean =>
      exact ? fullText(e) === text : lower(fullText(e)).includes(lower(text));
    let n = 0;
    for (const e of allElements) {
      if (!match(e)) continue;
      if (Array.from(e.children).some((c) => !SKIP_TAGS.has(c.tagName) && match(c))) continue;
      n++;
    }
    return n;
  };
  const attrCount = (selector: string): number =>
    document.body ? document.body.querySelectorAll(selector).length : 0;
  const labelCount = (label: string, exact: boolean): number => {
    let n = 0;
    for (const e of allElements) {
      if (!isControl(e) && !e.hasAttribute('aria-labelledby') && !e.hasAttribute('aria-label')) continue;
      const texts = [
        labelOf(e),
        norm(e.getAttribute('aria-label') ?? ''),
        norm(
          byIds(e, 'aria-labelledby')
            .map((x) => textOf(x, false))
            .join(' '),
        ),
      ].filter(Boolean);
      if (texts.some((t) => (exact ? t === label : lower(t).includes(lower(label))))) n++;
    }
    return n;
  };
  const cssEscape = (s: string): string =>
    typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^A-Za-z0-9_-]/g, '\\$&');

  // The repeated item a control is in, named by the first short text of it no other item of its kind
  // holds: Playwright's `:has-text()` matches such a text anywhere inside, in any case.
  const ITEMS = 'li, article, tr, [role="listitem"], [role="row"], [role="article"]';
  const itemSelector = (el: Element, ownName: string): string | undefined => {
    const item = el.parentElement?.closest(ITEMS);
    if (!item) return undefined;
    const tag = item.tagName.toLowerCase();
    const peers = Array.from(document.querySelectorAll(tag));
    const pieces = Array.from(item.querySelectorAll('*'))
      .filter((e) => !SKIP_TAGS.has(e.tagName) && !isControl(e) && !e.contains(el))
      .map((e) => textOf(e, true))
      .filter((t) => t.length >= 3 && t.length <= 60 && /\p{L}/u.test(t) && lower(t) !== lower(ownName));
    const unique = pieces.find(
      (t) => peers.filter((p) => lower(fullText(p)).includes(lower(t))).length === 1,
    );
    return unique === undefined ? undefined : `${tag}:has-text(${JSON.stringify(unique)})`;
  };

  const nodes: RawNode[] = [];
  const indexOfEl = new Map<Element, number>();
  // A modal dialog open over the page: what is outside it is shown, but no action reaches it.
  const modal =
    document.querySelector('dialog:modal') ??
    Array.from(document.querySelectorAll('[aria-modal="true"]')).find((d) => d.getClientRects().length > 0);
  for (const inc of included.slice(0, args.maxNodes)) {
    const el = inc.el;
    const { role, name } = inc.info;
    const cands: RawCandidate[] = [];
    const tryBoth = (make: (exact: boolean) => RawCandidate): void => {
      const loose = make(false);
      if (loose.count === 1) cands.push(loose);
      else {
        const exact = make(true);
        cands.push(exact.count === 1 ? exact : loose);
      }
    };
    const testId = el.getAttribute(args.testIdAttribute) ?? '';
    const label = isControl(el) ? labelOf(el) : '';
    const placeholder = el.getAttribute('placeholder') ?? '';
    const ownText = inc.textBlock || (inc.live && !name) ? textOf(el, true) : '';
    if (role && role !== 'listitem' && role !== 'paragraph' && role !== 'cell' && (name || !inc.textBlock)) {
      tryBoth((exact) => ({
        kind: 'role',
        role,
        name,
        exact: exact && name !== '',
        count: roleCount(role, name, exact && name !== ''),
      }));
    }
    if (label) tryBoth((exact) => ({ kind: 'label', value: label, exact, count: labelCount(label, exact) }));
    if (testId)
      cands.push({
        kind: 'testId',
        value: testId,
        count: attrCount(`[${cssEscape(args.testIdAttribute)}="${cssEscape(testId)}"]`),
      });
    const text = ownText || (role === 'link' || role === 'button' ? name : '');
    if (text && text.length <= 80)
      tryBoth((exact) => ({ kind: 'text', value: text, exact, count: textCount(text, exact) }));
    if (placeholder)
      tryBoth((exact) => ({
        kind: 'placeholder',
        value: placeholder,
        exact,
        count: attrCount(
          exact
            ? `[placeholder="${cssEscape(placeholder)}"]`
            : `[placeholder*="${cssEscape(placeholder)}" i]`,
        ),
      }));
    if (el.tagName === 'IMG' && el.getAttribute('alt')) {
      const alt = el.getAttribute('alt') ?? '';
      cands.push({ kind: 'altText', value: alt, exact: true, count: attrCount(`[alt="${cssEscape(alt)}"]`) });
    }
    const id = el.getAttribute('id') ?? '';
    // Generated ids (long digit runs, hashes) would break on the next build: not offered.
    if (id && !/\d{3,}|[a-f0-9]{8,}|^:r/.test(id))
      cands.push({ kind: 'css', value: `#${cssEscape(id)}`, count: attrCount(`#${cssEscape(id)}`) });
    const nameAttr = el.getAttribute('name') ?? '';
    if (nameAttr && isControl(el)) {
      const css = `${el.tagName.toLowerCase()}[name="${cssEscape(nameAttr)}"]`;
      cands.push({ kind: 'css', value: css, count: attrCount(css) });
    }
    candidatesOf.set(el, cands);
    const item = inc.interactive && !cands.some((c) => c.count === 1) ? itemSelector(el, name) : undefined;

    let container = -1;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const at = indexOfEl.get(p);
      if (at !== undefined && CONTAINERS.has(nodes[at]?.role ?? '')) {
        container = at;
        break;
      }
    }
    const input = el as HTMLInputElement;
    const tag = el.tagName;
    let value = '';
    if (
      tag === 'INPUT' &&
      !['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file'].includes(input.type)
    )
      value = input.type === 'password' && input.value ? '••••' : input.value;
    else if (tag === 'TEXTAREA') value = (el as HTMLTextAreaElement).value;
    else if (tag === 'SELECT')
      value = Array.from((el as HTMLSelectElement).selectedOptions)
        .map((o) => norm(o.label || o.text))
        .join(', ');
    else if (tag === 'INPUT' && input.type === 'file')
      value = Array.from(input.files ?? [])
        .map((f) => f.name)
        .join(', ');
    const ariaChecked = el.getAttribute('aria-checked');
    const checkable =
      (tag === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) || ariaChecked !== null;
    const ariaExpanded = el.getAttribute('aria-expanded');
    const levelMatch = /^H([1-6])$/.exec(tag);
    indexOfEl.set(el, nodes.length);
    nodes.push({
      role: inc.textBlock && !role ? 'text' : role,
      name: clip(name),
      label: clip(label),
      testId,
      value: clip(value),
      text: clip(ownText),
      ...(checkable ? { checked: tag === 'INPUT' ? input.checked : ariaChecked === 'true' } : {}),
      // :disabled also holds for a control inside a disabled fieldset (as Playwright's toBeDisabled has it).
      disabled: el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true',
      level: levelMatch
        ? Number(levelMatch[1])
        : role === 'heading'
          ? Number(el.getAttribute('aria-level') ?? 2)
          : 0,
      placeholder: clip(placeholder),
      inputType: tag === 'INPUT' ? input.type : '',
      options:
        tag === 'SELECT'
          ? Array.from((el as HTMLSelectElement).options)
              .slice(0, 50)
              .map((o) => clip(norm(o.label || o.text)))
          : [],
      depth: inc.depth,
      href: tag === 'A' ? (el.getAttribute('href') ?? '') : '',
      ...(ariaExpanded !== null
        ? { expanded: ariaExpanded === 'true' }
        : tag === 'DETAILS'
          ? { expanded: (el as HTMLDetailsElement).open }
          : {}),
      required: (el as HTMLInputElement).required === true || el.getAttribute('aria-required') === 'true',
      blocked: (modal !== undefined && !modal.contains(el)) || el.closest('[inert]') !== null,
      // As Playwright's toBeFocused has it: the active element of its own document or shadow root.
      focused: (el.getRootNode() as Document | ShadowRoot).activeElement === el,
      interactive: inc.interactive,
      container,
      ...(item ? { item } : {}),
      candidates: cands,
    });
  }
  return { url: location.href, title: document.title, nodes, total: included.length, lines };
}
