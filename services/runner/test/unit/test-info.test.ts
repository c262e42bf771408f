// testInfo as a spec sees it (worker/runtime/test-info.ts): outputPath behaves as Playwright's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TestInfoImpl } from '../../src/worker/runtime/test-info';

describe('testInfo.outputPath', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-test-info-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const infoIn = (dir: string): TestInfoImpl =>
    new TestInfoImpl('t', ['t'], 'a.spec.ts', undefined, 1000, path.join(root, dir));

  it('creates the output directory, so a spec can write the file it names at once', () => {
    const info = infoIn('out/test-0');
    assert.equal(fs.existsSync(info.outputDir), false, 'not created before it is asked for');
    const file = info.outputPath('x.txt');
    assert.equal(file, path.join(info.outputDir, 'x.txt'));
    fs.writeFileSync(file, 'written');
    assert.equal(fs.readFileSync(file, 'utf8'), 'written');
    assert.equal(info.outputPath(), info.outputDir, 'no segments: the directory itself');
    // Playwright creates the output directory only, not the folders the segments name.
    const nested = info.outputPath('sub', 'y.txt');
    assert.equal(nested, path.join(info.outputDir, 'sub', 'y.txt'));
    assert.equal(fs.existsSync(path.dirname(nested)), false);
  });

  it('refuses paths outside the output directory, a sibling that starts with its name too', () => {
    const info = infoIn('out/test-1');
    for (const escape of [['..', 'x.txt'], ['../test-10/x.txt'], ['/etc/passwd']])
      assert.throws(
        () => info.outputPath(...escape),
        /The outputPath is not allowed outside of the parent directory/,
        escape.join(','),
      );
    assert.equal(info.outputPath('a/../b.txt'), path.join(info.outputDir, 'b.txt'));
  });
});
