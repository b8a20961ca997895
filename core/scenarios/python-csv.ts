import { HelmInputError } from '../common/errors';

/** One parsed CSV row and the 1-based line where it starts (for error messages). */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * Python's text-mode `open()` (UTF-8, strict) + universal newlines: bytes → text with `\r\n`/`\r` as
 * `\n`, a BOM kept as U+FEFF. Invalid UTF-8 → HelmInputError naming the file and line.
 */
export function decodePythonText(bytes: Uint8Array, file: string): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return normaliseNewlines(decoder.decode(bytes));
  } catch {
    throw new HelmInputError(`${file}: line ${firstInvalidUtf8Line(bytes)} is not valid UTF-8 text`);
  }
}

export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

type State = 'startRecord' | 'startField' | 'inField' | 'inQuoted' | 'quoteInQuoted';

/**
 * `csv.reader(f)` with the default dialect (`,`, `"`, doublequote, not strict) on universal-newline
 * text: quotes inside unquoted fields are literal, text after a closing quote is appended,
 * newlines inside quotes are kept, a blank line is an empty row, an unterminated quote ends at EOF.
 * `delimiter` is the dialect's (`\t` for TSV); `skipInitialSpace` drops spaces that open a field
 * (the dialect's `skipinitialspace`).
 */
export function parsePythonCsv(text: string, delimiter = ',', options: { skipInitialSpace?: boolean } = {}): CsvRow[] {
  const skipInitialSpace = options.skipInitialSpace === true;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let state: State = 'startRecord';
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    rows.push({ fields, line: recordLine });
    fields = [];
    field = '';
    state = 'startRecord';
  };
  for (const c of text) {
    if (state === 'startRecord') {
      recordLine = line;
      if (c === '\n') {
        rows.push({ fields: [], line: recordLine });
        line++;
        continue;
      }
      state = 'startField';
    }
    switch (state) {
      case 'startField':
        if (c === '"') state = 'inQuoted';
        else if (c === ' ' && skipInitialSpace) break;
        else if (c === delimiter) fields.push('');
        else if (c === '\n') {
          fields.push('');
          endRecord();
        } else {
          field = c;
          state = 'inField';
        }
        break;
      case 'inField':
        if (c === delimiter) {
          fields.push(field);
          field = '';
          state = 'startField';
        } else if (c === '\n') {
          fields.push(field);
          endRecord();
        } else field += c;
        break;
      case 'inQuoted':
        if (c === '"') state = 'quoteInQuoted';
        else field += c;
        break;
      case 'quoteInQuoted':
        if (c === '"') {
          field += '"';
          state = 'inQuoted';
        } else if (c === delimiter) {
          fields.push(field);
          field = '';
          state = 'startField';
        } else if (c === '\n') {
          fields.push(field);
          endRecord();
        } else {
          field += c;
          state = 'inField';
        }
        break;
    }
    if (c === '\n') line++;
  }
  // Python saves a pending field at EOF (also an unterminated quoted one in non-strict mode).
  if (state !== 'startRecord') {
    fields.push(field);
    rows.push({ fields, line: recordLine });
  }
  return rows;
}
