// Bench options: a mistyped key or value stops the run before anything starts, naming it, instead of
// measuring defaults (or NaN rounds) under settings the caller did not get.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  BenchArgsError,
  choiceOption,
  describeOptions,
  intOption,
  listOption,
  optionalIntOption,
  parseBenchArgs,
} from '../src/options';

const specs = {
  rounds: intOption('pairs of runs', 12, { min: 1 }),
  processes: intOption('client processes', 2, { min: 1, max: 64 }),
  threads: optionalIntOption('threads', { min: 1 }),
  budgets: choiceOption('budget view', ['cost', 'off'], 'cost'),
  only: listOption('configs'),
};

function problemOf(words: string[]): string {
  try {
    parseBenchArgs(specs, words);
  } catch (err) {
    assert.ok(err instanceof BenchArgsError, `a BenchArgsError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`${words.join(' ')} was accepted`);
}

test('absent options take their defaults; optional ones stay undefined', () => {
  assert.deepEqual(parseBenchArgs(specs, ['--json']), {
    rounds: 12,
    processes: 2,
    threads: undefined,
    budgets: 'cost',
    only: undefined,
  });
});

test('given options are parsed to their types', () => {
  assert.deepEqual(
    parseBenchArgs(specs, [
      '--rounds=3',
      '--processes=64',
      '--threads=1',
      '--budgets=off',
      '--only=route,embed',
    ]),
    { rounds: 3, processes: 64, threads: 1, budgets: 'off', only: ['route', 'embed'] },
  );
});

test('a value that is no whole number, or out of range, names the option and the value', () => {
  for (const [word, expected] of [
    ['--rounds=x', /--rounds must be a whole number ≥ 1, got "x"/],
    ['--rounds=', /--rounds must be a whole number ≥ 1, got ""/],
    ['--rounds=2.5', /--rounds must be a whole number/],
    ['--rounds=1e3', /--rounds must be a whole number/],
    ['--rounds=0', /--rounds must be a whole number ≥ 1, got "0"/],
    ['--processes=65', /--processes must be a whole number from 1 to 64, got "65"/],
    ['--threads=-1', /--threads must be a whole number ≥ 1/],
    ['--budgets=none', /--budgets must be one of cost, off, got "none"/],
    ['--only=route,,embed', /--only must be a comma-separated list/],
  ] as const) {
    assert.match(problemOf([word]), expected, word);
  }
});

test('an unknown key, a repeated key and a stray word are refused, with the options listed', () => {
  const message = problemOf(['--round=3', '--rounds=2', '--rounds=4', 'extra']);
  assert.match(message, /unknown option --round\b/);
  assert.match(message, /--rounds given twice/);
  assert.match(message, /"extra" is not --key=value/);
  assert.match(message, /Options: --rounds, --processes, --threads, --budgets, --only/);
  assert.match(problemOf(['--rounds']), /"--rounds" is not --key=value/);
});

test('every problem is listed at once', () => {
  const message = problemOf(['--rounds=0', '--processes=x', '--nope=1']);
  assert.equal(message.split(';').length, 3, message);
});

test('help lists each option with its meaning and default', () => {
  const lines = describeOptions(specs);
  assert.equal(lines.length, 5);
  assert.match(lines[0] ?? '', /^ {2}--rounds= +pairs of runs \(default 12\)$/);
  assert.match(lines[2] ?? '', /^ {2}--threads= +threads$/);
  assert.match(lines[3] ?? '', /budget view \(cost \| off\) \(default cost\)$/);
});

test('the command line: a bad option exits 2 with the message (a bench run would exit 0)', async () => {
  const main = join(__dirname, '..', 'src', 'main.js');
  const failure = await promisify(execFile)(process.execPath, [main, 'router', '--rounds=x'], {
    timeout: 30_000,
  }).then(
    () => assert.fail('exited 0'),
    (err: { code?: number; stderr?: string }) => err,
  );
  assert.equal(failure.code, 2);
  assert.match(failure.stderr ?? '', /^bench: --rounds must be a whole number ≥ 1, got "x"/);
  assert.doesNotMatch(failure.stderr ?? '', /at .*\.js:\d+/, 'no stack trace for a usage error');
});
