/** Python's `str.isspace()` set, which `str.rstrip()`/`strip()` use (JS trim differs: \ufeff, \x1c-\x1f, \x85). */
const PYTHON_WHITESPACE = new Set(
  [
    '\t', '\n', '\v', '\f', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0', '\u1680',
    '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
    '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
  ],
);

export function isPythonSpace(ch: string): boolean {
  return PYTHON_WHITESPACE.has(ch);
}

/** `s.rstrip()` with no argument. */
export function pythonRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && PYTHON_WHITESPACE.has(s[end - 1])) end--;
  return s.slice(0, end);
}

/** `s.strip()` with no argument. */
export function pythonStrip(s: string): string {
  let start = 0;
  while (start < s.length && PYTHON_WHITESPACE.has(s[start])) start++;
  return pythonRstrip(s.slice(start));
}

/** `len(s)`: code points, not UTF-16 units. */
export function pythonLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `str.isalnum()` for one character (letters and numbers by Unicode category). */
export function isPythonAlnum(ch: string): boolean {
  return /^[\p{L}\p{N}]$/u.test(ch);
}

/** Python's string order (by code point; JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}
