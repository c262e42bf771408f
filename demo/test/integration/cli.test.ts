// The CLI as a user runs it: a real process, its startup line, a request, then SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const MAIN = path.join(__dirname, '..', '..', 'src', 'main.js');

function run(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Resolves with the first complete stdout line: the CLI prints it once both servers listen. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const nl = buffered.indexOf('\n');
      if (nl >= 0) resolve(buffered.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${String(code)} before printing`)));
  });
}

describe('demo CLI', () => {
  const started: ChildProcess[] = [];
  after(() => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  });

  test('starts with --broken, serves the broken variant, and exits 0 on SIGTERM', async () => {
    const child = run(['--port', '0', '--broken', 'login,cart', '--json']);
    started.push(child);
    const info = JSON.parse(await firstLine(child)) as {
      url: string;
      features: { id: string; broken: boolean }[];
    };
    assert.deepEqual(
      info.features.filter((f) => f.broken).map((f) => f.id),
      ['login', 'cart'],
    );
    const res = await fetch(`${info.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=demo%40example.com&password=demo-pass',
      redirect: 'manual',
    });
    assert.equal(res.status, 401);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  test('bad arguments exit 2 with the reason and the usage', async () => {
    const { code, stderr } = await output(run(['--broken', 'nope']));
    assert.equal(code, 2);
    assert.match(stderr, /--broken: unknown feature id\(s\): nope/);
    assert.match(stderr, /Usage: node demo\/dist\/src\/main\.js/);
  });

  test('--list prints the catalogue', async () => {
    const { code, stdout } = await output(run(['--list']));
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as unknown[]).length, 14);
  });
});
