import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HelmInputError } from '../common/errors';
import { isPostgresUrl, maskCacheUrl, validateCacheUrl } from './cache-url';
import { PostgresRequestCaches, type CacheRow } from './postgres-request-cache';
import { asCorruptionError, isSqliteCorruption } from './sqlite-cache-faults';

/**
 * What helm-cache does: check a cache, rebuild a damaged SQLite shard keeping what is readable,
 * and copy entries between the SQLite files of a --local-path and a PostgreSQL cache. Rows move
 * as text (HELM's key, the JSON value), unchanged, and a key already present at the destination
 * keeps its value (the caches' first-writer-wins rule).
 */

const TABLE = 'helm_ts_requests';
const PAGE = 1000;

export function sqliteCacheFolder(localPath: string): string {
  return path.join(localPath, 'cache');
}

/** The shard files of a --local-path, by shard name. */
export function sqliteShardFiles(localPath: string): Array<{ shard: string; file: string }> {
  const folder = sqliteCacheFolder(localPath);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.sqlite'))
    .sort()
    .map((name) => ({ shard: name.slice(0, -'.sqlite'.length), file: path.join(folder, name) }));
}

export interface ShardCheck {
  shard: string;
  /** The SQLite file, or the masked PostgreSQL URL. */
  location: string;
  entries?: number;
  ok: boolean;
  problem?: string;
}

function openExisting(file: string): Database.Database {
  return new Database(file, { fileMustExist: true, timeout: 30_000 });
}

/**
 * Opens the shard the way a worker does (schema, WAL) and closes it: cheap, and catches files that
 * are not databases or whose first pages are gone. helm-run calls it before a suite starts.
 */
export function quickCheckSqliteShards(localPath: string): void {
  for (const { file } of sqliteShardFiles(localPath)) {
    let db: Database.Database | undefined;
    try {
      db = openExisting(file);
      db.pragma('journal_mode = WAL');
      db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(TABLE);
    } catch (error) {
      throw asCorruptionError(error, file) ?? error;
    } finally {
      db?.close();
    }
  }
}

/** SQLite's integrity check of a shard file, and its entry count when readable. */
export function checkSqliteShard(shard: string, file: string): ShardCheck {
  let db: Database.Database | undefined;
  try {
    db = openExisting(file);
    const problems = (db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') return { shard, location: file, ok: false, problem: problems.join('; ') };
    const hasTable = db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get('table', TABLE) !== undefined;
    const entries = hasTable ? (db.prepare(`SELECT count(*) AS n FROM ${TABLE}`).get() as { n: number }).n : 0;
    return { shard, location: file, entries, ok: true };
  } catch (error) {
    if (!isSqliteCorruption(error)) throw error;
    return { shard, location: file, ok: false, problem: (error as Error).message };
  } finally {
    db?.close();
  }
}

export async function checkPostgresCache(url: string): Promise<ShardCheck[]> {
  const caches = await PostgresRequestCaches.open({ url, retryForMs: 10_000 });
  try {
    const shards = await caches.shards();
    return shards.map(({ shard, entries }) => ({ shard, location: maskCacheUrl(url), entries, ok: true }));
  } finally {
    await caches.closeAll();
  }
}

function wellFormed(row: { key: unknown; value: unknown }): boolean {
  if (typeof row.key !== 'string' || typeof row.value !== 'string' || row.key.length === 0) return false;
  try {
    JSON.parse(row.value);
    return true;
  } catch {
    return false;
  }
}

/** Reads every readable row of a damaged shard, in rowid order, skipping what cannot be read. */
export function salvageRows(db: Database.Database, emit: (row: CacheRow) => void): { salvaged: number; unreadable: number } {
  let salvaged = 0;
  let unreadable = 0;
  let full: Database.Statement<[number], { id: number; key: unknown; value: unknown }>;
  let probe: Database.Statement<[number], { id: number }>;
  try {
    full = db.prepare(`SELECT rowid AS id, key, value FROM ${TABLE} WHERE rowid > ? ORDER BY rowid`);
    probe = db.prepare(`SELECT rowid AS id FROM ${TABLE} WHERE rowid >= ? ORDER BY rowid LIMIT 1`);
  } catch (error) {
    // The schema itself is unreadable (or the table was never made): nothing to salvage.
    if (isSqliteCorruption(error) || /no such table/.test((error as Error).message)) return { salvaged, unreadable };
    throw error;
  }
  /** The row id at or after `from` if that part of the table can be reached, 'damaged' if not. */
  const probeAt = (from: number): number | undefined | 'damaged' => {
    try {
      return probe.get(from)?.id;
    } catch (error) {
      if (isSqliteCorruption(error)) return 'damaged';
      throw error;
    }
  };
  /** The first row id at or after `from` past a damaged stretch (exponential, then binary search). */
  const nextReachable = (from: number): number | undefined => {
    let bad = from;
    let step = 1;
    for (;;) {
      const at = from + step;
      if (at > Number.MAX_SAFE_INTEGER) return undefined;
      const found = probeAt(at);
      if (found === undefined) return undefined;
      if (found !== 'damaged') break;
      bad = at;
      step *= 2;
    }
    let good = from + step;
    while (good - bad > 1) {
      const middle: number = bad + Math.floor((good - bad) / 2);
      if (probeAt(middle) === 'damaged') bad = middle;
      else good = middle;
    }
    return good;
  };

  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    try {
      for (const row of full.iterate(after)) {
        after = row.id;
        // A damaged page can decode to cells of the wrong type: keep only well-formed entries.
        if (!wellFormed(row)) {
          unreadable++;
          continue;
        }
        emit({ key: row.key as string, value: row.value as string });
        salvaged++;
      }
      return { salvaged, unreadable };
    } catch (error) {
      if (!isSqliteCorruption(error)) throw error;
    }
    const next = probeAt(after + 1);
    if (next === undefined) return { salvaged, unreadable };
    if (next === 'damaged') {
      const resume = nextReachable(after + 1);
      if (resume === undefined) return { salvaged, unreadable };
      after = resume - 1;
    } else {
      // The next row's cell is reachable but the row itself is not (e.g. its overflow pages).
      unreadable++;
      after = next;
    }
  }
}

export interface RebuildReport {
  shard: string;
  file: string;
  salvaged: number;
  unreadable: number;
  /** Where the damaged file (and its WAL) were kept. */
  keptAs: string;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A fresh shard file with the cache's schema, in rollback-journal mode until it is in place. */
function createShardFile(file: string): Database.Database {
  const db = new Database(file);
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  return db;
}

/**
 * Rebuilds a damaged shard: every readable entry goes into a new file, which replaces the damaged
 * one; the damaged file (with its -wal) is kept beside it as <file>.corrupt-<time>. Workers using
 * the file must be stopped first.
 */
export function rebuildSqliteShard(shard: string, file: string, now = new Date()): RebuildReport {
  const fresh = `${file}.rebuild-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(fresh + suffix, { force: true });
  const target = createShardFile(fresh);
  let counts = { salvaged: 0, unreadable: 0 };
  try {
    const insert = target.prepare(`INSERT OR IGNORE INTO ${TABLE} (key, value) VALUES (?, ?)`);
    let source: Database.Database | undefined;
    try {
      source = openExisting(file);
      // Read past a header that promises more pages than a truncated file has (SQLite reads such a
      // file only with the schema writable and defensive mode off; nothing is written to it).
      source.unsafeMode(true);
      source.pragma('writable_schema = ON');
    } catch (error) {
      source?.close();
      source = undefined;
      if (!isSqliteCorruption(error)) throw error;
    }
    if (source) {
      try {
        const damaged = source;
        target.transaction(() => {
          counts = salvageRows(damaged, (row) => insert.run(row.key, row.value));
        })();
      } finally {
        source.close();
      }
    }
  } finally {
    target.close();
  }
  const keptAs = `${file}.corrupt-${timestamp(now)}`;
  fs.renameSync(file, keptAs);
  // The WAL belongs to the damaged file: left in place it would be replayed into the new one.
  if (fs.existsSync(`${file}-wal`)) fs.renameSync(`${file}-wal`, `${keptAs}-wal`);
  fs.rmSync(`${file}-shm`, { force: true });
  fs.renameSync(fresh, file);
  return { shard, file, ...counts, keptAs };
}

/** A cache to migrate from or to: a --local-path (its cache/*.sqlite) or a PostgreSQL URL. */
export type CacheLocation = { kind: 'sqlite'; localPath: string } | { kind: 'postgres'; url: string };

export function parseCacheLocation(value: string, flag: string): CacheLocation {
  if (isPostgresUrl(value)) return { kind: 'postgres', url: validateCacheUrl(value, flag) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new HelmInputError(`${flag}: ${maskCacheUrl(value)} is neither a PostgreSQL URL (postgres://…) nor a folder (a --local-path)`);
  }
  return { kind: 'sqlite', localPath: path.resolve(value) };
}

export function describeLocation(location: CacheLocation): string {
  return location.kind === 'postgres' ? maskCacheUrl(location.url) : sqliteCacheFolder(location.localPath);
}

export interface MigrateReport {
  shard: string;
  read: number;
  /** Entries new at the destination. */
  written: number;
  /** Entries the destination already had (kept as they were). */
  present: number;
}

/** A shard's rows from a SQLite file, a page at a time (rowid order). */
function* sqliteRows(file: string): Generator<CacheRow[]> {
  let db: Database.Database;
  try {
    db = openExisting(file);
  } catch (error) {
    throw asCorruptionError(error, file) ?? error;
  }
  try {
    const page = db.prepare(`SELECT rowid AS id, key, value FROM ${TABLE} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      let rows: Array<{ id: number; key: string; value: string }>;
      try {
        rows = page.all(after, PAGE) as Array<{ id: number; key: string; value: string }>;
      } catch (error) {
        throw asCorruptionError(error, file) ?? error;
      }
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      yield rows.map((r) => ({ key: r.key, value: r.value }));
    }
  } finally {
    db.close();
  }
}

/**
 * Copies every entry of `from` into `to`, shard by shard; keys `to` already holds keep their value.
 * Running it again copies nothing new, so an interrupted migration is finished by rerunning it.
 */
export async function migrateRequestCache(
  from: CacheLocation,
  to: CacheLocation,
  options: { shards?: string[]; onShard?: (report: MigrateReport) => void } = {},
): Promise<MigrateReport[]> {
  if (from.kind === to.kind) {
    const same = from.kind === 'postgres' ? from.url === (to as { url: string }).url : from.localPath === (to as { localPath: string }).localPath;
    if (same) throw new HelmInputError(`--from and --to are the same cache (${describeLocation(from)})`);
  }
  const wanted = (shard: string): boolean => !options.shards || options.shards.includes(shard);
  const source = from.kind === 'postgres' ? await PostgresRequestCaches.open({ url: from.url }) : undefined;
  const target = to.kind === 'postgres' ? await PostgresRequestCaches.open({ url: to.url }) : undefined;
  const reports: MigrateReport[] = [];
  try {
    const shards =
      from.kind === 'sqlite'
        ? sqliteShardFiles(from.localPath).map((s) => s.shard)
        : (await (source as PostgresRequestCaches).shards()).map((s) => s.shard);
    if (from.kind === 'sqlite' && shards.length === 0) {
      throw new HelmInputError(`No request cache files (*.sqlite) in ${sqliteCacheFolder(from.localPath)}`);
    }
    for (const shard of shards.filter(wanted)) {
      const report: MigrateReport = { shard, read: 0, written: 0, present: 0 };
      const pages: AsyncIterable<CacheRow[]> | Iterable<CacheRow[]> =
        from.kind === 'sqlite' ? sqliteRows(path.join(sqliteCacheFolder(from.localPath), `${shard}.sqlite`)) : (source as PostgresRequestCaches).rows(shard, PAGE);
      const writer = target
        ? { write: (rows: CacheRow[]) => target.insertMany(shard, rows), close: () => undefined }
        : sqliteWriter(path.join(sqliteCacheFolder((to as { localPath: string }).localPath), `${shard}.sqlite`));
      try {
        for await (const rows of pages) {
          const written = await writer.write(rows);
          report.read += rows.length;
          report.written += written;
          report.present += rows.length - written;
        }
      } finally {
        writer.close();
      }
      reports.push(report);
      options.onShard?.(report);
    }
  } finally {
    await source?.closeAll();
    await target?.closeAll();
  }
  return reports;
}

/** Inserts pages into a SQLite shard file (created if new), one transaction per page. */
function sqliteWriter(file: string): { write(rows: CacheRow[]): Promise<number>; close(): void } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 30_000 });
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  } catch (error) {
    throw asCorruptionError(error, file) ?? error;
  }
  const insert = db.prepare(`INSERT OR IGNORE INTO ${TABLE} (key, value) VALUES (?, ?)`);
  const writePage = db.transaction((rows: CacheRow[]) => rows.reduce((n, row) => n + insert.run(row.key, row.value).changes, 0));
  const write = async (rows: CacheRow[]): Promise<number> => {
    try {
      return writePage(rows);
    } catch (error) {
      throw asCorruptionError(error, file) ?? error;
    }
  };
  return { write, close: () => db.close() };
}
