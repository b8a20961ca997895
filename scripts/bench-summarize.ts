/**
 * helm-summarize benchmark: a generated suite of many runs (default 10,000), summarized by the real
 * CLI, timed.
 *
 *   npm run build && node dist/scripts/bench-summarize.js [--runs N] [--source-run DIR] [--keep]
 *
 * Steps: in a fresh temp dir, `helm-run --run-entries "mmlu:subject=philosophy,model=simple/model1"
 * --suite x -m 10 --data-mirror <shared data> --temporal-port 17999` produces one real run folder
 * (then `helm-temporal stop` stops its dev server); or --source-run names an existing run folder.
 * That folder is copied under N names: MMLU subject × model `bench/model<k>` (run_spec.json
 * rewritten with the new name, subject and model; the other files hard-linked, so the suite
 * costs little disk). Then `helm-summarize --suite bench` runs once, timed from spawn to exit
 * (cold page cache aside). Prints runs, seconds, runs/s, output sizes, and `BENCH_JSON {...}`.
 *
 * Measured (2-core VM shared with other jobs, load average ~7): 10,000 runs in 54 s (184 runs/s),
 * writing a 345 MB runs.json and 30,000 display files. The Python HELM took 66 s for 500 runs of
 * the same kind on the same machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pythonJsonDumps, pythonJsonParse } from '../core/common/python-json';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const BIN = (name: string) => path.join(PROJECT_ROOT, 'bin', `${name}.js`);

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs a CLI with its logs in <cwd>/<name>.log (they can be large). */
function run(bin: string, args: string[], cwd: string): void {
  const log = path.join(cwd, `${path.basename(bin, '.js')}.log`);
  const fd = fs.openSync(log, 'a');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', fd, fd], env: { ...process.env, HELM_LOG_FORMAT: 'json' } });
  fs.closeSync(fd);
  if (result.status !== 0) {
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
  }
}

/** One real run folder from helm-run (its dev server stopped afterwards). */
function makeSourceRun(work: string): string {
  const dataMirror = process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
  const entry = 'mmlu:subject=philosophy,model=simple/model1';
  try {
    run(BIN('helm-run'), ['--run-entries', entry, '--suite', 'x', '-m', '10', '--data-mirror', dataMirror, '--temporal-port', '17999'], work);
  } finally {
    run(BIN('helm-temporal'), ['stop'], work);
  }
  const suite = path.join(work, 'benchmark_output', 'runs', 'x');
  const folder = fs.readdirSync(suite).find((d) => d.startsWith('mmlu:'));
  if (!folder) throw new Error(`helm-run wrote no run folder in ${suite}`);
  return path.join(suite, folder);
}

function generateSuite(source: string, suiteDir: string, count: number): void {
  const spec = pythonJsonParse(fs.readFileSync(path.join(source, 'run_spec.json'), 'utf8')) as {
    name: string;
    scenario_spec: { args: Record<string, unknown> };
    adapter_spec: Record<string, unknown>;
  };
  const linked = ['scenario.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json'];
  fs.mkdirSync(suiteDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const subject = MMLU_SUBJECTS[i % MMLU_SUBJECTS.length];
    const model = `bench/model${Math.floor(i / MMLU_SUBJECTS.length)}`;
    const name = `mmlu:subject=${subject},method=multiple_choice_joint,model=${model.replace('/', '_')}`;
    const dir = path.join(suiteDir, name);
    fs.mkdirSync(dir);
    const runSpec = {
      ...spec,
      name,
      scenario_spec: { ...spec.scenario_spec, args: { ...spec.scenario_spec.args, subject } },
      adapter_spec: { ...spec.adapter_spec, model_deployment: model, model },
    };
    fs.writeFileSync(path.join(dir, 'run_spec.json'), pythonJsonDumps(runSpec, { indent: 2 }));
    for (const f of linked) fs.linkSync(path.join(source, f), path.join(dir, f));
  }
}

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

function main(): void {
  const count = Number(flag('--runs') ?? 10_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-bench-summarize-'));
  try {
    const source = flag('--source-run') ?? makeSourceRun(work);
    const suiteDir = path.join(work, 'benchmark_output', 'runs', 'bench');
    const generateStart = Date.now();
    generateSuite(source, suiteDir, count);
    console.log(`generated ${count} runs in ${((Date.now() - generateStart) / 1000).toFixed(1)} s (${suiteDir})`);
    const start = process.hrtime.bigint();
    run(BIN('helm-summarize'), ['--suite', 'bench'], work);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const outputs = ['runs.json', 'run_specs.json', 'groups.json', 'schema.json'].map((f) => [f, sizeOf(path.join(suiteDir, f))] as const);
    const displayWritten = fs.readdirSync(suiteDir).filter((d) => fs.existsSync(path.join(suiteDir, d, 'display_predictions.json'))).length;
    console.log(`helm-summarize: ${count} runs in ${seconds.toFixed(2)} s (${(count / seconds).toFixed(0)} runs/s), display files for ${displayWritten} runs`);
    for (const [f, size] of outputs) console.log(`  ${f.padEnd(16)} ${(size / 1e6).toFixed(1)} MB`);
    console.log('BENCH_JSON ' + JSON.stringify({ runs: count, seconds: Number(seconds.toFixed(3)), runsPerSecond: Math.round(count / seconds), displayWritten }));
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
