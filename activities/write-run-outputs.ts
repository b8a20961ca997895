import fs from 'node:fs';
import path from 'node:path';
import { removeAtomicTempFiles, writeFileAtomic } from '../core/common/atomic-write';
import { asLocalFileError } from '../core/common/file-errors';
import { RUN_FILES, runDir, workDir } from '../core/outputs/paths';
import { isRunComplete } from '../core/outputs/run-files';
import type { RunRef } from '../workflows/types';

/**
 * True once writeRunOutputs has moved the five files into place and they are sound: none is left in
 * the work folder (an attempt killed before removing that folder still counts as done).
 */
export function runOutputsComplete(run: RunRef): boolean {
  const work = workDir(run);
  return RUN_FILES.every((file) => !fs.existsSync(path.join(work, file))) && isRunComplete(runDir(run), run.runName);
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

/** A rename; across disks (runs/ linked elsewhere) an atomic copy, then the source removed. */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    writeFileAtomic(to, fs.readFileSync(from));
    fs.rmSync(from);
  }
}

/**
 * Runner step 14: HELM's five files into `<output>/runs/<suite>/<run>/`, in HELM's order, each moved
 * (renamed: the bytes are written once, in the work folder) from the work folder, which is on the
 * same disk; per_instance_stats.json comes last, so "all five present" means complete. A file still
 * in the work folder replaces the run folder's (an earlier execution's files are removed first, so
 * five files never mix two runs); a file already moved by a killed attempt stays. If moving fails
 * (disk full), the moved files are removed again and the folder holds none of the five.
 */
export function writeRunOutputs(run: RunRef): { runDir: string } {
  const target = runDir(run);
  // A retry after the files were moved finds the run complete.
  if (runOutputsComplete(run)) {
    fs.rmSync(workDir(run), { recursive: true, force: true });
    return { runDir: target };
  }
  const work = workDir(run);
  try {
    fs.mkdirSync(target, { recursive: true });
  } catch (error) {
    throw asLocalFileError(error, target, 'create the folder') ?? error;
  }
  // Temporary files of an attempt killed mid-write: nothing else writes this run's folder now.
  removeAtomicTempFiles(target);
  const toMove = RUN_FILES.filter((file) => fs.existsSync(path.join(work, file)));
  // A file not in the work folder must be in the run folder already (moved by a killed attempt).
  const lost = RUN_FILES.filter((file) => !toMove.includes(file) && !fs.existsSync(path.join(target, file)));
  if (lost.length > 0) {
    // Neither here nor there: the work folder is not what finishRun left (removed by hand?).
    throw new Error(`Run ${run.runName}: the work folder ${work} lacks ${lost.join(', ')}`);
  }
  // per_instance_stats.json is moved last: while it is still in the work folder, the run folder is
  // not complete, whatever else it holds; files of an earlier execution go first.
  for (const file of toMove) {
    try {
      fs.rmSync(path.join(target, file), { force: true });
    } catch {
      // best effort: the rename below replaces it anyway
    }
  }
  try {
    for (const file of toMove) moveFile(path.join(work, file), path.join(target, file));
  } catch (error) {
    removeRunFiles(target);
    throw asLocalFileError(error, target, 'move the run files into') ?? error;
  }
  fs.rmSync(work, { recursive: true, force: true });
  return { runDir: target };
}
