import type * as grpc from '@grpc/grpc-js';
import { type HostedService, unary } from '@superagent/grpc';
import { embedding, serviceNames } from '@superagent/proto';
import type { EmbeddingStack } from './embedding-stack';
import { encodeEmbedReply } from './handlers/embed-reply';
import { embedHandler } from './handlers/embed.handler';
import { getInfoHandler } from './handlers/get-info.handler';
import type { EmbedLimits } from './handlers/validate-embed';

export interface EmbeddingServiceDeps {
  readonly stack: EmbeddingStack;
  readonly limits: EmbedLimits;
  /** True once the warm-up has finished and no model thread has died (GetInfo.ready). */
  readonly isReady: () => boolean;
  /** True once the warm-up has finished; until then Embed answers UNAVAILABLE. */
  readonly isWarm: () => boolean;
}

/**
 * The generated service definition, except that Embed responses are serialised by
 * encodeEmbedReply (same bytes, straight from the Float32Array vectors).
 */
const definition = {
  ...embedding.EmbeddingServiceService,
  embed: { ...embedding.EmbeddingServiceService.embed, responseSerialize: encodeEmbedReply },
} satisfies grpc.ServiceDefinition;

export function createEmbeddingService(deps: EmbeddingServiceDeps): HostedService {
  const implementation: grpc.UntypedServiceImplementation = {
    embed: unary(embedHandler(deps.stack.embedder, deps.limits, deps.isWarm)),
    getInfo: unary(getInfoHandler(deps.stack, deps.limits, deps.isReady)),
  };
  return { definition, implementation, name: serviceNames.embedding };
}
