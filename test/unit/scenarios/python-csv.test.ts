import { describe, expect, it } from 'vitest';
import { decodePythonText, parsePythonCsv } from '../../../core/scenarios/python-csv';
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
