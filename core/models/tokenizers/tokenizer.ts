/** What adapters and window services need from a tokenizer (HELM's encode/decode/tokenize requests). */
export interface Tokenizer {
  /** Token ids, no special tokens added. */
  encode(text: string): number[];
  /** Text of the ids (no clean-up of tokenisation spaces). */
  decode(ids: readonly number[]): string;
  /** Each token's own string; same count as `encode`. */
  tokenize(text: string): string[];
  /** `encode(text).length` without building the ids, where a tokenizer can count faster. */
  countTokens?(text: string): number;
}
