/**
 * helm-ts and Python HELM side by side on the same machine and inputs: the MMLU suite with
 * simple/model1 at several -m values, both sides interleaved (helm-ts first in odd rounds, HELM
 * first in even ones, so a change of load hits both), plus the floor (bench-floor.ts: the same
 * stages with no Temporal). Prints one table and a `VS_JSON {...}` line.
 *
 *   npm run build && node dist/scripts/bench-vs-helm.js [options]
 *
 * Options:
 *   -m, --max-eval LIST   comma-separated -m values (default 1,10,100,100000; 100000 = full test sets)
 *   --subjects N          first N subjects only (default all 57)
 *   --rounds R            repetitions of every measurement (default 1)
 *   --venv DIR            virtualenv with crfm-helm (default $HELM_VENV, else /root/.cache/helm-ts/helm-venv)
 *   --no-helm             helm-ts and the floor only
 *   --cold                helm-ts without its warm-up: its wall time includes starting the dev server
 *
 * The sides: `bench-mmlu.js` (helm-run on the embedded dev server, which its warm-up started; wall
 * time from spawn to exit), `helm-reference/bench-python-helm.sh` (one `helm-run` of crfm-helm;
 * wall time of the process, Python start-up included) and `bench-floor.js` (process wall time).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';
import { PROJECT_ROOT, UsageError, flagValue, formatTable, machineDescription, positiveInt, printHelp } from './bench-common';

interface Options {
  maxEval: number[];
  subjects: number;
  rounds: number;
  venv: string;
  helm: boolean;
  cold: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    maxEval: [1, 10, 100, 100000],
    subjects: MMLU_SUBJECTS.length,
    rounds: 1,
    venv: process.env.HELM_VENV ?? '/root/.cache/helm-ts/helm-venv',
    helm: true,
    cold: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-m' || arg === '--max-eval') options.maxEval = flagValue(argv, i++, arg).split(',').map((m) => positiveInt(m, arg));
    else if (arg === '--subjects') options.subjects = Math.min(positiveInt(flagValue(argv, i++, arg), arg), MMLU_SUBJECTS.length);
    else if (arg === '--rounds') options.rounds = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--venv') options.venv = path.resolve(flagValue(argv, i++, arg));
    else if (arg === '--no-helm') options.helm = false;
    else if (arg === '--cold') options.cold = true;
    else if (arg === '-h' || arg === '--help') {
      printHelp(__filename);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (see --help)`);
  }
  if (options.helm && !fs.existsSync(path.join(options.venv, 'bin', 'helm-run'))) {
    throw new UsageError(`no crfm-helm in ${options.venv} (pip install crfm-helm==0.5.16 there, give --venv, or --no-helm)`);
  }
  return options;
}

/** Runs a command, returns its stdout; fails with its output's tail on a non-zero exit. */
function capture(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`))));
  });
}

const dist = (script: string): string => path.join(PROJECT_ROOT, 'dist', 'scripts', script);

async function helmTs(m: number, options: Options): Promise<number> {
  const out = await capture(process.execPath, [dist('bench-mmlu.js'), '-m', String(m), '--subjects', String(options.subjects), ...(options.cold ? ['--no-warmup'] : [])]);
  return (JSON.parse(/BENCH_JSON (.*)/.exec(out)![1]) as { wall_s: number }).wall_s;
}

async function floor(m: number, options: Options): Promise<number> {
  const out = await capture(process.execPath, [dist('bench-floor.js'), '-m', String(m), '--subjects', String(options.subjects)]);
  return (JSON.parse(/FLOOR_JSON (.*)/.exec(out)![1]) as { process_s: number }).process_s;
}

async function pythonHelm(m: number, options: Options): Promise<number> {
  const script = path.join(PROJECT_ROOT, 'scripts', 'helm-reference', 'bench-python-helm.sh');
  const out = await capture('bash', [script, options.venv, String(options.subjects)], { MAX_EVAL: String(m) });
  return Number(/wall time: ([\d.]+) s/.exec(out)![1]);
}

interface Row {
  m: number;
  helmTs: number[];
  helm: number[];
  floor: number[];
  load: number[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  process.stdout.write(`helm-ts vs Python HELM: MMLU, simple/model1, ${options.subjects} subject(s), -m ${options.maxEval.join(', ')}, ${options.rounds} round(s)\n`);
  process.stdout.write(`machine: ${machineDescription()}\n`);
  const rows: Row[] = options.maxEval.map((m) => ({ m, helmTs: [], helm: [], floor: [], load: [] }));
  for (let round = 1; round <= options.rounds; round++) {
    for (const row of rows) {
      row.load.push(os.loadavg()[0]);
      const ours = async (): Promise<void> => void row.helmTs.push(await helmTs(row.m, options));
      const theirs = async (): Promise<void> => void (options.helm && row.helm.push(await pythonHelm(row.m, options)));
      if (round % 2 === 1) {
        await ours();
        await theirs();
      } else {
        await theirs();
        await ours();
      }
      row.floor.push(await floor(row.m, options));
      const last = (xs: number[]): string => (xs.length ? `${xs[xs.length - 1].toFixed(1)} s` : '-');
      process.stdout.write(`round ${round}, -m ${row.m}: helm-ts ${last(row.helmTs)}, HELM ${last(row.helm)}, floor ${last(row.floor)} (load ${row.load[row.load.length - 1].toFixed(1)})\n`);
    }
  }
  const table: Array<[string, string]> = [['-m', 'helm-ts | Python HELM | HELM/helm-ts | floor | helm-ts/floor (medians; load 1-min avg at start)']];
  for (const row of rows) {
    const [t, h, f] = [median(row.helmTs), median(row.helm), median(row.floor)];
    table.push([
      String(row.m),
      `${t.toFixed(1)} s | ${options.helm ? `${h.toFixed(1)} s` : '-'} | ${options.helm ? `${(h / t).toFixed(1)}x` : '-'} | ${f.toFixed(1)} s | ${(t / f).toFixed(2)}x (load ${row.load.map((l) => l.toFixed(1)).join('/')})`,
    ]);
  }
  process.stdout.write('\n' + formatTable(table) + '\n\n');
  process.stdout.write(`VS_JSON ${JSON.stringify({ subjects: options.subjects, cold: options.cold, rows })}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench-vs-helm: ${error instanceof Error ? (error instanceof UsageError ? error.message : error.stack) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
