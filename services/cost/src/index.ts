// What other packages may use without starting the process: the config spec (README tables, chart
// checks), the service factory and the store backends (benchmarks, embedded setups).
export { costConfigSpec, loadCostConfig, type CostConfig } from './config';
export { createCostService, type CostServiceDeps } from './server';
export { createMemoryCostStore } from './store/memory-store';
export { createRedisCostStore } from './store/redis-store';
export type { CostStore } from './store/cost-store';
