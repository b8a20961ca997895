import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pythonJsonDumps } from '../common/python-json';

/**
 * HELM's request cache: one SQLite file per shard (the deployment's host organisation) under
 * <local-path>/cache/, keyed by the client's raw request serialised with sorted keys exactly like
 * HELM's `json.dumps(..., sort_keys=True)`. Values are JSON (HELM pickles them, which TypeScript
 * cannot read), so the files are ours, not HELM's. WAL mode and a busy timeout make one file safe
 * for several worker processes on one machine.
 */
export class RequestCache {
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string], { value: string }>;
  private readonly putStatement: Database.Statement<[string, string]>;

  constructor(readonly filePath: string) {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    this.db = new Database(filePath, { timeout: 30_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS helm_ts_requests (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.getStatement = this.db.prepare('SELECT value FROM helm_ts_requests WHERE key = ?');
    this.putStatement = this.db.prepare('INSERT OR REPLACE INTO helm_ts_requests (key, value) VALUES (?, ?)');
  }

  static keyOf(rawRequest: Record<string, unknown>): string {
    return pythonJsonDumps(rawRequest, { sortKeys: true });
  }

  get<T>(key: string): T | undefined {
    const row = this.getStatement.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  put(key: string, value: unknown): void {
    this.putStatement.run(key, JSON.stringify(value));
  }

  /** HELM's `cache.get(key, compute)`: returns the stored response and whether it was a hit. */
  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    const hit = this.get<T>(key);
    if (hit !== undefined) return { response: hit, cached: true };
    const response = await compute();
    this.put(key, response);
    return { response, cached: false };
  }

  close(): void {
    this.db.close();
  }
}

/** Stands in for the cache with --disable-cache (HELM's "black hole" cache). */
export class DisabledRequestCache {
  async getOrCompute<T>(_key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    return { response: await compute(), cached: false };
  }
}

export type RequestCacheLike = Pick<RequestCache, 'getOrCompute'>;

/** Opens one cache per shard lazily and keeps it for the life of the worker process. */
export class RequestCaches {
  private readonly open = new Map<string, RequestCache>();

  constructor(
    private readonly localPath: string,
    private readonly disabled = false,
  ) {}

  forShard(shard: string): RequestCacheLike {
    if (this.disabled) return new DisabledRequestCache();
    let cache = this.open.get(shard);
    if (!cache) {
      cache = new RequestCache(path.join(this.localPath, 'cache', `${shard}.sqlite`));
      this.open.set(shard, cache);
    }
    return cache;
  }

  closeAll(): void {
    for (const cache of this.open.values()) cache.close();
    this.open.clear();
  }
}
