/**
 * Helpers shared by the benchmark scripts (bench-mmlu.ts, bench-scale.ts, …): driving the real
 * `helm-run` CLI, sampling VmRSS from /proc, free ports, stopping the dev server a run started,
 * which worker ran which request batch.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runWorkflowId } from '../workflows/types';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const HELM_RUN = path.join(PROJECT_ROOT, 'bin', 'helm-run.js');
export const HELM_WORKER = path.join(PROJECT_ROOT, 'bin', 'helm-worker.js');
const SAMPLE_MS = 200;

/** Bad script arguments: the message is printed without a stack and the script exits 2. */
export class UsageError extends Error {}

/** The value after flag `argv[i]`. */
export function flagValue(argv: readonly string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined) throw new UsageError(`${flag} needs a value`);
  return v;
}

export function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got ${text}`);
  return n;
}

/** `--flag=value` → `--flag value` for the script's own flags (pass-through flags stay as given). */
export function splitOwnFlags(argv: readonly string[], own: readonly string[]): string[] {
  return argv.flatMap((a) => {
    const eq = a.indexOf('=');
    return eq > 0 && own.includes(a.slice(0, eq)) ? [a.slice(0, eq), a.slice(eq + 1)] : [a];
  });
}

/** Prints the leading doc comment of `file` (a compiled script: tsc keeps the comment). */
export function printHelp(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf('/**');
  const end = text.indexOf('*/', start);
  process.stdout.write(text.slice(start + 3, end).replace(/^ \* ?/gm, '').trim() + '\n');
}

/** "2 cores, AMD EPYC, 24 GiB RAM, node v20…" */
export function machineDescription(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  return `${os.cpus().length} cores, ${cpu ? cpu[1] : os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`;
}

// ---------------------------------------------------------------------------------------------
// /proc sampling

export interface ProcInfo {
  ppid: number;
  comm: string;
}

export function readProcTable(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ... ; comm may contain spaces and parentheses.
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      table.set(Number(name), { comm: stat.slice(open + 1, close), ppid: Number(fields[1]) });
    } catch {
      // the process exited meanwhile
    }
  }
  return table;
}

/** VmRSS in kB (0 for zombies, kernel threads and processes that are gone). */
export function vmRssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function isRunning(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return state !== null && state[1] !== 'Z' && state[1] !== 'X';
  } catch {
    return false;
  }
}

export function descendants(table: Map<number, ProcInfo>, root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, info] of table) {
    const list = children.get(info.ppid);
    if (list) list.push(pid);
    else children.set(info.ppid, [pid]);
  }
  const out = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (out.has(pid) || (pid !== root && !table.has(pid))) continue;
    out.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface RssPeaks {
  /** Max over samples of the summed VmRSS of the helm-run tree (without the dev server), kB. */
  helmRunKb: number;
  /** Max over samples of the summed VmRSS of the dev server tree, kB. */
  serverKb: number;
  /** Max over samples of both together, kB. */
  totalKb: number;
  /** Max number of processes in the helm-run tree (without the server). */
  helmRunProcesses: number;
  samples: number;
  /** Per TIMELINE_WINDOW_MS window from the start: the window's peaks (does memory level off?). */
  timeline: Array<{ atS: number; helmRunKb: number; serverKb: number }>;
  /** CPU seconds (user + system) and bytes written to disk, as /proc last showed them, per side. */
  usage: { helmRun: ProcUsage; server: ProcUsage };
}

export interface ProcUsage {
  cpuS: number;
  writeBytes: number;
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU seconds and bytes written (storage) of one process so far; zeros once it is gone. */
export function procUsage(pid: number): ProcUsage {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); the slice starts at field 3.
    const cpuS = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const writeBytes = Number(/^write_bytes: (\d+)/m.exec(io)?.[1] ?? 0);
    return { cpuS, writeBytes };
  } catch {
    return { cpuS: 0, writeBytes: 0 };
  }
}

/** Width of one RSS timeline window. */
export const TIMELINE_WINDOW_MS = 30_000;

export class RssSampler {
  readonly peaks: RssPeaks = {
    helmRunKb: 0,
    serverKb: 0,
    totalKb: 0,
    helmRunProcesses: 0,
    samples: 0,
    timeline: [],
    usage: { helmRun: { cpuS: 0, writeBytes: 0 }, server: { cpuS: 0, writeBytes: 0 } },
  };
  private timer: NodeJS.Timeout | undefined;
  /** Last usage seen per pid, and the server's at the first sample (it may predate this run). */
  private readonly lastUsage = new Map<number, { usage: ProcUsage; server: boolean }>();
  private readonly serverBaseline = new Map<number, ProcUsage>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly rootPid: number,
    private readonly serverPid: () => number | undefined,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    const table = readProcTable();
    const helmTree = descendants(table, this.rootPid);
    // The dev server is spawned detached by helm-run (so it is helm-run's child until helm-run
    // exits) and lives on after it; count it separately.
    const serverRoots = new Set<number>();
    const recorded = this.serverPid();
    if (recorded !== undefined && table.has(recorded)) serverRoots.add(recorded);
    for (const pid of helmTree) if (pid !== this.rootPid && table.get(pid)?.comm === 'temporal') serverRoots.add(pid);
    const serverTree = new Set<number>();
    for (const root of serverRoots) for (const pid of descendants(table, root)) serverTree.add(pid);
    let helmKb = 0;
    let helmCount = 0;
    for (const pid of helmTree) {
      if (serverTree.has(pid)) continue;
      helmKb += vmRssKb(pid);
      helmCount++;
    }
    let serverKb = 0;
    for (const pid of serverTree) serverKb += vmRssKb(pid);
    for (const pid of helmTree) {
      const usage = procUsage(pid);
      if (usage.cpuS > 0) this.lastUsage.set(pid, { usage, server: serverTree.has(pid) });
    }
    for (const pid of serverTree) {
      const usage = procUsage(pid);
      if (!this.serverBaseline.has(pid)) this.serverBaseline.set(pid, helmTree.has(pid) ? { cpuS: 0, writeBytes: 0 } : usage);
      if (usage.cpuS > 0) this.lastUsage.set(pid, { usage, server: true });
    }
    const total = { helmRun: { cpuS: 0, writeBytes: 0 }, server: { cpuS: 0, writeBytes: 0 } };
    for (const [pid, { usage, server }] of this.lastUsage) {
      const base = this.serverBaseline.get(pid) ?? { cpuS: 0, writeBytes: 0 };
      const side = server ? total.server : total.helmRun;
      side.cpuS += usage.cpuS - base.cpuS;
      side.writeBytes += usage.writeBytes - base.writeBytes;
    }
    this.peaks.usage = total;
    const p = this.peaks;
    p.helmRunKb = Math.max(p.helmRunKb, helmKb);
    p.serverKb = Math.max(p.serverKb, serverKb);
    p.totalKb = Math.max(p.totalKb, helmKb + serverKb);
    p.helmRunProcesses = Math.max(p.helmRunProcesses, helmCount);
    p.samples++;
    const window = Math.floor((Date.now() - this.startedAt) / TIMELINE_WINDOW_MS);
    const atS = (window * TIMELINE_WINDOW_MS) / 1000;
    const last = p.timeline.at(-1);
    if (last === undefined || last.atS !== atS) p.timeline.push({ atS, helmRunKb: helmKb, serverKb });
    else Object.assign(last, { helmRunKb: Math.max(last.helmRunKb, helmKb), serverKb: Math.max(last.serverKb, serverKb) });
  }
}

// ---------------------------------------------------------------------------------------------
// ports, the dev server, the CLI

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port P whose Web UI port P+1000 is free too (the dev server binds both). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portFree(port)) && (await portFree(port + 1000))) return port;
  }
  throw new Error('no free port pair found');
}

/** Where helm-run (cwd workDir, default --local-path prod_env) records the dev server it started. */
export function serverRecordPath(workDir: string): string {
  return path.join(workDir, 'prod_env', 'temporal', 'dev-server.json');
}

export function recordedServerPid(workDir: string): number | undefined {
  try {
    const record: unknown = JSON.parse(fs.readFileSync(serverRecordPath(workDir), 'utf8'));
    if (typeof record === 'object' && record !== null && 'pid' in record && typeof record.pid === 'number') return record.pid;
  } catch {
    // not written yet
  }
  return undefined;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone (or the grace is over). */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

/** Stops the dev server recorded under workDir/prod_env; returns its pid if it was running. */
export async function stopServer(workDir: string): Promise<number | undefined> {
  const pid = recordedServerPid(workDir);
  if (pid === undefined || !isRunning(pid)) return undefined;
  await stopProcess(pid);
  return pid;
}

export interface CliResult {
  code: number;
  wallS: number;
  /** Seconds from spawn until dev-server.json appeared (only when this run started the server). */
  serverReadyS: number | undefined;
  rss: RssPeaks;
  logPath: string;
}

/** Runs `node bin/helm-run.js args` in workDir, timing it and sampling RSS; output goes to workDir/logName unless verbose. */
export async function runCli(workDir: string, args: readonly string[], logName: string, verbose: boolean): Promise<CliResult> {
  const logPath = path.join(workDir, logName);
  const logFd = fs.openSync(logPath, 'w');
  const hadServer = recordedServerPid(workDir) !== undefined;
  const start = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e9;
  // HELM_BENCH_NODE_ARGS: node flags for helm-run (profile-pipeline.ts passes --cpu-prof, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.HELM_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, HELM_RUN, ...args], {
    cwd: workDir,
    stdio: ['ignore', verbose ? 'inherit' : logFd, verbose ? 'inherit' : logFd],
  });
  if (child.pid === undefined) throw new Error('could not spawn helm-run');
  let serverReadyS: number | undefined;
  const sampler = new RssSampler(child.pid, () => {
    const pid = recordedServerPid(workDir);
    if (pid !== undefined && serverReadyS === undefined && !hadServer) serverReadyS = elapsed();
    return pid;
  });
  sampler.start();
  const code = await new Promise<number>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    child.once('error', () => resolve(1));
  });
  const wallS = elapsed();
  sampler.stop();
  fs.closeSync(logFd);
  return { code, wallS, serverReadyS, rss: sampler.peaks, logPath };
}

// ---------------------------------------------------------------------------------------------
// small things

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The peaks of each quarter of a run's timeline, e.g. "512 / 600 / 640 / 650 MiB" (memory levelling off or not). */
export function quarterPeaks(timeline: RssPeaks['timeline'], key: 'helmRunKb' | 'serverKb'): string {
  if (timeline.length === 0) return 'n/a';
  const n = timeline.length;
  const peaks = [0, 1, 2, 3].map((q) => {
    const start = Math.floor((q * n) / 4);
    const end = Math.max(start + 1, Math.floor(((q + 1) * n) / 4));
    return Math.max(...timeline.slice(start, end).map((p) => p[key]));
  });
  return `${peaks.map((kb) => (kb / 1024).toFixed(0)).join(' / ')} MiB`;
}

export function mib(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MiB`;
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Two aligned columns, as the benchmarks print their results. */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** Run names of a suite's output folder (folders holding run_spec.json). */
export function suiteRunNames(outputPath: string, suite: string): string[] {
  const dir = path.join(outputPath, 'runs', suite);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'run_spec.json')))
    .map((e) => e.name);
}

/** Request batches (executeRequestBatch) of a suite's runs per worker identity (pid@host), from the run workflows' histories. */
export async function batchesByWorker(address: string, suite: string, runNames: readonly string[]): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const counts: Record<string, number> = {};
    for (const runName of runNames) {
      const history = await client.workflow.getHandle(runWorkflowId(suite, runName)).fetchHistory();
      const types = new Map<string, string>();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled) types.set(String(event.eventId), scheduled.activityType?.name ?? '');
        const started = event.activityTaskStartedEventAttributes;
        if (started && types.get(String(started.scheduledEventId)) === 'executeRequestBatch') {
          const identity = started.identity ?? '?';
          counts[identity] = (counts[identity] ?? 0) + 1;
        }
      }
    }
    return counts;
  } finally {
    await connection.close();
  }
}
