import { describe, expect, it } from 'vitest';
import { pyFloat } from '../../../core/common/py-number';
import { aggregateRowMeans, aggregateRowWinRates } from '../../../core/summarize/aggregate';
import { cell, headerCell, type Table } from '../../../core/summarize/table';

/** A table of Model + numeric columns (undefined = no direction, null = missing value). */
function table(columns: Array<{ lowerIsBetter?: boolean; values: Array<number | null> }>): Table {
  const rows = columns[0].values.map((_, r) => [cell(`m${r}`), ...columns.map((c) => cell(c.values[r] === null ? null : pyFloat(c.values[r] as number)))]);
  return { title: 't', header: [headerCell('Model'), ...columns.map((c, i) => headerCell(`c${i}`, { lower_is_better: c.lowerIsBetter }))], rows, links: [] };
}

describe('mean win rate (HELM numbers)', () => {
  it('ranks one higher-is-better column from 0 to 1', () => {
    expect(aggregateRowWinRates(table([{ lowerIsBetter: false, values: [1, 2, 3, 4, 5] }]))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('averages the per-column rates over two columns', () => {
    const t = table([
      { lowerIsBetter: false, values: [1, 2, 3, 4, 5] },
      { lowerIsBetter: false, values: [3, 1, 2, 5, 4] },
    ]);
    expect(aggregateRowWinRates(t)).toEqual([0.25, 0.125, 0.375, 0.875, 0.875]);
  });

  it('splits ties in half and walks lower-is-better columns downwards', () => {
    expect(aggregateRowWinRates(table([{ lowerIsBetter: false, values: [1, 1, 2] }]))).toEqual([0.25, 0.25, 1]);
    expect(aggregateRowWinRates(table([{ lowerIsBetter: true, values: [1, 2, 3] }]))).toEqual([1, 0.5, 0]);
  });

  it('skips columns without a direction or with fewer than two values; rows without rates get null', () => {
    const t = table([
      { values: [1, 2, 3] },
      { lowerIsBetter: false, values: [5, null, null] },
      { lowerIsBetter: false, values: [null, 1, 2] },
    ]);
    expect(aggregateRowWinRates(t)).toEqual([null, 0, 1]);
  });

  it("uses statistics.mean's exact rounding", () => {
    // Rates 0.1-like: the exact mean of [1/3, 1/3, 1/3]-type values differs from naive summation.
    const t = table([
      { lowerIsBetter: false, values: [1, 2, 3, 4] },
      { lowerIsBetter: false, values: [2, 1, 3, 4] },
      { lowerIsBetter: false, values: [4, 3, 1, 2] },
    ]);
    const rates = aggregateRowWinRates(t);
    // Row 0: 0, 1/3, 1 → mean 4/9, correctly rounded.
    expect(rates[0]).toBe(4 / 9);
  });
});

describe('mean score', () => {
  it('averages non-null values, skipping the Model column', () => {
    const t = table([
      { lowerIsBetter: false, values: [1, null] },
      { lowerIsBetter: false, values: [2, null] },
    ]);
    expect(aggregateRowMeans(t)).toEqual([1.5, null]);
  });

  it('refuses columns of mixed direction', () => {
    expect(() => aggregateRowMeans(table([{ lowerIsBetter: false, values: [1] }, { lowerIsBetter: true, values: [1] }]))).toThrow(/lower_is_better/);
  });
});
