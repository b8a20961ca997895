import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { HelmSetupError } from '../core/common/errors';
import { SEARCH_ATTRIBUTES } from './search-attributes';
import { ensureTemporalCli } from './temporal-cli';

export interface DevServerOptions {
  /** HELM's --local-path (prod_env); the SQLite store and logs go to <localPath>/temporal/. */
  localPath: string;
  /** The frontend port (default 7233); given explicitly, it must match a server already running for localPath. */
  port?: number;
  uiPort?: number;
  ip?: string;
  log?: (message: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
  /** True when we found our own server already running and reused it. */
  reused: boolean;
}

interface ServerRecord {
  pid: number;
  address: string;
  uiUrl: string;
}

function stateDir(localPath: string): string {
  return path.join(path.resolve(localPath), 'temporal');
}

function recordPath(localPath: string): string {
  return path.join(stateDir(localPath), 'dev-server.json');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readRecord(localPath: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(recordPath(localPath), 'utf8')) as ServerRecord;
    return isAlive(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the frontend answers GetSystemInfo (the server is up and the namespace usable). */
export async function waitForServer(address: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        // The frontend knows the namespace before the history service's registry does: on a loaded
        // machine a workflow started now failed with "Namespace not found". A lookup that reaches
        // history answers "workflow not found" once the namespace is served there too.
        await connection.workflowService
          .describeWorkflowExecution({ namespace: 'default', execution: { workflowId: 'helm-ts-readiness-probe' } })
          .catch((error: unknown) => {
            if (/namespace/i.test(error instanceof Error ? error.message : String(error))) throw error;
          });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new HelmSetupError(`Temporal dev server at ${address} did not become healthy in ${timeoutMs / 1000}s: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/**
 * Starts `temporal server start-dev` with SQLite persistence under <localPath>/temporal/, the Web UI
 * and our search attributes, detached so it outlives this process (re-running helm-run reuses it
 * and the suite's history). Reuses a server we started earlier if it is still running. Two
 * helm-runs starting at once take turns (a lock file), so only one server owns the SQLite file.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const dir = stateDir(options.localPath);
  fs.mkdirSync(dir, { recursive: true });
  const release = await acquireLock(path.join(dir, 'start.lock'));
  try {
    return await startDevServerLocked(options);
  } finally {
    release();
  }
}

/** An exclusive lock file; a lock left by a dead process (or older than a minute) is taken over. */
async function acquireLock(lockPath: string, timeoutMs = 120_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      let age = 0;
      try {
        holder = Number(fs.readFileSync(lockPath, 'utf8'));
        age = Date.now() - fs.statSync(lockPath).mtimeMs;
      } catch {
        continue; // released between our open and read
      }
      if (!isAlive(holder) || age > 60_000) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new HelmSetupError(`Timed out waiting for ${lockPath} (held by pid ${holder}, another helm-run starting the dev server)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startDevServerLocked(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const existing = readRecord(options.localPath);
  if (existing) {
    const runningPort = Number(existing.address.split(':').pop());
    if (options.port !== undefined && options.port !== runningPort) {
      throw new HelmSetupError(
        `The embedded Temporal dev server of ${path.resolve(options.localPath)} already runs on ${existing.address} (pid ${existing.pid}), ` +
          `not on --temporal-port ${options.port}. Leave out --temporal-port to use it, or stop it first: ` +
          `helm-temporal stop --local-path ${options.localPath}`,
      );
    }
    await waitForServer(existing.address);
    return { ...existing, reused: true };
  }
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? port + 1000;
  const address = `${ip}:${port}`;
  if (await portInUse(port, ip)) {
    throw new HelmSetupError(
      `Port ${port} on ${ip} is already in use by a process helm-run did not start. ` +
        `Pass --temporal-address ${address} to use that server, or --temporal-port to pick another port.`,
    );
  }
  const cli = ensureTemporalCli(log);
  const dir = stateDir(options.localPath);
  fs.mkdirSync(dir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dir, 'temporal.sqlite'),
    '--ip',
    ip,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--log-level',
    'warn',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const logFd = fs.openSync(path.join(dir, 'dev-server.log'), 'a');
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  if (child.pid === undefined) throw new HelmSetupError(`Could not start the Temporal CLI ${cli}`);
  child.unref();
  const record: ServerRecord = { pid: child.pid, address, uiUrl: `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}` };
  log(`Starting Temporal dev server (${cli}) on ${address}, state in ${dir}`);
  try {
    await waitForServer(address);
  } catch (error) {
    if (isAlive(child.pid)) process.kill(child.pid, 'SIGTERM');
    throw new HelmSetupError(`${error instanceof Error ? error.message : String(error)}. See ${path.join(dir, 'dev-server.log')}`);
  }
  fs.writeFileSync(recordPath(options.localPath), JSON.stringify(record));
  return { ...record, reused: false };
}

/** Stops the dev server we started for this local path (SIGTERM, then SIGKILL after a grace period). */
export async function stopDevServer(localPath: string, graceMs = 10_000): Promise<boolean> {
  const record = readRecord(localPath);
  fs.rmSync(recordPath(localPath), { force: true });
  if (!record) return false;
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(record.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
  return true;
}

export function devServerStatus(localPath: string): ServerRecord | undefined {
  return readRecord(localPath);
}
