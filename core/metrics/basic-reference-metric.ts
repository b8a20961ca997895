import { RequestState, ScenarioState } from '../adaptation/schemas';
import { AdapterSpec } from '../run-specs/schemas';
import { CORRECT_TAG } from '../scenarios/schemas';
import { PyNumber, pyFloat, toNumber } from '../common/py-number';
import { MetricInterface, MetricResult, MetricServices, runTrialLoop } from './metric';
import { metricName } from './metric-name';
import { pairwiseSum } from './numpy-like';
import { pyDiv, pySub, pySum } from './py-math';
import { computeRequestStateMetrics } from './request-state-metrics';
import { Stat, StatMap, mergeStat } from './stat';

interface ReferenceScore {
  logprob: PyNumber;
  numTokens: number;
}

/** Logprob of the reference's tokens at the end of the echoed completion. */
function referenceLogprob(requestState: RequestState, services: MetricServices): ReferenceScore {
  const completions = requestState.result?.completions ?? [];
  if (requestState.reference_index === undefined || completions.length !== 1) {
    throw new Error('BasicReferenceMetric needs one completion per reference request state');
  }
  if (services.tokenize === undefined) throw new Error('BasicReferenceMetric needs a tokenize service');
  const reference = requestState.instance.references[requestState.reference_index].output.text;
  const numTokens = services.tokenize(` ${reference}`).length;
  // Python's tokens[-0:] is the whole list, as is JS slice(-0).
  const logprob = pySum(completions[0].tokens.slice(-numTokens).map((t) => t.logprob));
  if (Number.isNaN(toNumber(logprob))) throw new Error('Log probs have NaN for a request state');
  return { logprob, numTokens };
}

/** `scipy.special.softmax` then max. */
function maxSoftmax(scores: readonly number[]): number {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = pairwiseSum(exps);
  return Math.max(...exps.map((e) => e / total));
}

/**
 * HELM's `BasicReferenceMetric`: for `multiple_choice_separate_*` and `ranking_binary` runs,
 * scores each reference by its logprob; yields nothing for joint/generation runs.
 */
export class BasicReferenceMetric implements MetricInterface {
  evaluateReferences(adapterSpec: AdapterSpec, states: readonly RequestState[], services: MetricServices): Stat[] {
    const references = states[0].instance.references;
    const answers = new Set(references.flatMap((r, i) => (r.tags.includes(CORRECT_TAG) ? [i] : [])));
    const scoresByKey = new Map<string, ReferenceScore>();
    for (const rs of states) {
      if (rs.reference_index === undefined || rs.request_mode === undefined) {
        throw new Error('Reference request state without reference_index or request_mode');
      }
      scoresByKey.set(`${rs.reference_index}/${rs.request_mode}`, referenceLogprob(rs, services));
    }
    const get = (i: number, mode: string): ReferenceScore => {
      const s = scoresByKey.get(`${i}/${mode}`);
      if (s === undefined) throw new Error(`Missing ${mode} request state for reference ${i}`);
      return s;
    };
    let scores: PyNumber[];
    if (adapterSpec.method === 'multiple_choice_separate_original' || adapterSpec.method === 'ranking_binary') {
      scores = references.map((_, i) => pyDiv(get(i, 'original').logprob, get(i, 'original').numTokens));
    } else if (adapterSpec.method === 'multiple_choice_separate_calibrated') {
      scores = references.map((_, i) => pySub(get(i, 'original').logprob, get(i, 'calibration').logprob));
    } else {
      throw new Error(`Unknown adapter method: ${adapterSpec.method}`);
    }

    const general: StatMap = new Map();
    for (const rs of states) for (const s of computeRequestStateMetrics(adapterSpec, rs, services)) mergeStat(general, s);
    const values = scores.map(toNumber);
    const best = Math.max(...values);
    const argmax = values.flatMap((v, i) => (v >= best ? [i] : []));
    const hits = argmax.filter((i) => answers.has(i)).length;
    return [
      ...general.values(),
      new Stat(metricName('max_prob')).add(pyFloat(maxSoftmax(values))),
      new Stat(metricName('exact_match')).add(pyFloat(hits / argmax.length)),
      new Stat(metricName('predicted_index')).add(argmax[0]),
    ];
  }

  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult {
    return runTrialLoop(scenarioState, {
      evaluateInstance: (adapterSpec, index, trial, instance) => {
        const states = instance.references.flatMap((_, i) => index.requestStates(trial, instance, i));
        return states.length === 0 ? [] : this.evaluateReferences(adapterSpec, states, services);
      },
    });
  }
}
