import { isPyWhitespace, pySplitWhitespace } from './py-text';

/*
 * sacrebleu 2.x's sentence-level BLEU as `BLEU(effective_order=True).sentence_score(hyp, refs)`
 * computes it: the 13a tokenizer, n-grams up to 4, clipped counts against the most generous
 * reference, the closest reference length, 'exp' (NIST) smoothing and effective order.
 */

const MAX_ORDER = 4;

/** `Tokenizer13a` then `TokenizerRegexp` (mteval-v13a's tokenization). */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  text = ` ${text} `
    .replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
    .replace(/([^0-9])([.,])/g, '$1 $2 ')
    .replace(/([.,])([^0-9])/g, ' $1 $2')
    .replace(/([0-9])(-)/g, '$1 $2 ');
  return pySplitWhitespace(text).join(' ');
}

/** `_preprocess_segment`: right-stripped, then tokenized (no lowercasing). */
function preprocess(s: string): string {
  let end = s.length;
  while (end > 0 && isPyWhitespace(s[end - 1])) end--;
  return tokenize13a(s.slice(0, end));
}

function ngramCounts(line: string): { counts: Map<string, number>; length: number } {
  const tokens = pySplitWhitespace(line);
  const counts = new Map<string, number>();
  for (let n = 1; n <= MAX_ORDER; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = `${n}\u0000${tokens.slice(i, i + n).join(' ')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { counts, length: tokens.length };
}

/** The closest reference length; on a tie, the shorter. */
function closestRefLength(hypLength: number, refLengths: number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const length of refLengths) {
    const diff = Math.abs(hypLength - length);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = length;
    } else if (diff === bestDiff && length < best) best = length;
  }
  return best;
}

/** BLEU (0–100) of one hypothesis against references. */
export function sentenceBleu(hypothesis: string, references: readonly string[]): number {
  const refNgrams = new Map<string, number>();
  const refLengths: number[] = [];
  for (const ref of references) {
    const { counts, length } = ngramCounts(preprocess(ref));
    refLengths.push(length);
    for (const [ngram, count] of counts) refNgrams.set(ngram, Math.max(refNgrams.get(ngram) ?? 0, count));
  }
  const hyp = ngramCounts(preprocess(hypothesis));
  const refLength = closestRefLength(hyp.length, refLengths);
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  for (const [ngram, count] of hyp.counts) {
    const n = Number(ngram.slice(0, ngram.indexOf('\u0000'))) - 1;
    total[n] += count;
    const inRef = refNgrams.get(ngram);
    if (inRef !== undefined) correct[n] += Math.min(count, inRef);
  }
  const sysLength = hyp.length;
  let bp = 1.0;
  if (sysLength < refLength) bp = sysLength > 0 ? Math.exp(1 - refLength / sysLength) : 0.0;
  if (!correct.some((c) => c !== 0)) return 0.0;
  const precisions = new Array<number>(MAX_ORDER).fill(0.0);
  let smoothMteval = 1.0;
  let effOrder = MAX_ORDER;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (total[n - 1] === 0) break;
    effOrder = n;
    if (correct[n - 1] === 0) {
      smoothMteval *= 2;
      precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
    } else precisions[n - 1] = (100.0 * correct[n - 1]) / total[n - 1];
  }
  // Python's sum() of the logs, left to right from 0; log(0) floored as sacrebleu's my_log does.
  let sumLogs = 0;
  for (const p of precisions.slice(0, effOrder)) sumLogs += p === 0 ? -9999999999 : Math.log(p);
  return bp * Math.exp(sumLogs / effOrder);
}
