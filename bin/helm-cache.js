#!/usr/bin/env node
'use strict';
// Thin shim: the compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
const path = require('node:path');
const runner = path.join(__dirname, '..', 'dist', 'client', 'cli-runner.js');
if (!require('node:fs').existsSync(runner)) {
  process.stderr.write('helm-cache: error: helm-ts is not built yet; run `npm run build` in ' + path.resolve(__dirname, '..') + '\n');
  process.exit(1);
}
require(runner).runCli('helm-cache', () => require('../dist/client/helm-cache.js').main());
