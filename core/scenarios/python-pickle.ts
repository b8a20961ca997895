import { HelmInputError } from '../common/errors';

/** A value of a plain-data pickle: dicts become Maps (Python keys need not be strings). */
export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleTuple | Map<PickleKey, PickleValue>;
export type PickleKey = string | number | bigint | boolean | null;
/** Tuples are kept apart from lists only so that they can be dict keys; they read as arrays. */
export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

/**
 * Reads a pickle (protocols 0–5) that holds only built-in data: dicts, lists, tuples, str, bytes,
 * int, float, bool and None, which is what HELM's source-data pickles are (a mapping of splits to
 * lists of records). It never imports or calls anything: a pickle naming a class or a function (a
 * pandas frame, a `datasets` object) is refused with its name, so loading a file is always safe.
 */
export function readPlainPickle(bytes: Uint8Array, file: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Strings are decoded straight from the file's bytes (no copy per string: the real files are large).
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0;
  const fail = (why: string): never => {
    throw new HelmInputError(`${file}: cannot read this pickle (${why} at byte ${pos})`);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail('truncated');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++];
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too large');
    return Number(v);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('unterminated line');
    const text = Buffer.from(bytes.subarray(pos, end)).toString('latin1');
    pos = end + 1;
    return text;
  };
  const utf8 = (n: number): string => {
    need(n);
    pos += n;
    return buf.toString('utf8', pos - n, pos);
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail('stack underflow');
    return v;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail('stack underflow');
    return v;
  };
  const popToMark = (): PickleValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('no mark');
    const items = stack.splice(i) as PickleValue[];
    items.shift();
    return items;
  };
  const asKey = (k: PickleValue): PickleKey => {
    if (k === null || typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean') return k;
    return fail('unhashable or unsupported dict key');
  };
  const setItems = (dict: PickleValue, items: PickleValue[]): void => {
    if (!(dict instanceof Map)) fail('SETITEM on a non-dict');
    for (let i = 0; i + 1 < items.length; i += 2) (dict as Map<PickleKey, PickleValue>).set(asKey(items[i]), items[i + 1]);
  };
  const append = (list: PickleValue, items: PickleValue[]): void => {
    if (!Array.isArray(list)) fail('APPEND on a non-list');
    (list as PickleValue[]).push(...items);
  };
  const signedLE = (data: Uint8Array): bigint => {
    let v = 0n;
    for (let i = data.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[i]);
    if (data.length > 0 && data[data.length - 1] & 0x80) v -= 1n << BigInt(8 * data.length);
    return v;
  };
  const intValue = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: frames are a read-ahead hint only
      case 0x2e: { // STOP
        const result = pop();
        return result;
      }
      case 0x28: stack.push(MARK); break;
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(new PickleTuple([])); break; // EMPTY_TUPLE
      case 0x64: { // DICT
        const d = new Map<PickleKey, PickleValue>();
        setItems(d, popToMark());
        stack.push(d);
        break;
      }
      case 0x6c: stack.push(popToMark()); break; // LIST
      case 0x74: stack.push(new PickleTuple(popToMark())); break; // TUPLE
      case 0x85: stack.push(new PickleTuple([pop()])); break;
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PickleTuple([a, b])); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PickleTuple([a, b, c])); break; }
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popToMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); append(top(), [v]); break; } // APPEND
      case 0x65: { const items = popToMark(); append(top(), items); break; } // APPENDS
      case 0x58: stack.push(utf8(u32())); break; // BINUNICODE
      case 0x8c: stack.push(utf8(u8())); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8(u64())); break; // BINUNICODE8
      case 0x56: stack.push(line().replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(parseInt(a ?? b ?? '0', 16)))); break; // UNICODE (raw-unicode-escape)
      case 0x55: stack.push(Buffer.from(take(u8())).toString('latin1')); break; // SHORT_BINSTRING (Python 2 str)
      case 0x54: stack.push(Buffer.from(take(u32())).toString('latin1')); break; // BINSTRING
      case 0x43: stack.push(Uint8Array.from(take(u8()))); break; // SHORT_BINBYTES
      case 0x42: stack.push(Uint8Array.from(take(u32()))); break; // BINBYTES
      case 0x8e: stack.push(Uint8Array.from(take(u64()))); break; // BINBYTES8
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: { need(2); stack.push(view.getUint16(pos, true)); pos += 2; break; } // BININT2
      case 0x4a: { need(4); stack.push(view.getInt32(pos, true)); pos += 4; break; } // BININT
      case 0x8a: stack.push(intValue(signedLE(take(u8())))); break; // LONG1
      case 0x8b: stack.push(intValue(signedLE(take(u32())))); break; // LONG4
      case 0x49: { // INT (protocol 0; 01/00 are True/False)
        const text = line();
        stack.push(text === '01' ? true : text === '00' ? false : intValue(BigInt(text)));
        break;
      }
      case 0x4c: stack.push(intValue(BigInt(line().replace(/L$/, '')))); break; // LONG
      case 0x46: stack.push(Number.parseFloat(line())); break; // FLOAT
      case 0x47: { need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x70: memo.set(Number(line()), top()); break; // PUT
      case 0x68: case 0x6a: case 0x67: { // BINGET, LONG_BINGET, GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        if (!memo.has(key)) fail(`memo ${key} unset`);
        stack.push(memo.get(key) as PickleValue);
        break;
      }
      case 0x30: pop(); break; // POP
      case 0x31: popToMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x63: { // GLOBAL
        const name = `${line()}.${line()}`;
        return fail(`it holds a Python object of ${name}; only plain dicts, lists and strings are read`);
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        return fail(`it holds a Python object of ${String(module)}.${String(name)}; only plain dicts, lists and strings are read`);
      }
      default:
        return fail(`unsupported opcode 0x${op.toString(16)}`);
    }
  }
}

/** A pickled dict as a plain object (its keys must be strings), for schema parsing. */
export function pickleToJs(value: PickleValue): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new HelmInputError(`pickle dict key ${String(k)} is not a string`);
      // defineProperty: a "__proto__" key is data here, not the object's prototype.
      Object.defineProperty(out, k, { value: pickleToJs(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (value instanceof PickleTuple) return value.items.map(pickleToJs);
  if (Array.isArray(value)) return value.map(pickleToJs);
  return value;
}
