import { pyFloat, toNumber } from '../common/py-number';
import { applyPlatt, ece, eceEqualMass, fitPlatt, selectiveStats } from './calibration';
import { metricName } from './metric-name';
import { Stat, getUniqueStatByName } from './stat';

/** Some model clients return all-zero logprobs; calibration is meaningless for them. */
function hasNegativeLogprob(perInstance: readonly (readonly Stat[])[]): boolean {
  return perInstance.some((stats) => stats.some((s) => s.name.name === 'logprob' && toNumber(s.sum) < 0));
}

/** `compute_calibration_metrics` over the per-instance stats of one context. */
export function computeCalibrationMetrics(perInstance: readonly (readonly Stat[])[]): Stat[] {
  if (!hasNegativeLogprob(perInstance)) return [];
  const probs: number[] = [];
  const correct: number[] = [];
  for (const stats of perInstance) {
    const maxProb = getUniqueStatByName(stats, 'max_prob');
    const exact = getUniqueStatByName(stats, 'exact_match');
    if (maxProb === undefined || exact === undefined) continue;
    if (maxProb.mean === undefined || exact.mean === undefined) throw new Error('calibration: stat without mean');
    probs.push(toNumber(maxProb.mean));
    const y = toNumber(exact.mean);
    if (!(y >= 0 && y <= 1)) throw new Error(`calibration: exact_match mean ${y} outside [0, 1]`);
    correct.push(Math.trunc(y));
  }
  if (probs.length === 0) return [];
  const stat = (name: string, value: number): Stat => new Stat(metricName(name)).add(pyFloat(value));
  const [area, accTop10] = selectiveStats(probs, correct);
  const out = [
    stat('ece_10_bin', eceEqualMass(probs, correct, 10)),
    stat('ece_1_bin', ece(probs, correct, 1)),
    stat('selective_cov_acc_area', area),
    stat('selective_acc@10', accTop10),
  ];
  const numCorrect = correct.reduce((a, b) => a + b, 0);
  if (numCorrect === 0 || numCorrect === correct.length) {
    // Platt scaling cannot be fitted; HELM records a post-calibration error of 0.0.
    out.push(stat('platt_ece_10_bin', 0), stat('platt_ece_1_bin', 0));
  } else {
    const fit = fitPlatt(probs, correct);
    const calibrated = applyPlatt(probs, fit);
    out.push(
      stat('platt_coef', fit.coef),
      stat('platt_intercept', fit.intercept),
      stat('platt_ece_10_bin', eceEqualMass(calibrated, correct, 10)),
      stat('platt_ece_1_bin', ece(calibrated, correct, 1)),
    );
  }
  return out;
}
