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

/** Stores waiting for one commit; more than this commit at once without waiting for the next turn. */
const MAX_GROUP = 1024;

interface PendingStore {
  key: string;
  text: string;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * One SQLite shard file. WAL mode and a busy timeout make it safe for several processes on one
 * machine. New responses are committed in groups: every store made in one turn of the event loop
 * goes into one transaction. A commit writes whole 4 KiB pages of the table and its index, so one
 * commit per response wrote about five times the cache's size; a caller still waits for the commit
 * before it answers, so "first stored response wins" holds across processes as before.
 */
export class RequestCache implements RequestCacheLike {
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string], { value: string }>;
  private readonly insertStatement: Database.Statement<[string, string]>;
  private readonly insertGroup: (group: PendingStore[]) => boolean[];
  private pending: PendingStore[] = [];
  private commitScheduled = false;

  constructor(readonly filePath: string) {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    this.db = this.guard(() => new Database(filePath, { timeout: 30_000 }));
    try {
      this.guard(() => {
        // 8 KiB pages for new files (an existing file keeps its own): a key (the prompt, often 1-3 KB)
        // then fits in its index page without overflow pages, so the file is about a third smaller.
        this.db.pragma('page_size = 8192');
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        this.db.exec('CREATE TABLE IF NOT EXISTS helm_ts_requests (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      });
      this.getStatement = this.guard(() => this.db.prepare('SELECT value FROM helm_ts_requests WHERE key = ?'));
      this.insertStatement = this.guard(() => this.db.prepare('INSERT OR IGNORE INTO helm_ts_requests (key, value) VALUES (?, ?)'));
      this.insertGroup = this.db.transaction((group: PendingStore[]) => group.map((store) => this.insertStatement.run(store.key, store.text).changes === 1));
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
    if (await this.store(key, response)) return { response, cached: false };
    // Another process (or request) stored it meanwhile: answer what is stored, as every other reader will.
    return { response: this.get<T>(key) ?? response, cached: false };
  }

  /** `put` in the next group commit; true when this value was stored. */
  private store(key: string, value: unknown): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ key, text: JSON.stringify(value), resolve, reject });
      if (this.pending.length >= MAX_GROUP) this.commitPending();
      else if (!this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => {
          this.commitScheduled = false;
          this.commitPending();
        });
      }
    });
  }

  private commitPending(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let stored: boolean[];
    try {
      stored = this.guard(() => this.insertGroup(group));
    } catch (error) {
      for (const store of group) store.reject(error);
      return;
    }
    group.forEach((store, i) => store.resolve(stored[i]));
  }

  close(): void {
    // Stores still waiting for their turn are committed, not lost.
    this.commitPending();
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
