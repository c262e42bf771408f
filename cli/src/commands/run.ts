import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { common, runner } from '@superagent/proto';
import { runnerClient } from '../clients';
import { enumLabel, runStatusLabel, table } from '../format';
import type { CommandContext } from './context';

export async function runCommand(
  ctx: CommandContext,
  specPath: string,
  baseUrl: string,
  timeoutMs?: number,
): Promise<number> {
  const specSource = await readFile(specPath, 'utf8');
  const client = runnerClient(ctx.addresses.runner);
  try {
    const res = await client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({
        specSource,
        fileName: basename(specPath),
        baseUrl,
        timeoutMs: timeoutMs ?? 0,
        artifacts: { trace: true, screenshotOnFailure: true },
      }),
    );
    if (ctx.json) ctx.print(runner.RunSpecResponse.toJSON(res));
    else {
      const rows = [['test', 'status', 'ms', 'error']];
      for (const t of res.tests) {
        rows.push([
          t.titlePath.join(' › '),
          enumLabel(runner.testStatusToJSON(t.status)),
          String(t.durationMs),
          t.errorMessage.split('\n')[0] ?? '',
        ]);
      }
      ctx.print(
        `${table(rows)}\n\n${runStatusLabel(res.status)}: ${res.passed} passed, ${res.failed} failed (${res.durationMs} ms)`,
      );
    }
    return res.status === common.RunStatus.PASS ? 0 : 1;
  } finally {
    client.close();
  }
}
