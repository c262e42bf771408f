// Which fixtures a test, hook or fixture function asks for. Like Playwright, this reads the function's
// source: fixtures are set up only when the first parameter destructures them.

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Splits `text` at top-level commas (ignoring commas inside brackets and strings). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The text between the parameter list's parentheses (or the single bare arrow parameter). */
function parameterList(source: string): string {
  let text = stripComments(source).trim();
  text = text.replace(/^async\s+/, '');
  const arrowBare = /^([A-Za-z_$][\w$]*)\s*=>/.exec(text);
  if (arrowBare) return arrowBare[1] ?? '';
  const open = text.indexOf('(');
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return '';
}

export type FixtureParams = { ok: true; names: string[] } | { ok: false; why: string };

export function fixtureParameterNames(fn: (...args: never[]) => unknown): FixtureParams {
  const params = splitTopLevel(parameterList(Function.prototype.toString.call(fn)));
  const first = params[0];
  if (first === undefined) return { ok: true, names: [] };
  if (!first.startsWith('{') || !first.endsWith('}')) {
    // `async ({ page }: Fixtures)` after transpilation has no annotation; a bare name cannot be resolved.
    return { ok: false, why: `First argument must use the object destructuring pattern: ${first}` };
  }
  const names: string[] = [];
  for (const entry of splitTopLevel(first.slice(1, -1))) {
    if (entry.startsWith('...'))
      return { ok: false, why: 'Rest property "...' + entry.slice(3) + '" is not supported' };
    const m = /^([A-Za-z_$][\w$]*|"[^"]*"|'[^']*')/.exec(entry);
    if (m?.[1]) names.push(m[1].replace(/^["']|["']$/g, ''));
  }
  return { ok: true, names };
}
