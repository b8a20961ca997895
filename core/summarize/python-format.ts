import { pythonFloatRepr } from '../common/py-number';
import { pythonJsonDumps } from '../common/python-json';

/** Python's `str(round(x, 3))` for a float: round half to even on the exact binary value. */
export function pythonRound3Str(x: number): string {
  if (!Number.isFinite(x)) return pythonFloatRepr(x);
  let text = x.toFixed(3);
  // toFixed breaks exact ties away from zero; Python breaks them to even. An exact tie needs
  // x = k/16 (so x*2000 is exact) with x*2000 odd.
  const scaled = x * 2000;
  if (Number.isInteger(x * 16) && Number.isInteger(scaled) && Math.abs(scaled) % 2 === 1) {
    const lower = Math.floor(x * 1000);
    const even = lower % 2 === 0 ? lower : lower + 1;
    text = (even / 1000).toFixed(3);
  }
  if (Math.abs(x) >= 1e21) return pythonFloatRepr(x);
  return pythonFloatRepr(Number(text));
}

/** `Stat.bare_str()`'s number rendering: ints as ints, others rounded to 3 places. */
export function bareNumber(x: number | undefined): string {
  if (x === undefined) return 'None';
  if (Number.isNaN(x)) return 'NaN';
  if (Number.isInteger(x)) return String(x);
  return pythonRound3Str(x);
}

/** `urllib.parse.quote(text, safe='')`. */
export function pythonQuote(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `get_benchmarking_url`: `?` + urlencode with %20 for spaces. */
export function benchmarkingUrl(params: Array<[string, string]>): string {
  return '?' + params.map(([k, v]) => `${pythonQuote(k)}=${pythonQuote(v)}`).join('&');
}

/** `json.dumps(list_of_strings)` (default separators). */
export function pythonJsonInline(value: unknown): string {
  return pythonJsonDumps(value);
}

const TWO_1074 = 1n << 1074n;

/** A finite double as an exact integer multiple of 2^-1074. */
function toScaledBigInt(x: number): bigint {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const hi = buffer.getUint32(0);
  const lo = buffer.getUint32(4);
  const negative = hi >>> 31 === 1;
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let shift: bigint;
  if (exponent === 0) shift = 0n;
  else {
    mantissa |= 1n << 52n;
    shift = BigInt(exponent - 1);
  }
  const value = mantissa << shift;
  return negative ? -value : value;
}

/** m * 2^e in exact steps (2^e alone may underflow while the product is normal). */
function ldexp(m: number, e: number): number {
  let x = m;
  let rest = e;
  while (rest < -1000) {
    x *= 2 ** -1000;
    rest += 1000;
  }
  while (rest > 1000) {
    x *= 2 ** 1000;
    rest -= 1000;
  }
  return x * 2 ** rest;
}

/** The double nearest to num/den (den > 0), ties to even, for results in the normal range. */
function ratioToDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n;
  const n = negative ? -num : num;
  // Scale so the integer quotient has at least 55 bits, then round it to 53.
  const shift = BigInt(Math.max(0, 55 - (n.toString(2).length - den.toString(2).length)));
  const q = (n << shift) / den;
  const exact = (n << shift) % den === 0n;
  const bits = q.toString(2).length;
  const drop = BigInt(bits - 53);
  let m = q >> drop;
  const rest = q - (m << drop);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (!exact || (m & 1n) === 1n))) m += 1n;
  const value = ldexp(Number(m), Number(drop) - Number(shift));
  return negative ? -value : value;
}

/** Python's `statistics.mean` of floats: the exact mean, correctly rounded. */
export function pythonStatisticsMean(values: number[]): number {
  if (values.length === 0) throw new Error('mean requires at least one data point');
  if (!values.every(Number.isFinite)) return values.reduce((a, b) => a + b, 0) / values.length;
  let total = 0n;
  for (const v of values) total += toScaledBigInt(v);
  return ratioToDouble(total, TWO_1074 * BigInt(values.length));
}
