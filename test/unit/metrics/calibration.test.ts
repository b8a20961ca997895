import { describe, expect, it } from 'vitest';
import { applyPlatt, ece, eceEqualMass, equalMassBins, fitPlatt, selectiveStats } from '../../../core/metrics/calibration';
import { arraySplit, pairwiseSum } from '../../../core/metrics/numpy-like';

describe('calibration helpers', () => {
  it('array_split and equal-mass bins', () => {
    expect(arraySplit([1, 2, 3, 4, 5], 3)).toEqual([[1, 2], [3, 4], [5]]);
    expect(equalMassBins([0.9, 0.3, 0.6, 0.8], 10)).toEqual([0.44999999999999996, 0.7, 0.8500000000000001, 1.0]);
    expect(equalMassBins([0.5, 0.5, 0.5], 10)).toEqual([0.5, 1.0]);
  });

  it('ECE by hand', () => {
    const p = [0.9, 0.8, 0.6, 0.3];
    const y = [1, 0, 1, 0];
    expect(eceEqualMass(p, y, 10)).toBeCloseTo((0.1 + 0.8 + 0.4 + 0.3) / 4, 15);
    expect(ece(p, y, 1)).toBeCloseTo(0.15, 15);
    // Two items share a bin when the chunks are larger than one: n=4, 2 bins -> [.3,.6] [.8,.9].
    expect(eceEqualMass(p, y, 2)).toBeCloseTo(0.5 * Math.abs(0.45 - 0.5) + 0.5 * Math.abs(0.85 - 0.5), 15);
  });

  it('selective stats', () => {
    const [area, acc10] = selectiveStats([0.9, 0.8, 0.6, 0.3], [1, 0, 1, 0]);
    expect(area).toBeCloseTo((1 + 0.5 + 2 / 3 + 0.5) / 4, 15);
    expect(acc10).toBe(1);
  });

  it('Platt fit reaches the unregularised optimum (zero gradient)', () => {
    const p = [0.9, 0.8, 0.6, 0.3, 0.55, 0.7];
    const y = [1, 0, 1, 0, 0, 1];
    const fit = fitPlatt(p, y);
    const q = applyPlatt(p, fit);
    const logit = (v: number): number => Math.log(v / (1 - v));
    const gb = q.reduce((s, v, i) => s + v - y[i], 0);
    const gw = q.reduce((s, v, i) => s + (v - y[i]) * logit(p[i]), 0);
    expect(Math.abs(gb)).toBeLessThan(1e-9);
    expect(Math.abs(gw)).toBeLessThan(1e-9);
    expect(fit.coef).toBeGreaterThan(0);
  });

  it('pairwise summation matches a plain sum on small inputs', () => {
    const v = Array.from({ length: 300 }, (_, i) => 1 / (i + 1));
    expect(pairwiseSum(v)).toBeCloseTo(v.reduce((a, b) => a + b, 0), 12);
    expect(pairwiseSum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
  });
});
