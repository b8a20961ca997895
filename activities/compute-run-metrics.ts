import fs from 'node:fs';
import path from 'node:path';
import type { WorkerContext } from './context';
import { writeFileAtomic } from '../core/common/atomic-write';
import { pythonJsonDumps } from '../core/common/python-json';
import { RequestState, type ScenarioState } from '../core/adaptation/schemas';
import type { RequestResult } from '../core/models/schemas';
import { evaluateMetrics } from '../core/metrics/evaluate';
import type { StatJson } from '../core/metrics/schemas';
import { batchResultsFile, workDir, workFile, WORK_FILES } from '../core/outputs/paths';
import type { BatchResultLine } from './batch-results';
import { readJsonLines, readRunSpec } from './work-files';
import type { RunRef } from '../workflows/types';
import { runDataServices } from '../core/metrics/run-data-services';

const REQUEST_STATE_FIELDS = Object.keys(RequestState.shape) as Array<keyof RequestState>;

/** The state with its result, keys in RequestState's field order (JSON key order is HELM's). */
export function withResult(state: RequestState, result: RequestResult): RequestState {
  const filled: Record<string, unknown> = {};
  const source: Record<string, unknown> = { ...state, result };
  for (const key of REQUEST_STATE_FIELDS) if (source[key] !== undefined) filled[key] = source[key];
  return filled as RequestState;
}

/** Request states with the results of every batch filled in, in request order. */
export function assembleRequestStates(run: RunRef, dryRun: boolean): RequestState[] {
  const states = readJsonLines<RequestState>(workFile(run, 'requestStates'));
  if (dryRun) return states;
  const resultsDir = path.join(workDir(run), WORK_FILES.resultsDir);
  const files = fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir).filter((f) => f.endsWith('.jsonl')) : [];
  for (const file of files) {
    for (const line of readJsonLines<BatchResultLine>(path.join(resultsDir, file))) states[line.i] = withResult(states[line.i], line.result);
  }
  const missing = states.findIndex((s) => s.result === undefined);
  if (missing !== -1) throw new Error(`Request ${missing} of run ${run.runName} has no result (expected in ${batchResultsFile(run, 0)}…)`);
  return states;
}

/**
 * Runner steps 12-14 up to the bytes: metrics over the scenario state, then scenario_state.json,
 * stats.json and per_instance_stats.json written in HELM's format into the work folder.
 */
export function computeRunMetrics(
  context: WorkerContext,
  run: RunRef,
  options: { dryRun: boolean },
  /** A small run's request states with their results, kept in memory (else read from the work folder). */
  requestStates?: RequestState[],
): { numStats: number; unavailableMetrics: string[]; stats: StatJson[] } {
  const spec = readRunSpec(run);
  const scenarioState: ScenarioState = {
    adapter_spec: spec.adapter_spec,
    request_states: requestStates ?? assembleRequestStates(run, options.dryRun),
    annotator_specs: spec.annotators,
  };
  const windowService = context.windowService(run, spec.adapter_spec.model_deployment);
  const { stats, perInstanceStats, unavailableMetrics } = evaluateMetrics(spec, scenarioState, {
    countTokens: (text) => windowService.getNumTokens(text),
    tokenize: (text) => windowService.tokenize(text),
    dryRun: options.dryRun,
    ...runDataServices(spec, run.outputPath),
  });
  writeFileAtomic(path.join(workDir(run), 'scenario_state.json'), pythonJsonDumps(scenarioState, { indent: 2 }));
  writeFileAtomic(workFile(run, 'stats'), pythonJsonDumps(stats, { indent: 2 }));
  writeFileAtomic(workFile(run, 'perInstanceStats'), pythonJsonDumps(perInstanceStats, { indent: 2 }));
  return { numStats: stats.length, unavailableMetrics, stats };
}
