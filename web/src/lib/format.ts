import type { Cell } from './types';

/** Numbers are shown rounded to 3 decimals, as on HELM's site. */
export function roundForDisplay(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 1000) / 1000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A table cell's text: display_value, else the value (numbers rounded); missing value → "-". */
export function cellText(cell: Cell): string {
  if (cell.display_value !== undefined) return cell.display_value;
  const value = cell.value;
  if (value === undefined || value === null) return '-';
  if (typeof value === 'number') return roundForDisplay(value);
  // Older summaries marked contaminated cells with a warning sign; HELM's frontend drops it.
  return String(value).replace(/⚠/g, '').trim();
}

/** A number in a stats table: rounded like table cells, missing → "-". */
export function statText(value: number | undefined | null): string {
  return value === undefined || value === null ? '-' : roundForDisplay(value);
}
