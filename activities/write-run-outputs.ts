import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/common/atomic-write';
import { RUN_FILES, runDir, workDir } from '../core/outputs/paths';
import type { RunRef } from '../workflows/types';

/** True once writeRunOutputs has finished: the work folder removed and the five files in place. */
export function runOutputsComplete(run: RunRef): boolean {
  const target = runDir(run);
  return !fs.existsSync(workDir(run)) && RUN_FILES.every((f) => fs.existsSync(path.join(target, f)));
}

/**
 * Runner step 14: HELM's five files into `<output>/runs/<suite>/<run>/`, in HELM's order, each
 * atomically; per_instance_stats.json comes last, so "all five present" means complete.
 */
export function writeRunOutputs(run: RunRef): { runDir: string } {
  const target = runDir(run);
  fs.mkdirSync(target, { recursive: true });
  // A retry after the work folder was already removed finds the run complete.
  if (runOutputsComplete(run)) return { runDir: target };
  const work = workDir(run);
  for (const file of RUN_FILES) {
    writeFileAtomic(path.join(target, file), fs.readFileSync(path.join(work, file)));
  }
  fs.rmSync(work, { recursive: true, force: true });
  return { runDir: target };
}
