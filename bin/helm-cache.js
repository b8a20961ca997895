#!/usr/bin/env node
'use strict';
// Thin shim: the compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
const { main } = require('../dist/client/helm-cache.js');
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write('helm-cache: ' + (error && error.message ? error.message : String(error)) + '\n');
    process.exit(1);
  },
);
