import { Registry } from '../../registry';
import type { TokenizerConfig } from '../schemas';
import type { Tokenizer } from './tokenizer';

export const SIMPLE_TOKENIZER_CLASS = 'helm.tokenizers.simple_tokenizer.SimpleTokenizer';
export const HUGGING_FACE_TOKENIZER_CLASS = 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer';

/** The tokenizer HELM calls `name`, given its entry of tokenizer_configs.yaml when there is one. */
export type TokenizerFactory = (name: string, config?: TokenizerConfig) => Tokenizer;

/** Tokenizer classes by HELM class name (`tokenizer_spec.class_name`). */
export const tokenizerRegistry = new Registry<TokenizerFactory>('tokenizer class');

/** Registers a tokenizer class; `source` names who registered it (a plugin's module) in messages. */
export function registerTokenizer(className: string, factory: TokenizerFactory, source?: string): void {
  tokenizerRegistry.register(className, factory, source);
}
