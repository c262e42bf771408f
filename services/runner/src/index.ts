export { createRunnerService } from './server';
export { createRunnerStack, type RunnerStack } from './runner-stack';
export { loadRunnerConfig, runnerConfigSpec, type RunnerConfig, type RunnerSettings } from './config';
