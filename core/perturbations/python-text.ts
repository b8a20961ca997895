/**
 * The bits of Python's `str` and `re` semantics HELM's perturbations depend on, for JS strings.
 * Python iterates strings by code point and its regex `\w` is Unicode-aware; JS needs `u`-flag
 * regexes and explicit classes to agree.
 */

/** Python's `\w` in a `str` pattern: letters, digits (any script) and `_`. */
export const PY_WORD = '[\\p{L}\\p{N}_]';
/** Python's `[^\w]`. */
export const PY_NON_WORD = '[^\\p{L}\\p{N}_]';
/** Python's `\b` before a word character (every pattern here starts its alternatives with one). */
export const PY_WORD_START = `(?<!${PY_WORD})`;
/** Python's `\b` after a word character. */
export const PY_WORD_END = `(?!${PY_WORD})`;

/** `re.escape` for a `u`-flag JS pattern (only syntax characters may be escaped there). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => (c === '-' ? '\\x2d' : `\\${c}`));
}

/** `str.lower()` (full Unicode mapping, as JS). */
export const pyLower = (text: string): string => text.toLowerCase();
/** `str.upper()`. */
export const pyUpper = (text: string): string => text.toUpperCase();

const LOWERCASE = /^\p{Lowercase}$/u;
const UPPERCASE = /^\p{Uppercase}$/u;

/** `c.islower()` for one code point: the Unicode Lowercase property. */
export const isPyLowerChar = (c: string): boolean => LOWERCASE.test(c);
/** `c.isupper()` for one code point: the Unicode Uppercase property. */
export const isPyUpperChar = (c: string): boolean => UPPERCASE.test(c);

// Characters whose titlecase differs from their uppercase as a single code point (Latin digraphs).
const TITLECASE: Record<string, string> = {
  Ǆ: 'ǅ', ǅ: 'ǅ', ǆ: 'ǅ', Ǉ: 'ǈ', ǈ: 'ǈ', ǉ: 'ǈ', Ǌ: 'ǋ', ǋ: 'ǋ', ǌ: 'ǋ', Ǳ: 'ǲ', ǲ: 'ǲ', ǳ: 'ǲ',
};

function titleChar(c: string): string {
  const special = TITLECASE[c];
  if (special !== undefined) return special;
  const upper = [...c.toUpperCase()];
  if (upper.length === 1) return upper[0];
  // A one-to-many uppercase (ß → SS, ﬁ → FI, ŉ → ʼN) titlecases with only its first cased letter
  // upper (Ss, Fi, ʼN).
  const firstCased = upper.findIndex((x) => x.toLowerCase() !== x);
  return upper.slice(0, firstCased + 1).join('') + upper.slice(firstCased + 1).join('').toLowerCase();
}

/** `str.capitalize()`: first code point titlecased, the rest lowercased. */
export function pyCapitalize(text: string): string {
  const [first, ...rest] = [...text];
  if (first === undefined) return '';
  return titleChar(first) + rest.join('').toLowerCase();
}

/** HELM's `match_case`: the target spelled with the source word's casing pattern. */
export function matchCase(sourceWord: string, targetWord: string): string {
  const letters = [...sourceWord];
  // Python's all(): non-letters (apostrophes, digits) are neither lower nor upper and so break both.
  if (letters.every(isPyLowerChar)) return pyLower(targetWord);
  if (letters.every(isPyUpperChar)) return pyUpper(targetWord);
  if (letters.length > 0 && isPyUpperChar(letters[0])) return pyCapitalize(targetWord);
  return targetWord;
}

/** Python `str.replace(old, new)`: every non-overlapping occurrence. */
export function replaceAll(text: string, old: string, replacement: string): string {
  return text.split(old).join(replacement);
}
