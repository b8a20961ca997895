import { PyNumber, isFloat, pyFloat, toNumber } from '../common/py-number';

/**
 * Python arithmetic over `PyNumber`: the result is a float as soon as one operand is a float,
 * so HELM's int/float distinction (visible in its JSON) survives our computations.
 */

/** A value as Python sees it when a metric adds it to a Stat (bool counts as int). */
export type PyValue = PyNumber | boolean;

export function fromBool(value: PyValue): PyNumber {
  if (value === true) return 1;
  if (value === false) return 0;
  return value;
}

function combine(a: PyNumber, b: PyNumber, result: number): PyNumber {
  return isFloat(a) || isFloat(b) ? pyFloat(result) : result;
}

export function pyAdd(a: PyNumber, b: PyNumber): PyNumber {
  return combine(a, b, toNumber(a) + toNumber(b));
}

export function pySub(a: PyNumber, b: PyNumber): PyNumber {
  return combine(a, b, toNumber(a) - toNumber(b));
}

export function pyMul(a: PyNumber, b: PyNumber): PyNumber {
  return combine(a, b, toNumber(a) * toNumber(b));
}

/** Python `-x`: an int stays an int (and `-0` is `0`, not JS's `-0`). */
export function pyNeg(a: PyNumber): PyNumber {
  return isFloat(a) ? pyFloat(-toNumber(a)) : 0 - toNumber(a);
}

/** Python `/` (true division): always a float. */
export function pyDiv(a: PyNumber, b: PyNumber): PyNumber {
  return pyFloat(toNumber(a) / toNumber(b));
}

/** Python `sum(values)`: starts from the int 0. */
export function pySum(values: readonly PyNumber[]): PyNumber {
  return values.reduce<PyNumber>((acc, v) => pyAdd(acc, v), 0);
}

/** Python `min(a, b)`: `a` unless `b` is strictly smaller (keeps `a`'s type on ties and NaN). */
export function pyMin(a: PyNumber, b: PyNumber): PyNumber {
  return toNumber(b) < toNumber(a) ? b : a;
}

/** Python `max(a, b)`: `a` unless `b` is strictly larger. */
export function pyMax(a: PyNumber, b: PyNumber): PyNumber {
  return toNumber(b) > toNumber(a) ? b : a;
}

/** Python `max(iterable)`: the first maximal element. */
export function pyMaxOf(values: readonly PyNumber[]): PyNumber {
  if (values.length === 0) throw new Error('max() arg is an empty sequence');
  return values.reduce((acc, v) => pyMax(acc, v));
}
