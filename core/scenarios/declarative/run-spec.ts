import { pyFloat } from '../../common/py-number';
import {
  ADAPT_GENERATION,
  getGenerationAdapterSpec,
  getMultipleChoiceAdapterSpec,
} from '../../run-specs/common-adapter-specs';
import { getBasicMetricSpecs } from '../../run-specs/common-metric-specs';
import { makeRunSpec } from '../../run-specs/run-spec';
import type { RunSpecFunction } from '../../run-specs/run-spec-functions';
import type { AdapterSpec, ArgValue, ObjectSpec } from '../../run-specs/schemas';
import { loadScenarioFile, type DeclarativeScenario } from './load';
import type { DeclarativeAdapter } from './schemas';

/** The scenario class of every declarative scenario; its one argument is the folder. */
export const DECLARATIVE_SCENARIO_CLASS = 'helm_ts.scenarios.declarative.DeclarativeScenario';

/** AdapterSpec fields a scenario.yaml may set directly (over what the method's helper chose). */
const DIRECT_FIELDS = [
  'global_prefix', 'global_suffix', 'input_prefix', 'input_suffix', 'reference_prefix', 'reference_suffix',
  'output_prefix', 'output_suffix', 'instance_prefix', 'stop_sequences', 'sample_train', 'multi_label',
] as const;

/** HELM's helper for the method (get_generation_adapter_spec / get_multiple_choice_adapter_spec), then the direct fields. */
export function declarativeAdapterSpec(adapter: DeclarativeAdapter): AdapterSpec {
  const temperature = adapter.temperature === undefined ? undefined : pyFloat(adapter.temperature);
  const base =
    adapter.method === ADAPT_GENERATION
      ? getGenerationAdapterSpec({
          instructions: adapter.instructions,
          inputNoun: adapter.input_noun,
          outputNoun: adapter.output_noun,
          maxTrainInstances: adapter.max_train_instances,
          numOutputs: adapter.num_outputs,
          maxTokens: adapter.max_tokens,
          stopSequences: adapter.stop_sequences,
          temperature,
        })
      : getMultipleChoiceAdapterSpec({
          method: adapter.method,
          instructions: adapter.instructions ?? '',
          inputNoun: adapter.input_noun === undefined ? 'Question' : adapter.input_noun,
          outputNoun: adapter.output_noun ?? 'Answer',
          maxTrainInstances: adapter.max_train_instances,
          numOutputs: adapter.num_outputs,
          maxTokens: adapter.max_tokens,
        });
  const direct: Partial<AdapterSpec> = {};
  for (const key of DIRECT_FIELDS) if (adapter[key] !== undefined) Object.assign(direct, { [key]: adapter[key] });
  if (temperature !== undefined) direct.temperature = temperature;
  return { ...base, ...direct };
}

/** HELM metric names → HELM's basic bundle (BasicGenerationMetric(names), reference, per split); classes as given. */
export function declarativeMetricSpecs(scenario: DeclarativeScenario): ObjectSpec[] {
  const names = scenario.spec.metrics.filter((m): m is string => typeof m === 'string');
  const classes = scenario.spec.metrics.flatMap((m) => (typeof m === 'string' ? [] : [{ class_name: m.class_name, args: m.args as Record<string, ArgValue> }]));
  return [...(names.length > 0 ? getBasicMetricSpecs(names) : []), ...classes];
}

/**
 * The run spec function of a declarative scenario: `NAME` takes no arguments of its own (run
 * expanders such as model=, max_train_instances= apply as usual). It reads the folder afresh on
 * every call, so an edited scenario.yaml is what runs.
 */
export function declarativeRunSpecFunction(name: string, folder: string): RunSpecFunction {
  return {
    name,
    params: [],
    build() {
      const scenario = loadScenarioFile(folder);
      return makeRunSpec({
        name: scenario.spec.name,
        scenario_spec: { class_name: DECLARATIVE_SCENARIO_CLASS, args: { path: folder } },
        adapter_spec: declarativeAdapterSpec(scenario.spec.adapter),
        metric_specs: declarativeMetricSpecs(scenario),
        groups: scenario.spec.groups ?? [scenario.spec.name],
      });
    },
  };
}
