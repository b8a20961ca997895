import { localWindowService, type WindowService } from '../../../activities/models/window-service';
import { simpleTokenizer } from '../../../activities/models/tokenizers/simple-tokenizer';
import { type AdapterSpec, defaultAdapterSpec } from '../../../activities/run-specs/schemas';
import type { Instance } from '../../../activities/scenarios/schemas';

export function simpleWindow(maxSequenceLength = 2048, maxRequestLength?: number): WindowService {
  return localWindowService({
    tokenizerName: 'simple/tokenizer1',
    tokenizer: simpleTokenizer,
    maxSequenceLength,
    maxRequestLength,
    endOfTextToken: '</s>',
    prefixToken: '<s>',
  });
}

/** `get_multiple_choice_adapter_spec(multiple_choice_joint, ...)` as the MMLU run spec builds it. */
export function mmluSpec(subject: string, overrides: Partial<AdapterSpec> = {}): AdapterSpec {
  return defaultAdapterSpec({
    method: 'multiple_choice_joint',
    instructions: `The following are multiple choice questions (with answers) about ${subject.replace(/_/g, ' ')}.\n`,
    input_prefix: 'Question: ',
    input_suffix: '\n',
    output_prefix: 'Answer: ',
    output_suffix: '\n',
    max_train_instances: 5,
    num_outputs: 5,
    max_tokens: 1,
    temperature: { py_float: 0 },
    stop_sequences: ['\n'],
    model_deployment: 'simple/model1',
    model: 'simple/model1',
    ...overrides,
  });
}

/** An instance whose references are `choices`, the ones at `correct` tagged correct. */
export function mc(text: string, choices: string[], correct: number[], split = 'train', id?: string): Instance {
  return {
    input: { text },
    references: choices.map((c, i) => ({ output: { text: c }, tags: correct.includes(i) ? ['correct'] : [] })),
    split,
    id,
  };
}
