import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { silentLogger } from '@superagent/logging';
import {
  REPEATED_SIGNAL_WINDOW_MS,
  startTestServer,
  watchStopSignals,
  type StopSignals,
  type TestServer,
} from '../src/index';
import { until } from './support';

const waitUntil = (predicate: () => boolean, what: string): Promise<void> => until(predicate, 5_000, what);

// Real signals to this process and a real server; only process.exit is replaced, by a callback.
// SIGWINCH, which does nothing by default: SIGTERM and SIGINT stay the test runner's.
describe('stop signals from the start of start-up', () => {
  let stop: StopSignals | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    stop?.removeListeners();
    await server?.stop();
  });

  function watch(): { stop: StopSignals; exits: number[] } {
    const exits: number[] = [];
    stop = watchStopSignals(silentLogger(), { signals: ['SIGWINCH'], onExit: (code) => exits.push(code) });
    return { stop, exits };
  }

  it('remembers a signal that comes before the server exists, and shuts down in order once it does', async () => {
    const { stop, exits } = watch();
    process.kill(process.pid, 'SIGWINCH');
    await waitUntil(() => stop.signal.aborted, 'the stop signal');
    assert.deepEqual(exits, []);

    server = await startTestServer([]);
    const running = server.server;
    const steps: string[] = [];
    stop.serve(running, {
      logger: silentLogger(),
      drainMs: 0,
      graceMs: 1_000,
      closers: [
        {
          name: 'batcher',
          close: () => Promise.resolve(void steps.push(`batcher (serving ${running.isServing()})`)),
        },
        { name: 'model', close: () => Promise.resolve(void steps.push('model')) },
      ],
      flushTelemetry: () => Promise.resolve(void steps.push('telemetry')),
    });
    await waitUntil(() => exits.length > 0, 'the exit');
    assert.deepEqual(exits, [0]);
    assert.deepEqual(steps, ['batcher (serving false)', 'model', 'telemetry']);
  });

  it('exits 1 at once on a second signal, not on the first one delivered again', async () => {
    const { stop, exits } = watch();
    process.kill(process.pid, 'SIGWINCH');
    await waitUntil(() => stop.signal.aborted, 'the first signal');
    process.kill(process.pid, 'SIGWINCH');
    await new Promise((resolve) => setTimeout(resolve, REPEATED_SIGNAL_WINDOW_MS + 100));
    assert.deepEqual(exits, [], 'a repeat within the window is the same stop');
    process.kill(process.pid, 'SIGWINCH');
    await waitUntil(() => exits.length > 0, 'the exit');
    assert.deepEqual(exits, [1]);
  });
});
