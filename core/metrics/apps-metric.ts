import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import type { RequestState, ScenarioState } from '../adaptation/schemas';
import { HelmInputError } from '../common/errors';
import { pyFloat } from '../common/py-number';
import type { ArgValue } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { APPS_HARNESS } from './apps-harness';
import { generationLoop } from './generation-loop';
import type { MetricInterface, MetricResult, MetricServices } from './metric';
import { metricName } from './metric-name';
import { pyStrip } from './py-text';
import { Stat } from './stat';
import { MetricUnavailableError } from './unavailable-metric';

const CLASS_NAME = 'helm.benchmark.metrics.code_metrics.APPSMetric';

/** HELM's wait for one program's whole test run (the original APPS code's 11 s) before it kills it. */
export const APPS_RUN_BUDGET_SECONDS = 11;
/** Tests HELM assumes a killed run had: each counts as failed. */
const KILLED_RUN_TESTS = 21;

/** Finds an APPS instance's problem folder (HELM's `test_cases["root"]`, kept on the reference in memory only). */
export type AppsProblemLookup = (instance: Instance) => string;

/** One test's outcome as HELM's run_test reports it: passed, failed, -1 runtime error/timeout, -2 compile error, -3 no function. */
export type AppsTestResult = boolean | number;
const HarnessOutput = z.object({ results: z.array(z.union([z.boolean(), z.number()])) });

/**
 * `run_test` in a `python3 -I` subprocess (see apps-harness.ts): the per-test results, or undefined
 * when the run was abandoned after HELM's 11 s or died before reporting (HELM's empty shared list).
 * `timeout` goes to Python as the run spec holds it (a boxed float as {py_float}, which the harness
 * turns back into a float; a string stays a string, which signal.alarm rejects as in HELM).
 */
export function runAppsTests(problemDir: string, completion: string, timeout: ArgValue = 3): AppsTestResult[] | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'helm-apps-'));
  try {
    const jobFile = path.join(dir, 'job.json');
    const resultFile = path.join(dir, 'result.json');
    // The program works in a folder of its own, away from the harness's two files.
    const cwd = path.join(dir, 'work');
    mkdirSync(cwd);
    writeFileSync(jobFile, JSON.stringify({ root: path.resolve(problemDir), code: completion, timeout, budget: APPS_RUN_BUDGET_SECONDS }));
    const run = spawnSync('python3', ['-I', '-c', APPS_HARNESS, jobFile, resultFile], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd },
      // stdin on /dev/null as in HELM's forked child; the program's own output is not ours to read
      // (and, unread, cannot overflow a buffer).
      stdio: ['ignore', 'ignore', 'ignore'],
      // The harness abandons the run itself at the budget; this catches a call that never yields.
      timeout: (APPS_RUN_BUDGET_SECONDS + 2) * 1000,
    });
    if (run.error !== undefined && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MetricUnavailableError(CLASS_NAME, 'python3 on the PATH to run the generated APPS programs');
    }
    if (run.status === 4) throw new MetricUnavailableError(CLASS_NAME, 'numpy in python3 (every APPS program is run after `import numpy as np`)');
    let text: string;
    try {
      text = readFileSync(resultFile, 'utf8');
    } catch {
      return undefined;
    }
    return HarnessOutput.parse(JSON.parse(text)).results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `_convert_scores`: 1.0 for a passed test, 0.0 for anything else; a killed run counts as 21 failures. */
export function appsScores(results: AppsTestResult[] | undefined): number[] {
  if (results === undefined) return new Array<number>(KILLED_RUN_TESTS).fill(0);
  return results.map((r) => (r === true ? 1 : 0));
}

/** HELM's two APPS scores of one program's test scores. */
export const APPS_METRICS = {
  test_avg(scores: number[]): number {
    if (scores.length === 0) throw new HelmInputError('APPSMetric test_avg: the problem has no tests (division by zero, as in HELM)');
    return scores.reduce((a, b) => a + b, 0) / scores.length;
  },
  strict_acc(scores: number[]): number {
    return scores.reduce((a, b) => a + b, 0) === scores.length ? 1 : 0;
  },
} as const;
export type AppsMetricName = keyof typeof APPS_METRICS;

/** For each name (in order), the best score over the completions' test results, from 0.0 up (HELM's fold). */
export function appsStats(names: readonly AppsMetricName[], results: Array<AppsTestResult[] | undefined>): Stat[] {
  const scores = results.map(appsScores);
  return names.map((name) => {
    const best = scores.reduce((acc, s) => Math.max(acc, APPS_METRICS[name](s)), 0);
    return new Stat(metricName(name)).add(pyFloat(best));
  });
}

export const APPSMetricArgs = z
  .object({
    names: z.array(z.string()),
    timeout: z.custom<ArgValue>((v) => v !== undefined),
  })
  .strict();

/**
 * HELM's `APPSMetric`: for each name, the best score over the completions, each completion
 * (stripped) run against the problem's tests. HELM runs every completion once per name; helm-ts
 * runs it once and scores those results under every name.
 */
export class APPSMetric implements MetricInterface {
  readonly names: AppsMetricName[];

  constructor(names: readonly string[], readonly timeout: ArgValue) {
    this.names = names.map((name) => {
      if (!Object.hasOwn(APPS_METRICS, name)) throw new HelmInputError(`APPSMetric: expected name to be one of test_avg, strict_acc, but got ${name}.`);
      return name as AppsMetricName;
    });
  }

  evaluateGeneration(requestState: RequestState, problemDir: string): Stat[] {
    if (requestState.result === undefined || requestState.result === null) throw new Error('APPSMetric: a request state has no result');
    return appsStats(this.names, requestState.result.completions.map((c) => runAppsTests(problemDir, pyStrip(c.text), this.timeout)));
  }

  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult {
    const lookup = services.appsProblem;
    if (lookup === undefined) throw new Error('APPSMetric needs the APPS problem folders (services.appsProblem)');
    return generationLoop(scenarioState, (_adapterSpec, requestState) => this.evaluateGeneration(requestState, lookup(requestState.instance)));
  }
}
