import { resolve } from 'node:path';
import { FIXTURE_PRESETS, writeModelFixture } from '../src/fixture/model-fixture';

/**
 * Usage: node services/embedding/dist/scripts/build-model-fixture.js <tiny|minilm-shaped> <dir>
 * Builds a random-weight BERT model directory (see src/fixture/model-fixture.ts).
 */
async function main(): Promise<void> {
  const [presetName, dir] = process.argv.slice(2);
  const preset = presetName === undefined ? undefined : FIXTURE_PRESETS[presetName];
  if (!preset || dir === undefined) {
    process.stderr.write(`usage: build-model-fixture <${Object.keys(FIXTURE_PRESETS).join('|')}> <dir>\n`);
    process.exitCode = 64;
    return;
  }
  const started = performance.now();
  await writeModelFixture(resolve(dir), preset);
  process.stdout.write(
    `${preset.name} written to ${resolve(dir)} in ${Math.round(performance.now() - started)} ms\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
