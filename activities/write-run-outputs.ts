import fs from 'node:fs';
import path from 'node:path';
import { removeAtomicTempFiles, writeFileAtomic } from '../core/common/atomic-write';
import { asLocalFileError } from '../core/common/file-errors';
import { RUN_FILES, runDir, workDir } from '../core/outputs/paths';
import { isRunComplete } from '../core/outputs/run-files';
import type { RunRef } from '../workflows/types';

/** True once writeRunOutputs has finished: the work folder removed and the five files in place and sound. */
export function runOutputsComplete(run: RunRef): boolean {
  return !fs.existsSync(workDir(run)) && isRunComplete(runDir(run), run.runName);
}

function removeRunFiles(target: string): void {
  // Last file first: from the first removal on, the folder no longer looks complete.
  for (const file of [...RUN_FILES].reverse()) {
    try {
      fs.rmSync(path.join(target, file), { force: true });
    } catch {
      // best effort: a read-only disk keeps what it has, and the caller reports the first fault
    }
  }
}

/**
 * Runner step 14: HELM's five files into `<output>/runs/<suite>/<run>/`, in HELM's order, each
 * atomically; per_instance_stats.json comes last, so "all five present" means complete. Files of an
 * earlier execution are removed first, so five files never mix two runs; if writing fails midway
 * (disk full), the files written so far are removed again and the folder holds none of the five.
 */
export function writeRunOutputs(run: RunRef): { runDir: string } {
  const target = runDir(run);
  // A retry after the work folder was already removed finds the run complete.
  if (runOutputsComplete(run)) return { runDir: target };
  const work = workDir(run);
  try {
    fs.mkdirSync(target, { recursive: true });
  } catch (error) {
    throw asLocalFileError(error, target, 'create the folder') ?? error;
  }
  // Temporary files of an attempt killed mid-write: nothing else writes this run's folder now.
  removeAtomicTempFiles(target);
  removeRunFiles(target);
  try {
    for (const file of RUN_FILES) writeFileAtomic(path.join(target, file), fs.readFileSync(path.join(work, file)));
  } catch (error) {
    removeRunFiles(target);
    throw error;
  }
  fs.rmSync(work, { recursive: true, force: true });
  return { runDir: target };
}
