/**
 * The logits processing Hugging Face's `generate(do_sample=True)` applies before sampling, in its
 * order: temperature (skipped at 1.0), top-k (0 disables), top-p (skipped at 1.0). HELM reads
 * each generated token's logprob from these processed scores (`output_scores`), so the logprobs
 * are those of the warped distribution. Removed entries become -Infinity.
 */
export interface WarpOptions {
  temperature: number;
  topK: number;
  topP: number;
}

export function warpLogits(logits: ArrayLike<number>, options: WarpOptions): Float64Array {
  const scores = Float64Array.from(logits as ArrayLike<number>);
  if (options.temperature !== 1) for (let i = 0; i < scores.length; i++) scores[i] /= options.temperature;
  if (options.topK > 0) applyTopK(scores, Math.min(options.topK, scores.length));
  if (options.topP < 1) applyTopP(scores, options.topP);
  return scores;
}

/** Keeps the scores >= the k-th largest (ties with it stay, as with torch.topk's threshold). */
function applyTopK(scores: Float64Array, k: number): void {
  const threshold = kthLargest(scores, k);
  for (let i = 0; i < scores.length; i++) if (scores[i] < threshold) scores[i] = -Infinity;
}

/**
 * The k-th largest value, duplicates counted (= the ascending sort's [length - k]). Keeps the k
 * largest so far in ascending order: with k ≪ vocabulary most values fail the first comparison,
 * which makes a decoding step ~10x cheaper than sorting 50k scores.
 */
export function kthLargest(values: ArrayLike<number>, k: number): number {
  const top = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let j: number;
    if (size < k) {
      // Still filling: insert v, shifting larger values up.
      for (j = size++; j > 0 && top[j - 1] > v; j--) top[j] = top[j - 1];
    } else {
      if (!(v > top[0])) continue;
      // Full: drop the smallest (top[0]), shifting smaller values down.
      for (j = 0; j + 1 < k && top[j + 1] < v; j++) top[j] = top[j + 1];
    }
    top[j] = v;
  }
  return top[0];
}

/**
 * Removes the lowest-probability tokens whose cumulative probability (ascending) is <= 1 - top_p,
 * always keeping the most likely token.
 */
function applyTopP(scores: Float64Array, topP: number): void {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  const probs = softmax(scores);
  let cumulative = 0;
  for (let rank = 0; rank < order.length - 1; rank++) {
    cumulative += probs[order[rank]];
    if (cumulative > 1 - topP) break;
    scores[order[rank]] = -Infinity;
  }
}

/** log Σ exp(scores), computed stably around the maximum. */
function logSumExp(scores: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += Math.exp(scores[i] - max);
  return max + Math.log(sum);
}

/** One entry of logSoftmax(scores), without materialising the whole vocabulary (same value). */
export function logSoftmaxAt(scores: ArrayLike<number>, index: number): number {
  return scores[index] - logSumExp(scores);
}

export function logSoftmax(scores: ArrayLike<number>): Float64Array {
  const logZ = logSumExp(scores);
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] - logZ;
  return out;
}

export function softmax(scores: ArrayLike<number>): Float64Array {
  return logSoftmax(scores).map(Math.exp);
}

/** Draws an index from `probs` (summing to 1) with a uniform draw `u` in [0, 1). */
export function sampleIndex(probs: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cumulative += probs[i];
    last = i;
    if (u < cumulative) return i;
  }
  return last;
}

