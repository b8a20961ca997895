import { describe, expect, it } from 'vitest';
import { decodePythonText, parsePythonCsv, type CsvRow } from '../../../core/scenarios/python-csv';
import { HelmInputError } from '../../../core/common/errors';

const rows = (text: string): string[][] => parsePythonCsv(text).map((r) => r.fields);

// Expected values were produced with CPython's csv.reader on the same text.
describe('parsePythonCsv (csv.reader, default dialect)', () => {
  it('handles quoting, doubled quotes and embedded newlines', () => {
    expect(rows('a,"b,c","say ""hi""",d\n"multi\nline",x\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'd'],
      ['multi\nline', 'x'],
    ]);
  });
  it('keeps quotes inside unquoted fields and text after a closing quote', () => {
    expect(rows('ab"c,"x"y,z\n')).toEqual([['ab"c', 'xy', 'z']]);
  });
  it('gives an empty row for a blank line and handles a missing final newline', () => {
    expect(rows('a,b\n\nc,\n"d')).toEqual([['a', 'b'], [], ['c', ''], ['d']]);
  });
  it('reports the starting line of each record', () => {
    expect(parsePythonCsv('"a\nb",c\nd\n').map((r) => r.line)).toEqual([1, 3]);
  });
  it('applies universal newlines and keeps a BOM', () => {
    const text = decodePythonText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x63]), 'f.csv');
    expect(text).toBe('\ufeffa\nb\nc');
  });
  it('rejects invalid UTF-8 naming file and line', () => {
    expect(() => decodePythonText(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]), 'bad.csv')).toThrow(HelmInputError);
    expect(() => decodePythonText(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]), 'bad.csv')).toThrow(/bad\.csv: line 2/);
  });
});

describe('parsePythonCsv agrees with a character-at-a-time reading of csv.reader', () => {
  // The state machine the parser had before it sliced fields (Python's csv module, one state per
  // character): random texts over the characters that matter must parse the same.
  type State = 'startRecord' | 'startField' | 'inField' | 'inQuoted' | 'quoteInQuoted';

  /**
   * `csv.reader(f)` with the default dialect (`,`, `"`, doublequote, not strict) on universal-newline
   * text: quotes inside unquoted fields are literal, text after a closing quote is appended,
   * newlines inside quotes are kept, a blank line is an empty row, an unterminated quote ends at EOF.
   * `delimiter` is the dialect's (`\t` for TSV); `skipInitialSpace` drops spaces that open a field
   * (the dialect's `skipinitialspace`).
   */
  function referenceParsePythonCsv(text: string, delimiter = ',', options: { skipInitialSpace?: boolean } = {}): CsvRow[] {
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

  it('on 20,000 random texts, with and without skipinitialspace, for , and tab', () => {
    const alphabet = ['a', 'b', ',', '\t', '"', '"', '\n', '\n', ' ', ' ', 'é', '😀'];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20_000; round++) {
      const length = random(24);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[random(alphabet.length)];
      const delimiter = round % 2 === 0 ? ',' : '\t';
      const options = { skipInitialSpace: round % 3 === 0 };
      expect(parsePythonCsv(text, delimiter, options), JSON.stringify({ text, delimiter, options })).toEqual(referenceParsePythonCsv(text, delimiter, options));
    }
  });
});
