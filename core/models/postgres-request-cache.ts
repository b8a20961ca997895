import crypto from 'node:crypto';
import os from 'node:os';
import { Pool, type PoolClient } from 'pg';
import { HelmInputError } from '../common/errors';
import { maskCacheUrl, redactSecrets } from './cache-url';
import type { RequestCacheBackend, RequestCacheLike } from './request-cache';

/**
 * The request cache on PostgreSQL: one table for every worker on every host, keyed by (shard,
 * sha256 of HELM's key). A hash, because a B-tree entry holds at most ~2.7 kB and keys are whole
 * prompts; the key itself is stored beside it and compared on every read. Values are the JSON text
 * the SQLite backend stores, byte for byte, so the two migrate into each other unchanged.
 *
 * Writes are `INSERT … ON CONFLICT DO NOTHING`: when workers compute the same request at once,
 * the first row stays and the others read it back. A lost connection (a restart, a failover, a
 * network blip) is retried with backoff for `retryForMs`, then surfaces as a transient error
 * that Temporal retries; a wrong password, database or host is a HelmInputError, never retried.
 */

export const POSTGRES_CACHE_TABLE = 'helm_ts_requests';
/** Serialises the first CREATE TABLE of workers starting together (an arbitrary constant). */
const SCHEMA_LOCK_ID = 7_014_318_113;

const SCHEMA_SQL = `CREATE TABLE IF NOT EXISTS ${POSTGRES_CACHE_TABLE} (
  shard text NOT NULL,
  key_hash bytea NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (shard, key_hash)
)`;

export interface PostgresCacheOptions {
  /** The URL to connect with (may carry the password; it is never shown). */
  url: string;
  /** How long a lost connection is retried before the operation fails (transiently). */
  retryForMs?: number;
  /** Connections per process. */
  maxConnections?: number;
  /** Told about each retry (for a log line). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** The cache could not be reached for longer than the retry window; Temporal retries the activity. */
export class RequestCacheUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestCacheUnavailable';
  }
}

/** A wrong URL, password, database or permission: retrying cannot help. */
export class RequestCacheConfigError extends HelmInputError {}

export type PostgresFault = 'transient' | 'config' | 'other';

/** Connection-level SQLSTATEs and server states that pass (restart, failover, overload). */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '40001', '40P01', '55006', '58030']);
const CONFIG_SQLSTATES = new Set(['28P01', '28000', '3D000', '42501', '3F000', '42P01']);
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /query read timeout/i, /not queryable/i, /connection.*(closed|ended)/i, /the database system is (starting up|shutting down|in recovery mode)/i];

export function classifyPostgresError(error: unknown): PostgresFault {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    if (CONFIG_SQLSTATES.has(code)) return 'config';
    if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_SOCKET_CODES.has(code)) return 'transient';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return 'transient';
  if (/does not support SSL|SSL.*(required|off)|no pg_hba\.conf entry|password must be a string|SASL/i.test(message)) return 'config';
  return 'other';
}

/** What to do about a failure to open the cache, by its code. */
function hintFor(error: unknown, url: string): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const where = parsed ? `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}` : 'the server';
  const message = error instanceof Error ? error.message : '';
  if (/password must be a string|SASL/.test(message)) {
    return 'no password was given for this cache: give it in --cache-url or HELM_CACHE_URL on this host (or PGPASSWORD)';
  }
  switch (code) {
    case '28P01':
    case '28000':
      return 'check the user and password (in the URL, or PGPASSWORD in the environment)';
    case '3D000':
      return `create the database (createdb ${parsed ? decodeURIComponent(parsed.pathname.slice(1)) : 'NAME'}) or fix the URL`;
    case '42501':
      return `the user needs CREATE on the schema the first time (to make table ${POSTGRES_CACHE_TABLE}), then SELECT and INSERT on it`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${parsed?.hostname ?? ''} is not known here: fix the URL`;
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${where}: is PostgreSQL running there, and is the port right?`;
    default:
      return 'check the URL and that PostgreSQL accepts connections from this host';
  }
}

function describeError(error: unknown): string {
  const e = error as { message?: string; code?: string };
  const message = e?.message || String(error);
  return e?.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

function sha256(key: string): Buffer {
  return crypto.createHash('sha256').update(key, 'utf8').digest();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A row as the SQLite files and this table both hold it: HELM's key and the JSON text. */
export interface CacheRow {
  key: string;
  value: string;
}

export class PostgresRequestCaches implements RequestCacheBackend {
  private readonly pool: Pool;
  private readonly retryForMs: number;
  private schemaReady?: Promise<void>;
  readonly description: string;

  constructor(private readonly options: PostgresCacheOptions) {
    this.description = `PostgreSQL request cache ${maskCacheUrl(options.url)}`;
    this.retryForMs = options.retryForMs ?? 120_000;
    this.pool = new Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 8,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      query_timeout: 60_000,
      keepAlive: true,
      application_name: 'helm-ts request cache',
    });
    // An idle connection dropped by the server (restart, failover): the pool discards it and the
    // next query opens a new one. Without a listener the error would end the process.
    this.pool.on('error', (error) => this.options.onRetry?.({ attempt: 0, delayMs: 0, reason: `idle connection lost: ${this.redact(describeError(error))}` }));
  }

  /**
   * Connects and makes sure the table exists, failing at once with a clear message: what helm-run
   * and helm-worker call before anything starts, so a wrong URL or password never reaches a suite.
   */
  static async open(options: PostgresCacheOptions): Promise<PostgresRequestCaches> {
    const caches = new PostgresRequestCaches(options);
    try {
      await caches.ensureSchema();
    } catch (error) {
      await caches.closeAll().catch(() => undefined);
      throw caches.configError(error, 'cannot open');
    }
    return caches;
  }

  forShard(shard: string): RequestCacheLike {
    return { getOrCompute: (key, compute) => this.getOrCompute(shard, key, compute) };
  }

  async getOrCompute<T>(shard: string, key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    const hash = sha256(key);
    const hit = await this.read(shard, key, hash);
    if (hit !== undefined) return { response: JSON.parse(hit) as T, cached: true };
    const response = await compute();
    if (await this.insert(shard, key, hash, JSON.stringify(response))) return { response, cached: false };
    // Another worker stored this request first: answer its response, as every other reader will.
    const stored = await this.read(shard, key, hash);
    return { response: stored === undefined ? response : (JSON.parse(stored) as T), cached: false };
  }

  /** The stored JSON text of `key`, or undefined. */
  async get(shard: string, key: string): Promise<string | undefined> {
    return this.read(shard, key, sha256(key));
  }

  private async read(shard: string, key: string, hash: Buffer): Promise<string | undefined> {
    const result = await this.query<{ key: string; value: string }>('read', {
      name: 'helm-ts-cache-read',
      text: `SELECT key, value FROM ${POSTGRES_CACHE_TABLE} WHERE shard = $1 AND key_hash = $2`,
      values: [shard, hash],
    });
    const row = result.rows[0];
    if (!row) return undefined;
    if (row.key !== key) throw new Error(`${this.description}: two keys share the hash ${hash.toString('hex')} in shard ${shard}`);
    return row.value;
  }

  private async insert(shard: string, key: string, hash: Buffer, value: string): Promise<boolean> {
    const result = await this.query('write', {
      name: 'helm-ts-cache-insert',
      text: `INSERT INTO ${POSTGRES_CACHE_TABLE} (shard, key_hash, key, value) VALUES ($1, $2, $3, $4) ON CONFLICT (shard, key_hash) DO NOTHING`,
      values: [shard, hash, key, value],
    });
    return result.rowCount === 1;
  }

  /** Inserts rows not yet present (first writer wins); returns how many were new. */
  async insertMany(shard: string, rows: CacheRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.query('write', {
      text:
        `INSERT INTO ${POSTGRES_CACHE_TABLE} (shard, key_hash, key, value) ` +
        `SELECT $1, h, k, v FROM unnest($2::bytea[], $3::text[], $4::text[]) AS u(h, k, v) ON CONFLICT (shard, key_hash) DO NOTHING`,
      values: [shard, rows.map((r) => sha256(r.key)), rows.map((r) => r.key), rows.map((r) => r.value)],
    });
    return result.rowCount ?? 0;
  }

  /** Shards and their entry counts. */
  async shards(): Promise<Array<{ shard: string; entries: number }>> {
    const result = await this.query<{ shard: string; entries: string }>('list shards', {
      text: `SELECT shard, count(*) AS entries FROM ${POSTGRES_CACHE_TABLE} GROUP BY shard ORDER BY shard`,
      values: [],
    });
    return result.rows.map((r) => ({ shard: r.shard, entries: Number(r.entries) }));
  }

  /** A shard's rows in pages (keyset order by hash), for migration. */
  async *rows(shard: string, pageSize = 1000): AsyncGenerator<CacheRow[]> {
    let after: Buffer = Buffer.alloc(0);
    for (;;) {
      const result = await this.query<{ key_hash: Buffer; key: string; value: string }>('read', {
        text: `SELECT key_hash, key, value FROM ${POSTGRES_CACHE_TABLE} WHERE shard = $1 AND key_hash > $2 ORDER BY key_hash LIMIT $3`,
        values: [shard, after, pageSize],
      });
      if (result.rows.length === 0) return;
      yield result.rows.map((r) => ({ key: r.key, value: r.value }));
      after = result.rows[result.rows.length - 1].key_hash;
    }
  }

  async closeAll(): Promise<void> {
    await this.pool.end();
  }

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= this.createSchema().catch((error: unknown) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
  }

  private async createSchema(): Promise<void> {
    const client: PoolClient = await this.pool.connect();
    let failure: unknown;
    try {
      const found = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [POSTGRES_CACHE_TABLE]);
      if (found.rows[0]?.table) return;
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
      await client.query(SCHEMA_SQL);
      await client.query('COMMIT');
    } catch (error) {
      failure = error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed is dropped rather than reused.
      client.release(failure instanceof Error ? failure : undefined);
    }
  }

  /** Runs a query, retrying transient faults (lost connections, restarts) within the retry window. */
  private async query<R extends Record<string, unknown> = Record<string, unknown>>(
    what: string,
    config: { name?: string; text: string; values: unknown[] },
  ): Promise<{ rows: R[]; rowCount: number | null }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ensureSchema();
        return await this.pool.query<R>(config);
      } catch (error) {
        const fault = classifyPostgresError(error);
        if (fault === 'config') throw this.configError(error, `cannot ${what}`);
        const reason = this.redact(describeError(error));
        if (fault === 'other') throw new Error(`${this.description}: ${what} failed: ${reason}`);
        const delayMs = Math.min(5_000, 100 * 2 ** Math.min(attempt - 1, 10));
        if (Date.now() - started + delayMs > this.retryForMs) {
          throw new RequestCacheUnavailableError(
            `${this.description} unreachable for ${Math.round((Date.now() - started) / 1000)} s (${reason}); the activity will be retried`,
          );
        }
        this.options.onRetry?.({ attempt, delayMs, reason: `${what}: ${reason}` });
        await sleep(delayMs);
      }
    }
  }

  private configError(error: unknown, doing: string): HelmInputError {
    if (error instanceof HelmInputError) return error;
    const reason = `${this.redact(describeError(error))}; ${hintFor(error, this.options.url)}`;
    const cache = `request cache ${maskCacheUrl(this.options.url)}`;
    return new RequestCacheConfigError(
      doing === 'cannot open'
        ? `Cannot open the ${cache} from ${os.hostname()}: ${reason}`
        : `The ${cache} refused to ${doing.replace(/^cannot /, '')} from ${os.hostname()}: ${reason}`,
    );
  }

  private redact(text: string): string {
    return redactSecrets(text, [this.options.url]);
  }
}
