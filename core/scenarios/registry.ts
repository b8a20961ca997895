import { HelmInputError, didYouMean } from '../common/errors';
import './builtins';
import { scenarioRegistry, type ScenarioDefinition } from './scenario';
import type { ScenarioMetadata } from './schemas';

export type { EnsureDataOptions, ScenarioClass, ScenarioDefinition } from './scenario';
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

/** `scenario.json` content. */
export function scenarioMetadata(scenario: ScenarioDefinition): ScenarioMetadata {
  return {
    name: scenario.name,
    description: scenario.description,
    tags: [...scenario.tags],
    definition_path: scenario.definitionPath,
  };
}
