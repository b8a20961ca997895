import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { argValueStr, convertArgValue, parseDescription } from '../../../core/run-specs/description';

describe('parseDescription', () => {
  it('splits name and args', () => {
    expect(parseDescription('mmlu:subject=philosophy,model=openai/gpt2')).toEqual({
      functionName: 'mmlu',
      args: [
        ['subject', 'philosophy'],
        ['model', 'openai/gpt2'],
      ],
    });
  });

  it('has no args without a colon', () => {
    expect(parseDescription('gsm')).toEqual({ functionName: 'gsm', args: [] });
  });

  it('splits on the first colon and the first equals sign', () => {
    expect(parseDescription('a:b=c:d=e,f=g=h')).toEqual({
      functionName: 'a',
      args: [
        ['b', 'c:d=e'],
        ['f', 'g=h'],
      ],
    });
  });

  it('keeps the first position and the last value of a repeated key', () => {
    expect(parseDescription('x:a=1,b=2,a=3').args).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('allows empty values and keys', () => {
    expect(parseDescription('x:subtask=,=v').args).toEqual([
      ['subtask', ''],
      ['', 'v'],
    ]);
  });

  for (const bad of ['mmlu:', 'mmlu:subject=x,', 'mmlu:subject=x,,model=y']) {
    it(`rejects an empty arg in ${bad}`, () => {
      expect(() => parseDescription(bad)).toThrow(HelmInputError);
      expect(() => parseDescription(bad)).toThrow("Expected <key>=<value>, got ''");
    });
  }

  it('rejects an arg without =', () => {
    expect(() => parseDescription('mmlu:philosophy')).toThrow("Expected <key>=<value>, got 'philosophy'");
  });
});

describe('Python int()/float() value conversion', () => {
  // Serialised with Python's json.dumps to show int vs float exactly as HELM would write them.
  const cases: Array<[string, string]> = [
    ['5', '5'],
    ['-5', '-5'],
    ['+5', '5'],
    ['007', '7'],
    ['-0', '0'],
    ['1_000', '1000'],
    [' 42 ', '42'],
    ['\t3\n', '3'],
    ['0.3', '0.3'],
    ['1.0', '1.0'],
    ['1.', '1.0'],
    ['.5', '0.5'],
    ['1e3', '1000.0'],
    ['1E-5', '1e-05'],
    ['1_0.5', '10.5'],
    ['-0.0', '-0.0'],
    ['1e16', '1e+16'],
    ['nan', 'NaN'],
    ['NaN', 'NaN'],
    ['inf', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['+inf', 'Infinity'],
    [' 2.5 ', '2.5'],
    ['\u0663', '3'],
    ['\u0661\u0662.5', '12.5'],
    ['\u00a07\u3000', '7'],
  ];
  for (const [text, json] of cases) {
    it(`${JSON.stringify(text)} -> ${json}`, () => {
      expect(pythonJsonDumps(convertArgValue(text))).toBe(json);
    });
  }

  const strings = ['True', 'false', 'None', '', ' ', '1__0', '_1', '1_', '0x10', '1e', 'e3', '1.2.3', '1,5', 'infinit', 'nan1', '1 2'];
  for (const text of strings) {
    it(`${JSON.stringify(text)} stays a string`, () => {
      expect(convertArgValue(text)).toBe(text);
    });
  }

  it('names values with Python str()', () => {
    expect(argValueStr(convertArgValue('1e3'))).toBe('1000.0');
    expect(argValueStr(convertArgValue('1_000'))).toBe('1000');
    expect(argValueStr(convertArgValue('0.1'))).toBe('0.1');
    expect(argValueStr(convertArgValue('inf'))).toBe('inf');
    expect(argValueStr(convertArgValue('nan'))).toBe('nan');
    expect(argValueStr(convertArgValue('abc'))).toBe('abc');
  });
});
