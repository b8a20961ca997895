import * as path from 'node:path';
import type { RunSpec } from '../run-specs/schemas';
import { codeScenario, humanEvalProblemLookup } from '../scenarios/code-scenario';
import { getScenario, scenarioName } from '../scenarios/registry';
import type { MetricServices } from './metric';

/**
 * The metric services that read a run's scenario data: HumanEval's tests, which HELM keeps on the
 * references in memory and which no output file holds, come from the scenario folder's data file.
 */
export function runDataServices(spec: RunSpec, outputPath: string): Pick<MetricServices, 'codeProblem'> {
  if (spec.scenario_spec.class_name !== codeScenario.className) return {};
  const scenarioDir = path.join(outputPath, 'scenarios', scenarioName(getScenario(codeScenario.className), spec.scenario_spec.args));
  return { codeProblem: humanEvalProblemLookup(scenarioDir) };
}
