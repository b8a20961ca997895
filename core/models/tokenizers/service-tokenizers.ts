import { HelmInputError } from '../../common/errors';
import type { TokenizerFactory } from './tokenizer-registry';

/**
 * HELM tokenizer classes that need a provider's web service or Python package: helm-ts has no
 * local equivalent, so a deployment using one stops before its runs, saying why.
 */
export const SERVICE_TOKENIZERS: Readonly<Record<string, string>> = {
  'helm.tokenizers.ai21_tokenizer.AI21LocalTokenizer':
    "HELM's AI21LocalTokenizer uses the ai21-tokenizer Python package (a SentencePiece model it ships for Jurassic-2, " +
    "Jamba's tokenizer fetched from the Hugging Face Hub); helm-ts does not implement it",
  'helm.tokenizers.cohere_tokenizer.CohereLocalTokenizer':
    "HELM's CohereLocalTokenizer asks Cohere's API (with cohereApiKey) for the model's tokenizer; helm-ts does not call that web service",
  'helm.tokenizers.aleph_alpha_tokenizer.AlephAlphaTokenizer':
    "HELM's AlephAlphaTokenizer downloads the model's tokenizer from Aleph Alpha's API (with AlephAlphaApiKey); helm-ts does not call that web service",
};

export function unavailableServiceTokenizer(className: string): TokenizerFactory {
  return (name) => {
    throw new HelmInputError(`tokenizer ${name} not available: ${SERVICE_TOKENIZERS[className]}`);
  };
}
