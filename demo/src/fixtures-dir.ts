// Committed files a test of the demo app may upload (the multi-file upload feature): the runner's
// RUNNER_FIXTURES_DIR wherever the demo app is explored.
import { join } from 'node:path';

/** demo/fixtures (this file runs from demo/dist/src). */
export const DEMO_FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures');
