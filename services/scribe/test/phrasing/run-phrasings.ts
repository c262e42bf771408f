// Runs the phrasing table (test/fixtures/phrasings.ts) through the real local tier: the demo app (normal
// and with every feature broken), the runner and embedding services as processes, scribe on loopback.
// For each description: generated (an accepted spec), passed on the app, failed (or timed out) on the
// broken app. Writes each spec (with the parsed plan), both runs and results.md to the output folder.
// Not part of the test suite (minutes of browser time):
//   node services/scribe/dist/test/phrasing/run-phrasings.js [--out dir] [id ... | --try 'feature|/start|text']
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, runner, scribe } from '@superagent/proto';
import { parseDescription } from '../../src/domain/description-parser';
import type { BreakableId } from '@superagent/demo';
import { type Phrasing, PHRASINGS } from '../fixtures/phrasings';
import { mapLimit, startDemoStack, startScribe } from '../integration/stack';

interface Row {
  id: string;
  generated: boolean;
  passed: boolean;
  caught: boolean;
  note: string;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = outIdx >= 0 ? (args[outIdx + 1] ?? 'out/phrasings') : 'out/phrasings';
  // --try '<feature>|<start path>|<description>': one description not (yet) in the table.
  const tryIdx = args.indexOf('--try');
  const tried = tryIdx >= 0 ? (args[tryIdx + 1] ?? '').split('|') : [];
  const ids = args.filter((a, i) => a !== '--out' && a !== '--try' && i !== outIdx + 1 && i !== tryIdx + 1);
  const selected: Phrasing[] =
    tried.length === 3
      ? [
          {
            id: 'try',
            feature: tried[0] as BreakableId,
            startPath: tried[1] ?? '/',
            style: 'ad hoc',
            description: tried[2] ?? '',
          },
        ]
      : PHRASINGS.filter((p) => ids.length === 0 || ids.includes(p.id));
  await mkdir(outDir, { recursive: true });
  const demo = await startDemoStack();
  const sut = await startScribe({
    RUNNER_ADDR: demo.runner.address,
    EMBEDDING_ADDR: demo.embedding.address,
    SCRIBE_MAX_EXPLORES: '2',
  });
  const run = createClient(runner.RunnerServiceService, demo.runner.address, {
    target: 'runner',
    defaultDeadlineMs: 90_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    const rows = await mapLimit(selected, 2, async (p): Promise<Row> => {
      const plan = parseDescription(p.description)
        .steps.map((s) => `${s.kind}|${s.target}|${s.exactName ?? ''}|${s.value}|${s.scope ?? ''}`)
        .join('\n');
      let res: scribe.GenerateTestResponse;
      try {
        res = await sut.client.unary(
          'generateTest',
          scribe.GenerateTestRequest.fromPartial({
            tier: common.Tier.LOCAL,
            description: p.description,
            baseUrl: demo.app.url,
            startPath: p.startPath,
            options: scribe.GenerateOptions.fromPartial({ usePatterns: false }),
          }),
        );
      } catch (err) {
        return { id: p.id, generated: false, passed: false, caught: false, note: String(err) };
      }
      const findings = (res.validation?.findings ?? []).map((f) => `${f.ruleId}: ${f.message}`).join('; ');
      const taken = res.steps
        .map((s) => `${s.resolved ? '+' : '-'} ${s.target} -> ${s.locator || '(none)'} ${s.value}`)
        .join('\n');
      await writeFile(
        path.join(outDir, `${p.id}.spec.ts`),
        `${res.specSource || '// rejected'}\n/* plan:\n${plan}\nsteps taken:\n${taken}\nfindings: ${findings}\n*/\n`,
      );
      if (!res.validation?.accepted || res.specSource === '')
        return { id: p.id, generated: false, passed: false, caught: false, note: findings.slice(0, 300) };
      const runOn = (baseUrl: string): Promise<runner.RunSpecResponse> =>
        run.unary(
          'runSpec',
          runner.RunSpecRequest.fromPartial({ specSource: res.specSource, baseUrl, fileName: res.fileName }),
        );
      const [good, bad] = await Promise.all([runOn(demo.app.url), runOn(demo.broken.url)]);
      await writeFile(
        path.join(outDir, `${p.id}.runs.json`),
        JSON.stringify(
          { app: runner.RunSpecResponse.toJSON(good), broken: runner.RunSpecResponse.toJSON(bad) },
          null,
          1,
        ),
      );
      const passed = good.status === common.RunStatus.PASS;
      // As the pipeline benchmark counts it: a failing or timed-out run caught the bug; ERROR proves nothing.
      const caught =
        passed && (bad.status === common.RunStatus.FAIL || bad.status === common.RunStatus.TIMEOUT);
      const note = passed
        ? caught
          ? ''
          : 'broken app passed too'
        : (good.tests[0]?.errorMessage ?? good.errorMessage).split('\n').slice(0, 3).join(' ').slice(0, 300);
      return { id: p.id, generated: true, passed, caught, note };
    });
    const yes = (b: boolean): string => (b ? 'yes' : 'no');
    const table = [
      '| id | generated | passed | caught | note |',
      '|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.id} | ${yes(r.generated)} | ${yes(r.passed)} | ${yes(r.caught)} | ${r.note.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`,
      ),
    ].join('\n');
    const count = (k: keyof Row): number => rows.filter((r) => r[k] === true).length;
    const summary = `generated ${count('generated')} / passed ${count('passed')} / caught ${count('caught')} of ${rows.length}`;
    await writeFile(path.join(outDir, 'results.md'), `${table}\n\n${summary}\n`);
    console.log(`${table}\n\n${summary}`);
  } finally {
    run.close();
    await sut.close();
    await demo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
