import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { Stat } from '../../../core/metrics/stat';
import { fastJsonDumps } from '../../../core/summarize/fast-json';
import { bareStr, dictToStr, uniqueSimplification } from '../../../core/summarize/group-tables';
import { benchmarkingUrl, pythonRound3Str, pythonStatisticsMean } from '../../../core/summarize/python-format';
import { cell, headerCell, tableToLatex } from '../../../core/summarize/table';

describe('Python number formatting', () => {
  it('str(round(x, 3)) with half-to-even ties on exact binary values', () => {
    expect(pythonRound3Str(0.0625)).toBe('0.062');
    expect(pythonRound3Str(0.1875)).toBe('0.188');
    expect(pythonRound3Str(2.675)).toBe('2.675');
    expect(pythonRound3Str(1288.9560000000001)).toBe('1288.956');
    expect(pythonRound3Str(0.00001)).toBe('0.0');
    expect(pythonRound3Str(-0.0004)).toBe('-0.0');
    expect(pythonRound3Str(1 / 3)).toBe('0.333');
  });

  it('Stat.bare_str', () => {
    const stat = new Stat({ name: 'x' }).add(1).add(2.5);
    expect(bareStr(stat)).toBe('min=1, mean=1.75, max=2.5, sum=3.5 (2)');
    expect(bareStr(new Stat({ name: 'empty' }))).toBe('(0)');
  });

  it('statistics.mean is the correctly rounded exact mean', () => {
    expect(pythonStatisticsMean([0.1, 0.2, 0.3])).toBe(0.2);
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6); // naive summation would give 0.20000000000000004
    expect(pythonStatisticsMean([1e16, 1, -1e16])).toBe(1 / 3);
  });

  it('urlencode with quote (%20, nothing safe)', () => {
    expect(benchmarkingUrl([['group', 'mmlu'], ['subgroup', 'subject: a/b'], ['runSpecs', '["x=1,y"]']])).toBe(
      '?group=mmlu&subgroup=subject%3A%20a%2Fb&runSpecs=%5B%22x%3D1%2Cy%22%5D',
    );
  });

  it('dict_to_str uses Python str()', () => {
    expect(dictToStr({ subject: 'anatomy', n: 3, t: { py_float: 1 }, l: ['a'], b: true, z: null })).toBe("subject: anatomy, n: 3, t: 1.0, l: ['a'], b: True, z: None");
  });
});

describe('fastJsonDumps', () => {
  it('writes the same bytes as pythonJsonDumps(indent=2)', () => {
    const text = '{"a": [1, 2.5, 1.0, -0.0, 1e-05, 1e+16], "s": "caf\\u00e9 \\"q\\" \\\\ \\n", "e": {}, "l": [], "n": null, "o": {"x": {"y": [true, false]}}}';
    const value = pythonJsonParse(text);
    expect(fastJsonDumps(value)).toBe(pythonJsonDumps(value, { indent: 2 }));
    expect(fastJsonDumps({ a: undefined, b: 1 })).toBe(pythonJsonDumps({ a: undefined, b: 1 }, { indent: 2 }));
  });
});

describe('unique_simplification', () => {
  it('drops common entries, then keeps the shortest distinguishing key prefix', () => {
    const items = [
      { model: 'M1', stop: '#', n: 3 },
      { model: 'M1', stop: '\n', n: 3 },
      { model: 'M2', stop: '\n', n: 3 },
    ];
    expect(uniqueSimplification(items, ['model'])).toEqual([{ model: 'M1', stop: '#' }, { model: 'M1', stop: '\n' }, { model: 'M2' }]);
  });
});

describe('table_to_latex', () => {
  it('omits all-null columns, prints 0 as empty, escapes %', () => {
    const latex = tableToLatex(
      {
        title: 't',
        header: [headerCell('Model'), headerCell('EM %'), headerCell('empty')],
        rows: [[cell('A'), cell({ py_float: 0 }), cell(null)], [cell('B'), cell(0.5), cell(null)]],
        links: [],
      },
      'acc (core)',
    );
    expect(latex.split('\n')).toEqual([
      '\\begin{table*}[htp]',
      '\\resizebox{\\textwidth}{!}{',
      '\\begin{tabular}{lr}',
      '\\toprule',
      'Model & EM \\% \\\\',
      '\\midrule',
      'A &  \\\\',
      'B & 0.5 \\\\',
      '\\bottomrule',
      '\\end{tabular}}',
      '\\caption{Results for acc (core)}',
      '\\label{fig:acc (core)}',
      '\\end{table*}',
    ]);
  });
});

describe('fastJsonDumps floats', () => {
  it('matches Python repr across magnitudes', () => {
    const values = [0.1, 1 / 3, 123456.789, 1e-4, 9.999e-5, 1e15 + 0.5, 1e16, 2.5e-7, 1288.9560000000001, -0.0001, 5e-324, 1.7976931348623157e308];
    for (const v of values) expect(fastJsonDumps([v])).toBe(pythonJsonDumps([v], { indent: 2 }));
    expect(fastJsonDumps([{ py_float: 3 }, { py_float: 1e16 }, { py_float: 0 }])).toBe('[\n  3.0,\n  1e+16,\n  0.0\n]');
  });
});
