import { PyNumber, pyFloat } from '../common/py-number';

/**
 * nltk 3.10 `sentence_bleu([reference], hypothesis, weights)` without smoothing, on token lists:
 * clipped n-gram precisions (denominator at least 1), brevity penalty against the reference
 * length, the int 0 when no unigram matches, and `sys.float_info.min` for any other zero precision.
 */

const FLOAT_MIN = 2.2250738585072014e-308;

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // JSON of the slice keys an n-gram unambiguously, whatever the tokens contain.
    const key = JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** `modified_precision` as [numerator, denominator]. */
function modifiedPrecision(reference: readonly string[], hypothesis: readonly string[], n: number): [number, number] {
  const counts = ngramCounts(hypothesis, n);
  const refCounts = ngramCounts(reference, n);
  let numerator = 0;
  let total = 0;
  for (const [gram, count] of counts) {
    numerator += Math.min(count, refCounts.get(gram) ?? 0);
    total += count;
  }
  return [numerator, Math.max(1, total)];
}

function brevityPenalty(refLength: number, hypLength: number): number {
  if (hypLength > refLength) return 1;
  if (hypLength === 0) return 0;
  return Math.exp(1 - refLength / hypLength);
}

export function sentenceBleu(reference: readonly string[], hypothesis: readonly string[], weights: readonly number[]): PyNumber {
  const precisions = weights.map((_, i) => modifiedPrecision(reference, hypothesis, i + 1));
  if (precisions[0][0] === 0) return 0;
  const bp = brevityPenalty(reference.length, hypothesis.length);
  // math.fsum of w·log(p): with HELM's one-hot weights every other term is ±0, so the sum is exact.
  let sum = 0;
  precisions.forEach(([num, den], i) => {
    const p = num === 0 ? FLOAT_MIN : num / den;
    sum += weights[i] * Math.log(p);
  });
  return pyFloat(bp * Math.exp(sum));
}
