// Public API of @superagent/demo: start the app, and the catalogue of its features.
export { startDemoApp, type DemoApp, type DemoAppOptions, type DemoFeatureStatus } from './start-demo-app';
export {
  BREAKABLE_IDS,
  FEATURE_IDS,
  HELD_OUT_PAGE_IDS,
  demoFeatures,
  isFeatureId,
  toFeatureSet,
  type BreakableId,
  type DemoFeature,
  type FeatureId,
  type FeatureKind,
  type HeldOutPageId,
} from './features';
export { DEMO_FIXTURES_DIR } from './fixtures-dir';
