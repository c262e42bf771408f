// Public surface for benchmarks and tools (services never import each other).
export { createEmbeddingStack, type EmbeddingStack, type StackOptions } from './embedding-stack';
export { createEmbeddingService, type EmbeddingServiceDeps } from './server';
export type { EmbeddingModel, ModelInfo, ModelKind } from './domain/model';
export { dot } from './domain/vector-math';
export { loadModel, type ModelSpec } from './models/model-spec';
export { startWorkerModel } from './models/worker-model';
export { createLexicalModel, LEXICAL_MODEL_NAME } from './models/lexical/lexical-model';
export {
  FIXTURE_BUILDER_VERSION,
  MINILM_SHAPED_FIXTURE,
  TINY_FIXTURE,
  writeModelFixture,
  type FixturePreset,
} from './fixture/model-fixture';
export { embeddingConfigSpec } from './config';
