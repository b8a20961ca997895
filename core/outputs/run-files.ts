import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { pythonJsonParse } from '../common/python-json';
import { PerInstanceStats, StatJson } from '../metrics/schemas';
import { RunSpec } from '../run-specs/schemas';
import { ScenarioMetadata } from '../scenarios/schemas';
import { RUN_FILES } from './paths';

/**
 * The shape each of HELM's five run files must have to count as written. scenario_state.json is
 * checked at its top level only (its request states are the bulk of a run's bytes).
 */
const RUN_FILE_SHAPES: Record<(typeof RUN_FILES)[number], z.ZodType> = {
  'run_spec.json': RunSpec,
  'scenario.json': ScenarioMetadata,
  'scenario_state.json': z.object({ adapter_spec: z.record(z.string(), z.unknown()), request_states: z.array(z.record(z.string(), z.unknown())) }),
  'stats.json': z.array(StatJson),
  'per_instance_stats.json': z.array(PerInstanceStats),
};

/**
 * Why the run folder `dir` does not hold a complete run (a missing, unreadable, truncated or
 * malformed file, or another run's run_spec.json), or undefined when all five files are sound.
 */
export function runFilesProblem(dir: string, runName = path.basename(dir)): string | undefined {
  for (const file of RUN_FILES) {
    const full = path.join(dir, file);
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch {
      return `${file} is missing`;
    }
    let value: unknown;
    try {
      value = pythonJsonParse(text);
    } catch (error) {
      return `${file} is not valid JSON (${(error as Error).message})`;
    }
    const parsed = RUN_FILE_SHAPES[file].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${file} does not have the shape of HELM's file (${issue.path.join('.') || 'top level'}: ${issue.message})`;
    }
    if (file === 'run_spec.json' && (parsed.data as RunSpec).name !== runName) {
      return `run_spec.json is for run ${(parsed.data as RunSpec).name}, not ${runName}`;
    }
  }
  return undefined;
}

/** True when the five files are present and sound (HELM's --skip-completed-runs test, made strict). */
export function isRunComplete(dir: string, runName?: string): boolean {
  return runFilesProblem(dir, runName) === undefined;
}
