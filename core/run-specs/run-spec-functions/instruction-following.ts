/** HELM Instruct's run spec functions (the HELM paper's conf runs them with num_respondents=1). */
import { getInstructAdapterSpec } from '../common-adapter-specs';
import { argValueStr } from '../description';
import { makeRunSpec } from '../run-spec';
import type { ArgValue, ObjectSpec } from '../schemas';
import { rawArg, type RunSpecFunction, type RunSpecParam } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

function critiqueMetricSpecs(numRespondents: ArgValue): ObjectSpec[] {
  return [
    {
      class_name: 'helm.benchmark.metrics.instruction_following_critique_metrics.InstructionFollowingCritiqueMetric',
      args: { num_respondents: numRespondents },
    },
  ];
}

interface InstructVariant {
  fn: string;
  module: string;
  /** Scenario args besides num_respondents, with their defaults (undefined = required). */
  scenarioArgs: Array<[string, ArgValue | undefined]>;
  /** The run name from the scenario args. */
  name(args: Record<string, ArgValue>): string;
}

function instructRunSpecFunction(v: InstructVariant): RunSpecFunction {
  const params: RunSpecParam[] = [
    { name: 'num_respondents', required: true },
    ...v.scenarioArgs.map(([name, fallback]) => ({ name, required: fallback === undefined })),
  ];
  return {
    name: v.fn,
    params,
    build(args) {
      const scenarioArgs: Record<string, ArgValue> = Object.fromEntries(
        v.scenarioArgs.map(([key, fallback]) => [key, rawArg(args, key, fallback ?? null)]),
      );
      return makeRunSpec({
        name: v.name(scenarioArgs),
        scenario_spec: { class_name: `${SCENARIOS}.${v.module}`, args: scenarioArgs },
        adapter_spec: getInstructAdapterSpec(),
        metric_specs: critiqueMetricSpecs(rawArg(args, 'num_respondents', null)),
        groups: [v.fn],
      });
    },
  };
}

const s = argValueStr;

export const selfInstructRunSpecFunction = instructRunSpecFunction({
  fn: 'self_instruct',
  module: 'self_instruct_scenario.SelfInstructScenario',
  scenarioArgs: [],
  name: () => 'self_instruct',
});
export const vicunaRunSpecFunction = instructRunSpecFunction({
  fn: 'vicuna',
  module: 'vicuna_scenario.VicunaScenario',
  scenarioArgs: [['category', 'all']],
  name: (a) => `vicuna:category=${s(a.category)}`,
});
export const grammarRunSpecFunction = instructRunSpecFunction({
  fn: 'grammar',
  module: 'grammar_scenario.GrammarScenario',
  scenarioArgs: [
    ['path', undefined],
    ['tags', undefined],
  ],
  name: (a) => `grammar:path=${s(a.path)},tags=${s(a.tags)}`,
});
export const openAssistantRunSpecFunction = instructRunSpecFunction({
  fn: 'open_assistant',
  module: 'open_assistant_scenario.OpenAssistantScenario',
  scenarioArgs: [['language', undefined]],
  name: (a) => `open_assistant:language=${s(a.language)}`,
});
export const koalaRunSpecFunction = instructRunSpecFunction({
  fn: 'koala',
  module: 'koala_scenario.KoalaScenario',
  scenarioArgs: [],
  name: () => 'koala',
});
export const anthropicHhRlhfRunSpecFunction = instructRunSpecFunction({
  fn: 'anthropic_hh_rlhf',
  module: 'anthropic_hh_rlhf_scenario.AnthropicHHRLHFScenario',
  scenarioArgs: [['subset', undefined]],
  name: (a) => `anthropic_hh_rlhf:subset=${s(a.subset)}`,
});
