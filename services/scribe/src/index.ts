// Public surface for benchmarks and tools (services never import each other).
export { createScribeService, type ScribeServiceDeps } from './server';
export { createScribeStack, type ScribeStack } from './scribe-stack';
export { loadScribeConfig, scribeConfigSpec, type ScribeConfig } from './config';
