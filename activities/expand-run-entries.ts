import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { runEntriesToRunSpecs } from './run-specs/run-entries';
import type { RunEntry, RunSpec } from './run-specs/schemas';
import { getScenario } from './scenarios/registry';
import { RUN_FILES, runDir, suiteDir } from './outputs/paths';
import { writeRunSpec } from './work-files';
import type { ExecutionPaths, ExpansionOptions, SuitePaths } from '../workflows/types';

export interface ExpansionResult {
  runNames: string[];
  skippedRunNames: string[];
  modelByRun: Record<string, string>;
  scenarioByRun: Record<string, string>;
}

/** True when HELM's five run files are all present (HELM's --skip-completed-runs test). */
export function isRunComplete(dir: string): boolean {
  return RUN_FILES.every((file) => fs.existsSync(path.join(dir, file)));
}

/**
 * Run entries → run specs, validated before any run starts: unknown scenarios, models and
 * unavailable clients or tokenizers fail here, with the message the user sees.
 */
export function expandSuite(
  context: WorkerContext,
  paths: SuitePaths,
  entries: RunEntry[],
  expansion: ExpansionOptions,
  options: { skipCompletedRuns: boolean; disableCache: boolean },
): { specs: RunSpec[]; result: ExpansionResult } {
  const registry = context.registry(paths.localPath);
  const specs = runEntriesToRunSpecs(entries, expansion, registry);
  const checkedDeployments = new Set<string>();
  for (const spec of specs) {
    getScenario(spec.scenario_spec.class_name);
    const deployment = spec.adapter_spec.model_deployment;
    if (!checkedDeployments.has(deployment)) {
      checkedDeployments.add(deployment);
      // The client first: "model weights not available" says more than a missing tokenizer.
      context.modelClient(paths.localPath, deployment, options.disableCache);
      context.windowService(paths.localPath, deployment);
    }
  }
  const result: ExpansionResult = { runNames: [], skippedRunNames: [], modelByRun: {}, scenarioByRun: {} };
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) continue; // the same run twice in one suite runs once
    seen.add(spec.name);
    result.modelByRun[spec.name] = spec.adapter_spec.model;
    result.scenarioByRun[spec.name] = getScenario(spec.scenario_spec.class_name).name;
    if (options.skipCompletedRuns && isRunComplete(runDir({ ...paths, runName: spec.name }))) {
      result.skippedRunNames.push(spec.name);
    } else {
      result.runNames.push(spec.name);
    }
  }
  return { specs, result };
}

export function createExpandRunEntries(context: WorkerContext) {
  return async function expandRunEntries(
    paths: ExecutionPaths,
    entries: RunEntry[],
    expansion: ExpansionOptions,
    options: { skipCompletedRuns: boolean; disableCache: boolean },
  ): Promise<ExpansionResult> {
    const { specs, result } = expandSuite(context, paths, entries, expansion, options);
    // HELM always creates these, even when nothing runs.
    fs.mkdirSync(path.join(suiteDir(paths), 'eval_cache'), { recursive: true });
    fs.mkdirSync(path.join(paths.outputPath, 'scenario_instances'), { recursive: true });
    for (const spec of specs) writeRunSpec({ ...paths, runName: spec.name }, spec);
    Context.current().log.info(`${entries.length} entries produced ${specs.length} run specs`);
    return result;
  };
}
