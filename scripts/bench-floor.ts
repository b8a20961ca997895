/**
 * The floor under helm-ts's pipeline: the same stages as a suite (expand the run entries, load
 * the scenario, adapt, call the model through the request cache, metrics, HELM's files,
 * run_specs.json), called one after another in this one plain process, with no Temporal at all,
 * each run kept in memory between its stages (as helm-ts's small runs are).
 * bench-mmlu.ts measures the same suite through helm-run; their ratio is what orchestration costs.
 *
 *   npm run build && node dist/scripts/bench-floor.js [options]
 *
 * Options:
 *   --subjects N               only the first N subjects of MMLU_SUBJECTS (default: all 57)
 *   -m, --max-eval-instances N default 100000 (the full test sets)
 *   --data-mirror DIR          default $HELM_DATA_MIRROR, else <project>/../shared/data
 *   --keep                     keep the temp working dir
 *
 * Prints wall time (from process start, as bench-mmlu times helm-run from spawn, and of the
 * stages alone), CPU seconds, bytes written and a `FLOOR_JSON {...}` line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkerContext } from '../activities/context';
import { expandSuite } from '../activities/expand-run-entries';
import { runSmallRun } from '../activities/run-stages';
import { writeRunSpec } from '../activities/work-files';
import { writeSuiteRunSpecs } from '../activities/write-suite-run-specs';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';
import { PROJECT_ROOT, UsageError, flagValue, formatTable, machineDescription, positiveInt, printHelp, procUsage } from './bench-common';

interface FloorOptions {
  subjects: number;
  maxEvalInstances: number;
  dataMirror: string;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): FloorOptions {
  const options: FloorOptions = {
    subjects: MMLU_SUBJECTS.length,
    maxEvalInstances: 100000,
    dataMirror: process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data'),
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--subjects') options.subjects = Math.min(positiveInt(flagValue(argv, i++, arg), arg), MMLU_SUBJECTS.length);
    else if (arg === '-m' || arg === '--max-eval-instances') options.maxEvalInstances = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--data-mirror') options.dataMirror = path.resolve(flagValue(argv, i++, arg));
    else if (arg === '--keep') options.keep = true;
    else if (arg === '-h' || arg === '--help') {
      printHelp(__filename);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (see --help)`);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const subjects = MMLU_SUBJECTS.slice(0, options.subjects);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-floor-'));
  const paths = {
    outputPath: path.join(work, 'benchmark_output'),
    localPath: path.join(work, 'prod_env'),
    suite: 'floor',
    executionId: 'floor',
  };
  const context = new WorkerContext();
  const startedWrites = procUsage(process.pid).writeBytes;
  const startedCpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  process.stdout.write(`helm-ts pipeline floor (no Temporal): ${subjects.length} subject(s), -m ${options.maxEvalInstances}, simple/model1\n`);

  const entries = subjects.map((s) => ({ description: `mmlu:subject=${s},model=simple/model1`, priority: 1, groups: null }));
  const { specs } = await expandSuite(context, paths, entries, { maxEvalInstances: options.maxEvalInstances }, { skipCompletedRuns: false, disableCache: false, dataMirror: options.dataMirror });
  let requests = 0;
  for (const spec of specs) {
    const run = { ...paths, runName: spec.name };
    writeRunSpec(run, spec);
    // The leanest form of a run: intermediate data in memory, as helm-ts's small runs keep it.
    const result = await runSmallRun(context, run, { dataMirror: options.dataMirror, disableCache: false, dryRun: false, maxRequests: Infinity });
    if (!result.deferred) requests += result.requests;
  }
  await writeSuiteRunSpecs(paths);
  await context.close();

  const stagesS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(startedCpu);
  const written = procUsage(process.pid).writeBytes - startedWrites;
  const rows: Array<[string, string]> = [
    ['runs', String(specs.length)],
    ['requests', String(requests)],
    ['wall time (stages)', `${stagesS.toFixed(2)} s`],
    ['wall time (process)', `${process.uptime().toFixed(2)} s (from node start, with module loading)`],
    ['CPU (stages)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`],
    ['written', `${(written / 2 ** 20).toFixed(1)} MiB`],
    ['machine', machineDescription()],
  ];
  process.stdout.write('\n' + formatTable(rows) + '\n\n');
  const summary = {
    subjects: subjects.length,
    runs: specs.length,
    requests,
    stages_s: Number(stagesS.toFixed(3)),
    process_s: Number(process.uptime().toFixed(3)),
    cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    written_mib: Number((written / 2 ** 20).toFixed(1)),
    max_eval_instances: options.maxEvalInstances,
  };
  process.stdout.write(`FLOOR_JSON ${JSON.stringify(summary)}\n`);
  if (options.keep) process.stdout.write(`kept ${work}\n`);
  else fs.rmSync(work, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench-floor: ${error instanceof Error ? (error instanceof UsageError ? error.message : error.stack) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
