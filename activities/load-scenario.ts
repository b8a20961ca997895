import path from 'node:path';
import { Context } from '@temporalio/activity';
import { writeFileAtomic } from './common/atomic-write';
import { keepAlive } from './keep-alive';
import { pythonJsonDumps } from './common/python-json';
import { getScenario, scenarioMetadata } from './scenarios/registry';
import { prepareInstances } from './scenarios/prepare-instances';
import { workFile } from './outputs/paths';
import { readRunSpec, writeJsonLines } from './work-files';
import type { RunRef } from '../workflows/types';

/**
 * Runner steps 2-8: instantiate the scenario, get its data (download once into
 * <output>/scenarios/<name>/, or copy from the data mirror), assign ids, downsample, preprocess.
 */
export async function loadScenario(run: RunRef, options: { dataMirror?: string }): Promise<{ numInstances: number }> {
  return keepAlive(async () => {
    const spec = readRunSpec(run);
    const scenario = getScenario(spec.scenario_spec.class_name);
    const scenarioDir = path.join(run.outputPath, 'scenarios', scenario.name);
    const context = Context.current();
    const instances = await scenario.getInstances(spec.scenario_spec.args, scenarioDir, {
      mirrorDir: options.dataMirror,
      onProgress: (bytes, total) => context.heartbeat({ downloadedBytes: bytes, totalBytes: total }),
  });
  const prepared = prepareInstances(instances, spec.adapter_spec, spec.data_augmenter_spec);
  writeJsonLines(workFile(run, 'instances'), prepared);
  writeFileAtomic(workFile(run, 'scenario'), pythonJsonDumps(scenarioMetadata(scenario), { indent: 2 }));
  return { numInstances: prepared.length };
  });
}
