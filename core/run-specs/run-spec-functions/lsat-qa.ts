import { ADAPT_MULTIPLE_CHOICE_JOINT, MULTIPLE_CHOICE_METHODS, getMultipleChoiceAdapterSpec } from '../common-adapter-specs';
import { getExactMatchMetricSpecs } from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import { choiceArg, multipleChoiceMethodArg, type RunSpecFunction } from './core';

/** The scenario accepts a main question type or `all`. */
export const LSAT_QA_TASKS: readonly string[] = ['grouping', 'ordering', 'assignment', 'miscellaneous', 'all'];

export const lsatQaRunSpecFunction: RunSpecFunction = {
  name: 'lsat_qa',
  params: [
    { name: 'task', required: true, accepts: LSAT_QA_TASKS.join(', ') },
    { name: 'method', required: false, accepts: MULTIPLE_CHOICE_METHODS.join(', ') },
  ],
  build(args) {
    const task = choiceArg('lsat_qa', args, 'task', LSAT_QA_TASKS);
    const method = multipleChoiceMethodArg('lsat_qa', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `lsat_qa:task=${task},method=${method}`,
      scenario_spec: { class_name: 'helm.benchmark.scenarios.lsat_qa_scenario.LSATScenario', args: { task } },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'The following are multiple choice questions (with answers).',
        inputNoun: 'Passage',
        outputNoun: 'Answer',
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['lsat_qa'],
    });
  },
};
