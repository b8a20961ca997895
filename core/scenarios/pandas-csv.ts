/**
 * The part of pandas that HELM's table scenarios (entity matching, entity data imputation) rely on:
 * `pd.read_csv` with its C parser's tokenising and type inference, `pd.merge` (inner), sampling,
 * and the strings `f"{row[c]}"` gives for a row of `DataFrame.iterrows()`. Checked against pandas
 * through those scenarios' goldens.
 */
import { HelmInputError } from '../common/errors';
import { NumpyRandomState } from '../common/numpy-random';
import { pythonFloatRepr } from '../common/py-number';

/** A cell: a string, an int or float (`number`), a bool, or `null` for NaN. */
export type Cell = string | number | boolean | null;
export type Dtype = 'int64' | 'float64' | 'bool' | 'object';

export interface Column {
  name: string;
  dtype: Dtype;
  values: Cell[];
}

/** A frame: named columns of equal length and the row labels (the index). */
export interface Frame {
  columns: Column[];
  index: number[];
}

/** `read_csv`'s default missing-value strings. */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

interface RawRow {
  fields: string[];
  line: number;
}

/**
 * The C tokenizer with the default dialect: `,` (or `sep`), `"` quoting with doubled quotes,
 * `\n`, `\r\n` and `\r` ending records outside quotes (kept as is inside), text after a closing
 * quote appended, blank and whitespace-only lines skipped.
 */
export function tokenizePandasCsv(text: string, sep = ','): RawRow[] {
  const rows: RawRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just read a quote inside a quoted field
  let fieldStarted = false;
  let anyQuoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    const blank = !anyQuoted && fields.length === 1 && /^[ \t]*$/.test(fields[0]);
    if (!blank) rows.push({ fields, line: recordLine });
    fields = [];
    field = '';
    fieldStarted = false;
    anyQuoted = false;
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (!fieldStarted && fields.length === 0 && field === '' && !quoted) recordLine = line;
    if (quoted) {
      if (afterQuote) {
        afterQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        // fall through: the character after the closing quote is read outside quotes
      } else {
        if (c === '"') afterQuote = true;
        else field += c;
        if (c === '\n') line++;
        continue;
      }
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      anyQuoted = true;
      fieldStarted = true;
    } else if (c === sep) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || fields.length > 0 || field !== '') endRecord();
  return rows;
}

const INT_RE = /^[ \t]*[+-]?\d+[ \t]*$/;
const FLOAT_RE = /^[ \t]*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)[ \t]*$/;
const INF_RE = /^[ \t]*([+-]?)(inf|infinity)[ \t]*$/i;
const TRUE_VALUES = new Set(['True', 'TRUE', 'true']);
const FALSE_VALUES = new Set(['False', 'FALSE', 'false']);

function parseFloatCell(value: string): number | undefined {
  if (FLOAT_RE.test(value)) return Number(value.trim());
  const inf = INF_RE.exec(value);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** The C parser's inference for one column: int64, else float64, else bool, else object (strings, NaN for missing). */
export function inferColumn(name: string, raw: ReadonlyArray<string | undefined>): Column {
  const isNa = (v: string | undefined): boolean => v === undefined || PANDAS_NA_VALUES.has(v);
  const present = raw.filter((v): v is string => !isNa(v));
  const hasNa = present.length < raw.length;
  if (!hasNa && present.length > 0 && present.every((v) => INT_RE.test(v) && Number.isSafeInteger(Number(v.trim())))) {
    return { name, dtype: 'int64', values: present.map((v) => Number(v.trim())) };
  }
  if (present.every((v) => parseFloatCell(v) !== undefined)) {
    return { name, dtype: 'float64', values: raw.map((v) => (isNa(v) ? null : (parseFloatCell(v as string) as number))) };
  }
  if (!hasNa && present.every((v) => TRUE_VALUES.has(v) || FALSE_VALUES.has(v))) {
    return { name, dtype: 'bool', values: present.map((v) => TRUE_VALUES.has(v)) };
  }
  return { name, dtype: 'object', values: raw.map((v) => (isNa(v) ? null : (v as string))) };
}

/** `pd.read_csv(file)` (a header row) or `pd.read_csv(..., header=None, names=names)`. */
export function readCsvFrame(text: string, file: string, options: { sep?: string; names?: readonly string[] } = {}): Frame {
  const rows = tokenizePandasCsv(text, options.sep ?? ',');
  let header: string[];
  let body: RawRow[];
  if (options.names !== undefined) {
    header = [...options.names];
    body = rows;
  } else {
    if (rows.length === 0) throw new HelmInputError(`${file}: no columns to parse (empty file)`);
    header = rows[0].fields.map((name, i) => (name === '' ? `Unnamed: ${i}` : name));
    body = rows.slice(1);
  }
  const seen = new Map<string, number>();
  header = header.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}.${count}`;
  });
  for (const row of body) {
    if (row.fields.length > header.length) {
      throw new HelmInputError(`${file}: line ${row.line}: expected ${header.length} fields, saw ${row.fields.length}`);
    }
  }
  const columns = header.map((name, c) => inferColumn(name, body.map((row) => row.fields[c])));
  return { columns, index: body.map((_, i) => i) };
}

export function column(frame: Frame, name: string, where: string): Column {
  const found = frame.columns.find((c) => c.name === name);
  if (found === undefined) throw new HelmInputError(`${where}: no column ${JSON.stringify(name)} (columns: ${frame.columns.map((c) => c.name).join(', ')})`);
  return found;
}

/** Rows `positions` of the frame, in that order (`take`), index labels kept. */
export function takeRows(frame: Frame, positions: readonly number[]): Frame {
  return {
    columns: frame.columns.map((c) => ({ ...c, values: positions.map((p) => c.values[p]) })),
    index: positions.map((p) => frame.index[p]),
  };
}

export function numRows(frame: Frame): number {
  return frame.index.length;
}

/** pandas' equality of merge keys: by value (NaN matches NaN). */
function keyOf(value: Cell): string {
  return value === null ? 'NaN' : typeof value === 'number' ? `n:${value}` : typeof value === 'boolean' ? `n:${Number(value)}` : `s:${value}`;
}

/**
 * `pd.merge(left, right, left_on=, right_on=, suffixes=)`, inner join: left rows in order, each
 * followed by its matches in right order; columns left then right, names both sides share get the
 * suffixes. The result has a fresh 0..n-1 index.
 */
export function innerMerge(left: Frame, right: Frame, leftOn: string, rightOn: string, suffixes: [string, string], where: string): Frame {
  const leftKey = column(left, leftOn, where);
  const rightKey = column(right, rightOn, where);
  const byKey = new Map<string, number[]>();
  rightKey.values.forEach((v, i) => {
    const list = byKey.get(keyOf(v));
    if (list === undefined) byKey.set(keyOf(v), [i]);
    else list.push(i);
  });
  const pairs: Array<[number, number]> = [];
  leftKey.values.forEach((v, i) => {
    for (const j of byKey.get(keyOf(v)) ?? []) pairs.push([i, j]);
  });
  const leftNames = new Set(left.columns.map((c) => c.name));
  const rightNames = new Set(right.columns.map((c) => c.name));
  // Key columns of the same name are one column in the result (pandas keeps the left one).
  const sharedKey = leftOn === rightOn;
  const rename = (name: string, other: Set<string>, suffix: string): string => (other.has(name) && !(sharedKey && name === leftOn) ? `${name}${suffix}` : name);
  const columns: Column[] = [
    ...left.columns.map((c) => ({ name: rename(c.name, rightNames, suffixes[0]), dtype: c.dtype, values: pairs.map(([i]) => c.values[i]) })),
    ...right.columns
      .filter((c) => !(sharedKey && c.name === rightOn))
      .map((c) => ({ name: rename(c.name, leftNames, suffixes[1]), dtype: c.dtype, values: pairs.map(([, j]) => c.values[j]) })),
  ];
  return { columns, index: pairs.map((_, i) => i) };
}

/** `frame.sample(n, random_state=rs)` without replacement: `rs.choice(len, n, replace=False)` rows, in that order. */
export function sampleRows(frame: Frame, n: number, random: NumpyRandomState): Frame {
  if (n > numRows(frame)) throw new HelmInputError(`Cannot take a sample of ${n} rows from ${numRows(frame)} without replacement`);
  return takeRows(frame, random.permutation(numRows(frame)).slice(0, n));
}

/** `frame.sample(frac=f, random_state=seed)`: `round(f * len)` rows (Python's round, half to even). */
export function sampleFraction(frame: Frame, frac: number, seed: number): Frame {
  return sampleRows(frame, pythonRound(frac * numRows(frame)), new NumpyRandomState(seed));
}

export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `frame.drop(labels)`: rows whose index label is not in `labels`, order kept. */
export function dropLabels(frame: Frame, labels: readonly number[]): Frame {
  const drop = new Set(labels);
  return takeRows(frame, frame.index.flatMap((label, p) => (drop.has(label) ? [] : [p])));
}

/** Rows where `keep(position)` holds, order and labels kept (boolean indexing). */
export function filterRows(frame: Frame, keep: (position: number) => boolean): Frame {
  return takeRows(frame, frame.index.flatMap((_, p) => (keep(p) ? [p] : [])));
}

/** `pd.concat(frames)` of frames with the same columns (a groupby-apply's result). */
export function concatRows(frames: readonly Frame[]): Frame {
  const [first] = frames;
  return {
    columns: first.columns.map((c, k) => ({ ...c, values: frames.flatMap((f) => f.columns[k].values) })),
    index: frames.flatMap((f) => f.index),
  };
}

/**
 * The dtype of `DataFrame.values` (what `iterrows` rows hold): one dtype when all columns share it,
 * float64 for ints with floats, object otherwise (pandas gives object for bools with numbers).
 */
export function interleavedDtype(frame: Frame): Dtype {
  const dtypes = new Set(frame.columns.map((c) => c.dtype));
  if (dtypes.size === 1) return [...dtypes][0];
  if ([...dtypes].every((d) => d === 'int64' || d === 'float64')) return 'float64';
  return 'object';
}

/** `str(value)` of a cell of column dtype `dtype` read through a row of dtype `rowDtype`. */
export function pyStrCell(value: Cell, dtype: Dtype, rowDtype: Dtype): string {
  if (value === null) return 'nan';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  const asFloat = dtype === 'float64' || rowDtype === 'float64';
  return asFloat ? pythonFloatRepr(value) : String(value);
}

/** `[f"{row[c]}" for c]` for each row of `frame.iterrows()`: column name → string. */
export function iterRowStrings(frame: Frame): Array<Map<string, string>> {
  const rowDtype = interleavedDtype(frame);
  return frame.index.map((_, p) => new Map(frame.columns.map((c) => [c.name, pyStrCell(c.values[p], c.dtype, rowDtype)])));
}
