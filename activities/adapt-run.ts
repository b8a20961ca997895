import type { WorkerContext } from './context';
import { adapt } from '../core/adaptation/adapter';
import type { Instance } from '../core/scenarios/schemas';
import { workFile } from '../core/outputs/paths';
import { readJsonLines, readRunSpec, writeJsonLines } from './work-files';
import type { RunRef } from '../workflows/types';

/** Runner step 9: instances → request states (prompts built, fitted to the model's window). */
export function adaptRun(context: WorkerContext, run: RunRef): { numRequests: number } {
  const spec = readRunSpec(run);
  const instances = readJsonLines<Instance>(workFile(run, 'instances'));
  const windowService = context.windowService(run, spec.adapter_spec.model_deployment);
  const requestStates = adapt(instances, spec.adapter_spec, windowService);
  writeJsonLines(workFile(run, 'requestStates'), requestStates);
  return { numRequests: requestStates.length };
}
