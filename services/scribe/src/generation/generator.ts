// One GenerateTest: pattern retrieval, the warm path, then up to N attempts of generate → validate
// with the findings fed back. A rejected spec is never returned as runnable: if the last attempt is
// rejected the response carries no spec, only the report saying why.
import {
  type CallContext,
  deadlineExceeded,
  failedPrecondition,
  toGrpcError,
  toStatus,
  unavailable,
} from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { common, encodeSpentUsage, scribe, SPENT_USAGE_METADATA_KEY } from '@superagent/proto';
import type { Embedder } from '../clients/embedder';
import { openExplore, type RunnerClient } from '../clients/runner-client';
import { parseDescription } from '../domain/description-parser';
import type { Semaphore } from '../domain/semaphore';
import { fileNameOf } from '../domain/spec-writer';
import type { LlmProvider, LlmUsage } from '../llm/llm-provider';
import type { PatternMemory } from '../store/pattern-memory';
import type { VectorHit } from '../store/vector-store';
import type { Validator } from '../validation/validator';
import { generateWithLlm } from './llm-generator';
import { generateLocal, planTexts } from './local-generator';
import { PageSession } from './page-session';
import { adaptSpec, pickWarm } from './warm-path';

export interface GeneratorSettings {
  exploreTimeoutMs: number;
  actionTimeoutMs: number;
  /** Time limit for loading the start page (every later action passes its own, shorter limit). */
  openTimeoutMs: number;
  maxAttempts: number;
  typeCheck: boolean;
  patternMinScore: number;
  patternTopK: number;
  warmThreshold: number;
  models: Record<'haiku' | 'sonnet' | 'opus', string>;
  llmMaxTokens: number;
  llmMaxTurns: number;
}

export interface GeneratorDeps {
  runner: RunnerClient;
  embedder: Embedder;
  memory: PatternMemory;
  validator: Validator;
  explores: Semaphore;
  /** Undefined when no API key is configured: the LLM tiers are then unavailable. */
  llm: LlmProvider | undefined;
  settings: GeneratorSettings;
  logger: Logger;
}

export interface GenerateInput {
  description: string;
  baseUrl: URL;
  startPath: string;
  tier: common.Tier;
  tierName: 'local' | 'haiku' | 'sonnet' | 'opus';
  modelId: string;
  feedback: scribe.Feedback | undefined;
  maxAttempts: number;
  usePatterns: boolean;
  allowWarmPath: boolean;
  exploreTimeoutMs: number;
  maxSteps: number;
  typeCheck: boolean;
  fileName: string;
}

function feedbackText(
  f: scribe.Feedback | undefined,
  findings: readonly scribe.Finding[],
  typeErrors: readonly scribe.TypeDiagnostic[],
): string {
  const parts: string[] = [];
  if (f?.previousSpec) parts.push(`Previous spec:\n${f.previousSpec.slice(0, 20_000)}`);
  if (f?.errorMessage)
    parts.push(`It failed when run${f.errorLine ? ` at line ${f.errorLine}` : ''}: ${f.errorMessage}`);
  const all = [...(f?.findings ?? []), ...findings];
  if (all.length > 0)
    parts.push(
      `Critic findings:\n${all.map((x) => `- [${x.severity === scribe.Severity.REJECT ? 'reject' : 'warning'}] ${x.ruleId} (line ${x.line}): ${x.message}`).join('\n')}`,
    );
  if (typeErrors.length > 0)
    parts.push(
      `Type errors:\n${typeErrors.map((d) => `- line ${d.line}: TS${d.code} ${d.message}`).join('\n')}`,
    );
  if (f?.notes) parts.push(`Notes: ${f.notes}`);
  return parts.join('\n\n');
}

const RESOURCE_EXHAUSTED = 8;

/**
 * Opens the page, waiting while the runner has no free explore session (RESOURCE_EXHAUSTED: sessions
 * that just closed are released a moment later), until the deadline.
 */
async function openWithRetry<T>(
  open: () => Promise<T>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    try {
      return await open();
    } catch (err) {
      const busy =
        typeof err === 'object' && err !== null && 'code' in err && err.code === RESOURCE_EXHAUSTED;
      if (!busy || Date.now() + wait >= deadline || signal?.aborted) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The report with the generator's own findings added (a REJECT among them rejects the spec). */
function withFindings(
  report: scribe.ValidationReport,
  extra: readonly scribe.Finding[],
): scribe.ValidationReport {
  if (extra.length === 0) return report;
  return {
    ...report,
    findings: [...extra, ...report.findings],
    accepted: report.accepted && !extra.some((f) => f.severity === scribe.Severity.REJECT),
  };
}

/**
 * The error a failed generation answers with, carrying the tokens it had already paid for (trailing
 * metadata, see SPENT_USAGE_METADATA_KEY) so the caller can still account for them; unchanged when
 * nothing was spent.
 */
function withSpentUsage<E>(err: E, usage: common.TokenUsage, logger: Logger): E | Error {
  if (usage.inputTokens === 0 && usage.outputTokens === 0) return err;
  const status = toStatus(err, { logger, method: 'GenerateTest' });
  status.metadata.set(SPENT_USAGE_METADATA_KEY, encodeSpentUsage(usage));
  return toGrpcError(status);
}

/** Parts of the description longer than this are quoted shortened in the unread-text warning. */
const UNREAD_QUOTE_CHARS = 120;

/**
 * What the local tier read as neither a step nor an outcome (titles and chatter, but also an
 * instruction in words it has no rule for): said in one warning, so whoever reads the result knows
 * the spec does not check it, instead of finding out when the test misses a bug.
 */
function unreadText(skipped: readonly string[]): scribe.Finding[] {
  if (skipped.length === 0) return [];
  const quoted = skipped.map(
    (p) => `"${p.length > UNREAD_QUOTE_CHARS ? `${p.slice(0, UNREAD_QUOTE_CHARS)}…` : p}"`,
  );
  return [
    scribe.Finding.fromPartial({
      ruleId: 'unread-text',
      severity: scribe.Severity.WARNING,
      message: `Not read as a step or an outcome, so the spec does not check it: ${quoted.join('; ')}.`,
    }),
  ];
}

/** The most a paid generation answers before its deadline by (a tenth of the time it had, when less). */
const ANSWER_MARGIN_MS = 1_000;

/**
 * `work`, or the error `due()` builds shortly before `deadline`. Past the deadline the caller hears
 * nothing from us (its own client reports DEADLINE_EXCEEDED), so a paid generation must answer
 * before it for the tokens it spent to reach the caller (withSpentUsage).
 */
function answerInTime<T>(work: Promise<T>, deadline: number | undefined, due: () => Error): Promise<T> {
  if (deadline === undefined) return work;
  const left = deadline - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const dueAt = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(due()), Math.max(0, left - Math.min(ANSWER_MARGIN_MS, left / 10)));
  });
  // What `work` does after the answer was sent is logged by its own layers; nothing is left unhandled.
  work.catch(() => undefined);
  return Promise.race([work, dueAt]).finally(() => clearTimeout(timer));
}

function usageOf(model: string, input = 0, output = 0): common.TokenUsage {
  return common.TokenUsage.fromPartial({ model, inputTokens: input, outputTokens: output });
}

export async function generate(
  deps: GeneratorDeps,
  input: GenerateInput,
  ctx: CallContext | undefined,
): Promise<scribe.GenerateTestResponse> {
  const started = performance.now();
  const site = input.baseUrl.origin;
  const s = deps.settings;
  const llm = input.tierName === 'local' ? undefined : deps.llm;
  if (input.tierName !== 'local' && !llm)
    throw failedPrecondition(`tier ${input.tierName}: no LLM provider is configured (set ANTHROPIC_API_KEY)`);
  const modelId = input.tierName === 'local' ? 'local' : input.modelId || s.models[input.tierName];
  const fileName = input.fileName || fileNameOf(input.description);

  // 1. What memory knows about this site (skipped, not fatal, when embeddings are down).
  let hits: VectorHit[] = [];
  if (input.usePatterns) {
    try {
      hits = (
        await deps.memory.search(
          input.description,
          { site, topK: s.patternTopK, minScore: s.patternMinScore },
          ctx,
        )
      ).hits;
    } catch (err) {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'pattern retrieval unavailable; generating without memory',
      );
    }
  }

  // 2. Warm path: a passing spec for the same site, start page and values, meaning the same.
  if (input.tierName === 'local' && input.allowWarmPath && !input.feedback) {
    const warm = pickWarm(
      hits,
      { description: input.description, startPath: input.startPath },
      s.warmThreshold,
    );
    if (warm) {
      const spec = adaptSpec(warm.record.specSource, input.description);
      const report = deps.validator.validate(spec, {
        baseUrl: input.baseUrl.href,
        typeCheck: input.typeCheck,
        typeCheckSource: warm.record.specSource,
      });
      if (report.accepted) {
        return scribe.GenerateTestResponse.fromPartial({
          specSource: spec,
          fileName,
          steps: warm.record.steps.map((x) => scribe.Step.fromJSON(x)),
          patternsUsed: [
            {
              patternId: warm.record.id,
              score: warm.score,
              description: warm.record.description,
              usage: 'warm_path',
            },
          ],
          validation: report,
          usage: usageOf('local'),
          attempts: 1,
          warmPath: true,
          tier: input.tier,
          modelId,
          durationMs: Math.round(performance.now() - started),
          exploreSteps: 0,
        });
      }
    }
  }

  // 3. Explore the live page and generate, validating each attempt.
  const sameSite = hits.filter((h) => h.record.site === site);
  const known = new Set(sameSite.flatMap((h) => h.record.locators.map((l) => l.locator)));
  const plan = parseDescription(input.description, input.maxSteps);
  // The plan's target words are embedded while the page opens (the local generator then finds them
  // in the embedder's cache instead of waiting for that call after the page is up).
  const texts = llm ? [] : planTexts(plan.steps);
  if (texts.length > 0) void deps.embedder.embed(texts, ctx);
  // Tokens paid for across every attempt, counted turn by turn: an error after some were spent still
  // reports them (see withSpentUsage).
  const spent: LlmUsage = { inputTokens: 0, outputTokens: 0 };
  let usedModel = modelId;
  // Stops the model when the answer is due (answerInTime), so nothing is paid for after it.
  const stopModel = new AbortController();
  const llmSignal = ctx ? AbortSignal.any([ctx.signal, stopModel.signal]) : stopModel.signal;

  const exploreAndGenerate = async (): Promise<scribe.GenerateTestResponse> => {
    const release = await deps.explores.acquire(ctx?.signal);
    let page: PageSession | undefined;
    try {
      // Each attempt explores in a session of its own, as each run of the spec gets a new browser
      // context: what an earlier attempt left in cookies and storage (a chat already joined, a
      // session signed in) would hide the controls the plan starts with.
      const openPage = async (): Promise<PageSession> => {
        const remaining = ctx?.deadline !== undefined ? ctx.deadline - Date.now() : Number.POSITIVE_INFINITY;
        if (remaining <= 0) throw deadlineExceeded('no time left to explore the page');
        const exploreMs = Math.min(input.exploreTimeoutMs, remaining);
        let opened;
        try {
          opened = await openWithRetry(
            () =>
              openExplore(deps.runner, {
                url: new URL(input.startPath, input.baseUrl).href,
                deadlineMs: exploreMs,
                actionTimeoutMs: Math.min(s.openTimeoutMs, exploreMs),
                ...(ctx ? { parent: ctx } : {}),
              }),
            Date.now() + exploreMs,
            ctx?.signal,
          );
        } catch (err) {
          if (err instanceof Error && err.message.startsWith('could not open'))
            throw failedPrecondition(`base_url: ${err.message}`);
          if (err instanceof Error && 'code' in err) throw err;
          throw unavailable(`runner: ${err instanceof Error ? err.message : String(err)}`);
        }
        return new PageSession(opened.stream, opened.first, deps.embedder, ctx, s.actionTimeoutMs);
      };
      page = await openPage();
      let exploreSteps = 0;

      let attempts = 0;
      let spec = '';
      let report = scribe.ValidationReport.fromPartial({});
      let steps: scribe.Step[] = [];
      let usedLocators: string[] = [];
      let extra = '';
      let localFindings: scribe.Finding[] = [];
      for (attempts = 1; attempts <= input.maxAttempts; attempts++) {
        if (attempts > 1) {
          exploreSteps += page.steps;
          const previous = page;
          page = undefined;
          await previous.close();
          page = await openPage();
        }
        if (llm) {
          const out = await generateWithLlm(page, {
            provider: llm,
            model: modelId,
            description: input.description,
            startPath: input.startPath,
            feedback: extra || feedbackText(input.feedback, [], []),
            knownLocators: [...known],
            spent,
            maxTurns: s.llmMaxTurns,
            maxTokens: s.llmMaxTokens,
            signal: llmSignal,
          });
          usedModel = out.model || usedModel;
          spec = out.spec;
          steps = [];
          if (!spec) {
            report = scribe.ValidationReport.fromPartial({
              accepted: false,
              findings: [
                { ruleId: 'no-spec', severity: scribe.Severity.REJECT, message: out.problem ?? 'no spec' },
              ],
            });
            extra = `Your previous answer produced no spec: ${out.problem ?? ''}. Call submit_spec with the whole file.`;
            continue;
          }
        } else {
          const out = await generateLocal(page, {
            description: input.description,
            startPath: input.startPath,
            plan: plan.steps,
            known,
            forceObserved: attempts > 1,
          });
          spec = out.spec;
          steps = out.steps;
          usedLocators = out.locators.map((l) => l.locator);
          localFindings = [
            // An action that could not be done means the spec does not exercise the feature: reject, so the
            // pipeline escalates instead of running a test that proves nothing.
            ...out.missingActions.map((phrase) =>
              scribe.Finding.fromPartial({
                ruleId: 'unresolved-step',
                severity: scribe.Severity.REJECT,
                message: `Nothing on the page matches "${phrase}"; the spec would not perform it.`,
              }),
            ),
            ...out.unverified.map((phrase) =>
              scribe.Finding.fromPartial({
                ruleId: 'unverified-outcome',
                severity: scribe.Severity.WARNING,
                message: `"${phrase}" was not seen while exploring; it is asserted as described.`,
              }),
            ),
            ...unreadText(plan.skipped),
          ];
        }
        report = withFindings(
          deps.validator.validate(spec, { baseUrl: input.baseUrl.href, typeCheck: input.typeCheck }),
          localFindings,
        );
        if (report.accepted) break;
        // The local tier is deterministic: only a missing outcome assertion is worth another attempt
        // (it then adds every observed assertion); anything else would come out the same.
        const retryable = report.findings.some((f) => f.ruleId === 'require-outcome-assertion');
        if (!llm && !retryable) break;
        extra = feedbackText(
          input.feedback,
          report.findings.filter((f) => f.severity === scribe.Severity.REJECT),
          report.typeDiagnostics,
        );
      }
      attempts = Math.min(attempts, input.maxAttempts);
      const patternsUsed = sameSite
        .filter((h) => h.record.locators.some((l) => usedLocators.includes(l.locator)))
        .map((h) =>
          scribe.PatternUse.fromPartial({
            patternId: h.record.id,
            score: h.score,
            description: h.record.description,
            usage: 'locators',
          }),
        );
      return scribe.GenerateTestResponse.fromPartial({
        specSource: report.accepted ? spec : '',
        fileName,
        steps,
        patternsUsed,
        validation: report,
        usage: usageOf(usedModel, spent.inputTokens, spent.outputTokens),
        attempts,
        warmPath: false,
        tier: input.tier,
        modelId: usedModel,
        durationMs: Math.round(performance.now() - started),
        exploreSteps: exploreSteps + page.steps,
      });
    } catch (err) {
      throw withSpentUsage(err, usageOf(usedModel, spent.inputTokens, spent.outputTokens), deps.logger);
    } finally {
      // The answer does not wait for the runner to close the browser context (hundreds of ms on a busy
      // runner); the explore slot is only released once it has, so scribe never holds more sessions
      // than the runner accepts.
      const closing = page ? page.close().catch(() => undefined) : Promise.resolve();
      void closing.finally(release);
    }
  };
  if (!llm) return exploreAndGenerate();
  return answerInTime(exploreAndGenerate(), ctx?.deadline, () => {
    stopModel.abort();
    return withSpentUsage(
      deadlineExceeded('GenerateTest stopped just before its deadline, so its spend reaches the caller'),
      usageOf(usedModel, spent.inputTokens, spent.outputTokens),
      deps.logger,
    );
  });
}
