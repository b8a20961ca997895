import { getGenerationAdapterSpec } from '../common-adapter-specs';
import { getBasicGenerationMetricSpecs, getGenerativeHarmsMetricSpecs, getGenericMetricSpecs } from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import type { RunSpecFunction } from './core';

export const GSM_SCENARIO_CLASS = 'helm.benchmark.scenarios.gsm_scenario.GSM8KScenario';

/** `gsm`: 5-shot chain of thought, `Q:`/`A:`, up to 400 tokens, stopped by a blank line. */
export const gsmRunSpecFunction: RunSpecFunction = {
  name: 'gsm',
  params: [],
  build() {
    return makeRunSpec({
      name: 'gsm',
      scenario_spec: { class_name: GSM_SCENARIO_CLASS, args: {} },
      adapter_spec: getGenerationAdapterSpec({
        inputNoun: 'Q',
        outputNoun: 'A',
        maxTrainInstances: 5,
        maxTokens: 400,
        stopSequences: ['\n\n'],
      }),
      metric_specs: [
        ...getBasicGenerationMetricSpecs(['exact_match_indicator', 'final_number_exact_match']),
        ...getGenericMetricSpecs(),
        ...getGenerativeHarmsMetricSpecs(),
      ],
      groups: ['gsm'],
    });
  },
};
