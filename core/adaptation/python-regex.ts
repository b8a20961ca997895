import { HelmInputError } from '../common/errors';

const JS_SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''));

/**
 * Translates a Python `re` pattern to a JS unicode-mode RegExp for the constructs substitutions use:
 * named groups, `\A`/`\Z`, Python's `$` (also before a final newline), Unicode `\d`/`\w`,
 * escaped punctuation and leading inline flags (i, m, s).
 */
export function pythonRegex(pattern: string): RegExp {
  let flags = 'gu';
  let body = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline !== null) {
    for (const f of inline[1]) {
      if ('ims'.includes(f)) flags += f;
      else if (f !== 'u') throw new HelmInputError(`Substitution pattern ${JSON.stringify(pattern)}: inline flag (?${f}) is not supported`);
    }
    body = body.slice(inline[0].length);
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const n = body[i + 1] ?? '';
      i++;
      if (n === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (n === 'Z' && !inClass) out += '(?![\\s\\S])';
      else if (n === 'd') out += '\\p{Nd}';
      else if (n === 'w') out += inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
      else if (n === 'W' && !inClass) out += '[^\\p{L}\\p{N}_]';
      else if (/[A-Za-z0-9]/.test(n) || JS_SYNTAX_CHARS.has(n) || (inClass && n === '-')) out += '\\' + n;
      else out += n; // Python allows escaping any punctuation; JS unicode mode does not.
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (body[i + 1] === '^') out += body[++i];
      if (body[i + 1] === ']') out += '\\' + body[++i]; // a leading ] is literal in Python
    } else if (c === '(' && body.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (c === '(' && body.startsWith('(?P=', i)) {
      const end = body.indexOf(')', i);
      out += `\\k<${body.slice(i + 4, end)}>`;
      i = end;
    } else if (c === '$' && !multiline) out += '(?=\\n?(?![\\s\\S]))';
    else out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch (error) {
    throw new HelmInputError(`Substitution pattern ${JSON.stringify(pattern)} is not a supported regular expression: ${(error as Error).message}`);
  }
}

const TEMPLATE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/** `re.sub(pattern, repl, text)`: every match, Python template syntax (`\1`, `\g<name>`, escapes). */
export function pythonReSub(pattern: string, repl: string, text: string): string {
  const regex = pythonRegex(pattern);
  return text.replace(regex, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
    const groups = args.slice(0, typeof last === 'object' && last !== null ? -3 : -2) as Array<string | undefined>;
    const group = (ref: string): string => {
      const value = /^\d+$/.test(ref) ? groups[Number(ref)] : named[ref];
      if (/^\d+$/.test(ref) ? Number(ref) >= groups.length : !(ref in named)) {
        throw new HelmInputError(`Substitution target ${JSON.stringify(repl)}: invalid group reference ${ref}`);
      }
      return value ?? '';
    };
    let out = '';
    for (let i = 0; i < repl.length; i++) {
      const c = repl[i];
      if (c !== '\\' || i + 1 >= repl.length) {
        out += c;
        continue;
      }
      const n = repl[++i];
      if (n === 'g') {
        const end = repl.indexOf('>', i);
        if (repl[i + 1] !== '<' || end < 0) throw new HelmInputError(`Substitution target ${JSON.stringify(repl)}: bad \\g reference`);
        out += group(repl.slice(i + 2, end));
        i = end;
      } else if (/[1-9]/.test(n)) {
        const two = /[0-9]/.test(repl[i + 1] ?? '') ? n + repl[i + 1] : n;
        if (two.length === 2) i++;
        out += group(two);
      } else if (n in TEMPLATE_ESCAPES) out += TEMPLATE_ESCAPES[n];
      else if (/[A-Za-z]/.test(n)) throw new HelmInputError(`Substitution target ${JSON.stringify(repl)}: bad escape \\${n}`);
      else out += '\\' + n;
    }
    return out;
  });
}
