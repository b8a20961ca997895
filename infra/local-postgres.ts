import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A throwaway PostgreSQL server in a temp folder (initdb + pg_ctl) on a free loopback port, for
 * tests, benchmarks and the cluster script. Debian's `postgresql` package puts its binaries in
 * /usr/lib/postgresql/<version>/bin (not on PATH). initdb and pg_ctl refuse to run as root, so as
 * root they run as the `postgres` user the package creates (else `nobody`) through runuser.
 */

export interface LocalPostgres {
  host: string;
  port: number;
  /** The superuser made by initdb, and its password (scram-sha-256, so a wrong one is refused). */
  user: string;
  password: string;
  root: string;
  /** postgres://user:password@127.0.0.1:port/<database>. */
  url(database: string, credentials?: { user?: string; password?: string }): string;
  createDatabase(name: string): Promise<void>;
  /** Stops the server: `fast` (clean) or `immediate` (like a crash: recovery on the next start). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stop (immediate by default) and start again on the same data and port. */
  restart(mode?: 'fast' | 'immediate'): void;
  running(): boolean;
  /** Stops the server and removes its folder. */
  destroy(): void;
}

/** The folder with initdb and pg_ctl: $HELM_POSTGRES_BIN, the newest Debian install, or PATH. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.HELM_POSTGRES_BIN;
  if (fromEnv) return fs.existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')) && fs.existsSync(path.join(debian, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return path.join(debian, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailableReason(): string | undefined {
  if (!postgresBinDir()) {
    return 'PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin, $HELM_POSTGRES_BIN or PATH; install Debian\'s postgresql package (.ci/run and infra/setup.sh do)';
  }
  if (process.getuid?.() === 0 && !fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) {
    return 'running as root without runuser: initdb refuses to run as root';
  }
  return undefined;
}

function idOf(user: string, flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/** Who runs the server: ourselves, or as root an unprivileged account. */
function serverAccount(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  for (const user of ['postgres', 'nobody']) {
    const uid = idOf(user, '-u');
    const gid = idOf(user, '-g');
    if (uid !== undefined && gid !== undefined) return { prefix: ['runuser', '-u', user, '--'], uid, gid };
  }
  throw new Error('running as root and neither a postgres nor a nobody account exists to run PostgreSQL as');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else fs.chownSync(child, uid, gid);
  }
}

/** Servers of this process, stopped if the process exits without destroying them. */
const live = new Set<LocalPostgres>();
let exitHookInstalled = false;

export interface LocalPostgresOptions {
  port?: number;
  password?: string;
  /**
   * Flush to disk as PostgreSQL does by default (fsync on). Off by default: tests gain speed and
   * lose nothing (each server is thrown away); benchmarks turn it on to measure a real server.
   */
  durable?: boolean;
}

export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresUnavailableReason());
  const account = serverAccount();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-pg-'));
  const dataDir = path.join(root, 'data');
  const user = 'helm';
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`;
  const port = options.port ?? (await freePort());
  fs.writeFileSync(path.join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (account.uid !== undefined && account.gid !== undefined) chownTree(root, account.uid, account.gid);
  // Only the server's own variables: PG* settings of the caller must not redirect initdb or pg_ctl.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG'))) as NodeJS.ProcessEnv;
  const run = (tool: string, args: string[]): void => {
    const [command, ...prefix] = [...account.prefix, path.join(bin, tool)];
    try {
      execFileSync(command, [...prefix, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
      const log = fs.existsSync(path.join(root, 'server.log')) ? fs.readFileSync(path.join(root, 'server.log'), 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}\n${log}`);
    }
  };
  run('initdb', ['-D', dataDir, '-U', user, `--pwfile=${path.join(root, 'pwfile')}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  fs.rmSync(path.join(root, 'pwfile'), { force: true });
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=${options.durable ? 'on' : 'off'} -c max_connections=200`;
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const server: LocalPostgres = {
    host: '127.0.0.1',
    port,
    user,
    password,
    root,
    url(database, credentials = {}) {
      const u = encodeURIComponent(credentials.user ?? user);
      const p = encodeURIComponent(credentials.password ?? password);
      return `postgres://${u}:${p}@127.0.0.1:${port}/${database}`;
    },
    async createDatabase(name) {
      const client = new Client({ connectionString: server.url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    start() {
      run('pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);
    },
    stop(mode = 'fast') {
      if (!server.running()) return;
      run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    restart(mode = 'immediate') {
      server.stop(mode);
      server.start();
    },
    running() {
      if (!fs.existsSync(pidFile)) return false;
      const [command, ...prefix] = [...account.prefix, path.join(bin, 'pg_ctl')];
      try {
        execFileSync(command, [...prefix, '-D', dataDir, 'status'], { cwd: root, env, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    },
    destroy() {
      live.delete(server);
      try {
        server.stop('immediate');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
  server.start();
  live.add(server);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const s of live) {
        try {
          s.destroy();
        } catch {
          // Best effort at exit.
        }
      }
    });
  }
  return server;
}
