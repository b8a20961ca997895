import { HelmInputError, didYouMean } from '../common/errors';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { generationRequests } from './generation';
import { type Adapt, inContextAdapter } from './in-context';
import { languageModelingAdapt } from './language-modeling';
import { multipleChoiceJointRequests } from './multiple-choice-joint';
import { multipleChoiceJointChainOfThoughtRequests } from './multiple-choice-joint-cot';
import { multipleChoiceCalibratedRequests, multipleChoiceSeparateRequests } from './multiple-choice-separate';
import { rankingBinaryRequests } from './ranking-binary';
import type { RequestState } from './schemas';

export { type Adapt, type GenerateRequests, addTrials } from './in-context';

/** Implemented adapters by AdapterSpec.method (HELM's `AdapterFactory`). */
export const ADAPTERS: Readonly<Record<string, Adapt>> = {
  generation: inContextAdapter(generationRequests),
  language_modeling: languageModelingAdapt,
  multiple_choice_joint: inContextAdapter(multipleChoiceJointRequests),
  multiple_choice_joint_chain_of_thought: inContextAdapter(multipleChoiceJointChainOfThoughtRequests),
  multiple_choice_separate_original: inContextAdapter(multipleChoiceSeparateRequests),
  multiple_choice_separate_calibrated: inContextAdapter(multipleChoiceCalibratedRequests),
  ranking_binary: inContextAdapter(rankingBinaryRequests),
};

export function getAdapter(method: string): Adapt {
  const adapter = ADAPTERS[method];
  if (adapter === undefined) {
    throw new HelmInputError(
      `Unknown or unimplemented adaptation method ${JSON.stringify(method)}.${didYouMean(method, Object.keys(ADAPTERS))} ` +
        `Accepted methods: ${Object.keys(ADAPTERS).join(', ')}`,
    );
  }
  return adapter;
}

/** `AdapterFactory.get_adapter(spec).adapt(instances)`. */
export function adapt(instances: readonly Instance[], adapterSpec: AdapterSpec, windowService: WindowService): RequestState[] {
  return getAdapter(adapterSpec.method)(instances, adapterSpec, windowService);
}
