import { HelmInputError } from '../common/errors';
import type { WindowService } from '../models/window-service';
import { defaultRequest } from '../models/schemas';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import type { RequestState } from './schemas';
import { constructPrompt } from './in-context';
import { isCorrect } from './instance-helpers';
import { promptNumTrainInstances, promptText, promptTruncated } from './prompt';
import { isPythonAlnum, pythonRstrip } from './python-text';

/** First alphanumeric character of the reference prefix (`"A. "` → `"A"`). */
export function prefixChar(referencePrefix: string): string {
  for (const ch of referencePrefix) if (isPythonAlnum(ch)) return ch;
  throw new HelmInputError(
    `reference_prefix ${JSON.stringify(referencePrefix)} has no letter or digit to number the choices (e.g. "A. ", "(A) ")`,
  );
}

/** Label of choice i: reference_prefix_characters[i] if set, else the code point ord(prefix char) + i. */
export function choiceLabel(spec: AdapterSpec, index: number): string {
  const chars = spec.reference_prefix_characters;
  if (chars !== undefined && chars.length > 0) {
    if (index >= chars.length) {
      throw new HelmInputError(
        `reference_prefix_characters has ${chars.length} labels but an instance has at least ${index + 1} references`,
      );
    }
    return chars[index];
  }
  const code = (prefixChar(spec.reference_prefix).codePointAt(0) ?? 0) + index;
  return String.fromCodePoint(code);
}

/** `get_reference_prefix(prefix, i)`: every occurrence of the prefix's first alnum char → label i. */
export function referencePrefix(prefix: string, index: number, spec: AdapterSpec): string {
  return prefix.split(prefixChar(prefix)).join(choiceLabel(spec, index));
}

/** MC-joint block: input, lettered choices, then answer label(s) (train) or the bare cue (eval). */
export function multipleChoiceJointBlock(instance: Instance, includeOutput: boolean, spec: AdapterSpec): string {
  const label = prefixChar(spec.reference_prefix);
  let block = spec.input_prefix + instance.input.text + spec.input_suffix;
  let output = 'n/a';
  instance.references.forEach((reference, i) => {
    block += referencePrefix(spec.reference_prefix, i, spec) + reference.output.text + spec.reference_suffix;
    if (!isCorrect(reference)) return;
    if (output === 'n/a') output = referencePrefix(label, i, spec);
    else if (spec.multi_label) output += ', ' + referencePrefix(label, i, spec);
  });
  return includeOutput ? block + spec.output_prefix + output + spec.output_suffix : block + pythonRstrip(spec.output_prefix);
}

/** `{label_i: reference_i text}` for the eval instance. */
export function outputMapping(instance: Instance, spec: AdapterSpec): Record<string, string> {
  const label = prefixChar(spec.reference_prefix);
  const mapping: Record<string, string> = {};
  instance.references.forEach((reference, i) => {
    mapping[referencePrefix(label, i, spec)] = reference.output.text;
  });
  return mapping;
}

/** `MultipleChoiceJointAdapter.generate_requests`: one state; top-k = num_outputs; spec stop sequences ignored. */
export function multipleChoiceJointRequests(
  evalInstance: Instance,
  trainTrialIndex: number,
  trainInstances: readonly Instance[],
  spec: AdapterSpec,
  windowService: WindowService,
): RequestState[] {
  prefixChar(spec.reference_prefix);
  const prompt = constructPrompt(trainInstances, evalInstance, false, undefined, spec, windowService, (instance, include) =>
    multipleChoiceJointBlock(instance, include, spec),
  );
  const request = defaultRequest({
    model_deployment: spec.model_deployment,
    model: spec.model,
    prompt: promptText(prompt),
    temperature: spec.temperature,
    num_completions: 1,
    top_k_per_token: spec.num_outputs,
    max_tokens: spec.max_tokens,
    stop_sequences: [],
    random: spec.random,
  });
  return [
    {
      instance: evalInstance,
      reference_index: undefined,
      request_mode: undefined,
      train_trial_index: trainTrialIndex,
      output_mapping: outputMapping(evalInstance, spec),
      request,
      result: undefined,
      num_train_instances: promptNumTrainInstances(prompt),
      prompt_truncated: promptTruncated(prompt),
      num_conditioning_tokens: 0,
      annotations: undefined,
    },
  ];
}
