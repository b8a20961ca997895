/**
 * Faults of the local file system (disk full, no permission, read-only disk, a file where a folder
 * should be). Retrying does not heal them, so activities fail at once (non-retryable) with a message
 * that names the file and says what to do, instead of retrying for minutes.
 */

/** errno code → what went wrong and what to do about it. */
const LOCAL_FAULTS: Record<string, { what: string; todo: string }> = {
  ENOSPC: { what: 'no space left on the device', todo: 'free space on that disk (or choose another --output-path / --local-path)' },
  EDQUOT: { what: 'the disk quota is exhausted', todo: 'free space within your quota (or choose another --output-path / --local-path)' },
  EFBIG: { what: 'the file is too large for the file system', todo: 'choose an --output-path on a file system that allows larger files' },
  EACCES: { what: 'permission denied', todo: 'make it writable by this user (or choose another --output-path / --local-path)' },
  EPERM: { what: 'operation not permitted', todo: 'make it writable by this user (or choose another --output-path / --local-path)' },
  EROFS: { what: 'the file system is read-only', todo: 'choose an --output-path / --local-path on a writable disk' },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', todo: 'remove or rename that file, or choose another --output-path / --local-path' },
  EISDIR: { what: 'a folder is in the way of a file', todo: 'remove or rename that folder' },
  ENAMETOOLONG: { what: 'the path is too long for the file system', todo: 'choose a shorter --output-path or suite name' },
  ELOOP: { what: 'too many symbolic links in the path', todo: 'fix the symbolic links in the path' },
};

/** SQLite's result codes for the same faults (better-sqlite3 puts them in `code`). */
const SQLITE_FAULTS: Record<string, keyof typeof LOCAL_FAULTS> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_READONLY_DIRECTORY: 'EROFS',
  SQLITE_PERM: 'EACCES',
};

export class LocalFileError extends Error {
  constructor(
    readonly code: string,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'LocalFileError';
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code in LOCAL_FAULTS) return code;
  return SQLITE_FAULTS[code];
}

/** True for errors that retrying cannot fix (see LOCAL_FAULTS). */
export function isLocalFileFault(error: unknown): boolean {
  return error instanceof LocalFileError || errnoCode(error) !== undefined;
}

/**
 * The fault as a LocalFileError naming `file` (or the path the error carries) and what to do;
 * undefined when `error` is not such a fault.
 */
export function asLocalFileError(error: unknown, file?: string, action = 'write'): LocalFileError | undefined {
  if (error instanceof LocalFileError) return error;
  const code = errnoCode(error);
  if (code === undefined) return undefined;
  const fault = LOCAL_FAULTS[code];
  const errorPath = (error as { path?: unknown }).path;
  const target = file ?? (typeof errorPath === 'string' ? errorPath : undefined);
  const where = target !== undefined ? ` ${target}` : ' a file (the request cache or a work file)';
  return new LocalFileError(
    code,
    target ?? '',
    `Cannot ${action}${where}: ${fault.what} (${code}). To fix: ${fault.todo}, then run the same command again; ` +
      'finished runs are kept and half-written files are cleaned up.',
  );
}
