import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { adapt } from './adaptation/adapter';
import type { Instance } from './scenarios/schemas';
import { workFile } from './outputs/paths';
import { readJsonLines, readRunSpec, writeJsonLines } from './work-files';
import type { RunRef } from '../workflows/types';

/** Runner step 9: instances → request states (prompts built, fitted to the model's window). */
export function createAdaptRun(context: WorkerContext) {
  return async function adaptRun(run: RunRef): Promise<{ numRequests: number }> {
    return keepAlive(async () => {
      const spec = readRunSpec(run);
      const instances = readJsonLines<Instance>(workFile(run, 'instances'));
      const windowService = context.windowService(run, spec.adapter_spec.model_deployment);
      const requestStates = adapt(instances, spec.adapter_spec, windowService);
      writeJsonLines(workFile(run, 'requestStates'), requestStates);
      return { numRequests: requestStates.length };
    });
  };
}
