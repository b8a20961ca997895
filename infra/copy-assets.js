// Build step: YAML configs are read at run time next to the compiled modules.
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
for (const dir of ['core/models/config', 'core/models/clients/google', 'core/metrics/efficiency-data', 'core/summarize/schema', 'core/perturbations/data']) {
  const from = path.join(root, dir);
  if (!fs.existsSync(from)) continue;
  fs.cpSync(from, path.join(root, 'dist', dir), { recursive: true });
}
