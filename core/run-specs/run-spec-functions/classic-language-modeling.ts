/** HELM Classic's language modeling run spec functions: the_pile, ice, twitter_aae, blimp. */
import { ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL, getLanguageModelingAdapterSpec, getMultipleChoiceAdapterSpec } from '../common-adapter-specs';
import { getExactMatchMetricSpecs, getLanguageModelingMetricSpecs } from '../common-metric-specs';
import { argValueStr } from '../description';
import { makeRunSpec } from '../run-spec';
import type { ArgValue } from '../schemas';
import { multipleChoiceMethodArg, stringArg, type RunSpecFunction } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

export const thePileRunSpecFunction: RunSpecFunction = {
  name: 'the_pile',
  params: [{ name: 'subset', required: true }],
  build(args) {
    const subset = stringArg('the_pile', args, 'subset');
    return makeRunSpec({
      name: `the_pile:subset=${subset}`,
      scenario_spec: { class_name: `${SCENARIOS}.the_pile_scenario.ThePileScenario`, args: { subset } },
      adapter_spec: getLanguageModelingAdapterSpec(),
      metric_specs: getLanguageModelingMetricSpecs([]),
      groups: ['the_pile'],
    });
  },
};

/** Python `**kwargs`: every argument goes to the scenario; the name lists them sorted by key. */
export const iceRunSpecFunction: RunSpecFunction = {
  name: 'ice',
  params: [],
  anyArgs: true,
  build(args) {
    const kwargs: Record<string, ArgValue> = Object.fromEntries(args);
    const sorted = [...args.keys()].sort();
    return makeRunSpec({
      name: `ice${sorted.length > 0 ? ':' : ''}${sorted.map((k) => `${k}=${argValueStr(kwargs[k])}`).join(',')}`,
      scenario_spec: { class_name: `${SCENARIOS}.ice_scenario.ICEScenario`, args: kwargs },
      adapter_spec: getLanguageModelingAdapterSpec(),
      metric_specs: getLanguageModelingMetricSpecs([]),
      groups: ['ice'],
    });
  },
};

export const twitterAaeRunSpecFunction: RunSpecFunction = {
  name: 'twitter_aae',
  params: [{ name: 'demographic', required: true, accepts: 'aa, white' }],
  build(args) {
    const demographic = stringArg('twitter_aae', args, 'demographic');
    return makeRunSpec({
      name: `twitter_aae:demographic=${demographic}`,
      scenario_spec: { class_name: `${SCENARIOS}.twitter_aae_scenario.TwitterAAEScenario`, args: { demographic } },
      adapter_spec: getLanguageModelingAdapterSpec(),
      metric_specs: getLanguageModelingMetricSpecs([]),
      groups: ['twitter_aae', `twitter_aae_${demographic}`],
    });
  },
};

export const blimpRunSpecFunction: RunSpecFunction = {
  name: 'blimp',
  params: [
    { name: 'phenomenon', required: true },
    { name: 'method', required: false },
  ],
  build(args) {
    const phenomenon = stringArg('blimp', args, 'phenomenon');
    const method = multipleChoiceMethodArg('blimp', args, ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL);
    return makeRunSpec({
      name: `blimp:phenomenon=${phenomenon},method=${method}`,
      scenario_spec: { class_name: `${SCENARIOS}.blimp_scenario.BLiMPScenario`, args: { phenomenon } },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'Please select the grammatical sentence.',
        inputNoun: null,
        outputNoun: 'Answer',
        emptyInput: true,
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['blimp'],
    });
  },
};
