import { pyFloat, pythonNumberStr, toNumber, type PyNumber } from '../common/py-number';
import { RequestState } from '../adaptation/schemas';
import { AdapterSpec } from '../run-specs/schemas';
import { CORRECT_TAG } from '../scenarios/schemas';
import { metricName } from './metric-name';
import { pyMaxOf } from './py-math';
import { pyStrip } from './py-text';
import { SCORE_FUNCTIONS, ScoreFunction, UNSUPPORTED_SCORE_NAMES } from './scoring';
import { Stat } from './stat';
import type { Instance } from '../scenarios/schemas';
import type { HumanEvalProblem } from '../scenarios/code-scenario';
import { codeEval, passAtKEstimator } from './code-eval';
import { MetricUnavailableError } from './unavailable-metric';

/** `_apply_output_mapping_pattern`: first match (group 1 when the pattern has groups), else "". */
export function applyOutputMappingPattern(pattern: string, prediction: string): string {
  const match = new RegExp(pattern, 'u').exec(prediction);
  if (match === null) return '';
  return match.length > 1 ? (match[1] ?? '') : match[0];
}

function scoreFunction(name: string): ScoreFunction {
  const fn = SCORE_FUNCTIONS[name];
  if (fn !== undefined) return fn;
  if (UNSUPPORTED_SCORE_NAMES.includes(name)) {
    throw new Error(`Reference metric ${name} is not implemented in helm-ts yet.`);
  }
  throw new Error(`${name} is not in the list of metric functions.`);
}

/**
 * `compute_reference_metrics`: `max_prob` of the most likely completion, then for each name the
 * best score of the first prediction over the golds, and `name@k` over all predictions.
 */
/** Finds a code instance's test cases (HELM keeps them on the reference, outside every output file). */
export type CodeProblemLookup = (instance: Instance) => HumanEvalProblem;

/**
 * `code_eval_acc` and `pass`: each prediction run against the tests (a python3 subprocess, HELM's
 * 3 s limit). Every gold of a HumanEval instance carries the same problem.
 */
function codeScores(name: string, golds: number, problem: HumanEvalProblem, preds: (string | null)[], numOutputs: number): [PyNumber, PyNumber] {
  const run = (p: string | null): number => codeEval(problem, p ?? '');
  if (name === 'pass') {
    const results = Array.from({ length: golds }, () => preds.map(run)).flat();
    const passed = results.reduce((a, b) => a + b, 0);
    return [pyFloat(passAtKEstimator(results.length, passed, 1)), pyFloat(passAtKEstimator(results.length, passed, numOutputs))];
  }
  const first = run(preds[0]);
  const all = preds.map(run);
  return [pyFloat(first), pyFloat(Math.max(...all))];
}

export function computeReferenceMetrics(
  names: readonly string[],
  adapterSpec: AdapterSpec,
  requestState: RequestState,
  codeProblem?: CodeProblemLookup,
): Stat[] {
  const golds = requestState.instance.references.filter((r) => r.tags.includes(CORRECT_TAG));
  if (golds.length === 0) throw new Error(`Instance ${requestState.instance.id ?? ''} has no correct reference`);
  const result = requestState.result;
  if (result === undefined) throw new Error('compute_reference_metrics: request state has no result');

  // Stable sort by descending logprob (Python: sorted(key=-logprob)).
  const sorted = [...result.completions].sort((a, b) => toNumber(b.logprob) - toNumber(a.logprob));
  let preds: (string | null)[] = sorted.map((c) => pyStrip(c.text));
  const mapping = requestState.output_mapping;
  if (mapping !== undefined) {
    const pattern = adapterSpec.output_mapping_pattern;
    if (pattern) preds = preds.map((p) => applyOutputMappingPattern(pattern, p ?? ''));
    preds = preds.map((p) => (p !== null && Object.prototype.hasOwnProperty.call(mapping, p) ? mapping[p] : null));
  }

  const stats = [new Stat(metricName('max_prob')).add(pyFloat(Math.exp(toNumber(sorted[0].logprob))))];
  const numOutputs = adapterSpec.num_outputs;
  for (const name of names) {
    let score1: PyNumber;
    let scoreK: PyNumber;
    if (name === 'code_eval_acc' || name === 'pass') {
      if (codeProblem === undefined) {
        throw new MetricUnavailableError('helm.benchmark.metrics.basic_metrics.BasicGenerationMetric', `the test cases of a code scenario for ${name} (only HumanEval's are found)`);
      }
      [score1, scoreK] = codeScores(name, golds.length, codeProblem(requestState.instance), preds, toNumber(numOutputs));
    } else {
      const fn = scoreFunction(name);
      score1 = pyMaxOf(golds.map((g) => fn(g.output.text, preds[0])));
      scoreK = pyMaxOf(golds.flatMap((g) => preds.map((p) => fn(g.output.text, p))));
    }
    stats.push(new Stat(metricName(name)).add(score1));
    if (toNumber(numOutputs) !== 1) {
      stats.push(new Stat(metricName(`${name}@${pythonNumberStr(numOutputs)}`)).add(scoreK));
    }
  }
  return stats;
}
