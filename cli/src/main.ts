#!/usr/bin/env node
// `superagent <command>`: a thin client of the services' public gRPC APIs.
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { common, cost } from '@superagent/proto';
import { ConfigError } from '@superagent/config';
import { loadCliConfig } from './config';
import type { CommandContext } from './commands/context';
import { generateCommand, submitCommand, watchCommand, type SubmitInput } from './commands/feature';
import { runCommand } from './commands/run';
import { routeCommand } from './commands/route';
import { costReportCommand } from './commands/cost-report';

const USAGE = `usage: superagent <command> [options]

commands:
  generate "<description>" --url <base-url> [--path /start] [--out dir]   submit, wait, write the spec (default out/specs)
  submit "<description>" --url <base-url> [--path /start] [--key idem]     submit a feature, print the task id
  watch <task-id> [--out dir]                                              follow a task until it finishes (--out: write its spec)
  run <spec-file> --url <base-url> [--timeout ms]                          run a spec on the runner
  route "<description>" [--type write_test] [--test-path p]                ask the router for a decision
  cost report [--scope global|tenant|session|feature] [--id x] [--days 7]  spend report (the last 1–30 days)

common options:
  --json             machine-readable output (progress still goes to stderr)
  --router host:port --runner host:port --cost host:port   (or ROUTER_ADDR, RUNNER_ADDR, COST_ADDR)
  --tenant id --session id                                 (or SUPERAGENT_TENANT)
  --feature id       generate, submit: the feature's id in budgets and reports (default: from the description)
exit code: 0 on success / a passing test, 1 on a failing test or task, 2 on bad usage, 3 on errors.`;

class UsageError extends Error {}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

/** A whole number ≥ `min` given for `option`. */
/** How far back a cost report reaches: the cost service keeps days for 30 days. */
const REPORT_MAX_DAYS = 30;

function wholeNumber(value: string, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `${option} takes a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got "${value}"`,
    );
  return n;
}

/** One of an enum's names, lower-case without its prefix (`write_test` for TASK_TYPE_WRITE_TEST). */
function choice(value: string, option: string, names: readonly string[]): string {
  const name = value.trim().toLowerCase();
  if (!names.includes(name))
    throw new UsageError(`${option} takes one of ${names.join(', ')}, got "${value}"`);
  return name;
}

/** The names a generated enum offers, lower-case, as `choice` takes them (no UNSPECIFIED). */
function enumNames(e: Record<string, string | number>): string[] {
  return Object.keys(e)
    .filter((k) => /^[A-Z][A-Z_]*$/.test(k) && k !== 'UNSPECIFIED' && k !== 'UNRECOGNIZED')
    .map((k) => k.toLowerCase());
}

const TASK_TYPES = enumNames(common.TaskType);
const REPORT_SCOPES = enumNames(cost.ReportScope);

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      url: { type: 'string' },
      path: { type: 'string', default: '/' },
      out: { type: 'string' },
      key: { type: 'string' },
      feature: { type: 'string' },
      timeout: { type: 'string' },
      type: { type: 'string', default: 'write_test' },
      'test-path': { type: 'string', default: '' },
      scope: { type: 'string', default: 'global' },
      id: { type: 'string', default: '' },
      days: { type: 'string', default: '7' },
      router: { type: 'string' },
      runner: { type: 'string' },
      cost: { type: 'string' },
      tenant: { type: 'string' },
      session: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const config = loadCliConfig();
  const ctx: CommandContext = {
    addresses: {
      router: values.router ?? config.ROUTER_ADDR,
      runner: values.runner ?? config.RUNNER_ADDR,
      cost: values.cost ?? config.COST_ADDR,
    },
    apiKey: config.SUPERAGENT_API_KEY,
    json: values.json,
    print: (result) =>
      process.stdout.write(
        `${typeof result === 'string' ? result : JSON.stringify(result, null, values.json ? 0 : 2)}\n`,
      ),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
  const feature = (): SubmitInput => ({
    description: need(rest[0], 'the feature description'),
    baseUrl: need(values.url, '--url'),
    startPath: values.path,
    tenantId: values.tenant ?? config.SUPERAGENT_TENANT,
    sessionId: values.session ?? '',
    idempotencyKey: values.key ?? '',
    featureId: values.feature ?? '',
  });
  switch (command) {
    case 'generate':
      return generateCommand(ctx, feature(), values.out ?? 'out/specs');
    case 'submit':
      return submitCommand(ctx, feature());
    case 'watch':
      return watchCommand(ctx, need(rest[0], 'the task id'), values.out);
    case 'run':
      return runCommand(
        ctx,
        need(rest[0], 'the spec file'),
        need(values.url, '--url'),
        values.timeout ? wholeNumber(values.timeout, '--timeout', 1) : undefined,
      );
    case 'route':
      return routeCommand(ctx, {
        description: need(rest[0], 'the description'),
        taskType: choice(values.type, '--type', TASK_TYPES),
        testPath: values['test-path'],
        sessionId: values.session ?? '',
        tenantId: values.tenant ?? config.SUPERAGENT_TENANT,
      });
    case 'cost':
      if (rest[0] !== 'report') throw new UsageError('cost takes the subcommand "report"');
      return costReportCommand(ctx, {
        scope: choice(values.scope, '--scope', REPORT_SCOPES),
        scopeId: values.id,
        days: wholeNumber(values.days, '--days', 1, REPORT_MAX_DAYS),
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Runs `main` and exits with its code; errors are printed as one line (2 bad usage, 3 errors). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (
        err instanceof UsageError ||
        (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
      ) {
        process.stderr.write(`superagent: ${err.message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      if (err instanceof ConfigError) {
        process.stderr.write(`superagent: ${err.message}\n`);
        process.exit(2);
      }
      const grpcErr = err as { code?: number; details?: string; message?: string };
      process.stderr.write(`superagent: ${grpcErr.details ?? grpcErr.message ?? String(err)}\n`);
      // A value the service refused (a bad URL, a malformed task id) is bad usage too, not an outage.
      process.exit(grpcErr.code === grpc.status.INVALID_ARGUMENT ? 2 : 3);
    },
  );
}

// `node cli/dist/src/main.js …` (tests, scripts); `npx superagent` calls run() from cli/bin/superagent.js.
if (require.main === module) run(process.argv.slice(2));
