import fs from 'node:fs';
import path from 'node:path';

/**
 * Write to a temporary file in the same folder, fsync, then rename: readers (and
 * --skip-completed-runs) see either the old file or the complete new one, never a torn write.
 */
export function writeFileAtomic(filePath: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const temp = `${filePath}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, filePath);
}
