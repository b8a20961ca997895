import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { ModelRegistry } from '../../../core/models/registry';
import { parseDescription } from '../../../core/run-specs/description';
import { runEntriesToRunSpecs } from '../../../core/run-specs/run-entries';
import { getRunSpecFunction } from '../../../core/run-specs/run-spec-functions';
import { PROJECT_ROOT, SHARED_DATA, tempDir } from '../../helpers/paths';

/**
 * Every entry of HELM Lite's three conf files (and of Classic's run_entries_lite.conf, where
 * helm-ts has the run spec function), for the models of test/golden/expansion/models.json, expands
 * to exactly the run specs HELM's own run_entries_to_run_specs built
 * (scripts/helm-reference/expansion-goldens.py): same names in the same order, and each run spec
 * serialised byte for byte as HELM serialises it (run_spec.json without its indent).
 */
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'golden', 'expansion');
const { confs, max_eval_instances: maxEvalInstances } = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'models.json'), 'utf8')) as {
  confs: string[];
  max_eval_instances: number;
};
const LITE_CONFS = confs.filter((c) => c.startsWith('run_entries_lite_2024'));

interface GoldenLine {
  entry: string;
  priority: number | null;
  model: string;
  names?: string[];
  run_specs?: string[];
  error?: string;
}

function readGolden(conf: string): GoldenLine[] {
  const file = path.join(GOLDEN, conf.replace(/\.conf$/, '.jsonl'));
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as GoldenLine);
}

const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'));

/** An output path whose scenarios/legalbench/ holds the prompt settings, as the script's. */
function outputPathWithLegalbenchSettings(): string {
  const outputPath = path.join(tempDir('expansion'), 'benchmark_output');
  const folder = path.join(outputPath, 'scenarios', 'legalbench');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(SHARED_DATA, 'legalbench', 'helm_prompt_settings.jsonl'), path.join(folder, 'prompt_construction_settings.json'));
  return outputPath;
}

function expand(line: GoldenLine, outputPath: string): { names: string[]; texts: string[] } | { error: string } {
  try {
    const specs = runEntriesToRunSpecs(
      [{ description: line.entry, priority: line.priority }],
      { maxEvalInstances, modelsToRun: [line.model], context: { outputPath } },
      registry,
    );
    return { names: specs.map((s) => s.name), texts: specs.map((s) => pythonJsonDumps(s)) };
  } catch (error) {
    if (error instanceof HelmInputError) return { error: error.message };
    throw error;
  }
}

describe('run entry expansion is HELM’s (test/golden/expansion)', () => {
  const outputPath = outputPathWithLegalbenchSettings();

  it.each(LITE_CONFS)('%s: every entry has a run spec function in helm-ts', (conf) => {
    const missing = readGolden(conf).filter((l) => getRunSpecFunction(parseDescription(l.entry).functionName) === undefined);
    expect(missing.map((l) => l.entry)).toEqual([]);
  });

  it.each(confs)('%s: names and run specs identical for every entry and model', (conf) => {
    const lines = readGolden(conf);
    let compared = 0;
    const differences: string[] = [];
    for (const line of lines) {
      if (getRunSpecFunction(parseDescription(line.entry).functionName) === undefined) continue;
      const ours = expand(line, outputPath);
      compared++;
      const where = `${line.entry} × ${line.model}`;
      if (line.error !== undefined) {
        // HELM fails offline where a run spec function downloads something; helm-ts may do either.
        if (!/URLError/.test(line.error) && !('error' in ours)) differences.push(`${where}: HELM fails (${line.error}), helm-ts expands`);
        continue;
      }
      if ('error' in ours) {
        differences.push(`${where}: helm-ts fails: ${ours.error}`);
        continue;
      }
      if (JSON.stringify(ours.names) !== JSON.stringify(line.names)) {
        differences.push(`${where}: names ${JSON.stringify(ours.names)} vs HELM ${JSON.stringify(line.names)}`);
        continue;
      }
      ours.texts.forEach((text, i) => {
        if (text !== line.run_specs?.[i]) differences.push(`${where}: run spec ${ours.names[i]} differs:\n  ours ${text}\n  HELM ${line.run_specs?.[i]}`);
      });
    }
    expect(differences.slice(0, 5).join('\n')).toBe('');
    expect(compared).toBeGreaterThan(0);
    if (LITE_CONFS.includes(conf)) expect(compared).toBe(lines.length);
  });
});
