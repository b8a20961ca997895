import { isPyFloatBox, pythonFloatRepr as reprFloat, toNumber, type PyNumber } from '../common/py-number';

/** A cell's semantic value: text, a Python int/float, or null (omitted from JSON). */
export type CellValue = string | PyNumber | null;

/** HELM's `Cell` (fields in dataclass order; undefined = None, dropped when written). */
export interface Cell {
  value: CellValue;
  display_value?: string;
  description?: string;
  href?: string;
  style?: Record<string, string>;
  markdown: boolean;
  run_spec_names?: string[];
}

export interface HeaderCell extends Cell {
  lower_is_better?: boolean;
  metadata: Record<string, string>;
}

export interface Hyperlink {
  text: string;
  href: string;
}

export interface Table {
  title: string;
  header: HeaderCell[];
  rows: Cell[][];
  links: Hyperlink[];
  name?: string;
  description?: string;
}

export function cell(value: CellValue, fields: Omit<Partial<Cell>, 'value'> = {}): Cell {
  return {
    value,
    display_value: fields.display_value,
    description: fields.description,
    href: fields.href,
    style: fields.style,
    markdown: fields.markdown ?? false,
    run_spec_names: fields.run_spec_names,
  };
}

export function headerCell(value: string, fields: Omit<Partial<HeaderCell>, 'value'> = {}): HeaderCell {
  return { ...cell(value, fields), lower_is_better: fields.lower_is_better, metadata: fields.metadata ?? {} };
}

/** `asdict_without_nones`: a null value is dropped like every other None field. */
export function cellJson(c: Cell | HeaderCell): Record<string, unknown> {
  const out: Record<string, unknown> = { value: c.value === null ? undefined : c.value };
  out.display_value = c.display_value;
  out.description = c.description;
  out.href = c.href;
  out.style = c.style;
  out.markdown = c.markdown;
  out.run_spec_names = c.run_spec_names;
  if ('metadata' in c) {
    out.lower_is_better = c.lower_is_better;
    out.metadata = c.metadata;
  }
  return out;
}

export function tableJson(table: Table): Record<string, unknown> {
  return {
    title: table.title,
    header: table.header.map(cellJson),
    rows: table.rows.map((row) => row.map(cellJson)),
    links: table.links,
    name: table.name,
    description: table.description,
  };
}

/** A numeric cell value as a JS number, or undefined for null/text. */
export function numericValue(value: CellValue): number | undefined {
  if (value === null || typeof value === 'string') return undefined;
  return toNumber(value);
}

/** Python's `str()` of a cell value (LaTeX output). */
function pythonStr(value: CellValue): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return value;
  if (isPyFloatBox(value) || !Number.isInteger(value)) {
    const x = toNumber(value);
    return reprFloat(x);
  }
  return String(value);
}

/** Python truthiness of `display_value or value or ""`. */
function latexText(c: Cell): string {
  if (c.display_value) return c.display_value;
  const v = c.value;
  if (v === null || v === '' || (typeof v !== 'string' && toNumber(v) === 0)) return '';
  return pythonStr(v);
}

/** `table_to_latex`: all-null columns left out, `%` escaped. */
export function tableToLatex(table: Table, tableName: string): string {
  const shown = table.header.map((_, i) => i).filter((i) => !table.rows.every((row) => row[i].value === null));
  const lines = [
    '\\begin{table*}[htp]',
    '\\resizebox{\\textwidth}{!}{',
    '\\begin{tabular}{l' + 'r'.repeat(Math.max(0, shown.length - 1)) + '}',
    '\\toprule',
    shown.map((i) => pythonStr(table.header[i].value)).join(' & ') + ' \\\\',
    '\\midrule',
    ...table.rows.map((row) => shown.map((i) => latexText(row[i])).join(' & ') + ' \\\\'),
    '\\bottomrule',
    '\\end{tabular}}',
    '\\caption{Results for ' + tableName + '}',
    '\\label{fig:' + tableName + '}',
    '\\end{table*}',
  ];
  return lines.join('\n').replace(/%/g, '\\%');
}
