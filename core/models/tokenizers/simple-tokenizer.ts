import type { Tokenizer } from './tokenizer';

/** HELM's `SimpleTokenizer` (`simple/tokenizer1`): one token per Unicode code point, id = code point. */
export const simpleTokenizer: Tokenizer = {
  encode: (text) => Array.from(text, (ch) => ch.codePointAt(0) ?? 0),
  decode: (ids) => ids.map((id) => String.fromCodePoint(id)).join(''),
  tokenize: (text) => Array.from(text),
  // Code points: UTF-16 units less one per surrogate pair. Prompt fitting counts every prompt.
  countTokens(text) {
    let count = text.length;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          count--;
          i++;
        }
      }
    }
    return count;
  },
};
