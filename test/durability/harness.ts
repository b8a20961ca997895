import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { normalisedJson } from '../helpers/golden';
import { HELM_RUN_BIN, HELM_WORKER_BIN, SHARED_DATA } from '../helpers/paths';
import { FAKE_MODEL as MODEL, writeFakeModelProdEnv as writeProdEnv } from '../helpers/fake-model-server';

/** The suite every durability test runs: a few MMLU subjects on the fake OpenAI-compatible model. */
export const SUBJECTS = ['anatomy', 'astronomy', 'philosophy'];
export const MAX_EVAL_INSTANCES = 20;
/** One request per instance (multiple_choice_joint), so this many distinct model calls. */
export const EXPECTED_REQUESTS = SUBJECTS.length * MAX_EVAL_INSTANCES;
export const RUN_FILES = ['run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json'];

export const REQUEST_BATCH_SIZE = 4;

/**
 * Concurrency of the faulted suites: 2 runs at once × 2 batches per run, each batch calling the
 * model one request at a time, so at most 4 model calls are in flight in the whole suite.
 */
export const CONCURRENCY_FLAGS = ['--max-concurrent-runs', '2', '--num-threads', '2', '--request-batch-size', String(REQUEST_BATCH_SIZE)];
export const MAX_IN_FLIGHT = 4;
/**
 * Results a killed process had but had not appended to its batch files: executeRequestBatch
 * buffers result lines (up to 64, or 1 s) before appending, so up to a whole batch per batch in
 * flight. They are in the request cache, so their retry is a cache hit, not a model call.
 */
export const MAX_UNWRITTEN_RESULTS = MAX_IN_FLIGHT * REQUEST_BATCH_SIZE;

export function runEntriesConf(): string {
  return `entries: [\n${SUBJECTS.map((s) => `  {description: "mmlu:subject=${s},model=${MODEL}", priority: 1}`).join(',\n')}\n]\n`;
}

/** A work folder: run_entries.conf and prod_env for the fake model. */
export function prepareWork(work: string, baseUrl: string): void {
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, 'run_entries.conf'), runEntriesConf());
  writeProdEnv(path.join(work, 'prod_env'), baseUrl);
}

export function helmRunArgs(suite: string, extra: string[] = []): string[] {
  return ['--conf-paths', 'run_entries.conf', '--suite', suite, '-m', String(MAX_EVAL_INSTANCES), '--data-mirror', SHARED_DATA, ...extra];
}

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the captured output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function spawnNode(bin: string, args: string[], cwd: string): Spawned {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, HELM_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function spawnHelmRun(args: string[], cwd: string): Spawned {
  return spawnNode(HELM_RUN_BIN, args, cwd);
}

export function spawnWorker(address: string, cwd: string, extra: string[] = []): Spawned {
  return spawnNode(HELM_WORKER_BIN, ['--temporal-address', address, ...extra], cwd);
}

/** kill -9, then wait until the process is gone. */
export async function killHard(spawned: Spawned): Promise<void> {
  spawned.child.kill('SIGKILL');
  await spawned.done;
}

export async function waitUntil(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function runDirs(outputPath: string, suite: string): string[] {
  const dir = path.join(outputPath, 'runs', suite);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'eval_cache')
    .map((e) => e.name)
    .sort();
}

/**
 * A run file as compared with the uninterrupted reference: HELM's timings masked (normalisedJson:
 * request_time, request_datetime, batch_request_time, inference runtimes), and, in
 * scenario_state.json, each result's `cached` flag masked: a call that finished (and was written
 * to the request cache) just before the kill, but not yet to the batch's results file, is read
 * back from the cache by the retried batch, so its result says cached: true. The tests count
 * those flags separately (they must be at most the calls in flight at the kill).
 */
export function comparableRunFile(file: string): string {
  const text = normalisedJson(file);
  return path.basename(file) === 'scenario_state.json' ? text.replace(/"cached": (true|false)/g, '"cached": "<masked>"') : text;
}

/** `cached: true` results in a suite's scenario_state.json files. */
export function cachedResults(outputPath: string, suite: string): number {
  let count = 0;
  for (const run of runDirs(outputPath, suite)) {
    const text = fs.readFileSync(path.join(outputPath, 'runs', suite, run, 'scenario_state.json'), 'utf8');
    count += (text.match(/"cached": true/g) ?? []).length;
  }
  return count;
}

/** Request states over all runs of a suite. */
export function requestCount(outputPath: string, suite: string): number {
  let count = 0;
  for (const run of runDirs(outputPath, suite)) {
    const text = fs.readFileSync(path.join(outputPath, 'runs', suite, run, 'scenario_state.json'), 'utf8');
    count += (text.match(/"cached": (true|false)/g) ?? []).length;
  }
  return count;
}

/** What the test saw of an activity left running on a killed process. */
export interface StrandedActivity {
  workflowId: string;
  activityType: string;
  attempt: number;
  heartbeatTimeoutSeconds: number;
  /** Whether the test shortened its heartbeat timeout (see expediteStranded). */
  shortened: boolean;
}

/** Run workflow ids of a suite of this harness. */
export function runWorkflowIds(suite: string): string[] {
  return SUBJECTS.map((s) => `helm:${suite}/mmlu:subject=${s},method=multiple_choice_joint,model=${MODEL.replace('/', '_')}`);
}

