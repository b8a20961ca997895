import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../common/atomic-write';
import { asLocalFileError } from '../common/file-errors';
import { fastJsonDumps } from './fast-json';

/** A suite-level JSON file, HELM's bytes (`json.dumps(..., indent=2)`), written atomically and durably. */
export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, fastJsonDumps(value));
}

/**
 * temp + rename without fsync, for the many small derived files (per-run display JSON, group
 * tables): readers still see the old or the new file, never a torn one, and the files can be
 * regenerated; an fsync each would make a 10,000-run suite take minutes instead of seconds.
 */
export function writeFileReplacing(file: string, data: string): void {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw asLocalFileError(error, file) ?? error;
  }
}

/**
 * A JSON list as `json.dumps(items, indent=2)` writes it, streamed item by item (runs.json of a
 * large suite exceeds what one JS string can hold), into a temp file that is fsynced and renamed.
 */
export function writeJsonListStreaming(file: string, items: Iterable<unknown>): void {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fd = fs.openSync(temp, 'w');
  } catch (error) {
    throw asLocalFileError(error, file) ?? error;
  }
  try {
    let first = true;
    let buffer = '';
    for (const item of items) {
      // Items sit one level deep, so their nested lines start two spaces further right.
      buffer += (first ? '[\n  ' : ',\n  ') + fastJsonDumps(item, '  ');
      first = false;
      if (buffer.length > 1 << 22) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    buffer += first ? '[]' : '\n]';
    fs.writeSync(fd, buffer);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
    throw asLocalFileError(error, file) ?? error;
  }
}

/** `writeFileReplacing` through libuv's thread pool, so many files are written and renamed at once. */
export function writeFileReplacingAsync(file: string, data: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  // Callback API: lighter than fs.promises' FileHandle objects when thousands of files are written.
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => fs.rm(temp, { force: true }, () => reject(asLocalFileError(error, file) ?? error));
    fs.writeFile(temp, data, (writeError) => {
      if (writeError) return fail(writeError);
      fs.rename(temp, file, (renameError) => (renameError ? fail(renameError) : resolve()));
    });
  });
}
