// The LLM tiers: the model explores the live page through the same Explore session, with tools
// (snapshot, act, submit_spec), and writes the spec itself. Findings of the critic and a failed run's
// error come back as feedback. Token usage is summed over every call.
import { runner } from '@superagent/proto';
import type { PageSession } from './page-session';
import { locatorCode, stripCode } from '../domain/locators';
import type { PageModel } from '../domain/page-model';
import type { LlmBlock, LlmMessage, LlmProvider, LlmTool, LlmUsage } from '../llm/llm-provider';

export interface LlmGenerationInput {
  provider: LlmProvider;
  model: string;
  description: string;
  startPath: string;
  /** Feedback for this attempt (previous spec, run error, critic findings), as text. */
  feedback: string;
  /** Locators remembered for this site, offered as hints. */
  knownLocators: string[];
  maxTurns: number;
  maxTokens: number;
  signal?: AbortSignal;
  /** The caller's running total, added to as each model call is paid for (kept if a later one fails). */
  spent?: LlmUsage;
}

export interface LlmGeneration {
  spec: string;
  usage: LlmUsage;
  model: string;
  turns: number;
  /** Why no spec was produced, if none was. */
  problem?: string;
}

const SYSTEM = `You write one Playwright end-to-end test (TypeScript, @playwright/test) for a feature of a live web app.
You can look at the page and act on it with tools before writing the test. Rules for the spec:
- Exactly one test.describe with one test; import { test, expect } from '@playwright/test'.
- Navigate with relative paths only: await page.goto('/path'). Never write a host or absolute URL; the run supplies baseURL.
- Use the locators the snapshot gives (getByRole with name, getByLabel, getByTestId, getByText, in that order of preference).
- Never use .nth(), CSS classes, waitForTimeout or { force: true }.
- Credentials are constants overridable by environment variables, e.g. const PASSWORD = process.env.E2E_PASSWORD ?? 'demo-pass';
- Assert the feature's outcome after the last action (text that appears, URL reached, state changed), not only that a page loaded.
- Await web-first assertions (await expect(locator).toBeVisible()); never skip the test or expect it to fail (test.skip, test.fixme, test.fail), never catch an assertion's failure, and never assert only that a locator exists (expect(locator).toBeTruthy() passes on any page).
When done, call submit_spec with the complete file.`;

const TOOLS: LlmTool[] = [
  {
    name: 'snapshot',
    description:
      'The current page: URL and accessibility nodes, each with an index and a ready-made locator.',
    inputSchema: { type: 'object', properties: {} },
  },
  {
    name: 'act',
    description:
      'Perform one action on the live page and get what changed plus the new snapshot. Target a node by its index from the latest snapshot.',
    inputSchema: {
      type: 'object',
      properties: {
        action: {
          type: 'string',
          enum: ['goto', 'click', 'fill', 'select', 'check', 'uncheck', 'press', 'hover'],
        },
        node: {
          type: 'integer',
          description: 'Index of the target node in the latest snapshot (not for goto).',
        },
        value: {
          type: 'string',
          description: 'Text to fill, option to select, key to press, or path for goto.',
        },
      },
      required: ['action'],
    },
  },
  {
    name: 'submit_spec',
    description: 'Submit the finished spec (the whole TypeScript file).',
    inputSchema: { type: 'object', properties: { spec: { type: 'string' } }, required: ['spec'] },
  },
];

const ACTIONS: Record<string, runner.Action> = {
  goto: runner.Action.GOTO,
  click: runner.Action.CLICK,
  fill: runner.Action.FILL,
  select: runner.Action.SELECT,
  check: runner.Action.CHECK,
  uncheck: runner.Action.UNCHECK,
  press: runner.Action.PRESS,
  hover: runner.Action.HOVER,
};

/** A compact, line-per-node view of the page for the model. */
export function describePage(model: PageModel, maxNodes = 250): string {
  const lines = [`URL: ${model.url}`];
  for (const n of model.nodes.slice(0, maxNodes)) {
    const extra = [
      n.node.inputType ? `type=${n.node.inputType}` : '',
      n.node.checked !== undefined ? `checked=${n.node.checked}` : '',
      n.node.value ? `value="${n.node.value}"` : '',
      n.node.options.length > 0 ? `options=[${n.node.options.slice(0, 10).join(' | ')}]` : '',
    ]
      .filter((x) => x !== '')
      .join(' ');
    lines.push(
      `${'  '.repeat(Math.min(n.node.depth, 6))}[${n.index}] ${n.node.role} "${n.words}"${extra ? ` ${extra}` : ''}${n.node.locator ? ` → ${n.node.locator.code || locatorCode(n.node.locator)}` : ''}`,
    );
  }
  return lines.join('\n');
}

function record(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

async function runTool(
  page: PageSession,
  name: string,
  input: unknown,
): Promise<{ text: string; isError: boolean; spec?: string }> {
  const args = record(input);
  if (name === 'snapshot') return { text: describePage(page.model), isError: false };
  if (name === 'submit_spec') {
    const spec = typeof args.spec === 'string' ? args.spec : '';
    return spec.trim() === ''
      ? { text: 'spec is empty', isError: true }
      : { text: 'received', isError: false, spec };
  }
  if (name === 'act') {
    const action = typeof args.action === 'string' ? ACTIONS[args.action] : undefined;
    if (action === undefined) return { text: `unknown action ${JSON.stringify(args.action)}`, isError: true };
    const value = typeof args.value === 'string' ? args.value : '';
    let locator: runner.Locator | undefined;
    if (action !== runner.Action.GOTO && !(action === runner.Action.PRESS && args.node === undefined)) {
      const node = page.model.nodes[Number(args.node)];
      if (!node?.node.locator)
        return { text: `node ${String(args.node)} has no locator in the latest snapshot`, isError: true };
      locator = stripCode(node.node.locator);
    }
    const answer = await page.act({
      action,
      value,
      ...(locator ? { locator } : {}),
      ...(action === runner.Action.SELECT ? { values: [value] } : {}),
    });
    const changes = answer.changes;
    const head = answer.ok ? 'ok' : `failed: ${answer.error}`;
    const diff = changes
      ? `\nURL: ${changes.urlBefore} → ${changes.urlAfter}\nnew text: ${changes.newText.slice(0, 20).join(' | ')}\nremoved text: ${changes.removedText.slice(0, 20).join(' | ')}${changes.dialogs.length > 0 ? `\ndialogs: ${changes.dialogs.map((d) => `${d.type}: ${d.message}`).join(' | ')}` : ''}`
      : '';
    return { text: `${head}${diff}\n\n${describePage(page.model)}`, isError: !answer.ok };
  }
  return { text: `unknown tool ${name}`, isError: true };
}

/** A spec in a ```ts fence of a text answer (a model that forgets the tool). */
function specFromText(blocks: LlmBlock[]): string | undefined {
  for (const b of blocks) {
    if (b.type !== 'text') continue;
    const m = /```(?:ts|typescript)?\s*\n([\s\S]*?)```/.exec(b.text);
    if (m?.[1] && m[1].includes('@playwright/test')) return m[1];
  }
  return undefined;
}

export async function generateWithLlm(page: PageSession, input: LlmGenerationInput): Promise<LlmGeneration> {
  const usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
  const intro = [
    `Feature to test: ${input.description}`,
    `The test starts at path ${input.startPath}. The page is open there now:`,
    describePage(page.model),
    input.knownLocators.length > 0
      ? `Locators that worked before on this site:\n${input.knownLocators.slice(0, 30).join('\n')}`
      : '',
    input.feedback ? `Feedback on the previous attempt:\n${input.feedback}` : '',
  ].filter((x) => x !== '');
  const messages: LlmMessage[] = [{ role: 'user', content: [{ type: 'text', text: intro.join('\n\n') }] }];
  let model = input.model;
  for (let turn = 1; turn <= input.maxTurns; turn++) {
    const res = await input.provider.complete({
      model: input.model,
      system: SYSTEM,
      messages,
      tools: TOOLS,
      maxTokens: input.maxTokens,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    usage.inputTokens += res.usage.inputTokens;
    usage.outputTokens += res.usage.outputTokens;
    if (input.spent) {
      input.spent.inputTokens += res.usage.inputTokens;
      input.spent.outputTokens += res.usage.outputTokens;
    }
    model = res.model || model;
    messages.push({ role: 'assistant', content: res.content });
    const calls = res.content.filter(
      (b): b is Extract<LlmBlock, { type: 'tool_use' }> => b.type === 'tool_use',
    );
    if (calls.length === 0) {
      const spec = specFromText(res.content);
      return spec
        ? { spec, usage, model, turns: turn }
        : {
            spec: '',
            usage,
            model,
            turns: turn,
            problem: `the model stopped (${res.stopReason}) without submitting a spec`,
          };
    }
    const results: LlmBlock[] = [];
    for (const call of calls) {
      const out = await runTool(page, call.name, call.input);
      if (out.spec !== undefined) return { spec: out.spec, usage, model, turns: turn };
      results.push({ type: 'tool_result', toolUseId: call.id, content: out.text, isError: out.isError });
    }
    messages.push({ role: 'user', content: results });
  }
  return {
    spec: '',
    usage,
    model,
    turns: input.maxTurns,
    problem: `no spec after ${input.maxTurns} model calls`,
  };
}
