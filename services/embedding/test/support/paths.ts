import { join } from 'node:path';

/** services/embedding, from dist/test/support at run time. */
export const PACKAGE_DIR = join(__dirname, '..', '..', '..');
export const TINY_MODEL_DIR = join(PACKAGE_DIR, 'fixtures', 'superagent-fixture-tiny-bert-random');
export const TEST_FIXTURES_DIR = join(PACKAGE_DIR, 'test', 'fixtures');
