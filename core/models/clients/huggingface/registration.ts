import { HelmInputError } from '../../../common/errors';
import type { ModelDeployment, TokenizerConfig } from '../../schemas';
import { loadHuggingFaceTokenizerDir } from '../../tokenizers/huggingface-tokenizer';

const CLIENT_CLASS = 'helm.clients.huggingface_client.HuggingFaceClient';
const TOKENIZER_CLASS = 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer';

/** What HELM registers for one Hugging Face model: a deployment and a tokenizer config of the same name. */
export interface HuggingFaceRegistration {
  deployment: ModelDeployment;
  tokenizerConfig: TokenizerConfig;
}

/**
 * HELM's register_huggingface_model for a local folder: the deployment and tokenizer take their
 * context size, end-of-text and prefix tokens from the folder's tokenizer (`model_max_length`,
 * eos, bos); a tokenizer without a real `model_max_length` cannot be registered this way.
 */
export function registerHuggingFaceModel(helmModelName: string, pretrainedModelNameOrPath: string): HuggingFaceRegistration {
  const tokenizer = loadHuggingFaceTokenizerDir(pretrainedModelNameOrPath).hf;
  const maxSequenceLength = Number(tokenizer.model_max_length);
  if (!Number.isFinite(maxSequenceLength) || maxSequenceLength > 1_000_000) {
    throw new HelmInputError(
      `Could not infer the model_max_length of Hugging Face model ${pretrainedModelNameOrPath}, so ` +
        `--enable-huggingface-models and --enable-local-huggingface-models cannot be used for this model. ` +
        `Please configure the model using prod_env/model_deployments.yaml instead.`,
    );
  }
  const args = { pretrained_model_name_or_path: pretrainedModelNameOrPath };
  return {
    deployment: {
      name: helmModelName,
      client_spec: { class_name: CLIENT_CLASS, args },
      model_name: helmModelName,
      tokenizer_name: helmModelName,
      max_sequence_length: maxSequenceLength,
      deprecated: false,
    },
    tokenizerConfig: {
      name: helmModelName,
      tokenizer_spec: { class_name: TOKENIZER_CLASS, args },
      end_of_text_token: tokenizer.eos_token ?? '',
      prefix_token: tokenizer.bos_token ?? '',
    },
  };
}

/** `--enable-local-huggingface-models <path>`: registers `huggingface/<last path component>` (os.path.split's tail). */
export function registerLocalHuggingFaceModel(modelPath: string): HuggingFaceRegistration {
  if (!modelPath) throw new HelmInputError('Path to Hugging Face model must be non-empty');
  const tail = modelPath.slice(modelPath.lastIndexOf('/') + 1);
  return registerHuggingFaceModel(`huggingface/${tail}`, modelPath);
}
