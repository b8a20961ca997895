import { HelmInputError } from '../../common/errors';
import type { TokenizerConfig } from '../schemas';
import './builtins';
import type { Tokenizer } from './tokenizer';
import { TIKTOKEN_TOKENIZER_CLASS } from './tiktoken-tokenizer';
import { HUGGING_FACE_TOKENIZER_CLASS, SIMPLE_TOKENIZER_CLASS, tokenizerRegistry } from './tokenizer-registry';

export type { Tokenizer } from './tokenizer';
export { simpleTokenizer } from './simple-tokenizer';
export { HuggingFaceTokenizer } from './huggingface-tokenizer';
export { getHuggingFaceTokenizer } from './load-huggingface-tokenizer';
export { TiktokenTokenizer, getTiktokenTokenizer } from './tiktoken-tokenizer';
export { registerTokenizer, tokenizerRegistry, type TokenizerFactory } from './tokenizer-registry';

/** Tokenizers found by name alone, when no tokenizer config is given: name → class. */
const CLASS_BY_NAME: Readonly<Record<string, string>> = {
  'simple/tokenizer1': SIMPLE_TOKENIZER_CLASS,
  'huggingface/gpt2': HUGGING_FACE_TOKENIZER_CLASS,
  'openai/cl100k_base': TIKTOKEN_TOKENIZER_CLASS,
  'openai/o200k_base': TIKTOKEN_TOKENIZER_CLASS,
  'openai/o200k_harmony': TIKTOKEN_TOKENIZER_CLASS,
};

/**
 * The tokenizer called `name` (HELM's tokenizer config name). `config` (the tokenizer's entry in
 * tokenizer_configs.yaml) says where a Hugging Face tokenizer's files are; without it the
 * bundled tokenizers are found by name.
 */
export function getTokenizer(name: string, config?: TokenizerConfig): Tokenizer {
  const className = config?.tokenizer_spec.class_name ?? CLASS_BY_NAME[name];
  const factory = className === undefined ? undefined : tokenizerRegistry.get(className);
  if (factory !== undefined) return factory(name, config);
  throw new HelmInputError(
    `tokenizer ${name} not available: ` +
      (className === undefined ? 'no tokenizer config names its class' : `tokenizer class ${className} is not implemented`) +
      ` (implemented classes: ${tokenizerRegistry.names().join(', ')}; by name without a config: ${Object.keys(CLASS_BY_NAME).join(', ')})`,
  );
}
