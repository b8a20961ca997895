import { HelmInputError } from '../../common/errors';
import { simpleTokenizer } from './simple-tokenizer';
import type { Tokenizer } from './tokenizer';

export type { Tokenizer } from './tokenizer';
export { simpleTokenizer } from './simple-tokenizer';

const TOKENIZERS: Readonly<Record<string, Tokenizer>> = {
  'simple/tokenizer1': simpleTokenizer,
};

/** The tokenizer called `name` (HELM's tokenizer config name). */
export function getTokenizer(name: string): Tokenizer {
  const tokenizer = TOKENIZERS[name];
  if (tokenizer === undefined) {
    throw new HelmInputError(
      `tokenizer ${name} not available: model weights/tokenizer files not available offline ` +
        `(available tokenizers: ${Object.keys(TOKENIZERS).join(', ')})`,
    );
  }
  return tokenizer;
}
