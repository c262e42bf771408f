#!/usr/bin/env node
// `npx superagent`: the CLI's bin, linked by scripts/setup.sh before anything is built (npm skips a bin
// whose file is missing), so it is this committed file and it loads the compiled CLI from dist.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('superagent: the CLI is not built yet: run `npm run build` first\n');
  process.exit(3);
}
require(main).run(process.argv.slice(2));
