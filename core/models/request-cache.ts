import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pythonJsonDumps } from '../common/python-json';
import { asCorruptionError } from './sqlite-cache-faults';

/**
 * HELM's request cache. Keys are the client's raw request serialised with sorted keys exactly like
 * HELM's `json.dumps(..., sort_keys=True)`; values are the response as JSON text (HELM pickles
 * them, which TypeScript cannot read). Requests are grouped in shards (the deployment's host
 * organisation, as HELM names its cache files). Two backends share these keys and rules:
 * - SQLite (the default): one file per shard under <local-path>/cache/, as HELM does;
 * - PostgreSQL (`--cache-url postgres://…`, ./postgres-request-cache.ts): one table for every
 *   worker on every host, so a request cached anywhere is never sent again.
 * The first stored response for a key wins: a worker that computed the same request at the same
 * time as another gets the stored one back, so every worker returns the same response.
 */
export function requestCacheKey(rawRequest: Record<string, unknown>): string {
  return pythonJsonDumps(rawRequest, { sortKeys: true });
}

/** One shard of a request cache, as model clients use it. */
export interface RequestCacheLike {
  /** HELM's `cache.get(key, compute)`: the stored response and whether it was a hit. */
  getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }>;
}

/** A request cache backend: its shards, opened lazily and kept for the life of the worker process. */
export interface RequestCacheBackend {
  forShard(shard: string): RequestCacheLike;
  /** Where the cache lives, for messages (never with a password). */
  readonly description: string;
  closeAll(): void | Promise<void>;
}

/** One SQLite shard file. WAL mode and a busy timeout make it safe for several processes on one machine. */
export class RequestCache implements RequestCacheLike {
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string], { value: string }>;
  private readonly insertStatement: Database.Statement<[string, string]>;

  constructor(readonly filePath: string) {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    this.db = this.guard(() => new Database(filePath, { timeout: 30_000 }));
    try {
      this.guard(() => {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        this.db.exec('CREATE TABLE IF NOT EXISTS helm_ts_requests (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      });
      this.getStatement = this.guard(() => this.db.prepare('SELECT value FROM helm_ts_requests WHERE key = ?'));
      this.insertStatement = this.guard(() => this.db.prepare('INSERT OR IGNORE INTO helm_ts_requests (key, value) VALUES (?, ?)'));
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** HELM's key for a raw request (see requestCacheKey). */
  static keyOf(rawRequest: Record<string, unknown>): string {
    return requestCacheKey(rawRequest);
  }

  /** SQLite's corruption codes become a RequestCacheCorruptError naming the file and the fix. */
  private guard<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw asCorruptionError(error, this.filePath) ?? error;
    }
  }

  get<T>(key: string): T | undefined {
    const row = this.guard(() => this.getStatement.get(key));
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Stores `value` unless the key is already there; false when another writer was first. */
  put(key: string, value: unknown): boolean {
    return this.guard(() => this.insertStatement.run(key, JSON.stringify(value))).changes === 1;
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    const hit = this.get<T>(key);
    if (hit !== undefined) return { response: hit, cached: true };
    const response = await compute();
    if (this.put(key, response)) return { response, cached: false };
    // Another process stored it meanwhile: answer what is stored, as every other reader will.
    return { response: this.get<T>(key) ?? response, cached: false };
  }

  close(): void {
    this.db.close();
  }
}

/** Stands in for the cache with --disable-cache (HELM's "black hole" cache). */
export class DisabledRequestCache implements RequestCacheLike {
  async getOrCompute<T>(_key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    return { response: await compute(), cached: false };
  }
}

/** The SQLite file of a shard under a --local-path. */
export function sqliteShardFile(localPath: string, shard: string): string {
  return path.join(localPath, 'cache', `${shard}.sqlite`);
}

/** The SQLite backend: one file per shard under <local-path>/cache/ (or nothing with --disable-cache). */
export class RequestCaches implements RequestCacheBackend {
  private readonly open = new Map<string, RequestCache>();

  constructor(
    private readonly localPath: string,
    private readonly disabled = false,
  ) {}

  get description(): string {
    return this.disabled ? 'no request cache (--disable-cache)' : `SQLite files under ${path.join(this.localPath, 'cache')}`;
  }

  /** The shard's file is opened at its first request: building a client (to check it) creates no file. */
  forShard(shard: string): RequestCacheLike {
    if (this.disabled) return new DisabledRequestCache();
    return { getOrCompute: (key, compute) => this.file(shard).getOrCompute(key, compute) };
  }

  private file(shard: string): RequestCache {
    let cache = this.open.get(shard);
    if (!cache) {
      cache = new RequestCache(sqliteShardFile(this.localPath, shard));
      this.open.set(shard, cache);
    }
    return cache;
  }

  closeAll(): void {
    for (const cache of this.open.values()) cache.close();
    this.open.clear();
  }
}
