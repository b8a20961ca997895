import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { WorkerContext } from '../../../activities/context';
import { cacheUrlIdentity } from '../../../core/models/cache-url';
import { PostgresRequestCaches, RequestCacheUnavailableError } from '../../../core/models/postgres-request-cache';
import { RequestCache, requestCacheKey, sqliteShardFile } from '../../../core/models/request-cache';
import { migrateRequestCache } from '../../../core/models/request-cache-maintenance';
import { defaultRequest } from '../../../core/models/schemas';
import { startLocalPostgres, type LocalPostgres } from '../../../infra/local-postgres';
import { postgresSkipReason } from '../../helpers/postgres';
import { tempDir } from '../../helpers/paths';

/**
 * The PostgreSQL request cache against a real server this file starts (initdb + pg_ctl in a temp
 * folder): HELM's keys, first writer wins across processes, errors that name the cache without
 * its password, a restart survived, and migration to and from the SQLite files.
 */

const skipReason = postgresSkipReason('request-cache-postgres');

const keyOf = (i: number): string => requestCacheKey({ engine: 'simple/model1', prompt: `prompt ${i}`, temperature: 0, max_tokens: 1 });

describe.skipIf(skipReason !== undefined)('PostgreSQL request cache (real server)', () => {
  let pg: LocalPostgres;
  let root: string;
  const open: PostgresRequestCaches[] = [];
  /** A cache on its own database, as a separate worker process would open it. */
  const caches = (database: string, options: { retryForMs?: number } = {}): PostgresRequestCaches => {
    const cache = new PostgresRequestCaches({ url: pg.url(database), ...options });
    open.push(cache);
    return cache;
  };

  beforeAll(async () => {
    root = tempDir('pg-cache');
    pg = await startLocalPostgres();
    for (const db of ['keys', 'race', 'restart', 'down', 'migrate', 'context']) await pg.createDatabase(db);
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.closeAll().catch(() => undefined)));
    pg?.destroy();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('miss, then hit, with HELM’s key; a 200 kB prompt fits (the key is indexed by its hash)', async () => {
    const cache = caches('keys').forShard('openai');
    let calls = 0;
    const compute = async () => ({ completions: [{ text: ` B${++calls}` }], success: true });
    expect(await cache.getOrCompute(keyOf(1), compute)).toEqual({ response: { completions: [{ text: ' B1' }], success: true }, cached: false });
    expect(await cache.getOrCompute(keyOf(1), compute)).toEqual({ response: { completions: [{ text: ' B1' }], success: true }, cached: true });
    const long = requestCacheKey({ prompt: 'word '.repeat(40_000) });
    expect((await cache.getOrCompute(long, compute)).cached).toBe(false);
    expect(await cache.getOrCompute(long, compute)).toMatchObject({ cached: true, response: { completions: [{ text: ' B2' }] } });
    // Shards are separate: the same key in another shard is a miss.
    expect((await caches('keys').forShard('anthropic').getOrCompute(keyOf(1), compute)).cached).toBe(false);
    expect(calls).toBe(3);
  });

  it('a request cached by one process is never computed by another', async () => {
    const first = caches('keys').forShard('openai');
    const other = caches('keys').forShard('openai');
    await first.getOrCompute(keyOf(10), async () => ({ text: 'from first' }));
    let computed = false;
    const result = await other.getOrCompute(keyOf(10), async () => {
      computed = true;
      return { text: 'from other' };
    });
    expect(computed).toBe(false);
    expect(result).toEqual({ response: { text: 'from first' }, cached: true });
  });

  it('processes computing the same requests at once write each once, and all answer the first stored response', async () => {
    const workers = [caches('race'), caches('race'), caches('race'), caches('race')];
    const keys = Array.from({ length: 40 }, (_, i) => keyOf(100 + i));
    const results = await Promise.all(
      workers.map((worker, w) =>
        Promise.all(
          keys.map((key) =>
            worker.forShard('openai').getOrCompute(key, async () => {
              // Every worker misses before any writes: all compute, each its own answer.
              await new Promise((r) => setTimeout(r, 200));
              return { worker: w, key };
            }),
          ),
        ),
      ),
    );
    for (let k = 0; k < keys.length; k++) {
      const answers = results.map((perWorker) => perWorker[k].response);
      expect(new Set(answers.map((a) => a.worker)).size, `key ${k}`).toBe(1);
    }
    const stored = await caches('race').shards();
    expect(stored).toEqual([{ shard: 'openai', entries: keys.length }]);
  });

  it('a restart of PostgreSQL mid-stream: every operation succeeds after retries', async () => {
    const retries: string[] = [];
    const cache = new PostgresRequestCaches({ url: pg.url('restart'), onRetry: (info) => retries.push(info.reason) });
    open.push(cache);
    const shard = cache.forShard('openai');
    let computed = 0;
    const work = (async () => {
      for (let i = 0; i < 150; i++) {
        await shard.getOrCompute(keyOf(1000 + i), async () => {
          computed++;
          await new Promise((r) => setTimeout(r, 10));
          return { i };
        });
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    pg.restart('immediate');
    await work;
    expect(computed).toBe(150);
    expect(retries.length).toBeGreaterThan(0);
    for (let i = 0; i < 150; i++) expect(await cache.get('openai', keyOf(1000 + i))).toBe(JSON.stringify({ i }));
  });

  it('down for longer than the retry window: a transient error (retried by Temporal), not bad input', async () => {
    const cache = caches('down', { retryForMs: 1_500 });
    await cache.forShard('x').getOrCompute(keyOf(1), async () => 1);
    pg.stop('fast');
    try {
      const error = await cache
        .forShard('x')
        .getOrCompute(keyOf(2), async () => 2)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(RequestCacheUnavailableError);
      expect(error).not.toBeInstanceOf(HelmInputError);
      expect((error as Error).message).toContain(`postgres://helm:***@127.0.0.1:${pg.port}/down`);
      expect((error as Error).message).not.toContain(pg.password);
    } finally {
      pg.start();
    }
    expect(await cache.forShard('x').getOrCompute(keyOf(1), async () => 99)).toEqual({ response: 1, cached: true });
  });

  it('a wrong password, database or port is a clear HelmInputError before anything starts, without the password', async () => {
    const cases: Array<[string, RegExp]> = [
      [pg.url('keys', { password: 'wrong-password' }), /password authentication failed for user "helm".*check the user and password/],
      [pg.url('no_such_db'), /database "no_such_db" does not exist.*createdb no_such_db/],
      [pg.url('keys').replace(`:${pg.port}/`, ':1/'), /nothing accepts connections at 127\.0\.0\.1:1/],
    ];
    for (const [url, pattern] of cases) {
      const error = await PostgresRequestCaches.open({ url }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(HelmInputError);
      const message = (error as Error).message;
      expect(message).toMatch(pattern);
      expect(message).toContain('Cannot open the request cache postgres://helm:***@127.0.0.1:');
      expect(message).not.toContain(pg.password);
      expect(message).not.toContain('wrong-password');
    }
  });

  it('migrates SQLite → PostgreSQL → SQLite with every entry byte for byte; a rerun copies nothing twice', async () => {
    const source = path.join(root, 'source-prod_env');
    const entries: Array<[string, string, unknown]> = [];
    for (let i = 0; i < 2500; i++) entries.push(['openai', keyOf(i), { text: ` ${'ABCD'[i % 4]}`, logprob: -i / 7, tokens: ['é', '\u2028', 'x'.repeat(i % 50)] }]);
    for (let i = 0; i < 30; i++) entries.push(['simple', keyOf(i), { text: `simple ${i}` }]);
    for (const shard of ['openai', 'simple']) {
      const cache = new RequestCache(sqliteShardFile(source, shard));
      for (const [s, key, value] of entries) if (s === shard) await cache.getOrCompute(key, async () => value);
      cache.close();
    }
    const url = pg.url('migrate');
    const up = await migrateRequestCache({ kind: 'sqlite', localPath: source }, { kind: 'postgres', url });
    expect(up).toEqual([
      { shard: 'openai', read: 2500, written: 2500, present: 0 },
      { shard: 'simple', read: 30, written: 30, present: 0 },
    ]);
    const again = await migrateRequestCache({ kind: 'sqlite', localPath: source }, { kind: 'postgres', url });
    expect(again.map((r) => r.written)).toEqual([0, 0]);
    const back = path.join(root, 'back-prod_env');
    const down = await migrateRequestCache({ kind: 'postgres', url }, { kind: 'sqlite', localPath: back }, { shards: ['openai', 'simple'] });
    expect(down.map((r) => [r.shard, r.written])).toEqual([
      ['openai', 2500],
      ['simple', 30],
    ]);
    const rows = (localPath: string, shard: string) => {
      const db = new Database(sqliteShardFile(localPath, shard), { readonly: true });
      try {
        return db.prepare('SELECT key, value FROM helm_ts_requests ORDER BY key').all();
      } finally {
        db.close();
      }
    };
    for (const shard of ['openai', 'simple']) expect(rows(back, shard)).toEqual(rows(source, shard));
    // What the workers read from PostgreSQL is what the SQLite files held.
    const cache = caches('migrate');
    expect(await cache.get('openai', keyOf(7))).toBe(JSON.stringify(entries[7][2]));
  });

  it('a worker opens the suite’s cache from its password-free URL, with the password it was given', async () => {
    const identity = cacheUrlIdentity(pg.url('context'));
    expect(identity).not.toContain(pg.password);
    const request = defaultRequest({ model: 'simple/model1', model_deployment: 'simple/model1', prompt: 'The sky is blue', max_tokens: 1 });
    const source = { localPath: path.join(root, 'context-prod_env') };
    const withPassword = new WorkerContext(undefined, { cacheUrls: [pg.url('context')] });
    try {
      const first = await withPassword.modelClient(source, 'simple/model1', false, identity).makeRequest(request);
      const second = await withPassword.modelClient(source, 'simple/model1', false, identity).makeRequest(request);
      expect(first.cached).toBe(false);
      expect(second.cached).toBe(true);
      expect(second.completions).toEqual(first.completions);
      // Nothing went to the SQLite files of the local path.
      expect(fs.existsSync(path.join(source.localPath, 'cache'))).toBe(false);
      expect((await caches('context').shards()).map((s) => s.shard)).toEqual(['simple']);
    } finally {
      await withPassword.close();
    }
    // A worker given no password for this cache: a clear, non-retryable error naming the cache.
    const without = new WorkerContext();
    try {
      const error = await without
        .modelClient(source, 'simple/model1', false, identity)
        .makeRequest(defaultRequest({ ...request, prompt: 'another prompt' }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error, String(error)).toBeInstanceOf(HelmInputError);
      expect((error as Error).message).toMatch(/request cache postgres:\/\/helm@127\.0\.0\.1:\d+\/context/);
    } finally {
      await without.close();
    }
  });
});
