import type { WorkerContext } from './context';
import { adapt } from '../core/adaptation/adapter';
import type { Instance } from '../core/scenarios/schemas';
import type { RequestState } from '../core/adaptation/schemas';
import { workFile } from '../core/outputs/paths';
import { readJsonLines, readRunSpec, writeJsonLines } from './work-files';
import type { RunRef } from '../workflows/types';

/**
 * Runner step 9: instances → request states (prompts built, fitted to the model's window), written
 * to the work folder for the run's other activities; a small run kept in memory passes its
 * instances and keeps the states (`inMemory`).
 */
export function adaptRun(context: WorkerContext, run: RunRef, inMemory?: { instances: Instance[] }): { numRequests: number; requestStates: RequestState[] } {
  const spec = readRunSpec(run);
  const instances = inMemory?.instances ?? readJsonLines<Instance>(workFile(run, 'instances'));
  const windowService = context.windowService(run, spec.adapter_spec.model_deployment);
  const requestStates = adapt(instances, spec.adapter_spec, windowService);
  if (!inMemory) writeJsonLines(workFile(run, 'requestStates'), requestStates);
  return { numRequests: requestStates.length, requestStates };
}
