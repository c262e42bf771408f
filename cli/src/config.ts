import { address, loadConfig, oneOf, str, LOG_LEVELS, type ConfigOf } from '@superagent/config';

/** Where the CLI finds the services; flags override these. */
export const cliConfigSpec = {
  ROUTER_ADDR: address({ default: '127.0.0.1:50051', doc: 'router host:port' }),
  RUNNER_ADDR: address({ default: '127.0.0.1:50054', doc: 'runner host:port (superagent run)' }),
  COST_ADDR: address({ default: '127.0.0.1:50055', doc: 'cost host:port (superagent cost report)' }),
  SUPERAGENT_API_KEY: str({ optional: true, secret: true, doc: "API key sent to the router's public RPCs" }),
  SUPERAGENT_TENANT: str({ default: 'default', doc: 'tenant id for submitted features' }),
  LOG_LEVEL: oneOf(LOG_LEVELS, {
    default: 'warn',
    doc: 'log level of the services started by `npm run demo`',
  }),
};

export type CliConfig = ConfigOf<typeof cliConfigSpec>;

export const loadCliConfig = (env: NodeJS.ProcessEnv = process.env): CliConfig =>
  loadConfig(cliConfigSpec, env);
