import { HelmInputError } from '../../common/errors';
import { CUSTOM_MCQA_SCENARIO_CLASS } from '../../scenarios/custom-mcqa-scenario';
import { ADAPT_MULTIPLE_CHOICE_JOINT, MULTIPLE_CHOICE_METHODS, getMultipleChoiceAdapterSpec } from '../common-adapter-specs';
import { getExactMatchMetricSpecs } from '../common-metric-specs';
import { argValueStr } from '../description';
import { makeRunSpec } from '../run-spec';
import { multipleChoiceMethodArg, stringArg, type RunSpecFunction } from './core';

/**
 * `custom_mcqa:path=<file.jsonl>[,num_train_instances=N][,method=…]`: your own multiple-choice
 * questions as HELM Instances in JSON lines. `num_train_instances` becomes max_train_instances (0
 * by default, so zero-shot unless asked). The run name is HELM's, commas and all.
 */
export const customMcqaRunSpecFunction: RunSpecFunction = {
  name: 'custom_mcqa',
  params: [
    { name: 'path', required: true, accepts: 'a JSONL file of HELM Instances (absolute, or relative to <output>/scenarios/custom_mcqa)' },
    { name: 'num_train_instances', required: false, accepts: 'an integer ≥ 0 (few-shot examples per prompt, default 0)' },
    { name: 'method', required: false, accepts: MULTIPLE_CHOICE_METHODS.join(', ') },
  ],
  build(args) {
    const dataPath = stringArg('custom_mcqa', args, 'path');
    const numTrain = args.get('num_train_instances') ?? 0;
    if (typeof numTrain !== 'number' || !Number.isInteger(numTrain) || numTrain < 0) {
      throw new HelmInputError(
        `Run spec function 'custom_mcqa': num_train_instances must be an integer >= 0, got '${argValueStr(numTrain)}'`,
      );
    }
    const method = multipleChoiceMethodArg('custom_mcqa', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `custom_mcqa,path=${dataPath},method=${method}`,
      scenario_spec: { class_name: CUSTOM_MCQA_SCENARIO_CLASS, args: { path: dataPath, num_train_instances: numTrain } },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'The following are multiple choice questions (with answers).',
        inputNoun: 'Question',
        outputNoun: 'Answer',
        maxTrainInstances: numTrain,
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['custom'],
    });
  },
};
