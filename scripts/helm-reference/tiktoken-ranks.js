// Writes the BPE rank tables that the js-tiktoken npm package ships back into tiktoken's own
// `.tiktoken` file format (one "<base64 token> <rank>" line per token, by rank), so that
// tiktoken-golden.py can hand them to PyPI tiktoken, which checks each file's SHA-256 against
// the published one before using it. Usage: node tiktoken-ranks.js OUT_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node scripts/helm-reference/tiktoken-ranks.js OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
for (const name of ['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base']) {
  const { bpe_ranks: compressed } = require(`js-tiktoken/ranks/${name}`);
  const entries = [];
  for (const line of compressed.split('\n').filter(Boolean)) {
    const [, offset, ...tokens] = line.split(' ');
    tokens.forEach((token, i) => entries.push([Number(offset) + i, token]));
  }
  entries.sort((a, b) => a[0] - b[0]);
  fs.writeFileSync(path.join(outDir, `${name}.tiktoken`), entries.map(([rank, token]) => `${token} ${rank}\n`).join(''));
  console.error(`${name}: ${entries.length} ranks`);
}
