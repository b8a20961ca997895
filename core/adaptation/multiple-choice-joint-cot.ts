import { HelmInputError } from '../common/errors';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import type { GenerateRequests } from './in-context';
import { choicesBlock, multipleChoiceJointRequestsWith } from './multiple-choice-joint';
import { pythonRstrip } from './python-text';

/** `extra_data["chain_of_thought"]`, `""` when absent. */
function chainOfThought(instance: Instance): string {
  const value = instance.extra_data?.chain_of_thought;
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    throw new HelmInputError(`instance ${instance.id ?? ''}: extra_data.chain_of_thought must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Chain-of-thought MC block: like MC joint, but a train answer is the chain of thought (between its
 * prefix and suffix) followed by the correct choice's whole printed prefix (`(B) `, trailing space kept).
 */
export function multipleChoiceJointChainOfThoughtBlock(instance: Instance, includeOutput: boolean, spec: AdapterSpec): string {
  const { text, answer } = choicesBlock(instance, spec, spec.reference_prefix);
  if (!includeOutput) return text + pythonRstrip(spec.output_prefix);
  const thought = spec.chain_of_thought_prefix + chainOfThought(instance) + spec.chain_of_thought_suffix;
  return text + spec.output_prefix + thought + answer + spec.output_suffix;
}

/** Same requests and output mapping as MC joint. */
export const multipleChoiceJointChainOfThoughtRequests: GenerateRequests = multipleChoiceJointRequestsWith(
  multipleChoiceJointChainOfThoughtBlock,
);
