import { ConfigError } from './load';

/** EX_CONFIG from sysexits.h: lets supervisors tell bad configuration from crashes. */
export const EXIT_CONFIG = 78;

/**
 * Runs a service's start-up. A ConfigError is printed as a list of problems (exit 78);
 * any other start-up failure is printed once (exit 1).
 */
export function runMain(start: () => Promise<void>): void {
  start().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(
      `start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
