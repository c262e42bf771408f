// What an explore upload sends: the runner's fixture files by path, or generated files when the
// step names a file the runner has none of (the payloads scribe writes into the spec).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GENERATED_FILE_MIME_TYPE, uploadFiles } from '../../src/fixtures';

function fixtureDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-files-'));
  fs.writeFileSync(path.join(dir, 'report.txt'), 'report\n');
  fs.writeFileSync(path.join(dir, 'prices.csv'), 'a,b\n');
  return dir;
}

test('fixture names upload the fixture files', () => {
  const dir = fixtureDir();
  assert.deepEqual(uploadFiles(dir, ['report.txt', 'prices.csv']), [
    path.join(dir, 'report.txt'),
    path.join(dir, 'prices.csv'),
  ]);
});

test('a name with no fixture makes every file of the step a generated one', () => {
  const dir = fixtureDir();
  assert.deepEqual(uploadFiles(dir, ['report.txt', 'notes.txt']), [
    { name: 'report.txt', mimeType: GENERATED_FILE_MIME_TYPE, buffer: Buffer.from('report.txt\n') },
    { name: 'notes.txt', mimeType: GENERATED_FILE_MIME_TYPE, buffer: Buffer.from('notes.txt\n') },
  ]);
  // Without a fixture directory every upload is generated.
  assert.deepEqual(uploadFiles(undefined, ['photo (1).png']), [
    { name: 'photo (1).png', mimeType: GENERATED_FILE_MIME_TYPE, buffer: Buffer.from('photo (1).png\n') },
  ]);
});

test('a name with a folder or a leading dot is refused', () => {
  for (const name of ['../etc/passwd', 'a/b.txt', '.env', 'x\\y.txt', '', 'a'.repeat(101)]) {
    assert.throws(() => uploadFiles(undefined, [name]), /is not a plain file name to upload/, name);
  }
});
