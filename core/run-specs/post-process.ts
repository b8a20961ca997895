import { HelmInputError, didYouMean } from '../common/errors';
import { toNumber } from '../common/py-number';
import {
  ANTHROPIC_CLAUDE_1_MODEL_TAG,
  ANTHROPIC_CLAUDE_2_MODEL_TAG,
  ANTHROPIC_CLAUDE_3_MODEL_TAG,
  BUGGY_TEMP_0_TAG,
  CHATML_MODEL_TAG,
  GOOGLE_GEMINI_PRO_VISION_V1_TAG,
  IDEFICS_INSTRUCT_MODEL_TAG,
  IDEFICS_MODEL_TAG,
  LLAVA_MODEL_TAG,
  ModelRegistry,
  NLG_PREFIX_TAG,
  NO_NEWLINES_TAG,
  OPEN_FLAMINGO_MODEL_TAG,
  VISION_LANGUAGE_MODEL_TAG,
  deploymentModelName,
  unknownModelMetadata,
} from '../models/registry';
import { ADAPT_GENERATION, ADAPT_MULTIPLE_CHOICE_JOINT } from './common-adapter-specs';
import {
  IN_CONTEXT_LEARNING_INSTRUCTIONS_PREFIX,
  IN_CONTEXT_LEARNING_INSTRUCTIONS_SUFFIX,
  globalPrefixExpander,
  increaseMaxTokensExpander,
  increaseTemperatureExpander,
  stopExpander,
  RunExpander,
} from './run-expanders';
import { replaceRunSpec } from './run-spec';
import { AdapterSpec, RunSpec } from './schemas';

function withAdapter(spec: RunSpec, changes: Partial<AdapterSpec>): RunSpec {
  return replaceRunSpec(spec, { adapter_spec: { ...spec.adapter_spec, ...changes } });
}

/** Tag-driven expanders yield exactly one spec (HELM's `singleton`). */
function single(expander: RunExpander, spec: RunSpec): RunSpec {
  const out = expander.expand(spec);
  if (out.length !== 1) throw new Error(`Expected one run spec from ${expander.name}, got ${out.length}`);
  return out[0];
}

/** ChatML framing (instructions as system turn, examples as user/assistant turns). */
export function applyChatML(spec: RunSpec): RunSpec {
  const a = spec.adapter_spec;
  const scenario = spec.name.split(':')[0];
  const turn = '<|im_end|>\n<|im_start|>assistant\n';
  let outputPrefix: string;
  if (scenario === 'msmarco') {
    const lines = a.output_prefix.split('\n');
    outputPrefix = lines[0] + turn + (lines[1] ?? '');
  } else if (scenario === 'summarization_cnndm' || scenario === 'summarization_xsum') {
    outputPrefix = a.output_prefix + turn;
  } else {
    outputPrefix = turn + a.output_prefix;
  }
  return withAdapter(spec, {
    instructions: a.instructions !== '' ? `<|im_start|>system\n${a.instructions}<|im_end|>\n<|im_start|>user\n` : '<|im_start|>user\n',
    instance_prefix: '',
    output_prefix: outputPrefix,
    output_suffix: '<|im_end|>\n<|im_start|>user\n',
    stop_sequences: [...a.stop_sequences, '<|im_end|>'],
  });
}

/** Claude 1/2 need the Human/Assistant framing and explicit format instructions. */
export function applyAnthropicClaude2(spec: RunSpec): RunSpec {
  return withAdapter(spec, {
    global_prefix: `\n\nHuman: ${IN_CONTEXT_LEARNING_INSTRUCTIONS_PREFIX}\n\n`,
    global_suffix: `\n\n${IN_CONTEXT_LEARNING_INSTRUCTIONS_SUFFIX}\n\nAssistant: ${spec.adapter_spec.output_prefix.trim()}`,
  });
}

/** Claude 3's API rejects whitespace-only stop sequences. */
export function applyAnthropicClaude3(spec: RunSpec): RunSpec {
  return withAdapter(spec, { stop_sequences: spec.adapter_spec.stop_sequences.filter((s) => s.trim() !== '') });
}

/**
 * HELM's per-spec post-processing: resolve model/deployment, check they match, then apply the
 * tag-driven tweaks in HELM's order (3.5).
 */
export function postProcessRunSpec(input: RunSpec, registry: ModelRegistry): RunSpec {
  let spec = input;
  const { model, model_deployment: deploymentName } = spec.adapter_spec;
  if (!model && !deploymentName) {
    throw new HelmInputError(`At least one of model_deployment and model must be specified (run ${spec.name})`);
  }
  if (!model) {
    spec = withAdapter(spec, { model: deploymentModelName(registry.getModelDeployment(deploymentName)) });
  } else if (!deploymentName) {
    const found = registry.getDefaultDeploymentForModel(model);
    if (!found) {
      throw new HelmInputError(
        `Unknown model or no default model deployment found for model ${model}.` +
          didYouMean(model, [...registry.allModelNames(), ...registry.allDeploymentNames()]),
      );
    }
    spec = withAdapter(spec, { model_deployment: found });
  }
  const adapter = spec.adapter_spec;
  const metadata = registry.findModelMetadata(adapter.model) ?? unknownModelMetadata(adapter.model);
  const deployment = registry.getModelDeployment(adapter.model_deployment);
  if (adapter.model !== deploymentModelName(deployment)) {
    throw new HelmInputError(
      `Invalid RunSpec: selected model deployment '${adapter.model_deployment}'` +
        `for model '${adapter.model}' but the model deployment is for a different model '${deploymentModelName(deployment)}'`,
    );
  }
  const tags = new Set(metadata.tags);
  const method = spec.adapter_spec.method;
  if (tags.has(NO_NEWLINES_TAG) && (method === ADAPT_GENERATION || method === ADAPT_MULTIPLE_CHOICE_JOINT)) {
    spec = single(stopExpander('hash'), spec);
  }
  if (tags.has(NLG_PREFIX_TAG)) spec = single(globalPrefixExpander('nlg'), spec);
  if (tags.has(CHATML_MODEL_TAG)) spec = applyChatML(spec);
  if (tags.has(ANTHROPIC_CLAUDE_1_MODEL_TAG) || tags.has(ANTHROPIC_CLAUDE_2_MODEL_TAG)) spec = applyAnthropicClaude2(spec);
  if (tags.has(ANTHROPIC_CLAUDE_3_MODEL_TAG)) spec = applyAnthropicClaude3(spec);
  if (
    tags.has(VISION_LANGUAGE_MODEL_TAG) &&
    tags.has(GOOGLE_GEMINI_PRO_VISION_V1_TAG) &&
    toNumber(spec.adapter_spec.max_tokens) === 1
  ) {
    spec = single(increaseMaxTokensExpander(1), spec);
  }
  if (tags.has(IDEFICS_MODEL_TAG) && tags.has(IDEFICS_INSTRUCT_MODEL_TAG)) {
    spec = withAdapter(spec, {
      input_prefix: 'User: ',
      input_suffix: '<end_of_utterance>',
      output_prefix: '\nAssistant: ',
      output_suffix: '<end_of_utterance>',
      stop_sequences: ['<end_of_utterance>'],
    });
  }
  if (tags.has(LLAVA_MODEL_TAG)) {
    spec = withAdapter(spec, { input_prefix: 'USER: <image>', input_suffix: '', output_prefix: '\nASSISTANT: ', output_suffix: '' });
  }
  if (tags.has(OPEN_FLAMINGO_MODEL_TAG)) {
    spec = withAdapter(spec, { input_prefix: `<|endofchunk|>${spec.adapter_spec.input_prefix}` });
  }
  if (tags.has(BUGGY_TEMP_0_TAG) && toNumber(spec.adapter_spec.temperature) === 0) {
    spec = single(increaseTemperatureExpander(1e-4), spec);
  }
  if (spec.adapter_spec.model === 'google/medlm-large') spec = single(stopExpander('none'), spec);
  return spec;
}
