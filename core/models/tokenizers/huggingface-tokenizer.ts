import fs from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { HelmInputError } from '../../common/errors';
import type { HfTokenizerFiles } from './gpt2-bpe';
import type { Tokenizer } from './tokenizer';

type TransformersModule = typeof import('@huggingface/transformers');

/** transformers.js, loaded on first use: processes that never tokenize with it skip its start-up. */
export function transformersJs(): TransformersModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@huggingface/transformers') as TransformersModule;
}

/**
 * HELM's HuggingFaceTokenizer over a transformers.js tokenizer: ids without special tokens added,
 * decoding without space clean-up, and `tokenize` giving each token's own decoded string (HELM's
 * `convert_tokens_to_string([token])`, so a partial UTF-8 byte token reads as U+FFFD).
 */
export class HuggingFaceTokenizer implements Tokenizer {
  constructor(readonly hf: PreTrainedTokenizer) {}

  encode(text: string): number[] {
    return this.hf.encode(text, { add_special_tokens: false });
  }

  /** `tokenizer(text)`: what a model is fed, with the tokenizer's special tokens (a BOS, for Llama-style ones). */
  encodeWithSpecialTokens(text: string): number[] {
    return this.hf.encode(text, { add_special_tokens: true });
  }

  decode(ids: readonly number[]): string {
    // transformers.js rejects an empty id list; Hugging Face decodes it to "".
    if (ids.length === 0) return '';
    return this.hf.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /**
   * As Python's `decode(ids, skip_special_tokens=True)` with the tokenizer's own
   * `clean_up_tokenization_spaces` (tokenizer_config.json; false when absent, as in transformers 5).
   */
  decodeSkippingSpecialTokens(ids: readonly number[]): string {
    if (ids.length === 0) return '';
    const config = (this.hf as unknown as { config?: Record<string, unknown> }).config ?? {};
    return this.hf.decode([...ids], { skip_special_tokens: true, clean_up_tokenization_spaces: config.clean_up_tokenization_spaces === true });
  }

  /** The chat template rendered with the generation prompt added (`apply_chat_template(..., tokenize=False)`). */
  applyChatTemplate(messages: readonly { role: string; content: string }[]): string {
    const prompt = this.hf.apply_chat_template(
      messages.map((m) => ({ role: m.role, content: m.content })),
      { tokenize: false, add_generation_prompt: true },
    );
    if (typeof prompt !== 'string') throw new Error('apply_chat_template did not return a string');
    return prompt;
  }

  tokenize(text: string): string[] {
    return this.encode(text).map((id) => this.decode([id]));
  }

  /** The end-of-sequence id (GPT-2: 50256), which generation stops at and pads with. */
  get eosTokenId(): number | undefined {
    const id = this.hf.eos_token_id;
    return typeof id === 'number' ? id : undefined;
  }
}

/**
 * transformers.js's `Digits` pre-tokenizer splits ASCII digits only, while Hugging Face's Rust
 * tokenizers split every Unicode number (`char::is_numeric`: ¾ ¼ ½ ³ ...), so prompts with such
 * characters got other ids. Each `Digits` becomes the equivalent `Split` on `\p{N}` (reported
 * upstream; remove once transformers.js matches).
 */
export function withUnicodeDigits(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withUnicodeDigits);
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  if (object.type === 'Digits') {
    const pattern = object.individual_digits ? '[^\\p{N}]+|\\p{N}' : '[^\\p{N}]+|\\p{N}+';
    return { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: true };
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, withUnicodeDigits(v)]));
}

/** A tokenizer from the contents of tokenizer.json and tokenizer_config.json (synchronous). */
export function huggingFaceTokenizerFromFiles(files: HfTokenizerFiles): HuggingFaceTokenizer {
  const { PreTrainedTokenizer: Ctor } = transformersJs();
  const tokenizerJson = { ...files.tokenizerJson, pre_tokenizer: withUnicodeDigits(files.tokenizerJson.pre_tokenizer ?? null) };
  return new HuggingFaceTokenizer(new Ctor(tokenizerJson, files.tokenizerConfig));
}

/** True when `dir` is a local folder holding a Hugging Face fast tokenizer (tokenizer.json). */
export function hasTokenizerFiles(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'tokenizer.json'));
}

/** The tokenizer of a local model folder (as `AutoTokenizer.from_pretrained(dir)` with local files). */
export function loadHuggingFaceTokenizerDir(dir: string): HuggingFaceTokenizer {
  const readJson = (name: string): Record<string, unknown> => {
    const file = path.join(dir, name);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  };
  let tokenizerJson: Record<string, unknown>;
  let tokenizerConfig: Record<string, unknown>;
  try {
    tokenizerJson = readJson('tokenizer.json');
    tokenizerConfig = readJson('tokenizer_config.json');
  } catch (error) {
    throw new HelmInputError(`Tokenizer in ${dir} cannot be parsed: ${(error as Error).message}`);
  }
  // transformers (>= 4.43) saves the chat template beside the config, and reads it from there first.
  const template = path.join(dir, 'chat_template.jinja');
  if (fs.existsSync(template)) tokenizerConfig = { ...tokenizerConfig, chat_template: fs.readFileSync(template, 'utf8') };
  try {
    return huggingFaceTokenizerFromFiles({ tokenizerJson, tokenizerConfig });
  } catch (error) {
    // Not an input error of its own: callers say which input (a flag, a deployment) named the folder.
    throw new Error(`Tokenizer in ${dir} cannot be loaded: ${(error as Error).message}`);
  }
}
