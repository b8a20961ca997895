import type { Tokenizer } from './tokenizer';

/** HELM's `SimpleTokenizer` (`simple/tokenizer1`): one token per Unicode code point, id = code point. */
export const simpleTokenizer: Tokenizer = {
  encode: (text) => Array.from(text, (ch) => ch.codePointAt(0) ?? 0),
  decode: (ids) => ids.map((id) => String.fromCodePoint(id)).join(''),
  tokenize: (text) => Array.from(text),
};
