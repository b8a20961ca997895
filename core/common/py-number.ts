import { z } from 'zod';

/**
 * Python keeps int and float apart (`1` vs `1.0`) and HELM's JSON files show the difference.
 * A JS number that is not an integer is always a Python float; an integral Python float is boxed
 * as `{ py_float: x }` so that it survives JSON round trips (Temporal payloads, work files).
 */
export const PyFloatBox = z.object({ py_float: z.number() }).strict();
export type PyFloatBox = z.infer<typeof PyFloatBox>;

export const PyNumber = z.union([z.number(), PyFloatBox]);
export type PyNumber = z.infer<typeof PyNumber>;

/** A Python float with value `x` (boxed only when JS would print it as an integer). */
export function pyFloat(x: number): PyNumber {
  return Number.isInteger(x) ? { py_float: x } : x;
}

export function isPyFloatBox(value: unknown): value is PyFloatBox {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { py_float?: unknown }).py_float === 'number'
  );
}

export function toNumber(value: PyNumber): number {
  return typeof value === 'number' ? value : value.py_float;
}

/** True when the value is a Python float (boxed, or any non-integral JS number). */
export function isFloat(value: PyNumber): boolean {
  return typeof value !== 'number' || !Number.isInteger(value);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Where both print positional digits, JS's shortest round-trip text is Python's.
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e16 && !Number.isInteger(x)) return String(x);
  const [mantissa, expText] = x.toExponential().split('e');
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${body}e${expSign}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fracPart = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fracPart || '0'}`;
}

/** Python's `str()` of an int or float value. */
export function pythonNumberStr(value: PyNumber): string {
  if (isFloat(value)) return pythonFloatRepr(toNumber(value));
  return String(toNumber(value));
}
