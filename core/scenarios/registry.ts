import { HelmInputError, didYouMean } from '../common/errors';
import './builtins';
import { scenarioRegistry, type ScenarioDefinition } from './scenario';
import type { ArgValue } from '../run-specs/schemas';
import type { ScenarioMetadata } from './schemas';

export type { EnsureDataOptions, ScenarioClass, ScenarioDefinition, ScenarioDescription } from './scenario';
export { registerScenario, scenarioRegistry } from './scenario';

/** The scenario class a run spec names, or an error listing what is registered. */
export function getScenario(className: string): ScenarioDefinition {
  const scenario = scenarioRegistry.get(className);
  if (scenario === undefined) {
    const names = scenarioRegistry.names();
    throw new HelmInputError(
      `Scenario class ${className} is not implemented.${didYouMean(className, names)} Implemented: ${names.join(', ')}`,
    );
  }
  return scenario;
}

/** `scenario.json` content (for the run's scenario arguments, which some classes describe themselves by). */
export function scenarioMetadata(scenario: ScenarioDefinition, args: Record<string, ArgValue> = {}): ScenarioMetadata {
  const described = scenario.describe?.(args);
  return {
    name: described?.name ?? scenario.name,
    description: described?.description ?? scenario.description,
    tags: [...(described?.tags ?? scenario.tags)],
    definition_path: described?.definitionPath ?? scenario.definitionPath,
  };
}

/** The scenario's name for these arguments: its `scenarios/<name>/` folder and its search attribute. */
export function scenarioName(scenario: ScenarioDefinition, args: Record<string, ArgValue>): string {
  return scenario.describe?.(args).name ?? scenario.name;
}
