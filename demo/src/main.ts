// CLI entry: `node demo/dist/src/main.js --port 4000 --broken login,cart`. Runs until SIGINT/SIGTERM.
import { CliError, USAGE, parseCliArgs, type CliOptions } from './cli-args';
import { demoFeatures } from './features';
import { startDemoApp, type DemoApp } from './start-demo-app';

function describe(app: DemoApp): string {
  const broken = app.features.filter((f) => f.broken).map((f) => f.id);
  const width = Math.max(...app.features.map((f) => f.id.length));
  return [
    `Demo Shop:       ${app.url}`,
    `DemoID provider: ${app.providerUrl}`,
    `Broken:          ${broken.length === 0 ? 'none' : broken.join(', ')}`,
    '',
    ...app.features.map(
      (f) => `  ${f.id.padEnd(width)}  ${f.kind.padEnd(7)}  ${f.url}${f.broken ? '  [broken]' : ''}`,
    ),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function run(options: CliOptions): Promise<void> {
  const app = await startDemoApp({
    port: options.port,
    providerPort: options.providerPort,
    host: options.host,
    broken: options.broken,
  });
  const out = options.json
    ? JSON.stringify({
        url: app.url,
        port: app.port,
        providerUrl: app.providerUrl,
        providerPort: app.providerPort,
        features: app.features,
      })
    : describe(app);
  process.stdout.write(`${out}\n`);
  const shutdown = (): void => {
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`demo: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function main(argv: readonly string[]): void {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (err: unknown) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`demo: ${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (options.list) {
    process.stdout.write(`${JSON.stringify(demoFeatures, null, 2)}\n`);
    return;
  }
  run(options).catch((err: unknown) => {
    process.stderr.write(`demo: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

main(process.argv.slice(2));
