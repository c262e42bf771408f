// `npm run dev`: the five services on their default ports with reflection on, output prefixed,
// until Ctrl-C.
import { devMetricsPorts } from './dev-metrics';
import { DEFAULT_PORTS, SERVICE_NAMES, startStack } from './stack';

async function main(): Promise<void> {
  const width = Math.max(...SERVICE_NAMES.map((n) => n.length));
  const metricsPorts = devMetricsPorts(process.env);
  const stack = await startStack({
    ports: DEFAULT_PORTS,
    env: { GRPC_REFLECTION: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    ...(metricsPorts && {
      serviceEnv: Object.fromEntries(
        SERVICE_NAMES.map((name) => [name, { OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPorts[name]) }]),
      ),
    }),
    onLine: (service, line) => process.stdout.write(`${service.padEnd(width)} | ${line}\n`),
  });
  process.stdout.write('\nSuperAgent is up (gRPC, reflection on):\n');
  for (const name of SERVICE_NAMES) {
    const metrics = metricsPorts ? `  metrics :${metricsPorts[name]}/metrics` : '';
    process.stdout.write(`  ${name.padEnd(width)}  ${stack.address(name)}  SERVING${metrics}\n`);
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
