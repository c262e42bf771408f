// @superagent/proto: the generated gRPC API of every SuperAgent service (ts-proto, grpc-js flavour),
// one namespace per proto package, plus the descriptor set that servers hand to gRPC reflection.
// The generated code lives in ./gen and is produced by `npm run proto:gen`; never edit it by hand.
import * as path from 'node:path';

export * as common from './gen/superagent/common/v1/common';
export * as router from './gen/superagent/router/v1/router';
export * as scribe from './gen/superagent/scribe/v1/scribe';
export * as embedding from './gen/superagent/embedding/v1/embedding';
export * as runner from './gen/superagent/runner/v1/runner';
export * as cost from './gen/superagent/cost/v1/cost';
export { varintSize, writeVarint, WireWriter } from './wire';
export { decodeSpentUsage, encodeSpentUsage, SPENT_USAGE_METADATA_KEY } from './spent-usage';

/**
 * Absolute path of the binary FileDescriptorSet (all SuperAgent protos plus their imports, with source
 * info), for `@grpc/proto-loader`'s `loadFileDescriptorSetFromBuffer` and reflection. It sits at the
 * package root, two levels above the compiled `dist/src/index.js`.
 */
export const descriptorSetPath: string = path.resolve(__dirname, '..', '..', 'descriptors.binpb');

/** Fully qualified names of the five services, e.g. for health checks and reflection listings. */
export const serviceNames = {
  router: 'superagent.router.v1.RouterService',
  scribe: 'superagent.scribe.v1.ScribeService',
  embedding: 'superagent.embedding.v1.EmbeddingService',
  runner: 'superagent.runner.v1.RunnerService',
  cost: 'superagent.cost.v1.CostService',
} as const;

/** Short name of a SuperAgent service. */
export type ServiceKey = keyof typeof serviceNames;
