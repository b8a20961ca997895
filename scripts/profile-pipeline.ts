/**
 * Where the pipeline's time goes: runs bench-mmlu.ts (helm-run on the embedded server) or
 * bench-floor.ts (the same stages with no Temporal) with V8's CPU profiler on, then names the top
 * costs of the measured process — by function (self time) and by helm-ts function (time including
 * what it calls) — and the Temporal server's CPU seconds beside helm-run's.
 *
 *   npm run build && node dist/scripts/profile-pipeline.js [--target helm-run|floor] [--top N] [--keep DIR] [bench options…]
 *
 *   --target    helm-run (default): profile the measured helm-run process (its in-process worker
 *               runs the workflows and activities); floor: profile bench-floor.js
 *   --top N     rows per table (default 25)
 *   --keep DIR  copy the .cpuprofile files there (open them in Chrome DevTools → Performance)
 * Every other argument goes to the benchmark, e.g. `-m 1`, `--subjects 15`.
 *
 * The dev server is the Temporal CLI (Go); `temporal server start-dev` has no profiling switch, so
 * its side is its CPU seconds from /proc (bench-mmlu's BENCH_JSON), not a profile.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, UsageError, flagValue, positiveInt, printHelp } from './bench-common';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** A short place for a frame: the package under node_modules, or the project file. */
function place(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '') return '';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith(PROJECT_ROOT)) return path.relative(path.join(PROJECT_ROOT, 'dist'), url) + `:${frame.lineNumber + 1}`;
  return url.startsWith('node:') ? url : path.basename(url);
}

function isProjectFrame(frame: CallFrame): boolean {
  const url = frame.url.replace(/^file:\/\//, '');
  return url.startsWith(path.join(PROJECT_ROOT, 'dist')) && !url.includes('/node_modules/') && !url.endsWith('workflow-bundle.js');
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const where = place(frame);
  return where ? `${name}  ${where}` : name;
}

interface Report {
  durationS: number;
  busyS: number;
  idleS: number;
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
  byPlace: Array<[string, number]>;
}

export function analyse(profile: CpuProfile): Report {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000; // a sample's time runs until the next one
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    self.set(label(node.callFrame), (self.get(label(node.callFrame)) ?? 0) + ms);
    const where = SPECIAL.has(node.callFrame.functionName) ? node.callFrame.functionName : place(node.callFrame).replace(/:\d+$/, '') || '(native)';
    byPlace.set(where, (byPlace.get(where) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!isProjectFrame(frame)) continue;
      const key = label(frame);
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>): Array<[string, number]> => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    durationS: (profile.endTime - profile.startTime) / 1e6,
    busyS: busy / 1000,
    idleS: idle / 1000,
    self: top(self),
    inclusive: top(inclusive),
    byPlace: top(byPlace),
  };
}

function table(title: string, rows: Array<[string, number]>, busyMs: number, n: number): string {
  const lines = rows.slice(0, n).map(([k, ms]) => `${(ms / 1000).toFixed(2).padStart(7)} s ${((100 * ms) / busyMs).toFixed(1).padStart(5)} %  ${k}`);
  return `${title}\n${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let target = 'helm-run';
  let top = 25;
  let keep: string | undefined;
  const passThrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target') target = flagValue(argv, i++, arg);
    else if (arg === '--top') top = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--keep') keep = path.resolve(flagValue(argv, i++, arg));
    else if (arg === '-h' || arg === '--help') {
      printHelp(__filename);
      return 0;
    } else passThrough.push(arg);
  }
  if (target !== 'helm-run' && target !== 'floor') throw new UsageError(`--target must be helm-run or floor, not ${target}`);
  const script = path.join(PROJECT_ROOT, 'dist', 'scripts', target === 'floor' ? 'bench-floor.js' : 'bench-mmlu.js');
  if (!fs.existsSync(script)) throw new UsageError('dist/ is missing: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-profile-'));
  const profiling = [`--cpu-prof`, `--cpu-prof-dir=${dir}`];
  // The floor is profiled itself; bench-mmlu passes the flags on to the helm-run it starts.
  const child = spawn(process.execPath, [...(target === 'floor' ? profiling : []), script, ...passThrough], {
    env: { ...process.env, HELM_BENCH_NODE_ARGS: profiling.join(' ') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`the benchmark exited ${code}`);

  // With helm-run, the warm-up and the measured helm-run each leave a profile: the longer one.
  const profiles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ file: path.join(dir, f), pid: Number(f.split('.')[3]), profile: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile }));
  const measured = profiles.sort((a, b) => b.profile.endTime - b.profile.startTime - (a.profile.endTime - a.profile.startTime))[0];
  if (!measured) throw new Error(`no CPU profile was written to ${dir}`);
  const report = analyse(measured.profile);
  const busyMs = report.busyS * 1000;
  process.stdout.write(
    `\nCPU profile of the measured ${target === 'floor' ? 'bench-floor' : 'helm-run'} process (pid ${measured.pid}): ` +
      `${report.durationS.toFixed(2)} s profiled, ${report.busyS.toFixed(2)} s busy, ${report.idleS.toFixed(2)} s idle (waiting on Temporal, disk or timers)\n\n`,
  );
  process.stdout.write(table('By package or file (self time):', report.byPlace, busyMs, Math.min(top, 15)) + '\n');
  process.stdout.write(table('helm-ts functions, with what they call (inclusive):', report.inclusive, busyMs, top) + '\n');
  process.stdout.write(table('Functions (self time):', report.self, busyMs, top));
  const bench = /BENCH_JSON (.*)/.exec(output);
  if (bench) {
    const json = JSON.parse(bench[1]) as { cpu_helm_run_s?: number; cpu_server_s?: number };
    process.stdout.write(`\nCPU seconds from /proc over the measured run: helm-run ${json.cpu_helm_run_s} s, Temporal dev server ${json.cpu_server_s} s\n`);
  }
  if (keep) {
    fs.mkdirSync(keep, { recursive: true });
    for (const p of profiles) fs.copyFileSync(p.file, path.join(keep, path.basename(p.file)));
    process.stdout.write(`profiles copied to ${keep}\n`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`profile-pipeline: ${error instanceof Error ? (error instanceof UsageError ? error.message : error.stack) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
