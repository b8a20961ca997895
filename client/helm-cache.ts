import fs from 'node:fs';
import path from 'node:path';
import { ArgParseError, ArgumentParser } from './argparse';
import { cacheUrlOf, CACHE_URL_ENV } from './cache-options';
import { createLogger } from './logger';
import { HelmInputError } from '../core/common/errors';
import { maskCacheUrl, redactSecrets } from '../core/models/cache-url';
import {
  checkPostgresCache,
  checkSqliteShard,
  describeLocation,
  migrateRequestCache,
  parseCacheLocation,
  rebuildSqliteShard,
  sqliteCacheFolder,
  sqliteShardFiles,
  type ShardCheck,
} from '../core/models/request-cache-maintenance';
import { rebuildCommand } from '../core/models/sqlite-cache-faults';

const COMMANDS = ['check', 'rebuild', 'migrate'] as const;
type Command = (typeof COMMANDS)[number];

const parser = new ArgumentParser({
  prog: 'helm-cache',
  description:
    'Look after the request cache (the model responses helm-run replays). Commands: ' +
    'check (every shard readable? entries per shard; the SQLite files of --local-path, or the PostgreSQL cache of --cache-url); ' +
    'rebuild (a damaged SQLite shard: every readable entry goes into a new file, the damaged one is kept as <file>.corrupt-<time>; ' +
    'stop the workers using it first); ' +
    'migrate --from SRC --to DST (copy every entry between a --local-path\'s SQLite files and a PostgreSQL cache, either way; ' +
    'entries the destination has keep their value, so rerunning finishes an interrupted copy).',
  flags: [
    { names: ['--command'], dest: 'command', kind: 'string', choices: [...COMMANDS], metavar: 'COMMAND', help: 'What to do (usually given as the first word)' },
    { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'check/rebuild: the --local-path whose cache/*.sqlite files to use' },
    { names: ['--cache-url'], dest: 'cacheUrl', kind: 'string', metavar: 'URL', help: `check: the PostgreSQL cache to check instead (postgres://…). Env: ${CACHE_URL_ENV}` },
    { names: ['--shard'], dest: 'shards', kind: 'string', nargs: '+', metavar: 'SHARD', help: 'Only these shards (file names without .sqlite, e.g. openai)' },
    { names: ['--force'], dest: 'force', kind: 'flag', help: 'rebuild: also rebuild shards that check as healthy (compacts them)' },
    { names: ['--from'], dest: 'from', kind: 'string', metavar: 'SRC', help: 'migrate: a --local-path folder (its cache/*.sqlite) or a postgres:// URL' },
    { names: ['--to'], dest: 'to', kind: 'string', metavar: 'DST', help: 'migrate: a --local-path folder or a postgres:// URL' },
  ],
  epilog:
    'Examples: helm-cache check --local-path prod_env; helm-cache rebuild --local-path prod_env --shard openai; ' +
    'helm-cache migrate --from prod_env --to postgres://helm@db.example:5432/helm_cache (password from PGPASSWORD)',
});

function normaliseArgv(argv: string[]): string[] {
  return argv[0] !== undefined && !argv[0].startsWith('-') ? ['--command', argv[0], ...argv.slice(1)] : argv;
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function selectedShards(localPath: string, shards: string[] | undefined): Array<{ shard: string; file: string }> {
  const all = sqliteShardFiles(localPath);
  if (!shards) return all;
  return shards.map((shard) => {
    const found = all.find((s) => s.shard === shard);
    if (!found) {
      throw new HelmInputError(
        `No shard ${shard} in ${sqliteCacheFolder(localPath)} (shards there: ${all.map((s) => s.shard).join(', ') || 'none'})`,
      );
    }
    return found;
  });
}

function printChecks(checks: ShardCheck[]): void {
  for (const check of checks) {
    out(
      check.ok
        ? `ok       ${check.shard.padEnd(20)} ${String(check.entries ?? 0).padStart(9)} entries  ${check.location}`
        : `DAMAGED  ${check.shard.padEnd(20)} ${''.padStart(9)}          ${check.location}: ${check.problem ?? ''}`,
    );
  }
}

async function check(args: Record<string, unknown>): Promise<number> {
  const url = cacheUrlOf(args);
  if (url) {
    const checks = await checkPostgresCache(url);
    const wanted = (args.shards as string[] | undefined) ?? undefined;
    printChecks(wanted ? checks.filter((c) => wanted.includes(c.shard)) : checks);
    out(`${maskCacheUrl(url)}: reachable, ${checks.reduce((n, c) => n + (c.entries ?? 0), 0)} entries in ${checks.length} shards`);
    return 0;
  }
  const localPath = path.resolve(args.localPath as string);
  const shards = selectedShards(localPath, args.shards as string[] | undefined);
  if (shards.length === 0) {
    out(`No request cache files in ${sqliteCacheFolder(localPath)}`);
    return 0;
  }
  const checks = shards.map(({ shard, file }) => checkSqliteShard(shard, file));
  printChecks(checks);
  const damaged = checks.filter((c) => !c.ok);
  if (damaged.length === 0) return 0;
  out(`${damaged.length} damaged shard(s). Stop the workers using them, then: ${damaged.map((c) => rebuildCommand(c.location)).join('; ')}`);
  return 1;
}

function rebuild(args: Record<string, unknown>): number {
  const localPath = path.resolve(args.localPath as string);
  if (!fs.existsSync(sqliteCacheFolder(localPath))) throw new HelmInputError(`No request cache folder ${sqliteCacheFolder(localPath)}`);
  const shards = selectedShards(localPath, args.shards as string[] | undefined);
  let rebuilt = 0;
  for (const { shard, file } of shards) {
    const health = checkSqliteShard(shard, file);
    if (health.ok && !args.force) {
      out(`ok       ${shard}: healthy (${health.entries} entries), left as it is (--force rebuilds it anyway)`);
      continue;
    }
    const report = rebuildSqliteShard(shard, file);
    rebuilt++;
    out(
      `rebuilt  ${shard}: ${report.salvaged} entries kept` +
        (report.unreadable > 0 ? `, ${report.unreadable} unreadable entries dropped` : '') +
        `; the old file is ${report.keptAs}`,
    );
  }
  if (rebuilt > 0) out('Entries that were lost are computed again (one model call each) the next time a suite needs them.');
  return 0;
}

async function migrate(args: Record<string, unknown>): Promise<number> {
  if (!args.from || !args.to) throw new ArgParseError('migrate needs --from SRC and --to DST (a --local-path folder or a postgres:// URL)');
  const from = parseCacheLocation(args.from as string, '--from');
  const to = parseCacheLocation(args.to as string, '--to');
  if (from.kind === 'sqlite' && !fs.existsSync(from.localPath)) throw new HelmInputError(`--from ${args.from as string}: no such folder`);
  out(`Copying ${describeLocation(from)} → ${describeLocation(to)}`);
  const reports = await migrateRequestCache(from, to, {
    shards: args.shards as string[] | undefined,
    onShard: (r) => out(`${r.shard.padEnd(20)} ${String(r.read).padStart(9)} read ${String(r.written).padStart(9)} written ${String(r.present).padStart(9)} already there`),
  });
  const total = reports.reduce((a, r) => ({ read: a.read + r.read, written: a.written + r.written }), { read: 0, written: 0 });
  out(`Done: ${total.read} entries read, ${total.written} written, in ${reports.length} shards.`);
  return 0;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(normaliseArgv(argv));
  if (!args) return 0;
  const command = args.command as Command | undefined;
  if (!command) parser.fail(new ArgParseError(`a command is required: ${COMMANDS.join(', ')}`));
  const logger = createLogger();
  try {
    if (command === 'check') return await check(args);
    if (command === 'rebuild') return rebuild(args);
    return await migrate(args);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    // One line, secrets removed; the stack only when asked for (HELM_LOG_LEVEL=debug).
    const secrets = [args.cacheUrl as string | undefined, args.from as string | undefined, args.to as string | undefined, process.env[CACHE_URL_ENV]];
    const message = error instanceof Error ? error.message : String(error);
    logger.error(redactSecrets(message, secrets));
    if (!(error instanceof HelmInputError) && error instanceof Error) logger.debug(redactSecrets(error.stack ?? '', secrets));
    return 1;
  }
}

if (require.main === module) {
  void import('./cli-runner').then(({ runCli }) => runCli('helm-cache', () => main()));
}
