import { arraySplit, npMean, searchSortedLeft } from './numpy-like';

/**
 * The parts of the `uncertainty-calibration` library HELM uses (binary, top-label, p = 1, no
 * debiasing), plus a Platt-scaling fit.
 */

/** Equal-mass bin boundaries: midpoints between consecutive chunks of the sorted probs, then 1.0. */
export function equalMassBins(probs: readonly number[], numBins: number): number[] {
  const sorted = [...probs].sort((a, b) => a - b);
  const parts = Math.min(numBins, sorted.length);
  const chunks = arraySplit(sorted, parts);
  const bins: number[] = [];
  for (let i = 0; i < chunks.length - 1; i++) bins.push((chunks[i][chunks[i].length - 1] + chunks[i + 1][0]) / 2.0);
  bins.push(1.0);
  return [...new Set(bins)].sort((a, b) => a - b);
}

/** `get_equal_prob_bins`: i/numBins for i = 1..numBins. */
export function equalProbBins(numBins: number): number[] {
  return Array.from({ length: numBins }, (_, i) => ((i + 1) * 1.0) / numBins);
}

/** Plug-in L1 calibration error over the given bin boundaries (left-sided assignment). */
export function pluginCe(probs: readonly number[], labels: readonly number[], bins: readonly number[]): number {
  const binned: { p: number[]; y: number[] }[] = bins.map(() => ({ p: [], y: [] }));
  probs.forEach((p, i) => {
    // searchsorted can return len(bins) only for p > 1; numpy's split then makes a last bin.
    const index = Math.min(searchSortedLeft(bins, p), bins.length - 1);
    binned[index].p.push(p);
    binned[index].y.push(labels[i]);
  });
  let total = 0;
  for (const b of binned) {
    if (b.p.length === 0) continue;
    total += ((b.p.length * 1.0) / probs.length) * Math.abs(npMean(b.p) - npMean(b.y));
  }
  return total;
}

/** `cal.get_ece_em(probs, labels, num_bins)`. */
export function eceEqualMass(probs: readonly number[], labels: readonly number[], numBins = 10): number {
  return pluginCe(probs, labels, equalMassBins(probs, numBins));
}

/** `cal.get_ece(probs, labels, num_bins)` (equal-width bins). */
export function ece(probs: readonly number[], labels: readonly number[], numBins = 1): number {
  return pluginCe(probs, labels, equalProbBins(numBins));
}

/**
 * `cal.get_selective_stats`: area under the coverage-accuracy curve and the accuracy of the
 * floor(0.1 n) + 1 most confident predictions. Ties keep input order (numpy's argsort is a
 * stable insertion sort for the small arrays HELM runs produce).
 */
export function selectiveStats(probs: readonly number[], correct: readonly number[]): [number, number] {
  const order = probs.map((p, i) => ({ p: -p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  let cumulative = 0;
  const accs = order.map(({ i }, j) => {
    cumulative += correct[i];
    return cumulative / (j + 1);
  });
  return [npMean(accs), accs[Math.floor(0.1 * accs.length)]];
}

const EPS = 1e-12;

function logit(p: number): number {
  const x = Math.min(Math.max(p, EPS), 1 - EPS);
  return Math.log(x / (1 - x));
}

/**
 * Logistic regression of labels on logit(p), the objective sklearn minimises with C = 1e10
 * (the penalty on the coefficient is negligible), solved by Newton's method.
 */
export function fitPlatt(probs: readonly number[], labels: readonly number[]): { coef: number; intercept: number } {
  const xs = probs.map(logit);
  const reg = 1 / 1e10;
  let w = 0;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let gw = reg * w;
    let gb = 0;
    let hww = reg;
    let hwb = 0;
    let hbb = 0;
    xs.forEach((x, i) => {
      const q = 1 / (1 + Math.exp(-(w * x + b)));
      const r = q - labels[i];
      const s = q * (1 - q);
      gw += r * x;
      gb += r;
      hww += s * x * x;
      hwb += s * x;
      hbb += s;
    });
    const det = hww * hbb - hwb * hwb;
    if (!(Math.abs(det) > 0)) break;
    const dw = (hbb * gw - hwb * gb) / det;
    const db = (hww * gb - hwb * gw) / det;
    w -= dw;
    b -= db;
    if (Math.abs(dw) < 1e-12 && Math.abs(db) < 1e-12) break;
  }
  return { coef: w, intercept: b };
}

export function applyPlatt(probs: readonly number[], fit: { coef: number; intercept: number }): number[] {
  return probs.map((p) => 1 / (1 + Math.exp(-(logit(p) * fit.coef + fit.intercept))));
}
