// The transport baseline on its own: what a bare grpc-js unary echo does on this machine.
import { BARE_ECHO_SERVICE_NAME, startBareEchoServer } from '@superagent/grpc';
import type { Bench } from '../harness';
import { runLoad } from '../load/driver';

export const bench: Bench = {
  name: 'echo',
  description: 'bare grpc-js echo on loopback (the transport baseline other benches compare with)',
  async run({ args }) {
    const server = await startBareEchoServer();
    try {
      const concurrency = Number(args.concurrency ?? 50);
      const result = await runLoad({
        address: server.address,
        call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
        bare: true,
        data: ['x'.repeat(100)],
        concurrency,
        processes: Number(args.processes ?? 2),
        warmupMs: 1_000,
        durationMs: Number(args.durationMs ?? 5_000),
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
        notes: [`${concurrency} in flight over ${args.processes ?? 2} client processes, 100-byte payload`],
      };
    } finally {
      await server.stop();
    }
  },
};
