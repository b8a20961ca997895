import { HelmInputError } from '../../common/errors';
import type { TokenizerConfig } from '../schemas';
import { loadGpt2TokenizerFiles } from './gpt2-bpe';
import { HuggingFaceTokenizer, hasTokenizerFiles, huggingFaceTokenizerFromFiles, loadHuggingFaceTokenizerDir } from './huggingface-tokenizer';

/** Hub ids whose files ship with helm-ts (GPT-2's BPE comes from an npm package), so no download is needed. */
const BUNDLED_HUB_TOKENIZERS: Readonly<Record<string, () => HuggingFaceTokenizer>> = {
  'openai-community/gpt2': () => huggingFaceTokenizerFromFiles(loadGpt2TokenizerFiles()),
  gpt2: () => huggingFaceTokenizerFromFiles(loadGpt2TokenizerFiles()),
};

/** HELM tokenizer names served by a bundled tokenizer when no tokenizer config is given. */
const BUNDLED_BY_NAME: Readonly<Record<string, string>> = { 'huggingface/gpt2': 'openai-community/gpt2' };

/** Loaded Hugging Face tokenizers by HELM tokenizer name: loaded once per process, like HELM's. */
const loaded = new Map<string, HuggingFaceTokenizer>();

/**
 * The Hugging Face tokenizer HELM calls `name`. Its files come from the tokenizer config's
 * `pretrained_model_name_or_path` (HELM's default: the name itself): a local folder with a
 * tokenizer.json, or a hub id helm-ts bundles (GPT-2). Other hub ids cannot be downloaded here.
 */
export function getHuggingFaceTokenizer(name: string, config?: TokenizerConfig): HuggingFaceTokenizer {
  const hit = loaded.get(name);
  if (hit) return hit;
  const source = huggingFaceSource(name, config);
  let tokenizer: HuggingFaceTokenizer;
  if (hasTokenizerFiles(source)) tokenizer = loadHuggingFaceTokenizerDir(source);
  else {
    const bundled = BUNDLED_HUB_TOKENIZERS[source];
    if (!bundled) {
      throw new HelmInputError(
        `tokenizer ${name} not available: ${source} is neither a local folder with tokenizer.json nor a bundled ` +
          `tokenizer (${Object.keys(BUNDLED_HUB_TOKENIZERS).join(', ')}), and the Hugging Face Hub cannot be reached offline`,
      );
    }
    tokenizer = bundled();
  }
  loaded.set(name, tokenizer);
  return tokenizer;
}

function huggingFaceSource(name: string, config?: TokenizerConfig): string {
  const fromConfig = config?.tokenizer_spec.args.pretrained_model_name_or_path;
  if (typeof fromConfig === 'string' && fromConfig.length > 0) return fromConfig;
  return BUNDLED_BY_NAME[name] ?? name;
}
