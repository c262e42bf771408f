import type { ErrorCategory } from './run-result';

// Rules are checked in order; the first match wins. A missing element is a selector problem even when
// it surfaces as a timeout or a failed visibility assertion, because that is what a test author fixes.
const NETWORK =
  /net::ERR_|ERR_CONNECTION|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|blocked by the runner network policy|NS_ERROR_|apiRequestContext\.\w+: (connect|getaddrinfo|socket)/i;
const SELECTOR =
  /strict mode violation|element\(s\) not found|no element matches|is not a valid selector|Unknown engine|Unexpected token .* while parsing (css )?selector|Error: (locator|page|frame)\.\w+: Unexpected token/i;
const WAITING_FOR = /waiting for (locator|getBy\w+|selector)\(/;
const RESOLVED = /locator resolved to|resolved to \d+ element|- locator resolved/;
const TIMEOUT =
  /Test timeout of \d+ms exceeded|Timeout \d+ms exceeded|run exceeded its hard timeout|TimeoutError/;
const ASSERTION =
  /^(Error: )?expect\(|expect\.(soft|poll)|AssertionError|toBe|toEqual|toHave|toContain|toMatch/;
const JAVASCRIPT = /^(ReferenceError|TypeError|SyntaxError|RangeError|EvalError|URIError)\b/;

export interface ClassifiableError {
  /** Error.name when the thrown value was an Error (e.g. "TimeoutError", "TypeError"). */
  name?: string;
  message: string;
  /** True when the error came from a Playwright matcher (it carries matcherResult). */
  fromMatcher?: boolean;
}

export function categorize(err: ClassifiableError): ErrorCategory {
  const text = `${err.name ? `${err.name}: ` : ''}${err.message}`;
  if (NETWORK.test(text)) return 'network';
  if (SELECTOR.test(text)) return 'selector';
  // An action that waited for its target and never resolved it: the element is missing.
  if (WAITING_FOR.test(text) && !RESOLVED.test(text) && TIMEOUT.test(text)) return 'selector';
  // A matcher that waited and gave up (expect.poll, toPass, toHaveText) failed an assertion.
  if (err.fromMatcher) return 'assertion';
  if (TIMEOUT.test(text) || err.name === 'TimeoutError') return 'timeout';
  if (ASSERTION.test(err.message)) return 'assertion';
  if (err.name && JAVASCRIPT.test(err.name)) return 'javascript';
  if (JAVASCRIPT.test(err.message)) return 'javascript';
  // A plain Error thrown by spec code (throw new Error('...')) is a script error.
  if (err.name === 'Error') return 'javascript';
  return 'unknown';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
