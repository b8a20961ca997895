import { pairwiseSum } from './numpy-like';

/**
 * scikit-learn's `f1_score` / `precision_score` / `recall_score` (1.9) for the label-set form HELM
 * uses: each sample is a set of labels (multi-class samples have exactly one). With the default
 * `zero_division="warn"` a 0/0 counts as 0.0; `macro` is numpy's mean of the per-label scores.
 */

export type Average = 'micro' | 'macro' | 'weighted' | null;
export type ScoreName = 'f1' | 'precision' | 'recall';

/** Python's `sorted()` on strings: by code point (JS sorts by UTF-16 code unit). */
export function pySortedStrings(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0) ?? 0);
    const y = [...b].map((c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
}

function divide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function score(name: ScoreName, tp: number, predSum: number, trueSum: number): number {
  if (name === 'precision') return divide(tp, predSum);
  if (name === 'recall') return divide(tp, trueSum);
  // sklearn: (1 + beta²)·tp / (beta²·true + pred), beta = 1.
  return divide(2 * tp, trueSum + predSum);
}

/**
 * Scores over `labels` (the binarizer's classes, in order). Labels outside `labels` are ignored,
 * like `MultiLabelBinarizer.transform` does. Returns one number per label when `average` is null.
 */
export function labelSetScore(
  name: ScoreName,
  yTrue: readonly (readonly string[])[],
  yPred: readonly (readonly string[])[],
  labels: readonly string[],
  average: Average,
): number | number[] {
  const trueSets = yTrue.map((row) => new Set(row));
  const predSets = yPred.map((row) => new Set(row));
  const counts = labels.map((label) => {
    let tp = 0;
    let predSum = 0;
    let trueSum = 0;
    trueSets.forEach((t, i) => {
      const inTrue = t.has(label);
      const inPred = predSets[i].has(label);
      if (inTrue) trueSum++;
      if (inPred) predSum++;
      if (inTrue && inPred) tp++;
    });
    return { tp, predSum, trueSum };
  });
  if (average === 'micro') {
    const total = (key: 'tp' | 'predSum' | 'trueSum'): number => counts.reduce((n, c) => n + c[key], 0);
    return score(name, total('tp'), total('predSum'), total('trueSum'));
  }
  const perLabel = counts.map((c) => score(name, c.tp, c.predSum, c.trueSum));
  if (average === null) return perLabel;
  if (perLabel.length === 0) return NaN;
  if (average === 'macro') return pairwiseSum(perLabel) / perLabel.length;
  // weighted: np.average(scores, weights=true_sum); all-zero weights fall back to the plain mean.
  const weights = counts.map((c) => c.trueSum);
  const weightSum = pairwiseSum(weights);
  if (weightSum === 0) return pairwiseSum(perLabel) / perLabel.length;
  return pairwiseSum(perLabel.map((s, i) => s * weights[i])) / weightSum;
}
