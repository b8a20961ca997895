import { HelmInputError } from '../common/errors';
import { defaultRequest } from '../models/schemas';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import type { GenerateRequests } from './in-context';
import { constructPrompt } from './in-context';
import { isCorrect } from './instance-helpers';
import { promptText } from './prompt';
import { makeRequestState, promptFields } from './request-state';
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

/**
 * Input then the numbered choices; `answer` is the correct choice's `get_reference_prefix(answerPrefix, i)`
 * (all correct ones joined by ", " with multi_label; `n/a` without one). MC joint numbers the bare prefix
 * character (`B`), the chain-of-thought variant the whole reference prefix (`B. `).
 */
export function choicesBlock(instance: Instance, spec: AdapterSpec, answerPrefix: string): { text: string; answer: string } {
  let text = spec.input_prefix + instance.input.text + spec.input_suffix;
  let answer = 'n/a';
  instance.references.forEach((reference, i) => {
    text += referencePrefix(spec.reference_prefix, i, spec) + reference.output.text + spec.reference_suffix;
    if (!isCorrect(reference)) return;
    if (answer === 'n/a') answer = referencePrefix(answerPrefix, i, spec);
    else if (spec.multi_label) answer += ', ' + referencePrefix(answerPrefix, i, spec);
  });
  return { text, answer };
}

/** MC-joint block: input, lettered choices, then answer label(s) (train) or the bare cue (eval). */
export function multipleChoiceJointBlock(instance: Instance, includeOutput: boolean, spec: AdapterSpec): string {
  const { text, answer } = choicesBlock(instance, spec, prefixChar(spec.reference_prefix));
  return includeOutput ? text + spec.output_prefix + answer + spec.output_suffix : text + pythonRstrip(spec.output_prefix);
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

/** MC-joint style block builder (the joint and chain-of-thought adapters differ only here). */
export type ChoicesBlockBuilder = (instance: Instance, includeOutput: boolean, spec: AdapterSpec) => string;

/**
 * `MultipleChoiceJointAdapter.generate_requests` for a block builder: one state; top-k = num_outputs;
 * the spec's stop sequences are ignored.
 */
export function multipleChoiceJointRequestsWith(buildBlock: ChoicesBlockBuilder): GenerateRequests {
  return (evalInstance, trainTrialIndex, trainInstances, spec, windowService) => {
    prefixChar(spec.reference_prefix);
    const prompt = constructPrompt(trainInstances, evalInstance, false, undefined, spec, windowService, (instance, include) =>
      buildBlock(instance, include, spec),
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
      makeRequestState({
        instance: evalInstance,
        trainTrialIndex,
        outputMapping: outputMapping(evalInstance, spec),
        request,
        ...promptFields(prompt),
      }),
    ];
  };
}

export const multipleChoiceJointRequests: GenerateRequests = multipleChoiceJointRequestsWith(multipleChoiceJointBlock);
