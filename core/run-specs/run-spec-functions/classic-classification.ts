/** HELM Classic's text classification run spec functions: raft, civil_comments, imdb, entity matching/imputation. */
import { pythonTruthy } from '../../scenarios/boolq-scenario';
import { RAFT_SUBSETS, ensureRaftPromptSettings, readRaftPromptSettingsSync } from '../../scenarios/raft-scenario';
import { getGenerationAdapterSpec } from '../common-adapter-specs';
import {
  getBiasMetricSpecs,
  getClassificationMetricSpecs,
  getExactMatchMetricSpecs,
  getGenerativeHarmsMetricSpecs,
} from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import { choiceArg, stringArg, type RunSpecFunction } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

/** The instructions come from RAFT's prompt settings file, read while the spec is built (as HELM does). */
export const raftRunSpecFunction: RunSpecFunction = {
  name: 'raft',
  params: [{ name: 'subset', required: true, accepts: RAFT_SUBSETS.join(', ') }],
  build(args, context) {
    const subset = choiceArg('raft', args, 'subset', RAFT_SUBSETS);
    const { instructions } = readRaftPromptSettingsSync(subset, { benchmarkOutputPath: context.outputPath, dataMirror: context.mirrorDir });
    return makeRunSpec({
      name: `raft:subset=${subset}`,
      scenario_spec: { class_name: `${SCENARIOS}.raft_scenario.RAFTScenario`, args: { subset } },
      adapter_spec: getGenerationAdapterSpec({ instructions, inputNoun: null, outputNoun: 'Label', maxTokens: 30 }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getBiasMetricSpecs(), ...getClassificationMetricSpecs()],
      groups: ['raft'],
    });
  },
  async ensureResources(context) {
    try {
      await ensureRaftPromptSettings({ benchmarkOutputPath: context.outputPath, dataMirror: context.mirrorDir });
    } catch {
      // No download and no mirror copy: building a raft spec then fails with a MissingDataError that
      // names the file, its canonical source and the mirror path (that entry fails alone).
    }
  },
};

/** HELM passes the demographic through to the scenario, which checks it. */
export const civilCommentsRunSpecFunction: RunSpecFunction = {
  name: 'civil_comments',
  params: [{ name: 'demographic', required: true }],
  build(args) {
    const demographic = stringArg('civil_comments', args, 'demographic');
    return makeRunSpec({
      name: `civil_comments:demographic=${demographic}`,
      scenario_spec: { class_name: `${SCENARIOS}.civil_comments_scenario.CivilCommentsScenario`, args: { demographic } },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Passage', outputNoun: 'Answer' }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getBiasMetricSpecs(), ...getClassificationMetricSpecs()],
      groups: ['civil_comments'],
    });
  },
};

export const imdbRunSpecFunction: RunSpecFunction = {
  name: 'imdb',
  params: [{ name: 'only_contrast', required: false, accepts: 'True (any non-empty value counts as true)' }],
  build(args) {
    const onlyContrast = args.get('only_contrast') ?? false;
    return makeRunSpec({
      name: `imdb${pythonTruthy(onlyContrast) ? ':only_contrast=True' : ''}`,
      scenario_spec: { class_name: `${SCENARIOS}.imdb_scenario.IMDBScenario`, args: { only_contrast: onlyContrast } },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Passage', outputNoun: 'Sentiment' }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getClassificationMetricSpecs()],
      groups: ['imdb'],
    });
  },
};

export const entityMatchingRunSpecFunction: RunSpecFunction = {
  name: 'entity_matching',
  params: [{ name: 'dataset', required: true }],
  build(args) {
    const dataset = stringArg('entity_matching', args, 'dataset');
    return makeRunSpec({
      name: `entity_matching:dataset=${dataset}`,
      scenario_spec: { class_name: `${SCENARIOS}.entity_matching_scenario.EntityMatchingScenario`, args: { dataset } },
      adapter_spec: getGenerationAdapterSpec({ instructions: 'Are Product A and Product B the same? Yes or No?', outputNoun: 'Answer' }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['entity_matching'],
    });
  },
};

export const entityDataImputationRunSpecFunction: RunSpecFunction = {
  name: 'entity_data_imputation',
  params: [{ name: 'dataset', required: true }],
  build(args) {
    const dataset = stringArg('entity_data_imputation', args, 'dataset');
    return makeRunSpec({
      name: `entity_data_imputation:dataset=${dataset}`,
      scenario_spec: {
        class_name: `${SCENARIOS}.entity_data_imputation_scenario.EntityDataImputationScenario`,
        args: { dataset },
      },
      adapter_spec: getGenerationAdapterSpec({ instructions: 'What is the missing value?', outputNoun: 'Answer' }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['entity_data_imputation'],
    });
  },
};
