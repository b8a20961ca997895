import * as path from 'node:path';
import type { RunSpec } from '../run-specs/schemas';
import { appsProblemLookup, codeScenario, humanEvalProblemLookup } from '../scenarios/code-scenario';
import { getScenario, scenarioName } from '../scenarios/registry';
import type { MetricServices } from './metric';

/**
 * The metric services that read a run's scenario data: HumanEval's tests and APPS's problem folders,
 * which HELM keeps on the references in memory and which no output file holds, come from the
 * scenario folder's data.
 */
export function runDataServices(spec: RunSpec, outputPath: string): Pick<MetricServices, 'codeProblem' | 'appsProblem'> {
  if (spec.scenario_spec.class_name !== codeScenario.className) return {};
  const scenarioDir = path.join(outputPath, 'scenarios', scenarioName(getScenario(codeScenario.className), spec.scenario_spec.args));
  // Both lookups read their files only when first asked, so only the dataset's own is ever used.
  return { codeProblem: humanEvalProblemLookup(scenarioDir), appsProblem: appsProblemLookup(scenarioDir) };
}
