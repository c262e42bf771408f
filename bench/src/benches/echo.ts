// The transport baseline on its own: what a bare grpc-js unary echo does on this machine.
import { BARE_ECHO_SERVICE_NAME, startBareEchoServer } from '@superagent/grpc';
import { defineBench } from '../harness';
import { intOption } from '../options';
import { runLoad } from '../load/driver';

export const bench = defineBench({
  name: 'echo',
  description: 'bare grpc-js echo on loopback (the transport baseline other benches compare with)',
  options: {
    concurrency: intOption('calls in flight', 50, { min: 1 }),
    processes: intOption('client processes sending them', 2, { min: 1, max: 64 }),
    durationMs: intOption('measured time after a 1 s warm-up', 5_000, { min: 100 }),
  },
  async run({ args }) {
    const server = await startBareEchoServer();
    try {
      const { concurrency, processes, durationMs } = args;
      const result = await runLoad({
        address: server.address,
        call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
        bare: true,
        data: ['x'.repeat(100)],
        concurrency,
        processes,
        warmupMs: 1_000,
        durationMs,
      });
      const figures = {
        echo_rps: Math.round(result.rps),
        echo_p50_ms: result.latency.p50,
        echo_p99_ms: result.latency.p99,
        errors: result.errors,
      };
      return {
        bench: 'echo',
        figures,
        goals: {},
        notes: [`${concurrency} in flight over ${processes} client processes, 100-byte payload`],
      };
    } finally {
      await server.stop();
    }
  },
});
