/**
 * Python `str` behaviour that JavaScript lacks: `str.split()` / `str.strip()` whitespace (which
 * includes \x1c-\x1f and excludes \ufeff, unlike JS `\s`) and Unicode word boundaries (`\b`).
 */

const PY_WHITESPACE = new Set([
  '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0', '\u1680',
  '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009',
  '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
]);

export function isPyWhitespace(ch: string): boolean {
  return PY_WHITESPACE.has(ch);
}

/** `text.strip()` with no argument. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WHITESPACE.has(text[start])) start++;
  while (end > start && PY_WHITESPACE.has(text[end - 1])) end--;
  return text.slice(start, end);
}

/** `text.split()` with no argument: runs of whitespace separate, no empty strings. */
export function pySplitWhitespace(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    if (PY_WHITESPACE.has(ch)) {
      if (current !== '') out.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Python's Unicode `\w` (alphanumeric or underscore), as lookaround source for `\b`. */
export const PY_WORD_CHAR = '[\\p{L}\\p{N}_]';

/** `string.punctuation`. */
export const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
