import * as fs from 'fs';
import { HelmInputError } from '../common/errors';
import { RunEntries, RunEntry } from './schemas';

/**
 * A parser for the subset of HOCON used by HELM's run-entries and credentials files: objects
 * (root braces optional), arrays, `:`/`=` (or `key {` with no separator), unquoted or quoted keys
 * (dotted keys nest), quoted, triple-quoted and unquoted strings, numbers, booleans, null, `#` and
 * `//` comments, newline- or comma-separated elements, trailing commas. Not supported: includes,
 * `${}` substitutions, `+=`, value concatenation of objects/arrays.
 */
export type HoconValue = string | number | boolean | null | HoconValue[] | { [key: string]: HoconValue };
type HoconObject = { [key: string]: HoconValue };

// Characters HOCON forbids in unquoted text (besides whitespace).
const FORBIDDEN_UNQUOTED = new Set('$"{}[]:=,+#`^?!@*&\\'.split(''));
const NUMBER_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Objects and arrays nested deeper than this are refused (HELM's confs nest 3 levels; recursion has a limit). */
export const MAX_NESTING = 64;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly fileName: string,
  ) {}

  parseRoot(): HoconValue {
    this.skipBlank(true);
    let value: HoconValue;
    if (this.peek() === '[') value = this.parseArray();
    else if (this.peek() === '{') value = this.parseObject(true);
    else value = this.parseObjectBody(undefined);
    this.skipBlank(true);
    if (this.pos < this.text.length) this.fail(`expected end of file, got ${this.describeHere()}`);
    return value;
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private atComment(): boolean {
    return this.peek() === '#' || (this.peek() === '/' && this.peek(1) === '/');
  }

  /** Skips spaces and comments, and newlines too when `newlines` is set; returns whether one was seen. */
  private skipBlank(newlines: boolean): boolean {
    let sawNewline = false;
    for (;;) {
      const c = this.peek();
      if (c === '\n') {
        if (!newlines) return sawNewline;
        sawNewline = true;
        this.pos++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
        this.pos++;
      } else if (this.atComment()) {
        while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
      } else {
        return sawNewline;
      }
    }
  }

  private location(pos: number): string {
    const before = this.text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - (before.lastIndexOf('\n') + 1) + 1;
    return `${this.fileName}:${line}:${column}`;
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const c = this.peek();
    return c === '\n' ? 'end of line' : `'${c}'`;
  }

  private fail(message: string, pos: number = this.pos): never {
    throw new HelmInputError(`${this.location(pos)}: ${message}`);
  }

  private enter(open: number): void {
    if (++this.depth > MAX_NESTING) this.fail(`objects and arrays nested more than ${MAX_NESTING} levels deep`, open);
  }

  private parseObject(braced: boolean): HoconObject {
    const open = this.pos;
    this.enter(open);
    this.pos++; // '{'
    const obj = this.parseObjectBody(open);
    if (braced) this.pos++; // '}' checked by parseObjectBody
    this.depth--;
    return obj;
  }

  /** Fields until '}' (when `openPos` is set) or end of file (root without braces). */
  private parseObjectBody(openPos: number | undefined): HoconObject {
    const obj: HoconObject = {};
    const closer = openPos === undefined ? '' : '}';
    this.skipBlank(true);
    for (;;) {
      if (this.peek() === closer) return obj;
      if (this.pos >= this.text.length) {
        if (openPos === undefined) return obj;
        this.fail(`expected '}' to close the object opened at ${this.location(openPos)}, got end of file`);
      }
      const keyPos = this.pos;
      const keyPath = this.parseKey();
      this.skipBlank(false);
      let value: HoconValue;
      if (this.peek() === ':' || this.peek() === '=') {
        this.pos++;
        this.skipBlank(true);
        value = this.parseValue(`value for key '${keyPath.join('.')}'`);
      } else if (this.peek() === '{') {
        value = this.parseObject(true);
      } else {
        this.fail(`expected ':', '=' or '{' after key '${keyPath.join('.')}', got ${this.describeHere()}`);
      }
      setPath(obj, keyPath, value, () => this.fail(`cannot merge key '${keyPath.join('.')}'`, keyPos));
      this.endOfElement(closer || 'end of file', 'field');
    }
  }

  /** After an element: a newline and/or one comma, or the closer. */
  private endOfElement(closer: string, what: string): void {
    const sawNewline = this.skipBlank(false);
    if (this.peek() === ',') {
      this.pos++;
      this.skipBlank(true);
      if (this.peek() === ',') this.fail(`expected ${what === 'field' ? 'a field' : 'an array element'} or ${quoteCloser(closer)}, got ','`);
      return;
    }
    if (sawNewline || this.skipBlank(true)) return;
    const c = this.peek();
    if (c === closer || (closer === 'end of file' && this.pos >= this.text.length)) return;
    this.fail(`expected ',', a newline or ${quoteCloser(closer)} after the ${what}, got ${this.describeHere()}`);
  }

  private parseKey(): string[] {
    const c = this.peek();
    if (c === '"') return [this.parseQuotedString()];
    const start = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (/\s/.test(ch) || FORBIDDEN_UNQUOTED.has(ch) || this.atComment()) break;
      this.pos++;
    }
    const key = this.text.slice(start, this.pos);
    if (key === '') this.fail(`expected a key, got ${this.describeHere()}`);
    const parts = key.split('.');
    if (parts.some((p) => p === '')) this.fail(`invalid key '${key}' (empty path element)`, start);
    if (this.depth + parts.length > MAX_NESTING) this.fail(`key '${key.slice(0, 40)}…' nests more than ${MAX_NESTING} levels deep`, start);
    return parts;
  }

  private parseValue(what: string): HoconValue {
    const c = this.peek();
    if (c === '{') return this.parseObject(true);
    if (c === '[') return this.parseArray();
    if (c === '"') {
      if (this.text.startsWith('"""', this.pos)) return this.parseTripleQuoted();
      return this.parseQuotedString();
    }
    return this.parseUnquoted(what);
  }

  private parseArray(): HoconValue[] {
    const open = this.pos;
    this.enter(open);
    this.pos++; // '['
    const items: HoconValue[] = [];
    this.skipBlank(true);
    for (;;) {
      if (this.peek() === ']') {
        this.pos++;
        this.depth--;
        return items;
      }
      if (this.pos >= this.text.length) {
        this.fail(`expected ']' to close the array opened at ${this.location(open)}, got end of file`);
      }
      if (this.peek() === ',') this.fail(`expected an array element or ']', got ','`);
      items.push(this.parseValue('array element'));
      this.endOfElement(']', 'array element');
    }
  }

  private parseQuotedString(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail(`expected '"' to close the string opened at ${this.location(open)}`);
      this.pos++;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.peek();
      this.pos++;
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else {
        this.fail(`invalid escape '\\${e}' in string (accepted: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`, this.pos - 2);
      }
    }
  }

  private parseTripleQuoted(): string {
    const open = this.pos;
    const end = this.text.indexOf('"""', this.pos + 3);
    if (end < 0) this.fail(`expected '"""' to close the string opened at ${this.location(open)}`);
    // Extra quotes just before the closing """ belong to the string, as in HOCON.
    let close = end;
    while (this.text[close + 3] === '"') close++;
    this.pos = close + 3;
    return this.text.slice(open + 3, close);
  }

  /** Unquoted text up to a newline, ',', '}', ']' or comment; converted when it is a number/bool/null. */
  private parseUnquoted(what: string): HoconValue {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (ch === '\n' || ch === ',' || ch === '}' || ch === ']' || this.atComment()) break;
      if (ch === '"' || (FORBIDDEN_UNQUOTED.has(ch) && ch !== '#')) {
        this.fail(`unexpected '${ch}' in unquoted text (quote the value with "...")`);
      }
      this.pos++;
    }
    const raw = this.text.slice(start, this.pos).trim();
    if (raw === '') this.fail(`expected a ${what}, got ${this.describeHere()}`, start);
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === 'null') return null;
    if (NUMBER_RE.test(raw)) return Number(raw);
    return raw;
  }
}

function quoteCloser(closer: string): string {
  return closer === 'end of file' ? 'end of file' : `'${closer}'`;
}

function isObject(value: HoconValue | undefined): value is HoconObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a dotted key; objects given twice are merged, anything else is replaced (HOCON rules). */
function setPath(obj: HoconObject, keyPath: string[], value: HoconValue, onError: () => never): void {
  const [head, ...rest] = keyPath;
  if (rest.length > 0) {
    const existing = obj[head];
    const child: HoconObject = isObject(existing) ? existing : {};
    setPath(child, rest, value, onError);
    obj[head] = child;
    return;
  }
  const existing = obj[head];
  if (isObject(existing) && isObject(value)) {
    for (const [k, v] of Object.entries(value)) setPath(existing, [k], v, onError);
    return;
  }
  obj[head] = value;
}

/** Parses HOCON text; errors are HelmInputError `<file>:<line>:<column>: <what was expected>`. */
export function parseHocon(text: string, fileName: string): HoconValue {
  return new Parser(text, fileName).parseRoot();
}

/** Reads a run-entries conf file (`entries: [{description, priority?, groups?}, ...]`). */
export function readRunEntriesFile(filePath: string): RunEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new HelmInputError(`Cannot read run entries file ${filePath}: ${(error as Error).message}`);
  }
  return parseRunEntries(text, filePath);
}

/** Parses run-entries HOCON text and validates it against `RunEntries`; errors name the file. */
export function parseRunEntries(text: string, fileName: string): RunEntry[] {
  const parsed = RunEntries.safeParse(parseHocon(text, fileName));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`).join('; ');
    throw new HelmInputError(
      `${fileName}: not a valid run entries file (expected entries: [{description: "...", priority: <int>, ` +
        `groups: ["..."]}]): ${issues}`,
    );
  }
  return parsed.data.entries;
}
