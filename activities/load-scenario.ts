import path from 'node:path';
import { writeFileAtomic } from '../core/common/atomic-write';
import { pythonJsonDumps } from '../core/common/python-json';
import { getScenario, scenarioMetadata, scenarioName } from '../core/scenarios/registry';
import { createPerturbations } from '../core/perturbations/create-perturbations';
import { prepareInstances } from '../core/scenarios/prepare-instances';
import { workFile } from '../core/outputs/paths';
import { toNumber } from '../core/common/py-number';
import { checkRunSize } from '../core/common/run-limits';
import { readRunSpec, writeJsonLines } from './work-files';
import type { Instance } from '../core/scenarios/schemas';
import type { RunRef } from '../workflows/types';

export interface LoadScenarioOptions {
  dataMirror?: string;
  /** Download progress, e.g. for heartbeats. */
  onProgress?: (bytes: number, total: number | undefined) => void;
  /** The caller adapts the returned instances itself: no instances file in the work folder. */
  inMemory?: boolean;
}

/**
 * Runner steps 2-8: instantiate the scenario, get its data (download once into
 * <output>/scenarios/<name>/, or copy from the data mirror), assign ids, downsample, then
 * preprocess with the run's perturbations (whose data files come the same way).
 * Writes the run's instances and scenario.json into its work folder.
 */
export async function loadScenario(run: RunRef, options: LoadScenarioOptions): Promise<{ numInstances: number; instances: Instance[] }> {
  const spec = readRunSpec(run);
  const scenario = getScenario(spec.scenario_spec.class_name);
  const scenarioDir = path.join(run.outputPath, 'scenarios', scenarioName(scenario, spec.scenario_spec.args));
  const instances = await scenario.getInstances(spec.scenario_spec.args, scenarioDir, {
    mirrorDir: options.dataMirror,
    onProgress: options.onProgress,
  });
  const perturbations = await createPerturbations(spec.data_augmenter_spec.perturbation_specs, {
    outputPath: run.outputPath,
    helmOutputPath: run.outputPathAsGiven,
    mirrorDir: options.dataMirror,
    onProgress: options.onProgress,
  });
  const prepared = prepareInstances(instances, spec.adapter_spec, spec.data_augmenter_spec, perturbations);
  // Before adaptation multiplies them in memory: a run that cannot fit fails here, once, clearly.
  const evalInstances = prepared.filter((instance) => instance.split !== 'train').length;
  const trials = toNumber(spec.adapter_spec.num_train_trials) * Math.max(1, toNumber(spec.adapter_spec.num_trials));
  checkRunSize(run.runName, evalInstances, trials);
  if (!options.inMemory) writeJsonLines(workFile(run, 'instances'), prepared);
  writeFileAtomic(workFile(run, 'scenario'), pythonJsonDumps(scenarioMetadata(scenario, spec.scenario_spec.args), { indent: 2 }));
  return { numInstances: prepared.length, instances: prepared };
}
