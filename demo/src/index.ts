// Public API of @superagent/demo: start the app, and the catalogue of its features.
export { startDemoApp, type DemoApp, type DemoAppOptions, type DemoFeatureStatus } from './start-demo-app';
export {
  FEATURE_IDS,
  demoFeatures,
  isFeatureId,
  toFeatureSet,
  type DemoFeature,
  type FeatureId,
  type FeatureKind,
} from './features';
export { DEMO_FIXTURES_DIR } from './fixtures-dir';
