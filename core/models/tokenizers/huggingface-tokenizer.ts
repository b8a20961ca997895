import fs from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
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

  decode(ids: readonly number[]): string {
    // transformers.js rejects an empty id list; Hugging Face decodes it to "".
    if (ids.length === 0) return '';
    return this.hf.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
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

/** A tokenizer from the contents of tokenizer.json and tokenizer_config.json (synchronous). */
export function huggingFaceTokenizerFromFiles(files: HfTokenizerFiles): HuggingFaceTokenizer {
  const { PreTrainedTokenizer: Ctor } = transformersJs();
  return new HuggingFaceTokenizer(new Ctor(files.tokenizerJson, files.tokenizerConfig));
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
  return huggingFaceTokenizerFromFiles({
    tokenizerJson: readJson('tokenizer.json'),
    tokenizerConfig: readJson('tokenizer_config.json'),
  });
}
