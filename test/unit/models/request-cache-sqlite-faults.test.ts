import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { RequestCache, requestCacheKey, sqliteShardFile } from '../../../core/models/request-cache';
import { checkSqliteShard, quickCheckSqliteShards, rebuildSqliteShard } from '../../../core/models/request-cache-maintenance';
import { RequestCacheCorruptError } from '../../../core/models/sqlite-cache-faults';
import { tempDir } from '../../helpers/paths';

const root = tempDir('sqlite-faults');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ENTRIES = 3000;
const keyOf = (i: number): string => requestCacheKey({ model: 'simple/model1', prompt: `prompt ${i} ${'x'.repeat(150)}`, temperature: 0 });
const valueOf = (i: number) => ({ completions: [{ text: ` answer ${i}`, logprob: -(i + 1) / 1000 }], padding: 'y'.repeat(200) });

/** A healthy shard file of ENTRIES entries, written through the cache itself. */
async function healthyShard(name: string): Promise<{ localPath: string; file: string }> {
  const localPath = path.join(root, name);
  const file = sqliteShardFile(localPath, 'simple');
  const cache = new RequestCache(file);
  for (let i = 0; i < ENTRIES; i++) await cache.getOrCompute(keyOf(i), async () => valueOf(i));
  cache.close();
  return { localPath, file };
}

/** Opening and reading every entry; the corruption error if one comes. */
async function readAll(file: string): Promise<{ found: number; error?: unknown }> {
  let cache: RequestCache;
  try {
    cache = new RequestCache(file);
  } catch (error) {
    return { found: 0, error };
  }
  let found = 0;
  try {
    for (let i = 0; i < ENTRIES; i++) if (cache.get(keyOf(i)) !== undefined) found++;
    return { found };
  } catch (error) {
    return { found, error };
  } finally {
    cache.close();
  }
}

function expectNamedCorruption(error: unknown, file: string): void {
  expect(error).toBeInstanceOf(RequestCacheCorruptError);
  expect(error).toBeInstanceOf(HelmInputError); // never retried by Temporal
  const message = (error as Error).message;
  expect(message).toContain(file);
  expect(message).toContain(`npx helm-cache rebuild --local-path ${path.dirname(path.dirname(file))} --shard simple`);
}

describe('a damaged SQLite request cache is named, with the command that rebuilds it', () => {
  it('a file that is not a database (overwritten)', async () => {
    const { localPath, file } = await healthyShard('garbage');
    fs.writeFileSync(file, 'not a database '.repeat(500));
    const { error } = await readAll(file);
    expectNamedCorruption(error, file);
    expect((error as Error).message).toContain('file is not a database');
    // helm-run's check before a suite starts finds it too.
    expect(() => quickCheckSqliteShards(localPath)).toThrow(RequestCacheCorruptError);
  });

  it('a truncated file', async () => {
    const { localPath, file } = await healthyShard('truncated');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const { error } = await readAll(file);
    expectNamedCorruption(error, file);
    expect(() => quickCheckSqliteShards(localPath)).toThrow(RequestCacheCorruptError);
    expect(checkSqliteShard('simple', file)).toMatchObject({ ok: false });
  });

  it('pages overwritten in the middle: the damage is found when those entries are read', async () => {
    const { file } = await healthyShard('scribbled');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, 40 * 4096);
    fs.closeSync(fd);
    const { found, error } = await readAll(file);
    expectNamedCorruption(error, file);
    expect(found).toBeGreaterThan(0);
    const check = checkSqliteShard('simple', file);
    expect(check.ok).toBe(false);
    expect(check.problem).toBeTruthy();
  });

  it('a healthy file checks ok with its entry count', async () => {
    const { localPath, file } = await healthyShard('healthy');
    expect(checkSqliteShard('simple', file)).toEqual({ shard: 'simple', location: file, entries: ENTRIES, ok: true });
    expect(() => quickCheckSqliteShards(localPath)).not.toThrow();
  });
});

describe('rebuild keeps every readable entry and sets the damaged file aside', () => {
  for (const damage of ['scribbled', 'truncated', 'garbage'] as const) {
    it(`${damage}`, async () => {
      const { file } = await healthyShard(`rebuild-${damage}`);
      const size = fs.statSync(file).size;
      if (damage === 'garbage') fs.writeFileSync(file, 'garbage'.repeat(100));
      else if (damage === 'truncated') fs.truncateSync(file, Math.floor(size * 0.6));
      else {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, 100 * 4096);
        fs.closeSync(fd);
      }
      const report = rebuildSqliteShard('simple', file, new Date('2024-05-06T07:08:09Z'));
      expect(report.keptAs).toBe(`${file}.corrupt-20240506T070809Z`);
      expect(fs.existsSync(report.keptAs)).toBe(true);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      // The rebuilt file is healthy and holds exactly what was salvaged, each value as written.
      expect(checkSqliteShard('simple', file)).toMatchObject({ ok: true, entries: report.salvaged });
      const { found, error } = await readAll(file);
      expect(error).toBeUndefined();
      expect(found).toBe(report.salvaged);
      const db = new Database(file, { readonly: true });
      for (const row of db.prepare('SELECT key, value FROM helm_ts_requests').all() as Array<{ key: string; value: string }>) {
        const i = Number(/prompt (\d+)/.exec(row.key)?.[1]);
        expect(row.key).toBe(keyOf(i));
        expect(JSON.parse(row.value)).toEqual(valueOf(i));
      }
      db.close();
      if (damage === 'garbage') expect(report.salvaged).toBe(0);
      else {
        // Most entries survive a local damage; a truncation keeps those before the cut.
        expect(report.salvaged).toBeGreaterThan(damage === 'scribbled' ? ENTRIES * 0.8 : ENTRIES * 0.3);
        expect(report.salvaged).toBeLessThan(ENTRIES);
      }
      process.stdout.write(`REBUILD ${damage}: ${report.salvaged}/${ENTRIES} salvaged, ${report.unreadable} unreadable\n`);
    });
  }
});

describe('first writer wins, as on PostgreSQL', () => {
  it('two processes computing one request at once both answer the first stored response', async () => {
    const file = sqliteShardFile(path.join(root, 'race'), 'simple');
    const a = new RequestCache(file);
    const b = new RequestCache(file);
    const key = keyOf(1);
    let releaseA!: () => void;
    const aComputing = new Promise<void>((resolve) => (releaseA = resolve));
    const first = a.getOrCompute(key, async () => {
      await aComputing;
      return { from: 'a' };
    });
    const second = await b.getOrCompute(key, async () => ({ from: 'b' }));
    releaseA();
    expect(second).toEqual({ response: { from: 'b' }, cached: false });
    expect(await first).toEqual({ response: { from: 'b' }, cached: false });
    expect(await a.getOrCompute(key, async () => ({ from: 'again' }))).toEqual({ response: { from: 'b' }, cached: true });
    a.close();
    b.close();
  });
});

describe('group commits', () => {
  /** WAL frames written so far: each commit writes every page it changed as one frame. */
  const walFrames = (file: string): number => Math.max(0, (fs.statSync(`${file}-wal`).size - 32) / (8192 + 24));

  it('stores made in one turn share one commit; one at a time, each commits alone', async () => {
    const together = new RequestCache(sqliteShardFile(path.join(root, 'group-together'), 'simple'));
    const apart = new RequestCache(sqliteShardFile(path.join(root, 'group-apart'), 'simple'));
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => together.getOrCompute(keyOf(i), async () => valueOf(i))));
    expect(answers.map((a) => a.response)).toEqual(Array.from({ length: 100 }, (_, i) => valueOf(i)));
    for (let i = 0; i < 100; i++) await apart.getOrCompute(keyOf(i), async () => valueOf(i));
    // 100 entries of ~600 bytes fill about 15 pages of 8 KiB (table and index) once...
    expect(walFrames(together.filePath)).toBeLessThan(40);
    // ...but rewrite their last pages at every commit when stored one by one.
    expect(walFrames(apart.filePath)).toBeGreaterThan(150);
    together.close();
    apart.close();
  });

  it('one request asked twice at once is stored once and both get the stored answer', async () => {
    const cache = new RequestCache(sqliteShardFile(path.join(root, 'group-twice'), 'simple'));
    const [first, second] = await Promise.all([cache.getOrCompute(keyOf(1), async () => ({ n: 1 })), cache.getOrCompute(keyOf(1), async () => ({ n: 2 }))]);
    expect(first).toEqual({ response: { n: 1 }, cached: false });
    expect(second).toEqual({ response: { n: 1 }, cached: false });
    cache.close();
  });

  it('close commits stores still waiting for their turn', async () => {
    const file = sqliteShardFile(path.join(root, 'group-close'), 'simple');
    const cache = new RequestCache(file);
    const pending = cache.getOrCompute(keyOf(7), async () => valueOf(7));
    // Let compute finish so the store is queued, then close before the commit's turn.
    await Promise.resolve();
    await Promise.resolve();
    cache.close();
    await expect(pending).resolves.toEqual({ response: valueOf(7), cached: false });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM helm_ts_requests').get()).toEqual({ n: 1 });
    db.close();
  });
});
