import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/common/atomic-write';
import { pythonJsonDumps, pythonJsonParse } from '../core/common/python-json';
import { executionWorkDir, suiteDir } from '../core/outputs/paths';
import type { ExecutionPaths } from '../workflows/types';

/**
 * `runs/<suite>/run_specs.json`: the run specs of every run directory of the suite that has both
 * run_spec.json and stats.json, directories in name order — the file and shape helm-summarize
 * writes; helm-ts writes it when a suite finishes so the folder is complete without a summarize.
 */
export async function writeSuiteRunSpecs(paths: ExecutionPaths): Promise<{ numRunSpecs: number }> {
  const dir = suiteDir(paths);
  const runDirs = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'eval_cache' && e.name !== 'groups')
    .map((e) => e.name)
    .filter((name) => fs.existsSync(path.join(dir, name, 'run_spec.json')) && fs.existsSync(path.join(dir, name, 'stats.json')))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const specs = runDirs.map((name) => pythonJsonParse(fs.readFileSync(path.join(dir, name, 'run_spec.json'), 'utf8')));
  writeFileAtomic(path.join(dir, 'run_specs.json'), pythonJsonDumps(specs, { indent: 2 }));
  // Runs remove their own work folders; this drops what failed or skipped runs left behind.
  fs.rmSync(executionWorkDir(paths), { recursive: true, force: true });
  return { numRunSpecs: specs.length };
}
