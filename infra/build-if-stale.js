#!/usr/bin/env node
'use strict';
// npm's `prepare` step: build only when dist/ is missing or older than the sources. npm runs
// `prepare` on `npm ci` / `npm install`, and `npx helm-run` inside this checkout runs it too (npx
// installs the project's own bins through a link): without this check the first `npx helm-run`
// after setup rebuilt the whole project, silently, for a minute.
//   node infra/build-if-stale.js           build if stale
//   node infra/build-if-stale.js --stamp   record that dist/ matches the sources (end of `npm run build`)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['activities', 'client', 'core', 'infra', 'scripts', 'web', 'workers', 'workflows', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

if (process.argv.includes('--stamp')) {
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}

let built = 0;
try {
  built = fs.statSync(stamp).mtimeMs;
} catch {
  // never built
}
const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (built > 0 && sources <= built) process.exit(0);
process.stderr.write(`helm-ts: ${built === 0 ? 'building (first time)' : 'sources changed since the last build; rebuilding'} — about a minute…\n`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
