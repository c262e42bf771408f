// Library surface of @superagent/cli for benches and cross-service tests.
export {
  startStack,
  REPO_ROOT,
  SERVICE_NAMES,
  DEFAULT_PORTS,
  type Stack,
  type StackOptions,
  type ServiceName,
} from './stack';
export {
  runDemo,
  formatDemoTable,
  demoOutcome,
  SIMPLE_QUALITY_BAR,
  type DemoReport,
  type DemoRow,
  type DemoOptions,
  type DemoOutcome,
} from './demo/run-demo';
export { startDemoStack, demoServiceEnv, DEMO_FIXTURES_DIR, DEMO_EXPLORE_SESSIONS } from './demo/demo-stack';
