import { isPyFloatBox, pythonFloatRepr } from './py-number';

/**
 * `json.dumps(obj, indent=2)` as Python writes it (ensure_ascii, `repr` floats, no trailing
 * newline), over our data model: `undefined` fields are dropped (HELM drops None dataclass
 * fields), `null` is kept (None inside plain dicts), `{py_float}` boxes print as floats.
 */
export function pythonJsonDumps(value: unknown, options: { indent?: number; sortKeys?: boolean } = {}): string {
  const indent = options.indent;
  const sortKeys = options.sortKeys ?? false;
  const itemSeparator = indent === undefined ? ', ' : ',';
  // Newline + indentation per nesting level, made once: scenario states are dumped with thousands of levels' worth.
  const breaks: string[] = [];
  const lineBreak = (level: number): string => (indent === undefined ? '' : (breaks[level] ??= '\n' + ' '.repeat(indent * level)));
  // One array of pieces joined at the end: cheaper than joining at every level.
  const out: string[] = [];
  const write = (node: unknown, level: number): void => {
    if (node === null) out.push('null');
    else if (node === true) out.push('true');
    else if (node === false) out.push('false');
    else if (typeof node === 'number') out.push(Number.isInteger(node) ? integerText(node) : floatText(node));
    else if (typeof node === 'string') out.push(pythonJsonString(node));
    else if (isPyFloatBox(node)) out.push(floatText(node.py_float));
    else if (Array.isArray(node)) {
      if (node.length === 0) {
        out.push('[]');
        return;
      }
      out.push('[');
      for (let i = 0; i < node.length; i++) {
        if (i > 0) out.push(itemSeparator);
        out.push(lineBreak(level + 1));
        const item: unknown = node[i];
        write(item === undefined ? null : item, level + 1);
      }
      out.push(lineBreak(level), ']');
    } else if (typeof node === 'object') {
      const record = node as Record<string, unknown>;
      let keys = Object.keys(record).filter((k) => record[k] !== undefined);
      if (sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (keys.length === 0) {
        out.push('{}');
        return;
      }
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.push(itemSeparator);
        out.push(lineBreak(level + 1), pythonJsonString(keys[i]), ': ');
        write(record[keys[i]], level + 1);
      }
      out.push(lineBreak(level), '}');
    } else throw new TypeError(`Cannot serialise a value of type ${typeof node} as JSON`);
  };
  write(value, 0);
  return out.join('');
}

function integerText(x: number): string {
  // Integral JS numbers are Python ints unless boxed; -0 can only come from float arithmetic.
  return Object.is(x, -0) ? '-0.0' : String(x);
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pythonFloatRepr(x);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const NEEDS_PYTHON_ESCAPES = /[^\x20-\x7e]/;

/** A JSON string literal with Python's `ensure_ascii=True` escaping (UTF-16 units as `\uXXXX`). */
export function pythonJsonString(text: string): string {
  // Printable ASCII only: JSON.stringify escapes exactly what Python does (" and \), much faster.
  if (!NEEDS_PYTHON_ESCAPES.test(text)) return JSON.stringify(text);
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Parse JSON written by Python or by us, keeping integral floats (`1.0`) boxed as `{py_float}`. */
export function pythonJsonParse(text: string): unknown {
  // Mark float literals before JSON.parse: a number token with '.', 'e' or 'E' outside strings.
  const marked = text.replace(
    /("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(NaN|-?Infinity)\b/g,
    (match, str: string | undefined, num: string | undefined, special: string | undefined) => {
      if (str !== undefined) return str;
      if (special !== undefined) return `{"py_float_special":"${special}"}`;
      if (num !== undefined && /[.eE]/.test(num) && Number.isInteger(Number(num))) return `{"py_float":${num}}`;
      return match;
    },
  );
  return JSON.parse(marked, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && 'py_float_special' in value) {
      const special = (value as { py_float_special: string }).py_float_special;
      return special === 'NaN' ? NaN : special === 'Infinity' ? Infinity : -Infinity;
    }
    return value;
  });
}
