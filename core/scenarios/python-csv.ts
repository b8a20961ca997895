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

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Newlines in text[from, to), for the line numbers of later records. */
function newlinesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * `csv.reader(f)` with the default dialect (`,`, `"`, doublequote, not strict) on universal-newline
 * text: quotes inside unquoted fields are literal, text after a closing quote is appended,
 * newlines inside quotes are kept, a blank line is an empty row, an unterminated quote ends at EOF.
 * `delimiter` is the dialect's (`\t` for TSV); `skipInitialSpace` drops spaces that open a field
 * (the dialect's `skipinitialspace`). Fields are sliced out of the text, not built a character at a
 * time: the MMLU mirror (6.5 MB) parses in a fraction of the time and garbage.
 */
export function parsePythonCsv(text: string, delimiter = ',', options: { skipInitialSpace?: boolean } = {}): CsvRow[] {
  const skipInitialSpace = options.skipInitialSpace === true;
  const separator = delimiter.charCodeAt(0);
  const rows: CsvRow[] = [];
  const end = text.length;
  let i = 0;
  let line = 1;
  while (i < end) {
    const recordLine = line;
    if (text.charCodeAt(i) === NEWLINE) {
      rows.push({ fields: [], line: recordLine });
      line++;
      i++;
      continue;
    }
    const fields: string[] = [];
    // One field per pass; the record ends at a newline outside quotes, or at the end of the text.
    for (;;) {
      if (skipInitialSpace) while (i < end && text.charCodeAt(i) === SPACE) i++;
      let field = '';
      if (i < end && text.charCodeAt(i) === QUOTE) {
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          const stop = close === -1 ? end : close;
          field += text.slice(i, stop);
          line += newlinesIn(text, i, stop);
          i = close === -1 ? end : close + 1;
          // A doubled quote is one quote, and the quoted part goes on.
          if (close !== -1 && i < end && text.charCodeAt(i) === QUOTE) {
            field += '"';
            i++;
            continue;
          }
          break;
        }
      }
      // Unquoted text (or text after a closing quote, which Python appends) runs to the delimiter or newline.
      let stop = i;
      while (stop < end) {
        const c = text.charCodeAt(stop);
        if (c === separator || c === NEWLINE) break;
        stop++;
      }
      if (stop > i) field += text.slice(i, stop);
      fields.push(field);
      i = stop;
      if (i >= end) break;
      i++;
      if (text.charCodeAt(i - 1) === NEWLINE) {
        line++;
        break;
      }
      // After a delimiter at the very end, Python still saves the empty field that follows.
      if (i >= end) {
        fields.push('');
        break;
      }
    }
    rows.push({ fields, line: recordLine });
  }
  return rows;
}
