import { PyNumber, pyFloat } from '../common/py-number';
import { porterStem } from './porter-stemmer';

/**
 * rouge-score 0.1.2 `RougeScorer([type], use_stemmer=True).score(gold, pred)[type].fmeasure`, as
 * HELM's `rouge_1` / `rouge_2` / `rouge_l` use it.
 */

/** rouge-score's default tokenizer: lower-case, ASCII alphanumeric runs, Porter stem if > 3 chars. */
export function rougeTokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .map((t) => (t.length > 3 ? porterStem(t) : t))
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

/** `2 * p * r / (p + r)`, evaluated in Python's order; 0.0 when p + r is 0. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens are [a-z0-9]+, so a space joins them unambiguously.
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

export function rougeN(gold: string, pred: string, n: number): PyNumber {
  const target = ngramCounts(rougeTokenize(gold), n);
  const prediction = ngramCounts(rougeTokenize(pred), n);
  let overlap = 0;
  for (const [gram, count] of target) overlap += Math.min(count, prediction.get(gram) ?? 0);
  const precision = overlap / Math.max(sum(prediction), 1);
  const recall = overlap / Math.max(sum(target), 1);
  return pyFloat(fmeasure(precision, recall));
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    previous = current;
  }
  return previous[b.length];
}

export function rougeL(gold: string, pred: string): PyNumber {
  const target = rougeTokenize(gold);
  const prediction = rougeTokenize(pred);
  // rouge-score returns the int 0 (not 0.0) when either side has no tokens.
  if (target.length === 0 || prediction.length === 0) return 0;
  const lcs = lcsLength(target, prediction);
  return pyFloat(fmeasure(lcs / prediction.length, lcs / target.length));
}
