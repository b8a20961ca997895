import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './common/atomic-write';
import { RUN_FILES, runDir, workDir } from './outputs/paths';
import type { RunRef } from '../workflows/types';

/**
 * Runner step 14: HELM's five files into `<output>/runs/<suite>/<run>/`, in HELM's order, each
 * atomically; per_instance_stats.json comes last, so "all five present" means complete.
 */
export async function writeRunOutputs(run: RunRef): Promise<{ runDir: string }> {
  const target = runDir(run);
  fs.mkdirSync(target, { recursive: true });
  const work = workDir(run);
  // A retry after the work folder was already removed finds the run complete.
  if (!fs.existsSync(work) && RUN_FILES.every((f) => fs.existsSync(path.join(target, f)))) return { runDir: target };
  for (const file of RUN_FILES) {
    writeFileAtomic(path.join(target, file), fs.readFileSync(path.join(work, file)));
  }
  fs.rmSync(work, { recursive: true, force: true });
  return { runDir: target };
}
