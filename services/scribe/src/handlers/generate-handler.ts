// GenerateTest: validate the request, then generate (see generation/generator.ts).
import { trace } from '@opentelemetry/api';
import { type CallContext } from '@superagent/grpc';
import { ATTR } from '@superagent/telemetry';
import type { scribe } from '@superagent/proto';
import { sitePaths } from '../domain/literals';
import type { OriginPattern } from '../domain/origin-policy';
import { generate, type GeneratorDeps } from '../generation/generator';
import {
  intInRange,
  MAX_DESCRIPTION_BYTES,
  requireBaseUrl,
  requireFeedback,
  requireFileName,
  requireModelId,
  requireStartPath,
  requireText,
  requireTier,
} from './input-checks';

export interface GenerateHandlerDeps extends GeneratorDeps {
  allowedOrigins: readonly OriginPattern[];
}

export async function handleGenerate(
  deps: GenerateHandlerDeps,
  req: scribe.GenerateTestRequest,
  ctx: CallContext,
): Promise<scribe.GenerateTestResponse> {
  const description = requireText('description', req.description, MAX_DESCRIPTION_BYTES);
  const baseUrl = requireBaseUrl('base_url', req.baseUrl, deps.allowedOrigins);
  const startPath = requireStartPath('start_path', req.startPath);
  const tier = requireTier('tier', req.tier);
  const modelId = requireModelId('model_id', req.modelId);
  requireFeedback(req.feedback);
  const o = req.options;
  const s = deps.settings;
  const res = await generate(
    deps,
    {
      description: sitePaths(description, baseUrl),
      baseUrl,
      startPath,
      tier: tier.tier,
      tierName: tier.name,
      modelId,
      feedback: req.feedback,
      maxAttempts: intInRange('options.max_attempts', o?.maxAttempts, 1, 3, s.maxAttempts),
      usePatterns: o?.usePatterns ?? true,
      allowWarmPath: o?.allowWarmPath ?? true,
      exploreTimeoutMs: intInRange(
        'options.explore_timeout_ms',
        o?.exploreTimeoutMs === undefined ? undefined : Number(o.exploreTimeoutMs),
        1000,
        600_000,
        s.exploreTimeoutMs,
      ),
      maxSteps: intInRange('options.max_steps', o?.maxSteps, 1, 50, 30),
      typeCheck: o?.typeCheck ?? s.typeCheck,
      fileName: requireFileName('options.file_name', o?.fileName ?? ''),
    },
    ctx,
  );
  // The call's server span says what the generation cost: tier, model and tokens (counts only).
  trace.getActiveSpan()?.setAttributes({
    [ATTR.tier]: tier.name,
    [ATTR.model]: res.usage?.model || res.modelId || modelId,
    [ATTR.tokensInput]: res.usage?.inputTokens ?? 0,
    [ATTR.tokensOutput]: res.usage?.outputTokens ?? 0,
    [ATTR.attempt]: res.attempts,
  });
  return res;
}
