// Library surface of @superagent/cli for benches and cross-service tests.
export { startStack, SERVICE_NAMES, DEFAULT_PORTS, type Stack, type StackOptions, type ServiceName } from './stack';
export { runDemo, formatDemoTable, type DemoReport, type DemoRow, type DemoOptions } from './demo/run-demo';
