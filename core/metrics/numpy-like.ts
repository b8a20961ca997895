/**
 * The few numpy reductions whose rounding shows in HELM's numbers: `np.sum`/`np.mean` on float64
 * use pairwise summation (8 accumulators, blocks of 128), which differs from a plain loop.
 */

const PW_BLOCKSIZE = 128;

export function pairwiseSum(values: readonly number[], start = 0, n = values.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += values[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(values, start, n2) + pairwiseSum(values, start + n2, n - n2);
}

export function npMean(values: readonly number[]): number {
  return pairwiseSum(values) / values.length;
}

/** `np.array_split(values, parts)`: the first `len % parts` chunks get one extra item. */
export function arraySplit<T>(values: readonly T[], parts: number): T[][] {
  const base = Math.floor(values.length / parts);
  const extra = values.length % parts;
  const out: T[][] = [];
  let pos = 0;
  for (let i = 0; i < parts; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push(values.slice(pos, pos + size));
    pos += size;
  }
  return out;
}

/** `bisect_left` / `np.searchsorted(side='left')`. */
export function searchSortedLeft(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
