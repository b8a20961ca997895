// Builds the browser frontend into dist/web/static/: the TypeScript in web/src compiled to ES
// modules (browsers load them directly, no bundler) plus web/static (index.html, style.css).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'web', 'static');
fs.rmSync(path.join(out, 'js'), { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const result = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'tsconfig.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
fs.cpSync(path.join(__dirname, 'static'), out, { recursive: true });
