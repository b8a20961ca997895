import type { Cell, HeaderCell } from './types';

export type SortDirection = 'asc' | 'desc';

/** The default order of a leaderboard column: best first (ascending when lower is better). */
export function defaultDirection(header: HeaderCell | undefined): SortDirection {
  return header?.lower_is_better ? 'asc' : 'desc';
}

function sortKey(cell: Cell | undefined): number | string | null {
  const value = cell?.value;
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  return String(value).toLowerCase();
}

/**
 * Rows ordered by one column; missing values always last, ties keep the summary's order
 * (Array.prototype.sort is stable). Numbers compare numerically, text case-insensitively.
 */
export function sortRows(rows: Cell[][], column: number, direction: SortDirection): Cell[][] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = sortKey(a[column]);
    const kb = sortKey(b[column]);
    if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
    if (typeof ka === 'number' && typeof kb === 'number') return sign * (ka - kb);
    return sign * String(ka).localeCompare(String(kb));
  });
}
