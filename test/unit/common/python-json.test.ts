import { describe, expect, it } from 'vitest';
import { FLOAT_MARK, pythonJsonDumps, walkedDumps } from '../../../core/common/python-json';
import { pythonFloatRepr } from '../../../core/common/py-number';

/** Deterministic pseudo-random numbers (an LCG): the same cases on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

describe('pythonFloatRepr', () => {
  it("prints Python's repr (python3: [[x, repr(x)] for x in ...])", () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'],
      [0.0001, '0.0001'],
      [9.999e-5, '9.999e-05'],
      [1e16, '1e+16'],
      [9999999999999998.0, '9999999999999998.0'],
      [123.456, '123.456'],
      [-0.5, '-0.5'],
      [1 / 3, '0.3333333333333333'],
      [2 ** -30, '9.313225746154785e-10'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [1e15 + 0.5, '1000000000000000.5'],
      [0.0001234, '0.0001234'],
      [12345678.9, '12345678.9'],
    ];
    for (const [x, repr] of cases) expect(pythonFloatRepr(x), String(x)).toBe(repr);
  });

  it('takes the positional shortcut only where the exponent form agrees with it', () => {
    // The exponent-form path, which handles every magnitude, is the reference for the shortcut.
    const exponentForm = (x: number): string => {
      const [mantissa, expText] = x.toExponential().split('e');
      const exponent = Number(expText);
      const sign = mantissa.startsWith('-') ? '-' : '';
      const digits = mantissa.replace('-', '').replace('.', '');
      if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
      return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')}.${digits.slice(exponent + 1) || '0'}`;
    };
    const random = generator(99);
    for (let i = 0; i < 20_000; i++) {
      const x = (random(2) === 0 ? -1 : 1) * (random(1_000_000) + 1) * 10 ** (random(21) - 10) * (1 + random(1000) / 1001);
      const magnitude = Math.abs(x);
      if (magnitude < 1e-4 || magnitude >= 1e16 || Number.isInteger(x)) continue;
      expect(pythonFloatRepr(x), String(x)).toBe(exponentForm(x));
    }
  });
});

describe('pythonJsonDumps', () => {
  it("writes json.dumps(obj, indent=2) byte for byte (python3's output)", () => {
    const value = {
      a: [1, { py_float: 2 }, -0, 0.25, NaN, Infinity, [], {}],
      é: 'naïve ☃ 😀 \x7f \x00 \t',
      dropped: undefined,
      nested: { k: [{ x: 1e-7 }, {}] },
    };
    const python =
      '{\n  "a": [\n    1,\n    2.0,\n    -0.0,\n    0.25,\n    NaN,\n    Infinity,\n    [],\n    {}\n  ],\n' +
      '  "\\u00e9": "na\\u00efve \\u2603 \\ud83d\\ude00 \\u007f \\u0000 \\t",\n  "nested": {\n    "k": [\n      {\n        "x": 1e-07\n      },\n      {}\n    ]\n  }\n}';
    expect(pythonJsonDumps(value, { indent: 2 })).toBe(python);
  });

  it('JSON.stringify with the float replacer writes what the tree walk writes, on random values', () => {
    const random = generator(2024);
    const strings = ['', 'a', 'é', '"q"', 'back\\slash', '\n', '\u007f', '😀', '\ud800', '\u0000', 'py_float', '\u0000pyfloat'];
    const numbers = [0, -0, 1, -7, 0.5, 1e-7, 1e16, 123.25, NaN, -Infinity, 2 ** 53];
    const make = (depth: number): unknown => {
      const kind = random(depth > 3 ? 4 : 7);
      if (kind === 0) return strings[random(strings.length)];
      if (kind === 1) return numbers[random(numbers.length)];
      if (kind === 2) return [null, true, false, undefined][random(4)];
      if (kind === 3) return { py_float: [1, 0, -3, 1e20][random(4)] };
      if (kind === 4) return Array.from({ length: random(4) }, () => make(depth + 1));
      return Object.fromEntries(Array.from({ length: random(4) }, () => [strings[random(strings.length)] + random(3), make(depth + 1)]));
    };
    for (let i = 0; i < 5000; i++) {
      const value = make(0);
      if (value === undefined) continue;
      expect(pythonJsonDumps(value, { indent: 2 })).toBe(walkedDumps(value, { indent: 2 }));
    }
  });

  it('a key or string that starts with the float mark is written as it is (the walk takes over)', () => {
    const value = { [`${FLOAT_MARK}k`]: 0.5, s: `${FLOAT_MARK}1.5`, f: 0.25 };
    expect(pythonJsonDumps(value, { indent: 2 })).toBe(walkedDumps(value, { indent: 2 }));
    expect(pythonJsonDumps(value, { indent: 2 })).toContain('"s": "\\u0000pyfloat');
  });
});
