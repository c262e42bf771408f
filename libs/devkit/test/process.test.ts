import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { freePorts, startProcess, trackedChildCount, waitFor, type ManagedProcess } from '../src/index';

const node = process.execPath;

describe('startProcess', () => {
  const started: ManagedProcess[] = [];
  let parentReady = false;
  after(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
  });

  it('waits for readiness, keeps the output tail and stops with SIGTERM', async () => {
    // Ready once both lines arrived: the child can be stopped between its two writes otherwise.
    const seen = new Set<string>();
    const child = await startProcess({
      name: 'sleeper',
      command: node,
      args: ['-e', 'console.log("hello"); console.error("to stderr"); setInterval(() => {}, 1000)'],
      readyWhen: async () => seen.size === 2,
      onLine: (line, stream) => {
        seen.add(`${stream}:${line}`);
      },
    });
    started.push(child);
    assert.ok(child.pid > 0);
    assert.equal(child.running(), true);
    assert.ok(trackedChildCount() >= 1);
    const exit = await child.stop();
    assert.deepEqual(exit, { code: null, signal: 'SIGTERM' });
    assert.deepEqual([...seen].sort(), ['stderr:to stderr', 'stdout:hello']);
    assert.deepEqual(child.tail().sort(), ['hello', 'to stderr']);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    let up = false;
    const child = await startProcess({
      name: 'stubborn',
      command: node,
      args: ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'],
      readyWhen: async () => up,
      onLine: (line) => {
        if (line === 'up') up = true;
      },
    });
    started.push(child);
    const exit = await child.stop('SIGTERM', 300);
    assert.equal(exit.signal, 'SIGKILL');
  });

  it('reports an early exit with the last output lines', async () => {
    await assert.rejects(
      startProcess({
        name: 'crasher',
        command: node,
        args: ['-e', 'console.error("boom: bad config"); process.exit(3)'],
        readyWhen: async () => false,
      }),
      /crasher exited with code 3[\s\S]*boom: bad config/,
    );
  });

  it('reports a readiness timeout and kills the child', async () => {
    await assert.rejects(
      startProcess({
        name: 'never-ready',
        command: node,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        readyWhen: async () => false,
        timeoutMs: 200,
      }),
      /never-ready .* did not start: timed out after 200 ms/,
    );
  });

  it('reports a missing executable', async () => {
    await assert.rejects(
      startProcess({ name: 'ghost', command: '/nonexistent/binary' }),
      /ghost: could not start \/nonexistent\/binary: .*ENOENT/,
    );
  });

  it("stopping a child the parent's own stop signal was passed on to does not signal it again", async () => {
    // The child counts its SIGTERMs; the parent (a launcher with its own handler, like npm run dev)
    // stops it on SIGTERM and reports what the child printed.
    const child = `let n = 0;
      process.on('SIGTERM', () => { console.log('sigterm ' + ++n); setTimeout(() => process.exit(0), 300); });
      console.log('up'); setInterval(() => {}, 1000);`;
    const parent = await startProcess({
      name: 'launcher',
      command: node,
      args: [
        '-e',
        `const { startProcess } = require(${JSON.stringify(require.resolve('../src/index'))});
         let up = false;
         startProcess({ name: 'service', command: process.execPath, args: ['-e', ${JSON.stringify(child)}],
             readyWhen: async () => up, onLine: (l) => { if (l === 'up') up = true; } })
           .then((c) => {
             process.on('SIGTERM', () => c.stop().then(() => { console.log('service: ' + c.tail().join('|')); process.exit(0); }));
             console.log('ready');
           });`,
      ],
      readyWhen: async () => parentReady,
      onLine: (line) => {
        if (line === 'ready') parentReady = true;
      },
    });
    started.push(parent);
    await parent.stop('SIGTERM', 5000);
    assert.deepEqual(
      parent.tail().filter((l) => l.startsWith('service:')),
      ['service: up|sigterm 1'],
      parent.tail().join('\n'),
    );
  });

  it('kills children when the parent exits', async () => {
    const parent = await startProcess({
      name: 'parent',
      command: node,
      args: [
        '-e',
        `const { startProcess } = require(${JSON.stringify(require.resolve('../src/index'))});
         startProcess({ name: 'grandchild', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] })
           .then((c) => { console.log('pid ' + c.pid); setTimeout(() => process.exit(0), 50); });`,
      ],
    });
    started.push(parent);
    await parent.exited;
    const line = parent.tail().find((l) => l.startsWith('pid '));
    assert.ok(line, `parent printed a pid: ${parent.tail().join('|')}`);
    const pid = Number(line.slice(4));
    // Dead means gone or a zombie waiting for init to reap it.
    await waitFor(
      () => !existsSync(`/proc/${pid}`) || /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      {
        timeoutMs: 3000,
        what: `grandchild ${pid} to die`,
      },
    );
  });
});

describe('freePorts', () => {
  it('returns distinct ports', async () => {
    const ports = await freePorts(5);
    assert.equal(new Set(ports).size, 5);
    for (const port of ports) assert.ok(port > 0 && port < 65536);
  });
});
