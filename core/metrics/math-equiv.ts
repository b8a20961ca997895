import { PyNumber, pyFloat } from '../common/py-number';

/**
 * HELM's MATH answer comparison (`math_scenario.is_equiv`, after Hendrycks et al.): both answers are
 * normalised by `_strip_string` and compared; when normalising fails (Python raises on some
 * malformed LaTeX) the raw strings are compared instead.
 */

/** Python raised inside `_strip_string`: HELM then compares the raw strings. */
class StripFailure extends Error {}

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{72}` → `\frac{1}{72}` (by code points, like Python). */
function fixFracs(text: string): string {
  const parts = text.split('\\frac');
  let out = parts[0];
  for (const part of parts.slice(1)) {
    out += '\\frac';
    const chars = [...part];
    if (chars.length === 0) throw new StripFailure('empty \\frac argument');
    if (chars[0] === '{') {
      out += part;
      continue;
    }
    if (chars.length < 2) return text;
    const [a, b] = chars;
    const rest = chars.slice(2).join('');
    out += b !== '{' ? `{${a}}{${b}}${rest}` : `{${a}}${b}${rest}`;
  }
  return out;
}

const CANONICAL_INT = /^(?:-?[1-9][0-9]*|0)$/;

/** `a/b` of two plain integers (exactly as Python would print them) → `\frac{a}{b}`. */
function fixASlashB(text: string): string {
  const parts = text.split('/');
  if (parts.length !== 2) return text;
  const [a, b] = parts;
  if (!CANONICAL_INT.test(a) || !CANONICAL_INT.test(b)) return text;
  return `\\frac{${a}}{${b}}`;
}

function removeRightUnits(text: string): string {
  if (!text.includes('\\text{ ')) return text;
  const splits = text.split('\\text{ ');
  if (splits.length !== 2) throw new StripFailure('more than one \\text{ unit');
  return splits[0];
}

/** `\sqrt3` → `\sqrt{3}`. */
function fixSqrt(text: string): string {
  if (!text.includes('\\sqrt')) return text;
  const splits = text.split('\\sqrt');
  let out = splits[0];
  for (const split of splits.slice(1)) {
    const chars = [...split];
    if (chars.length === 0) throw new StripFailure('empty \\sqrt argument');
    out += chars[0] !== '{' ? `\\sqrt{${chars[0]}}${chars.slice(1).join('')}` : `\\sqrt${split}`;
  }
  return out;
}

/** HELM's `_strip_string`. */
export function stripMathString(input: string): string {
  let s = replaceAll(input, '\n', '');
  s = replaceAll(s, '\\!', '');
  s = replaceAll(s, '\\\\', '\\');
  s = replaceAll(s, 'tfrac', 'frac');
  s = replaceAll(s, 'dfrac', 'frac');
  s = replaceAll(s, '\\left', '');
  s = replaceAll(s, '\\right', '');
  s = replaceAll(s, '^{\\circ}', '');
  s = replaceAll(s, '^\\circ', '');
  s = replaceAll(s, '\\$', '');
  s = removeRightUnits(s);
  s = replaceAll(s, '\\%', '');
  s = replaceAll(s, ' .', ' 0.');
  s = replaceAll(s, '{.', '{0.');
  if (s.length === 0) return s;
  if (s[0] === '.') s = '0' + s;
  const sides = s.split('=');
  if (sides.length === 2 && [...sides[0]].length <= 2) s = sides[1];
  s = fixSqrt(s);
  s = replaceAll(s, ' ', '');
  s = fixFracs(s);
  if (s === '0.5') s = '\\frac{1}{2}';
  return fixASlashB(s);
}

/** `is_equiv`: 1.0 when both are missing, 0.0 when one is. */
export function mathEquiv(gold: string | null, pred: string | null): PyNumber {
  if (gold === null && pred === null) return pyFloat(1);
  if (gold === null || pred === null) return pyFloat(0);
  try {
    return pyFloat(stripMathString(gold) === stripMathString(pred) ? 1 : 0);
  } catch (e) {
    if (!(e instanceof StripFailure)) throw e;
    return pyFloat(gold === pred ? 1 : 0);
  }
}

/** `last_boxed_only_string`: the last `\boxed…` (else `\fbox…`) through its matching brace. */
export function lastBoxedOnlyString(text: string): string | null {
  let idx = text.lastIndexOf('\\boxed');
  if (idx < 0) idx = text.lastIndexOf('\\fbox');
  if (idx < 0) return null;
  let open = 0;
  for (let i = idx; i < text.length; i++) {
    if (text[i] === '{') open += 1;
    if (text[i] === '}') {
      open -= 1;
      if (open === 0) return text.slice(idx, i + 1);
    }
  }
  return null;
}

/** `get_answer`: the content of the last `\boxed{…}`; null for `\fbox` or a `\boxed` without `{`. */
export function boxedAnswer(solution: string | null): string | null {
  if (solution === null) return null;
  const boxed = lastBoxedOnlyString(solution);
  if (boxed === null) return null;
  const left = '\\boxed{';
  if (!boxed.startsWith(left) || !boxed.endsWith('}')) return null;
  return boxed.slice(left.length, -1);
}

export function mathEquivChainOfThought(gold: string | null, pred: string | null): PyNumber {
  return mathEquiv(boxedAnswer(gold), boxedAnswer(pred));
}
