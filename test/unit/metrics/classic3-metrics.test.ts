/**
 * HELM Classic's copyright and disinformation metrics against HELM's own classes (crfm-helm
 * 0.5.16): test/fixtures/metrics/classic3_metrics.json, written by
 * scripts/helm-reference/classic3-metric-goldens.py (nltk's TreebankWordTokenizer, sacrebleu 2.6).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestState } from '../../../core/adaptation/schemas';
import { isFloat, toNumber, type PyNumber } from '../../../core/common/py-number';
import { BasicCopyrightArgs, BasicCopyrightMetric } from '../../../core/metrics/copyright-metric';
import { DisinformationMetric, monteCarloEntropy, selfBleu } from '../../../core/metrics/disinformation-metric';
import { treebankClassicTokenize } from '../../../core/metrics/treebank-tokenizer';
import { SummarizationMetric, summarizationRouge } from '../../../core/metrics/summarization-metric';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { codeEval, passAtKEstimator } from '../../../core/metrics/code-eval';
import { BasicGenerationMetric } from '../../../core/metrics/basic-generation-metric';
import { humanEvalInstances, humanEvalProblemLookup, readHumanEvalProblems } from '../../../core/scenarios/code-scenario';
import { defaultRequest } from '../../../core/models/schemas';

const Num = z.object({ value: z.union([z.number(), z.literal('NaN')]), float: z.boolean() });
const Golden = z.object({
  treebank: z.array(z.object({ text: z.string(), tokens: z.array(z.string()) })),
  copyright: z.array(z.object({ args: BasicCopyrightArgs, prefix: z.string(), reference: z.string(), completions: z.array(z.string()), stat: Num })),
  disinformation: z.array(
    z.object({ name: z.enum(['self_bleu', 'monte_carlo_entropy']), completions: z.array(z.object({ text: z.string(), logprobs: z.array(z.number()) })) }).merge(Num),
  ),
  summarization: z.array(z.object({ references: z.array(z.string()), completion: z.string(), stats: z.record(z.string(), Num) })),
  code: z.array(z.object({ task_id: z.string(), completion: z.string(), passed: z.number() })),
  pass_at_k: z.array(z.object({ n: z.number(), c: z.number(), k: z.number(), value: z.number() })),
});
const golden = Golden.parse(JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/metrics/classic3_metrics.json'), 'utf8')));

function requestState(prefix: string, reference: string, completions: Array<{ text: string; logprobs: number[] }>): RequestState {
  return {
    instance: { input: { text: prefix }, references: [{ output: { text: reference }, tags: ['correct'] }], split: 'test', id: 'id0' },
    train_trial_index: 0,
    request: defaultRequest({ model: 'm/m', model_deployment: 'm/m' }),
    result: {
      success: true,
      embedding: [],
      completions: completions.map(({ text, logprobs }) => ({ text, logprob: 0, tokens: logprobs.map((logprob, i) => ({ text: String(i), logprob })) })),
      cached: false,
    },
    num_train_instances: 0,
    prompt_truncated: false,
    num_conditioning_tokens: 0,
  };
}

/** Equal to HELM's number: same Python type, and the value to the last bit (or to 1e-12 for sums of logs and BLEU). */
function expectPyNumber(actual: PyNumber, expected: z.infer<typeof Num>, exact: boolean, what: string): void {
  expect(isFloat(actual) || (typeof actual !== 'number'), `${what}: float?`).toBe(expected.float);
  if (expected.value === 'NaN') expect(Number.isNaN(toNumber(actual)), what).toBe(true);
  else if (exact) expect(toNumber(actual), what).toBe(expected.value);
  else expect(toNumber(actual), what).toBeCloseTo(expected.value, 12);
}

describe('TreebankWordTokenizer (nltk’s original, used by the copyright metric)', () => {
  for (const { text, tokens } of golden.treebank) it(`tokenizes ${JSON.stringify(text).slice(0, 40)} as nltk does`, () => expect(treebankClassicTokenize(text)).toEqual(tokens));
});

describe('BasicCopyrightMetric (longest common prefix, edit distance, edit similarity)', () => {
  it(`equals HELM on ${golden.copyright.length} cases (3 measures × prefix normalisation × whitespace normalisation × 5 texts)`, () => {
    for (const c of golden.copyright) {
      const stats = new BasicCopyrightMetric(c.args).evaluateGeneration(requestState(c.prefix, c.reference, c.completions.map((text) => ({ text, logprobs: [] }))));
      expect(stats).toHaveLength(1);
      expectPyNumber(stats[0].sum, c.stat, true, `${JSON.stringify(c.args)} on ${JSON.stringify(c.prefix)}`);
    }
  });
});

describe('DisinformationMetric (self-BLEU with sacrebleu’s sentence BLEU, Monte Carlo entropy)', () => {
  it(`equals HELM on ${golden.disinformation.length} completion sets`, () => {
    for (const c of golden.disinformation) {
      const outputs = requestState('p', 'p', c.completions).result?.completions ?? [];
      const value = c.name === 'self_bleu' ? selfBleu(outputs) : monteCarloEntropy(outputs);
      expectPyNumber(value, c, false, `${c.name} of ${JSON.stringify(c.completions.map((x) => x.text))}`);
    }
  });

  it('runs through the trial loop: one stat per instance, named as HELM names it', () => {
    const state = requestState('p', 'p', golden.disinformation[0].completions);
    const result = new DisinformationMetric({ name: 'self_bleu' }).evaluate({ adapter_spec: { method: 'generation', num_train_trials: 1 } as never, request_states: [state] } as never);
    expect(new Set(result.aggregatedStats.map((s) => s.name.name))).toEqual(new Set(['self_bleu'])); // once per split context
    expect(result.perInstanceStats).toHaveLength(1);
  });
});

describe('SummarizationMetric (offline: ROUGE; the rest named as unavailable)', () => {
  it(`ROUGE-1/2/L equal HELM's evaluate_generation on ${golden.summarization.length} cases (braces, stripping, best reference)`, () => {
    for (const c of golden.summarization) {
      const stats = summarizationRouge(c.references, c.completion);
      expect(stats.map((s) => s.name.name)).toEqual(Object.keys(c.stats));
      for (const stat of stats) expectPyNumber(stat.sum, c.stats[stat.name.name], true, `${stat.name.name} of ${JSON.stringify(c.completion)}`);
    }
  });

  it("keeps the run's ROUGE stats and names what needs third-party files or models", () => {
    const state = requestState('doc', 'The council approved the bridge.', [{ text: 'Council approves bridge.', logprobs: [] }]);
    const result = new SummarizationMetric({ task: 'summarization_xsum', device: 'cpu' }).evaluate({ adapter_spec: { method: 'generation', num_train_trials: 1 } as never, request_states: [state] } as never);
    expect(new Set(result.aggregatedStats.map((s) => s.name.name))).toEqual(new Set(['rouge_1', 'rouge_2', 'rouge_l']));
    expect(result.unavailable?.[0]).toMatch(/computed rouge_1, rouge_2 and rouge_l only; summarization_coverage\/density\/compression need summ_eval's DataStatsMetric/);
    const gpu = new SummarizationMetric({ task: 'summarization_cnndm', device: 'cuda' }).evaluate({ adapter_spec: { method: 'generation', num_train_trials: 1 } as never, request_states: [state] } as never);
    expect(gpu.unavailable?.[0]).toMatch(/summac and BERTScore-P\/R\/F need the SummaC \(vitc\) and microsoft\/deberta-large-mnli models/);
  });

  it('through evaluateMetrics: the partial metric is listed as unavailable and its stats are still written', () => {
    const state = requestState('doc', 'The council approved the bridge.', [{ text: 'Council approves bridge.', logprobs: [] }]);
    const spec = {
      metric_specs: [
        { class_name: 'helm.benchmark.metrics.summarization_metrics.SummarizationMetric', args: { task: 'summarization_xsum', device: 'cpu' } },
        { class_name: 'helm.benchmark.metrics.toxicity_metrics.ToxicityMetric', args: {} },
      ],
    };
    const out = evaluateMetrics(spec as never, { adapter_spec: { method: 'generation', num_train_trials: 1 }, request_states: [state] } as never, {} as never);
    expect(out.stats.some((s) => s.name.name === 'rouge_2')).toBe(true);
    expect(out.unavailableMetrics).toHaveLength(2);
    expect(out.unavailableMetrics[1]).toMatch(/ToxicityMetric needs the Perspective API/);
  });
});

describe('HumanEval code_eval and pass@k (programs run by python3 in a subprocess with HELM’s 3 s limit)', () => {
  const dir = path.resolve(__dirname, '../../fixtures/scenarios/classic/code');
  const problems = readHumanEvalProblems(readFileSync(path.join(dir, 'HumanEval.jsonl'), 'utf8'), 'HumanEval.jsonl');

  it(`passes and fails the same ${golden.code.length} programs as HELM's check_correctness (wrong answers, syntax errors, a timeout, a disabled os.system, SystemExit)`, () => {
    for (const c of golden.code) {
      const problem = problems.get(c.task_id);
      if (problem === undefined) throw new Error(`no ${c.task_id}`);
      expect(codeEval(problem, c.completion), `${c.task_id}: ${JSON.stringify(c.completion)}`).toBe(c.passed);
    }
  }, 60_000);

  it(`pass_at_k_estimator equals HELM's on ${golden.pass_at_k.length} (n, c, k)`, () => {
    for (const c of golden.pass_at_k) expect(passAtKEstimator(c.n, c.c, c.k), JSON.stringify(c)).toBe(c.value);
  });

  it('BasicGenerationMetric(code_eval_acc, pass) finds each instance’s tests in the scenario file by id', () => {
    const instances = humanEvalInstances(problems).map((instance, i) => ({ ...instance, id: `id${i}` }));
    const lookup = humanEvalProblemLookup(dir);
    const state = (i: number, texts: string[]): RequestState => ({ ...requestState('p', 'p', texts.map((text) => ({ text, logprobs: [] }))), instance: instances[i] });
    const adapterSpec = { method: 'generation', num_outputs: 2, num_train_trials: 1 } as never;
    const metric = new BasicGenerationMetric(['code_eval_acc', 'pass']);
    const names = (i: number, texts: string[]) =>
      Object.fromEntries(
        metric
          .evaluateGeneration(adapterSpec, state(i, texts), { countTokens: () => 1, codeProblem: lookup })
          .filter((s) => /^(code_eval_acc|pass)/.test(s.name.name))
          .map((s) => [s.name.name, toNumber(s.sum)]),
      );
    // Problem 1 of the file is HumanEval/2 (truncate_number): one right and one wrong answer.
    expect(names(1, ['return number % 1.0', 'return 0'])).toEqual({ code_eval_acc: 1, 'code_eval_acc@2': 1, pass: 0.5, 'pass@2': 1 });
    expect(names(2, ['return x - y', 'return x + y'])).toEqual({ code_eval_acc: 0, 'code_eval_acc@2': 1, pass: 0.5, 'pass@2': 1 });
    expect(() => lookup({ ...instances[0], id: 'id7' })).toThrow(/HumanEval: no problem of .*HumanEval.jsonl matches instance id7/);
  }, 30_000);
});
