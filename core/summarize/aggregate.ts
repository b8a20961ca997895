import { HelmInputError } from '../common/errors';
import { pythonStatisticsMean } from './python-format';
import { numericValue, type Table } from './table';

/**
 * `compute_aggregate_row_win_rates` (mean aggregation): per column with a direction, a row's
 * rate is (rows with a worse value + half the other rows tied with it) / (non-null rows − 1);
 * columns with fewer than two values are skipped; a row's win rate is the mean of its rates.
 */
export function aggregateRowWinRates(table: Table): Array<number | null> {
  const perRow: number[][] = table.rows.map(() => []);
  table.header.forEach((header, column) => {
    const lowerIsBetter = header.lower_is_better;
    if (lowerIsBetter === undefined) return;
    const counts = new Map<number, number>();
    for (const row of table.rows) {
      const v = numericValue(row[column].value);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // Worst first: ascending when higher is better, descending when lower is better.
    const ordered = [...counts.entries()].sort((a, b) => (lowerIsBetter ? b[0] - a[0] : a[0] - b[0]));
    const wins = new Map<number, number>();
    let seen = 0;
    for (const [value, count] of ordered) {
      wins.set(value, seen + (count - 1) / 2);
      seen += count;
    }
    if (seen < 2) return;
    table.rows.forEach((row, i) => {
      const v = numericValue(row[column].value);
      if (v !== undefined) perRow[i].push((wins.get(v) as number) / (seen - 1));
    });
  });
  return perRow.map((rates) => (rates.length === 0 ? null : pythonStatisticsMean(rates)));
}

/** `compute_aggregate_row_means`: mean of each row's non-null values (every column one direction). */
export function aggregateRowMeans(table: Table): Array<number | null> {
  const skipFirst = table.header.length > 0 && table.header[0].value === 'Model';
  const headers = skipFirst ? table.header.slice(1) : table.header;
  if (new Set(headers.map((h) => h.lower_is_better ?? null)).size !== 1) {
    throw new HelmInputError(`Table ${table.title}: cannot mean columns with different values for lower_is_better`);
  }
  return table.rows.map((row) => {
    let total = 0;
    let count = 0;
    for (const c of skipFirst ? row.slice(1) : row) {
      const v = numericValue(c.value);
      if (v !== undefined) {
        total += v;
        count += 1;
      }
    }
    return count === 0 ? null : total / count;
  });
}
