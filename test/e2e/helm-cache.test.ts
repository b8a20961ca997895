import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestCache, requestCacheKey, sqliteShardFile } from '../../core/models/request-cache';
import { startLocalPostgres, type LocalPostgres } from '../../infra/local-postgres';
import { postgresSkipReason } from '../helpers/postgres';
import { runCli, type CliResult } from '../helpers/cli';
import { HELM_RUN_BIN, HELM_WORKER_BIN, PROJECT_ROOT, SHARED_DATA, tempDir } from '../helpers/paths';

/**
 * helm-cache and the request cache checks of helm-run and helm-worker, through the real CLIs:
 * a damaged SQLite file is named with the command that rebuilds it (before any suite starts),
 * rebuild and migrate work, and a wrong PostgreSQL URL or password stops helm-run and helm-worker
 * before they start anything, without printing the password.
 */

const HELM_CACHE_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-cache.js');
const ENTRIES = 400;
const RUN_ARGS = ['--run-entries', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'cache-check', '-m', '5', '--data-mirror', SHARED_DATA];

const skipPostgres = postgresSkipReason('helm-cache PostgreSQL cases');

function noStackTrace(result: CliResult): void {
  expect(result.stderr + result.stdout).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

async function fillShard(localPath: string, shard: string): Promise<void> {
  const cache = new RequestCache(sqliteShardFile(localPath, shard));
  for (let i = 0; i < ENTRIES; i++) {
    await cache.getOrCompute(requestCacheKey({ prompt: `p${i} ${'x'.repeat(300)}` }), async () => ({ text: ` ${i}`, pad: 'y'.repeat(300) }));
  }
  cache.close();
}

describe('helm-cache and the cache checks of helm-run and helm-worker (real CLIs)', () => {
  let work: string;
  let pg: LocalPostgres | undefined;
  const localPath = () => path.join(work, 'prod_env');
  const cli = (bin: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCli(bin, args, { cwd: work, env, timeoutMs: 120_000 });

  beforeAll(async () => {
    work = tempDir('helm-cache-cli');
    await fillShard(localPath(), 'simple');
    await fillShard(localPath(), 'openai');
    if (!skipPostgres) {
      pg = await startLocalPostgres();
      await pg.createDatabase('helm_cache');
    }
  });

  afterAll(() => {
    pg?.destroy();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('--help names the commands', async () => {
    const result = await cli(HELM_CACHE_BIN, ['--help']);
    expect(result.code).toBe(0);
    for (const word of ['check', 'rebuild', 'migrate', '--from', '--to', '--shard']) expect(result.stdout).toContain(word);
  });

  it('check: healthy shards with their entry counts', async () => {
    const result = await cli(HELM_CACHE_BIN, ['check', '--local-path', 'prod_env']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`ok\\s+openai\\s+${ENTRIES} entries`));
    expect(result.stdout).toMatch(new RegExp(`ok\\s+simple\\s+${ENTRIES} entries`));
  });

  it('a damaged file: helm-run stops before the suite starts, naming the file and the rebuild command; rebuild fixes it', async () => {
    const file = sqliteShardFile(localPath(), 'simple');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const run = await cli(HELM_RUN_BIN, RUN_ARGS);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Request cache ${file} is damaged`);
    expect(run.stderr).toContain(`npx helm-cache rebuild --local-path ${localPath()} --shard simple`);
    noStackTrace(run);
    // Nothing was started: no Temporal dev server state for this local path.
    expect(fs.existsSync(path.join(localPath(), 'temporal'))).toBe(false);

    const check = await cli(HELM_CACHE_BIN, ['check', '--local-path', 'prod_env']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/DAMAGED\s+simple/);
    expect(check.stdout).toContain(`npx helm-cache rebuild --local-path ${localPath()} --shard simple`);

    const rebuild = await cli(HELM_CACHE_BIN, ['rebuild', '--local-path', 'prod_env']);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stdout).toMatch(/ok\s+openai: healthy \(400 entries\), left as it is/);
    const kept = Number(/rebuilt\s+simple: (\d+) entries kept/.exec(rebuild.stdout)?.[1]);
    expect(kept).toBeGreaterThan(ENTRIES / 4);
    expect(kept).toBeLessThan(ENTRIES);
    expect(fs.readdirSync(path.dirname(file)).some((name) => name.startsWith('simple.sqlite.corrupt-'))).toBe(true);
    const after = await cli(HELM_CACHE_BIN, ['check', '--local-path', 'prod_env', '--shard', 'simple']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`ok\\s+simple\\s+${kept} entries`));
  });

  it('bad commands and flags: clear errors, no stack', async () => {
    const unknownShard = await cli(HELM_CACHE_BIN, ['rebuild', '--local-path', 'prod_env', '--shard', 'nope']);
    expect(unknownShard.code).toBe(1);
    expect(unknownShard.stderr).toContain('No shard nope in');
    const noTarget = await cli(HELM_CACHE_BIN, ['migrate', '--from', 'prod_env']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('migrate needs --from SRC and --to DST');
    const mongo = await cli(HELM_CACHE_BIN, ['migrate', '--from', 'prod_env', '--to', 'mongodb://u:secret@h/db']);
    expect(mongo.code).toBe(1);
    expect(mongo.stderr).toContain('neither a PostgreSQL URL');
    expect(mongo.stderr).not.toContain('secret');
    for (const result of [unknownShard, mongo]) noStackTrace(result);
  });

  it('helm-run --mongo-uri is refused, pointing to --cache-url', async () => {
    const result = await cli(HELM_RUN_BIN, [...RUN_ARGS, '--mongo-uri', 'mongodb://localhost:27017']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('argument --mongo-uri: not supported by helm-ts');
    expect(result.stderr).toContain('--cache-url postgres://');
  });

  describe.skipIf(skipPostgres !== undefined)('with PostgreSQL', () => {
    it('migrate to PostgreSQL and back, check it; the password is never printed', async () => {
      const server = pg as LocalPostgres;
      const url = server.url('helm_cache');
      const up = await cli(HELM_CACHE_BIN, ['migrate', '--from', 'prod_env', '--to', url]);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(new RegExp(`openai\\s+${ENTRIES} read\\s+${ENTRIES} written\\s+0 already there`));
      const check = await cli(HELM_CACHE_BIN, ['check'], { HELM_CACHE_URL: url });
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout).toMatch(new RegExp(`ok\\s+openai\\s+${ENTRIES} entries`));
      const down = await cli(HELM_CACHE_BIN, ['migrate', '--from', url, '--to', 'copy_env', '--shard', 'openai']);
      expect(down.code, down.stderr).toBe(0);
      const copied = await cli(HELM_CACHE_BIN, ['check', '--local-path', 'copy_env']);
      expect(copied.stdout).toMatch(new RegExp(`ok\\s+openai\\s+${ENTRIES} entries`));
      for (const result of [up, check, down, copied]) expect(result.stdout + result.stderr).not.toContain(server.password);
    });

    it('helm-run and helm-worker with a wrong password stop at once, before anything starts', async () => {
      const server = pg as LocalPostgres;
      const wrong = server.url('helm_cache', { password: 'not-the-password' });
      const run = await cli(HELM_RUN_BIN, [...RUN_ARGS, '--cache-url', wrong, '--temporal-address', '127.0.0.1:1']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Cannot open the request cache postgres://helm:***@127.0.0.1:${server.port}/helm_cache`);
      expect(run.stderr).toContain('password authentication failed');
      expect(run.stderr).not.toContain('not-the-password');
      noStackTrace(run);
      const worker = await cli(HELM_WORKER_BIN, ['--temporal-address', '127.0.0.1:1', '--cache-url', wrong]);
      expect(worker.code).toBe(1);
      expect(worker.stderr).toContain('password authentication failed');
      expect(worker.stderr).not.toContain('not-the-password');
      noStackTrace(worker);
      const noDatabase = await cli(HELM_WORKER_BIN, ['--temporal-address', '127.0.0.1:1'], { HELM_CACHE_URL: server.url('missing') });
      expect(noDatabase.code).toBe(1);
      expect(noDatabase.stderr).toContain('database "missing" does not exist');
      expect(noDatabase.stderr).not.toContain(server.password);
    });
  });
});
