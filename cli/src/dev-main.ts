// `npm run dev`: the five services on their default ports with reflection on, output prefixed,
// until Ctrl-C.
import { DEFAULT_PORTS, SERVICE_NAMES, startStack } from './stack';

async function main(): Promise<void> {
  const width = Math.max(...SERVICE_NAMES.map((n) => n.length));
  const stack = await startStack({
    ports: DEFAULT_PORTS,
    env: { GRPC_REFLECTION: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    onLine: (service, line) => process.stdout.write(`${service.padEnd(width)} | ${line}\n`),
  });
  process.stdout.write('\nSuperAgent is up (gRPC, reflection on):\n');
  for (const name of SERVICE_NAMES) {
    process.stdout.write(`  ${name.padEnd(width)}  ${stack.address(name)}  SERVING\n`);
  }
  process.stdout.write('Ctrl-C stops everything.\n');
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`dev: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
