import { describe, expect, it } from 'vitest';
import {
  absoluteValueDifference,
  exactMatch,
  exactMatchIndicator,
  exactSetMatch,
  f1Score,
  f1SetMatch,
  finalNumberExactMatch,
  iouSetMatch,
  normalizeText,
  prefixExactMatch,
  quasiExactMatch,
  quasiPrefixExactMatch,
} from '../../../core/metrics/scoring';
import { applyOutputMappingPattern } from '../../../core/metrics/reference-metrics';

describe('normalizeText', () => {
  it('lowers, drops punctuation without spaces, drops word-bounded articles, collapses whitespace', () => {
    expect(normalizeText("  The well-known  DON'T\tanswer, an apple! ")).toBe('wellknown dont answer apple');
    expect(normalizeText('theatre a.n')).toBe('theatre');
    expect(normalizeText('Ä the Ü', true)).toBe('ä ü');
    expect(normalizeText('the cat', false)).toBe('the cat');
    // Python's str.split() treats \x1c as whitespace; a Unicode letter keeps "a" inside a word.
    expect(normalizeText('x\x1cy')).toBe('x y');
    expect(normalizeText('éa')).toBe('éa');
  });
});

describe('exact-match family (Python ints)', () => {
  it('exact_match', () => {
    expect(exactMatch('Paris', ' Paris\n')).toBe(1);
    expect(exactMatch('Paris', 'paris')).toBe(0);
    expect(exactMatch('Paris', '')).toBe(0);
    expect(exactMatch('Paris', null)).toBe(0);
  });
  it('quasi / prefix variants', () => {
    expect(quasiExactMatch('The Paris.', 'paris')).toBe(1);
    expect(prefixExactMatch('Yes', 'Yes, Elmendorf')).toBe(1);
    expect(prefixExactMatch('Yes', 'No')).toBe(0);
    expect(quasiPrefixExactMatch('yes', 'YES, it is')).toBe(1);
    expect(quasiPrefixExactMatch('yes', null)).toBe(0);
  });
  it('indicator and final number', () => {
    expect(exactMatchIndicator('the answer is 5', 'so it is 5')).toBe(1);
    expect(finalNumberExactMatch('The answer is 15.', 'The answer is 15 eggs.')).toBe(1);
    expect(finalNumberExactMatch('1,234', 'total 1234')).toBe(1);
    expect(finalNumberExactMatch('15', '15, ok')).toBe(1);
    expect(finalNumberExactMatch('15', '15 eggs, ok')).toBe(0);
  });
});

describe('float-valued scores', () => {
  it('f1_score uses token sets', () => {
    expect(f1Score('the cat sat', 'cat cat sat down')).toBeCloseTo(0.8, 12);
    expect(f1Score('cat', 'dog')).toBe(0);
    expect(f1Score('the', 'cat')).toEqual({ py_float: 0 });
  });
  it('set matches', () => {
    expect(exactSetMatch('The set is a and b.', 'It is b and a.\nmore')).toEqual({ py_float: 1 });
    expect(iouSetMatch('is a and b', 'is a and c')).toBeCloseTo(1 / 3, 15);
    expect(f1SetMatch('is a and b', 'is a')).toBeCloseTo(2 / 3, 15);
    expect(iouSetMatch('Nothing.', 'Nothing.')).toEqual({ py_float: 1 });
  });
  it('absolute_value_difference keeps int for ints, float for unparsable', () => {
    expect(absoluteValueDifference('1,000', '990')).toBe(10);
    expect(absoluteValueDifference('12', 'twelve')).toEqual({ py_float: 12 });
  });
});

describe('output mapping pattern', () => {
  it('group 1 if any, else whole match, else empty', () => {
    expect(applyOutputMappingPattern('\\(([A-D])\\)', 'answer (C)')).toBe('C');
    expect(applyOutputMappingPattern('[A-D]', 'xB')).toBe('B');
    expect(applyOutputMappingPattern('[A-D]', 'xyz')).toBe('');
  });
});
