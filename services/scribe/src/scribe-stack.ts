// Builds scribe's parts from configuration: downstream clients (runner, embedding), pattern memory on
// the configured backend, the validator, and the optional LLM provider. main.ts and tests share it.
import type { Logger } from '@superagent/logging';
import { createEmbedder, createEmbeddingClient, type Embedder } from './clients/embedder';
import { createRunnerClient, type RunnerClient } from './clients/runner-client';
import type { ScribeConfig } from './config';
import { parseOriginPattern } from './domain/origin-policy';
import { Semaphore } from './domain/semaphore';
import { createAnthropicLlm } from './llm/anthropic-llm';
import type { ScribeServiceDeps } from './server';
import { openEmbeddedStore } from './store/embedded-store';
import { createPatternMemory, type PatternMemory } from './store/pattern-memory';
import { createQdrantStore } from './store/qdrant-store';
import { tracedVectorStore } from './store/traced-vector-store';
import { createTypeChecker } from './validation/type-checker';
import { createValidator } from './validation/validator';

export interface ScribeStack {
  deps: ScribeServiceDeps;
  runner: RunnerClient;
  embedder: Embedder;
  memory: PatternMemory;
  /** Loads the TypeScript and Playwright declarations once, so the first request does not pay for it. */
  warmUp(): void;
  close(): Promise<void>;
}

const WARM_UP_SPEC = `import { test, expect } from '@playwright/test';

test.describe('warm-up', () => {
  test('loads the declarations', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle(/./);
  });
});
`;

export async function createScribeStack(config: ScribeConfig, logger: Logger): Promise<ScribeStack> {
  const runner = createRunnerClient(config.RUNNER_ADDR, logger);
  const embedder = createEmbedder(
    createEmbeddingClient(config.EMBEDDING_ADDR, config.SCRIBE_EMBED_DEADLINE_MS, logger),
    config.SCRIBE_EMBED_CACHE_SIZE,
    logger,
  );
  const store =
    config.SCRIBE_VECTOR_BACKEND === 'qdrant' && config.QDRANT_URL
      ? await createQdrantStore({
          url: config.QDRANT_URL,
          ...(config.QDRANT_API_KEY ? { apiKey: config.QDRANT_API_KEY } : {}),
          collectionPrefix: config.SCRIBE_QDRANT_COLLECTION,
          timeoutMs: config.SCRIBE_QDRANT_TIMEOUT_MS,
          logger,
        })
      : await openEmbeddedStore({
          maxPatterns: config.SCRIBE_EMBEDDED_MAX_PATTERNS,
          ...(config.SCRIBE_EMBEDDED_PATH ? { file: config.SCRIBE_EMBEDDED_PATH } : {}),
          logger,
        });
  const memory = createPatternMemory(tracedVectorStore(store), embedder);
  const validator = createValidator(createTypeChecker());
  const llm = config.ANTHROPIC_API_KEY
    ? createAnthropicLlm({
        apiKey: config.ANTHROPIC_API_KEY,
        ...(config.ANTHROPIC_BASE_URL ? { baseUrl: config.ANTHROPIC_BASE_URL } : {}),
        timeoutMs: config.SCRIBE_LLM_TIMEOUT_MS,
      })
    : undefined;
  const deps: ScribeServiceDeps = {
    runner,
    embedder,
    memory,
    validator,
    explores: new Semaphore(config.SCRIBE_MAX_EXPLORES),
    llm,
    allowedOrigins: config.SCRIBE_ALLOWED_ORIGINS.map(parseOriginPattern),
    logger,
    settings: {
      exploreTimeoutMs: config.SCRIBE_EXPLORE_TIMEOUT_MS,
      actionTimeoutMs: config.SCRIBE_ACTION_TIMEOUT_MS,
      openTimeoutMs: config.SCRIBE_OPEN_TIMEOUT_MS,
      maxAttempts: config.SCRIBE_MAX_ATTEMPTS,
      typeCheck: config.SCRIBE_TYPE_CHECK,
      patternMinScore: config.SCRIBE_PATTERN_MIN_SCORE,
      patternTopK: config.SCRIBE_PATTERN_TOP_K,
      warmThreshold: config.SCRIBE_WARM_THRESHOLD,
      models: {
        haiku: config.SCRIBE_MODEL_HAIKU,
        sonnet: config.SCRIBE_MODEL_SONNET,
        opus: config.SCRIBE_MODEL_OPUS,
      },
      llmMaxTokens: config.SCRIBE_LLM_MAX_TOKENS,
      llmMaxTurns: config.SCRIBE_LLM_MAX_TURNS,
    },
  };
  return {
    deps,
    runner,
    embedder,
    memory,
    warmUp() {
      validator.validate(WARM_UP_SPEC, { typeCheck: true });
    },
    async close() {
      runner.close();
      embedder.close();
      await memory.close();
    },
  };
}
