import { type HostedService, unary } from '@superagent/grpc';
import { embedding, serviceNames } from '@superagent/proto';
import type { EmbeddingStack } from './embedding-stack';
import { embedHandler } from './handlers/embed.handler';
import { getInfoHandler } from './handlers/get-info.handler';
import type { EmbedLimits } from './handlers/validate-embed';

export interface EmbeddingServiceDeps {
  readonly stack: EmbeddingStack;
  readonly limits: EmbedLimits;
  /** True once the model has answered its warm-up (GetInfo.ready). */
  readonly isReady: () => boolean;
}

export function createEmbeddingService(deps: EmbeddingServiceDeps): HostedService {
  const implementation: embedding.EmbeddingServiceServer = {
    embed: unary(embedHandler(deps.stack.embedder, deps.limits)),
    getInfo: unary(getInfoHandler(deps.stack, deps.limits, deps.isReady)),
  };
  return { definition: embedding.EmbeddingServiceService, implementation, name: serviceNames.embedding };
}
