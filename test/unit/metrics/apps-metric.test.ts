/**
 * HELM's APPSMetric (crfm-helm 0.5.16) against its own code: the `apps` cases of
 * test/fixtures/metrics/classic3_metrics.json, written by
 * scripts/helm-reference/classic3-metric-goldens.py from code_metrics_helper.run_test and
 * APPSMetric.evaluate_generation on the problems in test/fixtures/metrics/apps/. Each program runs in
 * a python3 subprocess (needs numpy, as HELM's programs all import it); the timeouts cost ~3 s each
 * and the killed run 11 s.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestState } from '../../../core/adaptation/schemas';
import { isFloat, toNumber } from '../../../core/common/py-number';
import { APPSMetric, appsStats, runAppsTests } from '../../../core/metrics/apps-metric';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { pyStrip } from '../../../core/metrics/py-text';
import { appsInstances, appsProblemLookup } from '../../../core/scenarios/code-scenario';
import { defaultRequest } from '../../../core/models/schemas';

const Num = z.object({ value: z.number(), float: z.boolean() });
const Case = z.object({
  problem: z.string(),
  completions: z.array(z.string()),
  results: z.array(z.array(z.union([z.boolean(), z.number()])).nullable()),
  stats: z.object({ test_avg: Num, strict_acc: Num }),
});
const golden = z
  .object({ apps: z.array(Case) })
  .parse(JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/metrics/classic3_metrics.json'), 'utf8'))).apps;
const problemsDir = path.resolve(__dirname, '../../fixtures/metrics/apps');
const PINNED = 'code_scenario_apps_pinned_file_order.json';

function requestState(texts: string[]): RequestState {
  return {
    instance: { input: { text: 'p' }, references: [{ output: { text: '' }, tags: ['correct'] }], split: 'test', id: 'id0' },
    train_trial_index: 0,
    request: defaultRequest({ model: 'm/m', model_deployment: 'm/m' }),
    result: { success: true, embedding: [], completions: texts.map((text) => ({ text, logprob: 0, tokens: [] })), cached: false },
    num_train_instances: 0,
    prompt_truncated: false,
    num_conditioning_tokens: 0,
  };
}

const statValues = (stats: ReturnType<typeof appsStats>) => Object.fromEntries(stats.map((s) => [s.name.name, toNumber(s.sum)]));

describe('APPSMetric (generated programs run by python3 against the APPS tests, HELM’s run_test behaviour)', () => {
  it(`gives HELM's per-test results and test_avg / strict_acc on ${golden.length} cases (stdin and call-based; wrong, partial, syntax and runtime errors, timeouts, a killed run, floats, multi-line and set-compared outputs)`, () => {
    const problems = new Set(golden.map((c) => c.problem));
    expect(problems.size).toBeGreaterThanOrEqual(7);
    for (const c of golden) {
      const root = path.join(problemsDir, c.problem);
      const results = c.completions.map((text) => runAppsTests(root, pyStrip(text)));
      const label = `${c.problem}: ${JSON.stringify(c.completions)}`;
      expect(results.map((r) => r ?? null), label).toEqual(c.results);
      const stats = appsStats(['test_avg', 'strict_acc'], results);
      expect(statValues(stats), label).toEqual({ test_avg: c.stats.test_avg.value, strict_acc: c.stats.strict_acc.value });
      expect(stats.every((s) => isFloat(s.sum)), `${label}: HELM's scores are floats`).toBe(true);
    }
  }, 240_000);

  it('evaluateGeneration takes each name’s best over the completions (one run per completion)', () => {
    const metric = new APPSMetric(['test_avg', 'strict_acc'], 3);
    const sum = 'a, b = map(int, input().split())\n';
    const stats = metric.evaluateGeneration(
      requestState(['print(0)', `${sum}print(a + b if a < 5 else a - b)`, `  ${sum}print(a + b)  `]),
      path.join(problemsDir, 'stdin_sum'),
    );
    expect(statValues(stats)).toEqual({ test_avg: 1, strict_acc: 1 });
    expect(() => new APPSMetric(['pass'], 3)).toThrow(/expected name to be one of test_avg, strict_acc/);
  }, 30_000);

  it('a run spec’s string timeout reaches signal.alarm as HELM’s does, which rejects it: every test fails', () => {
    expect(runAppsTests(path.join(problemsDir, 'call_add'), 'def add(a, b):\n    return a + b', '3')).toBeUndefined();
  }, 30_000);

  it('names APPSMetric as unavailable when python3 is missing or has no numpy (the harness exits 4 then)', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'apps-fake-python-'));
    const savedPath = process.env.PATH;
    try {
      process.env.PATH = bin;
      expect(() => runAppsTests(path.join(problemsDir, 'call_add'), 'def add(a, b):\n    return a + b')).toThrow(/APPSMetric needs python3 on the PATH/);
      writeFileSync(path.join(bin, 'python3'), '#!/bin/sh\nexit 4\n', { mode: 0o755 });
      expect(() => runAppsTests(path.join(problemsDir, 'call_add'), 'def add(a, b):\n    return a + b')).toThrow(/APPSMetric needs numpy in python3/);
    } finally {
      process.env.PATH = savedPath;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('runs through the metric registry with the scenario’s APPS folders (instance id<i> → the i-th problem)', () => {
    // The scenario folder as the download leaves it: the problems, with HELM's pinned order inside.
    const codeDir = path.resolve(__dirname, '../../fixtures/scenarios/classic/code');
    const scenarioDir = mkdtempSync(path.join(os.tmpdir(), 'apps-metric-test-'));
    try {
      cpSync(path.join(codeDir, 'APPS'), path.join(scenarioDir, 'APPS'), { recursive: true });
      cpSync(path.join(codeDir, PINNED), path.join(scenarioDir, 'APPS', PINNED));
      const pinned = JSON.parse(readFileSync(path.join(codeDir, PINNED), 'utf8')) as Record<string, string[]>;
      const instances = appsInstances(path.join(scenarioDir, 'APPS'), pinned).map((instance, i) => ({ ...instance, id: `id${i}` }));
      const tests = instances.filter((i) => i.split === 'test');
      const lookup = appsProblemLookup(scenarioDir);
      // Pinned order 0010, 0002, 0404 (absent), 0001 (no tests), 0000.
      expect(tests.map((i) => path.basename(lookup(i)))).toEqual(['0010', '0002', '0000']);
      expect(() => lookup({ ...tests[0], id: 'id99' })).toThrow(/no problem under/);
      const states = [
        { ...requestState(['print(1)']), instance: tests[0] }, // input_output.json is {}: run_test fails, 21 failures
        { ...requestState(['def f(x):\n    return x + 1', 'def f(x):\n    return x']), instance: tests[1] },
        { ...requestState(['a, b = map(int, input().split())\nprint(a * b)']), instance: tests[2] },
      ];
      const spec = { metric_specs: [{ class_name: 'helm.benchmark.metrics.code_metrics.APPSMetric', args: { names: ['test_avg', 'strict_acc'], timeout: 3 } }] };
      const out = evaluateMetrics(spec as never, { adapter_spec: { method: 'generation', num_train_trials: 1 }, request_states: states } as never, {
        countTokens: () => 1,
        appsProblem: lookup,
      });
      expect(out.unavailableMetrics).toEqual([]);
      const perInstance = out.perInstanceStats.map((e) => Object.fromEntries(e.stats.map((s) => [s.name.name, toNumber(s.sum)])));
      expect(perInstance).toEqual([
        { test_avg: 0, strict_acc: 0 },
        { test_avg: 1, strict_acc: 1 },
        { test_avg: 0, strict_acc: 0 },
      ]);
    } finally {
      rmSync(scenarioDir, { recursive: true, force: true });
    }
  }, 30_000);
});
