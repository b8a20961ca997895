import path from 'node:path';
import { HelmInputError } from '../common/errors';

/** SQLite result codes (primary or extended) that mean the file itself is damaged or not a database. */
const CORRUPTION_CODES = /^SQLITE_(CORRUPT|NOTADB)(_|$)/;

/** Errors better-sqlite3 throws carry SQLite's result code name in `code`. */
export function isSqliteCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CORRUPTION_CODES.test(code);
}

/** The --local-path and shard of a cache file laid out as <local-path>/cache/<shard>.sqlite. */
export function shardOfFile(file: string): { localPath: string; shard: string } {
  const absolute = path.resolve(file);
  return { localPath: path.dirname(path.dirname(absolute)), shard: path.basename(absolute).replace(/\.sqlite$/, '') };
}

/** The command that rebuilds a damaged shard file. */
export function rebuildCommand(file: string): string {
  const { localPath, shard } = shardOfFile(file);
  return `npx helm-cache rebuild --local-path ${localPath} --shard ${shard}`;
}

/**
 * A damaged request cache file (truncated, overwritten, not a database). Retrying cannot heal it,
 * so it is a HelmInputError (never retried): the message names the file and the command that
 * rebuilds it, keeping every entry still readable.
 */
export class RequestCacheCorruptError extends HelmInputError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `Request cache ${file} is damaged (${reason}). Stop the workers that use it, then rebuild it with ` +
        `\`${rebuildCommand(file)}\` (keeps every readable entry; the damaged file stays beside it as ` +
        `${path.basename(file)}.corrupt-<time>), and run the same helm-run command again to resume.`,
    );
  }
}

/** The corruption error for `error` when it is one of SQLite's corruption codes, else undefined. */
export function asCorruptionError(error: unknown, file: string): RequestCacheCorruptError | undefined {
  if (error instanceof RequestCacheCorruptError) return error;
  if (!isSqliteCorruption(error)) return undefined;
  return new RequestCacheCorruptError(file, (error as Error).message);
}
