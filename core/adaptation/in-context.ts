import { toNumber } from '../common/py-number';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { makePromptFit } from './fit-prompt';
import type { Prompt } from './prompt';
import { sampleExamples } from './sample-examples';
import type { RequestState } from './schemas';

/** `Adapter.adapt`: every request state of a run, in HELM's order. */
export type Adapt = (instances: readonly Instance[], spec: AdapterSpec, windowService: WindowService) => RequestState[];

/** `generate_requests`: request states for one eval instance, given the trial's sampled train instances. */
export type GenerateRequests = (
  evalInstance: Instance,
  trainTrialIndex: number,
  trainInstances: readonly Instance[],
  spec: AdapterSpec,
  windowService: WindowService,
) => RequestState[];

/** `_add_trials`: copies of the trial's states with `request.random = "1"`, `"2"`, … appended block-wise. */
export function addTrials(states: readonly RequestState[], numTrials: number): RequestState[] {
  const all = [...states];
  for (let i = 1; i < numTrials; i++) {
    for (const state of states) all.push({ ...state, request: { ...state.request, random: String(i) } });
  }
  return all;
}

/**
 * `InContextLearningAdapter.adapt`: for each train trial t, sample examples with seed t, build every
 * eval instance's states in order, then expand num_trials. Train = split "train", eval = valid/test.
 */
export function inContextAdapter(generate: GenerateRequests): Adapt {
  return (instances, spec, windowService) => {
    const allTrain = instances.filter((instance) => instance.split === 'train');
    const evalInstances = instances.filter((instance) => instance.split === 'valid' || instance.split === 'test');
    const states: RequestState[] = [];
    const numTrainTrials = toNumber(spec.num_train_trials);
    for (let trial = 0; trial < numTrainTrials; trial++) {
      const trainInstances = sampleExamples(allTrain, trial, {
        maxTrainInstances: toNumber(spec.max_train_instances),
        sampleTrain: spec.sample_train,
      });
      const trialStates = evalInstances.flatMap((instance) => generate(instance, trial, trainInstances, spec, windowService));
      states.push(...addTrials(trialStates, toNumber(spec.num_trials)));
    }
    return states;
  };
}

/** Builds one example block (train: with output; eval: ending in the right-stripped output prefix). */
export type BlockBuilder = (instance: Instance, includeOutput: boolean, referenceIndex: number | undefined) => string;

/** `construct_prompt`: instructions, train blocks, eval block, then fitted to the context window. */
export function constructPrompt(
  trainInstances: readonly Instance[],
  evalInstance: Instance,
  includeOutput: boolean,
  referenceIndex: number | undefined,
  spec: AdapterSpec,
  windowService: WindowService,
  buildBlock: BlockBuilder,
): Prompt {
  const prompt: Prompt = {
    globalPrefix: spec.global_prefix,
    globalSuffix: spec.global_suffix,
    instancePrefix: spec.instance_prefix,
    substitutions: spec.substitutions,
    instructionsBlock: spec.instructions,
    trainInstanceBlocks: trainInstances.map((instance) => buildBlock(instance, true, undefined)),
    evalInstanceBlock: buildBlock(evalInstance, includeOutput, referenceIndex),
  };
  return makePromptFit(prompt, toNumber(spec.max_tokens), windowService);
}
