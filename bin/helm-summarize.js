#!/usr/bin/env node
'use strict';
// Thin shim: the compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
const path = require('node:path');
const runner = path.join(__dirname, '..', 'dist', 'client', 'cli-runner.js');
if (!require('node:fs').existsSync(runner)) {
  process.stderr.write('helm-summarize: error: helm-ts is not built yet; run `npm run build` in ' + path.resolve(__dirname, '..') + '\n');
  process.exit(1);
}
require(runner).runCli('helm-summarize', () => require('../dist/client/helm-summarize.js').main());
