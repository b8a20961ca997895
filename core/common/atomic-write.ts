import fs from 'node:fs';
import path from 'node:path';
import { asLocalFileError } from './file-errors';

/** Temporary files of writeFileAtomic: `<file>.tmp-<pid>-<random>`. */
export const ATOMIC_TEMP_PATTERN = /\.tmp-\d+-[a-z0-9]+$/;

/**
 * Write to a temporary file in the same folder, fsync, then rename: readers (and
 * --skip-completed-runs) see either the old file or the complete new one, never a torn write. On
 * any error the temporary file is removed, and a local fault (disk full, no permission, read-only
 * disk) becomes a LocalFileError naming `filePath`.
 */
export function writeFileAtomic(filePath: string, data: string | Buffer): void {
  const temp = `${filePath}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, filePath);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the folder itself is unusable (a file in the way, read-only): nothing was created there
    }
    throw asLocalFileError(error, filePath) ?? error;
  }
}

/**
 * Removes what writeFileAtomic calls left behind in `dir` when their process was killed between
 * creating and renaming the temporary file. Only call it where no other writer can be at work
 * (a run folder before its files are written, a suite folder between executions), or with
 * `onlyThisProcess` (the temporary files of this process's own unfinished writes).
 */
export function removeAtomicTempFiles(dir: string, onlyThisProcess = false): number {
  // Temporary names carry the writer's pid: a process can clean up after itself (threads included)
  // without touching what another process is writing.
  const own = `.tmp-${process.pid}-`;
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!ATOMIC_TEMP_PATTERN.test(name) || (onlyThisProcess && !name.includes(own))) continue;
    fs.rmSync(path.join(dir, name), { force: true, recursive: true });
    removed++;
  }
  return removed;
}
