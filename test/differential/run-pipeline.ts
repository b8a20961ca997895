import fs from 'node:fs';
import path from 'node:path';
import { WorkerContext } from '../../activities/context';
import { pythonJsonDumps, pythonJsonParse } from '../../core/common/python-json';
import { adapt } from '../../core/adaptation/adapter';
import type { RequestState, ScenarioState } from '../../core/adaptation/schemas';
import { withResult } from '../../activities/compute-run-metrics';
import { acceptResult } from '../../activities/batch-results';
import { evaluateMetrics } from '../../core/metrics/evaluate';
import { runDataServices } from '../../core/metrics/run-data-services';
import { RUN_FILES } from '../../core/outputs/paths';
import { runEntriesToRunSpecsYielding } from '../../core/run-specs/run-entries';
import { RunSpec } from '../../core/run-specs/schemas';
import { getScenario, scenarioMetadata, scenarioName } from '../../core/scenarios/registry';
import { createPerturbations } from '../../core/perturbations/create-perturbations';
import { prepareInstances } from '../../core/scenarios/prepare-instances';
import type { Instance } from '../../core/scenarios/schemas';

export type RunFile = (typeof RUN_FILES)[number];

export interface PipelineInput {
  /** A run entry description, as given to `helm-run --run-entries`. */
  description: string;
  maxEvalInstances: number;
  numTrainTrials?: number;
}

export interface PipelineRun {
  runName: string;
  /** `<outputPath>/runs/<suite>/<run name>/` holding HELM's five files. */
  runDir: string;
}

/** Round trip through JSON as the activities' work files do, so in-process values equal theirs. */
function viaJsonLines<T>(records: readonly T[]): T[] {
  return records.map((r) => JSON.parse(JSON.stringify(r)) as T);
}

/**
 * One helm-ts suite without Temporal: the stage functions the activities call, in the runner's
 * order. The request cache is a fresh one under `localPath`, as in a HELM run with a new
 * --local-path: a prompt repeated within the run (same few-shot draw in two train trials) is a hit,
 * `cached: true`, in both. `disableCache` gives HELM's --disable-cache (DisabledRequestCache).
 * Writes each run's five files like writeRunOutputs and returns where.
 */
export async function runPipeline(
  input: PipelineInput,
  options: { outputPath: string; localPath: string; dataMirror: string; suite?: string; disableCache?: boolean },
): Promise<PipelineRun[]> {
  const suite = options.suite ?? 'differential';
  const context = new WorkerContext();
  try {
    const registry = context.registry(options);
    const expanded = await runEntriesToRunSpecsYielding(
      [{ description: input.description, priority: 1 }],
      {
        maxEvalInstances: input.maxEvalInstances,
        numTrainTrials: input.numTrainTrials,
        context: { outputPath: options.outputPath, mirrorDir: options.dataMirror },
      },
      registry,
    );
    const runs: PipelineRun[] = [];
    for (const expandedSpec of expanded) {
      // expandRunEntries writes run_spec.json and every later activity re-reads it.
      const runSpecText = pythonJsonDumps(expandedSpec, { indent: 2 });
      const spec = RunSpec.parse(pythonJsonParse(runSpecText));
      const deployment = spec.adapter_spec.model_deployment;

      const scenario = getScenario(spec.scenario_spec.class_name);
      const scenarioDir = path.join(options.outputPath, 'scenarios', scenarioName(scenario, spec.scenario_spec.args));
      const loaded = await scenario.getInstances(spec.scenario_spec.args, scenarioDir, { mirrorDir: options.dataMirror });
      const perturbations = await createPerturbations(spec.data_augmenter_spec.perturbation_specs, {
        outputPath: options.outputPath,
        // As differential.sh runs HELM: `--output-path benchmark_output` (HELM's default spelling).
        helmOutputPath: 'benchmark_output',
        mirrorDir: options.dataMirror,
      });
      const instances = viaJsonLines<Instance>(
        prepareInstances(loaded, spec.adapter_spec, spec.data_augmenter_spec, perturbations),
      );

      const windowService = context.windowService(options, deployment);
      const states = viaJsonLines<RequestState>(adapt(instances, spec.adapter_spec, windowService));

      const client = context.modelClient(options, deployment, options.disableCache === true);
      const completed: RequestState[] = [];
      for (let i = 0; i < states.length; i++) {
        const result = acceptResult(await client.makeRequest(states[i].request), i);
        completed.push(withResult(states[i], JSON.parse(JSON.stringify(result)) as typeof result));
      }

      const scenarioState: ScenarioState = {
        adapter_spec: spec.adapter_spec,
        request_states: completed,
        annotator_specs: spec.annotators,
      };
      const { stats, perInstanceStats } = evaluateMetrics(spec, scenarioState, {
        countTokens: (text) => windowService.getNumTokens(text),
        tokenize: (text) => windowService.tokenize(text),
        ...runDataServices(spec, options.outputPath),
      });

      const files: Record<RunFile, string> = {
        'run_spec.json': runSpecText,
        'scenario.json': pythonJsonDumps(scenarioMetadata(scenario, spec.scenario_spec.args), { indent: 2 }),
        'scenario_state.json': pythonJsonDumps(scenarioState, { indent: 2 }),
        'stats.json': pythonJsonDumps(stats, { indent: 2 }),
        'per_instance_stats.json': pythonJsonDumps(perInstanceStats, { indent: 2 }),
      };
      const runDir = path.join(options.outputPath, 'runs', suite, spec.name);
      fs.mkdirSync(runDir, { recursive: true });
      for (const file of RUN_FILES) fs.writeFileSync(path.join(runDir, file), files[file]);
      runs.push({ runName: spec.name, runDir });
    }
    return runs;
  } finally {
    context.close();
  }
}
