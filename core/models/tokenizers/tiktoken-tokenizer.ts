import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import { HelmInputError } from '../../common/errors';
import type { Tokenizer } from './tokenizer';

export const TIKTOKEN_TOKENIZER_CLASS = 'helm.tokenizers.tiktoken_tokenizer.TiktokenTokenizer';

/**
 * The BPE ranks js-tiktoken ships as modules (no download at run time), loaded on first use: the
 * o200k table alone is ~2 MB of base64 and takes a few hundred milliseconds to index.
 */
const RANKS: Readonly<Record<string, () => TiktokenBPE>> = {
  /* eslint-disable @typescript-eslint/no-require-imports */
  gpt2: () => require('js-tiktoken/ranks/gpt2') as TiktokenBPE,
  r50k_base: () => require('js-tiktoken/ranks/r50k_base') as TiktokenBPE,
  p50k_base: () => require('js-tiktoken/ranks/p50k_base') as TiktokenBPE,
  p50k_edit: () => require('js-tiktoken/ranks/p50k_edit') as TiktokenBPE,
  cl100k_base: () => require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE,
  o200k_base: () => require('js-tiktoken/ranks/o200k_base') as TiktokenBPE,
  /* eslint-enable @typescript-eslint/no-require-imports */
};

/**
 * tiktoken's `o200k_harmony` (gpt-oss): o200k_base's ranks and pattern with the Harmony chat
 * format's special tokens, which replace o200k_base's (ids from tiktoken_ext.openai_public).
 */
export function o200kHarmonySpecialTokens(): Record<string, number> {
  const named: Record<string, number> = {
    '<|startoftext|>': 199998,
    '<|endoftext|>': 199999,
    '<|return|>': 200002,
    '<|constrain|>': 200003,
    '<|channel|>': 200005,
    '<|start|>': 200006,
    '<|end|>': 200007,
    '<|message|>': 200008,
    '<|call|>': 200012,
  };
  const taken = new Set(Object.values(named));
  const tokens: Record<string, number> = { ...named };
  for (let id = 200000; id < 201088; id++) if (!taken.has(id)) tokens[`<|reserved_${id}|>`] = id;
  return tokens;
}

/** The encodings HELM's TiktokenTokenizer can name (tiktoken's registry minus what we lack). */
export const TIKTOKEN_ENCODINGS: readonly string[] = [...Object.keys(RANKS), 'o200k_harmony'];

const encodings = new Map<string, Tiktoken>();

function loadEncoding(encoding: string): Tiktoken {
  let tiktoken = encodings.get(encoding);
  if (tiktoken !== undefined) return tiktoken;
  if (encoding === 'o200k_harmony') {
    tiktoken = new Tiktoken({ ...RANKS.o200k_base(), special_tokens: o200kHarmonySpecialTokens() });
  } else {
    const ranks = RANKS[encoding];
    if (ranks === undefined) {
      throw new HelmInputError(`tiktoken has no encoding ${JSON.stringify(encoding)} (available: ${TIKTOKEN_ENCODINGS.join(', ')})`);
    }
    tiktoken = new Tiktoken(ranks());
  }
  encodings.set(encoding, tiktoken);
  return tiktoken;
}

/**
 * HELM's TiktokenTokenizer: the encoding is the tokenizer name after its organisation
 * (`openai/o200k_base` → `o200k_base`); `tiktoken.encode(text)` with its defaults, so a special
 * token's text in the input (`<|endoftext|>`) is an error, as in Python; each token's string is
 * its own decoded bytes (a partial UTF-8 sequence reads as U+FFFD).
 */
export class TiktokenTokenizer implements Tokenizer {
  private readonly encoding: Tiktoken;

  constructor(readonly name: string) {
    this.encoding = loadEncoding(name.slice(name.indexOf('/') + 1));
  }

  encode(text: string): number[] {
    try {
      return this.encoding.encode(text);
    } catch (error) {
      const special = /special token that is not allowed: (.*)$/s.exec((error as Error).message)?.[1];
      if (special === undefined) throw error;
      throw new HelmInputError(
        `tokenizer ${this.name}: the text contains ${JSON.stringify(special)}, a special token tiktoken refuses to encode ` +
          `as text (HELM's TiktokenTokenizer calls encode() without allowed_special, so HELM fails here too)`,
      );
    }
  }

  decode(ids: readonly number[]): string {
    return this.encoding.decode([...ids]);
  }

  tokenize(text: string): string[] {
    return this.encode(text).map((id) => this.encoding.decode([id]));
  }
}

const tokenizers = new Map<string, TiktokenTokenizer>();

/** One tokenizer per HELM name and process (the rank tables are large). */
export function getTiktokenTokenizer(name: string): TiktokenTokenizer {
  let tokenizer = tokenizers.get(name);
  if (tokenizer === undefined) {
    tokenizer = new TiktokenTokenizer(name);
    tokenizers.set(name, tokenizer);
  }
  return tokenizer;
}
