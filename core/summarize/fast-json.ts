import { isPyFloatBox, pythonFloatRepr } from '../common/py-number';

/** Strings that need no escaping under ensure_ascii: printable ASCII without `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * Python's ensure_ascii string literal: JSON.stringify already writes Python's escapes for quotes,
 * backslashes and control characters (short forms, else lowercase \u00XX) and for lone surrogates;
 * what remains is every character from DEL up, which Python writes as \uXXXX.
 */
function stringText(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(NON_ASCII, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function numberText(x: number, float: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (!float && Number.isInteger(x)) return Object.is(x, -0) ? '-0.0' : String(x);
  // Where both languages print positional notation, JS's shortest round-trip digits are Python's repr.
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(x);
    return text.includes('.') ? text : text + '.0';
  }
  return pythonFloatRepr(x);
}

/**
 * Same bytes as `pythonJsonDumps(value, { indent: 2 })` (common/python-json.ts), tuned for the
 * hundreds of megabytes a large suite's summary writes: plain strings skip the per-character
 * escape loop and output is built in one array. `indentPrefix` places the value inside an
 * enclosing container (nested lines start with it).
 */
export function fastJsonDumps(value: unknown, indentPrefix = ''): string {
  const out: string[] = [];
  const write = (node: unknown, pad: string): void => {
    if (node === null || node === undefined) out.push('null');
    else if (node === true) out.push('true');
    else if (node === false) out.push('false');
    else if (typeof node === 'number') out.push(numberText(node, false));
    else if (typeof node === 'string') out.push(stringText(node));
    else if (isPyFloatBox(node)) out.push(numberText(node.py_float, true));
    else if (Array.isArray(node)) {
      if (node.length === 0) {
        out.push('[]');
        return;
      }
      const inner = pad + '  ';
      out.push('[');
      for (let i = 0; i < node.length; i++) {
        out.push(i === 0 ? '\n' + inner : ',\n' + inner);
        write(node[i], inner);
      }
      out.push('\n' + pad + ']');
    } else if (typeof node === 'object') {
      const inner = pad + '  ';
      let first = true;
      const record = node as Record<string, unknown>;
      for (const key in record) {
        const v = record[key];
        if (v === undefined) continue;
        out.push(first ? '{\n' + inner : ',\n' + inner);
        first = false;
        out.push(stringText(key), ': ');
        write(v, inner);
      }
      out.push(first ? '{}' : '\n' + pad + '}');
    } else throw new TypeError(`Cannot serialise a value of type ${typeof node} as JSON`);
  };
  write(value, indentPrefix);
  return out.join('');
}
