#!/usr/bin/env node
'use strict';
// Thin shim: the compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
const { main } = require('../dist/client/helm-suite.js');
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write('helm-suite: ' + (error && error.stack ? error.stack : String(error)) + '\n');
    process.exit(1);
  },
);
