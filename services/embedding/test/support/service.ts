import { createClient, type GrpcClient, startTestServer, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding } from '@superagent/proto';
import type { EmbeddingModel } from '../../src/domain/model';
import type { BatcherOptions } from '../../src/domain/micro-batcher';
import { createEmbeddingStack, type EmbeddingStack } from '../../src/embedding-stack';
import type { EmbedLimits } from '../../src/handlers/validate-embed';
import { createEmbeddingService } from '../../src/server';

export type EmbeddingClient = GrpcClient<typeof embedding.EmbeddingServiceService>;

export interface RunningService {
  readonly stack: EmbeddingStack;
  readonly server: TestServer;
  readonly client: EmbeddingClient;
  stop(): Promise<void>;
}

/** The real service on 127.0.0.1 (free port) with the generated client, as the tests use it. */
export async function startService(
  model: EmbeddingModel,
  options: { cacheSize: number; batch: BatcherOptions; limits: EmbedLimits },
): Promise<RunningService> {
  const stack = createEmbeddingStack(model, options);
  const server = await startTestServer([
    createEmbeddingService({ stack, limits: options.limits, isReady: () => true, isWarm: () => true }),
  ]);
  const client = createClient(embedding.EmbeddingServiceService, server.address, {
    target: 'embedding',
    defaultDeadlineMs: 10_000,
    logger: silentLogger(),
    breaker: false,
  });
  return {
    stack,
    server,
    client,
    async stop() {
      client.close();
      await server.stop();
      await stack.batcher.close();
    },
  };
}

/** Polls `condition` until it holds (never a fixed sleep). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Polls until the batcher holds at least `n` queued texts. */
export function waitForQueued(stack: EmbeddingStack, n: number): Promise<void> {
  return waitUntil(() => stack.batcher.stats().queued >= n, `${n} queued texts`);
}
