import type { ArgValue } from '../run-specs/schemas';
import { Registry } from '../registry';
import type { EnsureDataOptions } from './download';
import type { Instance } from './schemas';

export type { EnsureDataOptions } from './download';

/**
 * A scenario class (HELM's `Scenario` subclass, named by its Python class path, which is what a
 * run spec's `scenario_spec.class_name` holds). `name`, `description` and `tags` are written to
 * `scenario.json`.
 */
export interface ScenarioClass {
  className: string;
  name: string;
  description: string;
  tags: string[];
  /** Where the scenario is defined, for `scenario.json` (default: HELM's source file of `className`). */
  definitionPath?: string;
  /** Downloads data if needed (see ensureData), then loads instances in HELM's order. */
  getInstances(args: Record<string, ArgValue>, scenarioDir: string, options?: EnsureDataOptions): Promise<Instance[]>;
  /**
   * For a class whose name, description and tags depend on its arguments (a declarative scenario
   * reads them from its folder): what scenario.json says and which `scenarios/<name>/` folder it uses.
   */
  describe?(args: Record<string, ArgValue>): ScenarioDescription;
  /** Makes the data present under `scenarioDir` (no network when already there); absent = no data. */
  ensureData?(scenarioDir: string, options: EnsureDataOptions): Promise<void>;
}

/** What scenario.json says of a scenario. */
export interface ScenarioDescription {
  name: string;
  description: string;
  tags: string[];
  definitionPath: string;
}

/** A registered scenario: every optional field filled in. */
export interface ScenarioDefinition extends ScenarioClass {
  definitionPath: string;
  /** True when the class fetches data (it has ensureData); false for local files and generated data. */
  downloadsData: boolean;
  ensureData(scenarioDir: string, options: EnsureDataOptions): Promise<void>;
}

const HELM_SOURCE_URL = 'https://github.com/stanford-crfm/helm/blob/main/src/';

/** HELM's github URL of a class's module, as HELM writes it in `scenario.json`. */
export function helmDefinitionPath(className: string): string {
  const modulePath = className.split('.').slice(0, -1).join('/');
  return `${HELM_SOURCE_URL}${modulePath}.py`;
}

/** Scenario classes by class name. */
export const scenarioRegistry = new Registry<ScenarioDefinition>('scenario class');

/** Registers a scenario class; `source` names who registered it (a plugin's module) in messages. */
export function registerScenario(scenario: ScenarioClass, source?: string): void {
  const ensureData = scenario.ensureData?.bind(scenario) ?? (async () => undefined);
  scenarioRegistry.register(
    scenario.className,
    { ...scenario, definitionPath: scenario.definitionPath ?? helmDefinitionPath(scenario.className), ensureData, downloadsData: scenario.ensureData !== undefined },
    source,
  );
}
