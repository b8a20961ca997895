import { HelmInputError } from '../../common/errors';
import type { ArgValue } from '../../run-specs/schemas';
import type { ScenarioClass } from '../scenario';
import { loadScenarioFile, loadScenarioInstances } from './load';
import { DECLARATIVE_SCENARIO_CLASS } from './run-spec';

function folderArg(args: Record<string, ArgValue>): string {
  const folder = args['path'];
  if (typeof folder !== 'string' || Object.keys(args).length !== 1) {
    throw new HelmInputError(`DeclarativeScenario takes one argument, path (the scenario folder); got ${JSON.stringify(args)}`);
  }
  return folder;
}

/**
 * Every declarative scenario (a folder with scenario.yaml and instance files) is this one class;
 * its name, description and tags come from the folder's scenario.yaml.
 */
export const declarativeScenario: ScenarioClass = {
  className: DECLARATIVE_SCENARIO_CLASS,
  name: 'declarative',
  description: 'A scenario defined by a folder: scenario.yaml and JSONL/CSV instance files.',
  tags: [],
  definitionPath: 'core/scenarios/declarative/scenario.ts',
  describe(args) {
    const scenario = loadScenarioFile(folderArg(args));
    return { name: scenario.spec.name, description: scenario.spec.description, tags: [...scenario.spec.tags], definitionPath: scenario.file };
  },
  async getInstances(args) {
    return loadScenarioInstances(folderArg(args)).instances;
  },
};
