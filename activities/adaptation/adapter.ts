import { HelmInputError, didYouMean } from '../common/errors';
import { toNumber } from '../common/py-number';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { generationRequests } from './generation';
import { multipleChoiceJointRequests } from './multiple-choice-joint';
import { sampleExamples } from './sample-examples';
import type { RequestState } from './schemas';

/** Request states for one eval instance, given the trial's sampled train instances. */
export type GenerateRequests = (
  evalInstance: Instance,
  trainTrialIndex: number,
  trainInstances: readonly Instance[],
  spec: AdapterSpec,
  windowService: WindowService,
) => RequestState[];

/** Implemented adapters by AdapterSpec.method. */
export const ADAPTERS: Readonly<Record<string, GenerateRequests>> = {
  generation: generationRequests,
  multiple_choice_joint: multipleChoiceJointRequests,
};

export function getAdapter(method: string): GenerateRequests {
  const adapter = ADAPTERS[method];
  if (adapter === undefined) {
    throw new HelmInputError(
      `Unknown or unimplemented adaptation method ${JSON.stringify(method)}.${didYouMean(method, Object.keys(ADAPTERS))} ` +
        `Accepted methods: ${Object.keys(ADAPTERS).join(', ')}`,
    );
  }
  return adapter;
}

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
export function adapt(instances: readonly Instance[], adapterSpec: AdapterSpec, windowService: WindowService): RequestState[] {
  const generate = getAdapter(adapterSpec.method);
  const allTrain = instances.filter((instance) => instance.split === 'train');
  const evalInstances = instances.filter((instance) => instance.split === 'valid' || instance.split === 'test');
  const states: RequestState[] = [];
  const numTrainTrials = toNumber(adapterSpec.num_train_trials);
  for (let trial = 0; trial < numTrainTrials; trial++) {
    const trainInstances = sampleExamples(allTrain, trial, {
      maxTrainInstances: toNumber(adapterSpec.max_train_instances),
      sampleTrain: adapterSpec.sample_train,
    });
    const trialStates = evalInstances.flatMap((instance) => generate(instance, trial, trainInstances, adapterSpec, windowService));
    states.push(...addTrials(trialStates, toNumber(adapterSpec.num_trials)));
  }
  return states;
}
