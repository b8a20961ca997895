import { HelmInputError } from '../common/errors';
import { PyNumber, isPyFloatBox, pyFloat, pythonNumberStr } from '../common/py-number';
import { ArgValue } from './schemas';

/** A parsed run-entry description: HELM's `ObjectSpec(class_name=<function name>, args)`. */
export interface ParsedDescription {
  functionName: string;
  /** In order of first occurrence; a repeated key keeps its first position and its last value. */
  args: Array<[string, ArgValue]>;
}

// What Python's str.strip() (used by int() and float()) treats as whitespace.
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
// Digits with single underscores between them (PEP 515), as int()/float() accept.
const DIGITS = '[0-9](?:_?[0-9])*';
const INT_RE = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_RE = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL_FLOAT_RE = /^([+-]?)(inf|infinity|nan)$/i;

const ND_RE = /\p{Nd}/u;

/** Unicode decimal digits (which int()/float() accept) as ASCII; Nd runs are 0..9 blocks. */
function asciiDigits(text: string): string {
  return Array.from(text, (ch) => {
    if (ch >= '0' && ch <= '9') return ch;
    if (!ND_RE.test(ch)) return ch;
    let cp = ch.codePointAt(0) as number;
    let offset = 0;
    while (ND_RE.test(String.fromCodePoint(cp - 1))) {
      cp--;
      offset++;
    }
    return String(offset % 10);
  }).join('');
}

/** Python's `int(text)` for a str, or undefined where it raises ValueError. */
export function pythonInt(text: string): number | undefined {
  const s = asciiDigits(text.replace(STRIP_RE, ''));
  if (!INT_RE.test(s)) return undefined;
  // `|| 0` turns "-0" into the int 0 (ints have no negative zero).
  return Number(s.replace(/_/g, '')) || 0;
}

/** Python's `float(text)` for a str, or undefined where it raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const s = asciiDigits(text.replace(STRIP_RE, ''));
  const special = SPECIAL_FLOAT_RE.exec(s);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_RE.test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}

/** HELM's value conversion: int if `int()` accepts it, else float if `float()` does, else the string. */
export function convertArgValue(value: string): PyNumber | string {
  const asInt = pythonInt(value);
  if (asInt !== undefined) return asInt;
  const asFloat = pythonFloat(value);
  if (asFloat !== undefined) return pyFloat(asFloat);
  return value;
}

function parseArg(arg: string): [string, ArgValue] {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new HelmInputError(`Expected <key>=<value>, got '${arg}'`);
  return [arg.slice(0, eq), convertArgValue(arg.slice(eq + 1))];
}

/**
 * Parses `<function_name>[:<key>=<value>(,<key>=<value>)*]` exactly as HELM's parse_object_spec:
 * split on the first ':', then on every ',', each arg on its first '='.
 */
export function parseDescription(description: string): ParsedDescription {
  const colon = description.indexOf(':');
  if (colon < 0) return { functionName: description, args: [] };
  const args: Array<[string, ArgValue]> = [];
  for (const raw of description.slice(colon + 1).split(',')) {
    const [key, value] = parseArg(raw);
    const existing = args.find(([k]) => k === key);
    if (existing) existing[1] = value;
    else args.push([key, value]);
  }
  return { functionName: description.slice(0, colon), args };
}

/** Python `str()` of a parsed arg value, as used in run names. */
export function argValueStr(value: ArgValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || isPyFloatBox(value)) return pythonNumberStr(value);
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return JSON.stringify(value);
}
