import { getGenerationAdapterSpec } from '../common-adapter-specs';
import { getBasicMetricSpecs, getExactMatchMetricSpecs, getGenerativeHarmsMetricSpecs } from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import { choiceArg, type RunSpecFunction } from './core';

export const SYNTHETIC_REASONING_MODES: readonly string[] = ['variable_substitution', 'pattern_match', 'induction'];
/** HELM passes any difficulty through (unknown ones act as medium); helm-ts accepts these. */
export const SYNTHETIC_REASONING_NATURAL_DIFFICULTIES: readonly string[] = ['easy', 'medium', 'hard'];

export const syntheticReasoningRunSpecFunction: RunSpecFunction = {
  name: 'synthetic_reasoning',
  params: [{ name: 'mode', required: true, accepts: SYNTHETIC_REASONING_MODES.join(', ') }],
  build(args) {
    const mode = choiceArg('synthetic_reasoning', args, 'mode', SYNTHETIC_REASONING_MODES);
    return makeRunSpec({
      name: `synthetic_reasoning:mode=${mode}`,
      scenario_spec: {
        class_name: 'helm.benchmark.scenarios.synthetic_reasoning_scenario.SyntheticReasoningScenario',
        args: { mode },
      },
      adapter_spec: getGenerationAdapterSpec({
        instructions: 'Please solve the following problem.',
        outputNoun: 'Target',
        maxTrainInstances: 5,
        stopSequences: ['\n'],
        maxTokens: 50,
      }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['synthetic_reasoning', `synthetic_reasoning_${mode}`],
    });
  },
};

export const syntheticReasoningNaturalRunSpecFunction: RunSpecFunction = {
  name: 'synthetic_reasoning_natural',
  params: [{ name: 'difficulty', required: true, accepts: SYNTHETIC_REASONING_NATURAL_DIFFICULTIES.join(', ') }],
  build(args) {
    const difficulty = choiceArg('synthetic_reasoning_natural', args, 'difficulty', SYNTHETIC_REASONING_NATURAL_DIFFICULTIES);
    return makeRunSpec({
      name: `synthetic_reasoning_natural:difficulty=${difficulty}`,
      scenario_spec: {
        class_name: 'helm.benchmark.scenarios.synthetic_reasoning_natural_scenario.SRNScenario',
        args: { difficulty },
      },
      adapter_spec: getGenerationAdapterSpec({
        instructions: 'Please solve the following problem.',
        inputNoun: 'Rules',
        newlineAfterInputNoun: true,
        outputNoun: null,
        maxTrainInstances: 3,
        maxTokens: 20,
      }),
      metric_specs: [
        ...getBasicMetricSpecs(['f1_set_match', 'iou_set_match', 'exact_set_match']),
        ...getGenerativeHarmsMetricSpecs(),
      ],
      groups: ['synthetic_reasoning', 'synthetic_reasoning_natural'],
    });
  },
};
