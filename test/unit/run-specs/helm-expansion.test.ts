/**
 * HELM Classic's two confs (run_entries_lite.conf, run_entries.conf) expanded by HELM's own
 * run_entries_to_run_specs for a fixed set of models (scripts/helm-reference/expansion-goldens-classic.py):
 * for every entry whose run spec function helm-ts has, the same run names and byte-identical
 * run_spec.json (sha256 of HELM's text for every model, the full objects for simple/model1).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { ModelRegistry } from '../../../core/models/registry';
import { parseDescription } from '../../../core/run-specs/description';
import { runEntriesToRunSpecs } from '../../../core/run-specs/run-entries';
import { getRunSpecFunction } from '../../../core/run-specs/run-spec-functions';

const GOLDEN = path.join(__dirname, '../../golden/helm-expansion');
const MIRROR = path.join(__dirname, '../../fixtures/scenarios/classic');
/** commonsense's other datasets (commonsenseqa, siqa, piqa) belong to the HELM Lite work and are not in yet. */
const PARTIAL = /^commonsense:.*helm-ts failed: Run spec function 'commonsense': invalid dataset/;
const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'));

interface Row {
  entry: number;
  description: string;
  priority: number | null;
  groups: string[] | null;
  model: string;
  names?: string[];
  sha256?: string[];
  run_specs?: unknown[];
  error?: string;
}

function readRows(conf: string): Row[] {
  return fs
    .readFileSync(path.join(GOLDEN, `${conf}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => pythonJsonParse(line) as Row);
}

const outputPath = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-expansion-'));
afterAll(() => fs.rmSync(outputPath, { recursive: true, force: true }));

describe.each(['run_entries_lite', 'run_entries'])('HELM expansion of %s.conf', (conf) => {
  const rows = readRows(conf);
  const covered = rows.filter((row) => getRunSpecFunction(parseDescription(row.description).functionName) !== undefined);

  it('covers every priority-≤2 entry of the conf except the HELM Lite scenarios and big_bench', () => {
    const missing = new Set(
      rows
        .filter((row) => row.priority !== null && row.priority <= 2 && !covered.includes(row))
        .map((row) => parseDescription(row.description).functionName),
    );
    for (const lite of ['natural_qa', 'math', 'med_qa']) missing.delete(lite);
    expect([...missing]).toEqual([]);
  });

  it('gives HELM run names and byte-identical run_spec.json for every model', () => {
    const mismatches: string[] = [];
    for (const row of covered) {
      const entry = { description: row.description, priority: row.priority, groups: row.groups };
      let specs;
      try {
        specs = runEntriesToRunSpecs([entry], { modelsToRun: [row.model], context: { outputPath: outputPath, mirrorDir: MIRROR } }, registry);
      } catch (error) {
        if (row.error === undefined) mismatches.push(`${row.description} × ${row.model}: helm-ts failed: ${(error as Error).message}`);
        continue;
      }
      if (row.error !== undefined) {
        mismatches.push(`${row.description} × ${row.model}: HELM failed (${row.error}), helm-ts did not`);
        continue;
      }
      const names = specs.map((s) => s.name);
      if (JSON.stringify(names) !== JSON.stringify(row.names)) {
        mismatches.push(`${row.description} × ${row.model}: names ${JSON.stringify(names)} ≠ HELM ${JSON.stringify(row.names)}`);
        continue;
      }
      specs.forEach((spec, i) => {
        const text = pythonJsonDumps(spec, { indent: 2 });
        if (createHash('sha256').update(text).digest('hex') === row.sha256?.[i]) return;
        const helm = row.run_specs?.[i];
        const detail = helm === undefined ? '' : `\n  ours: ${text}\n  HELM: ${pythonJsonDumps(helm, { indent: 2 })}`;
        mismatches.push(`${spec.name} × ${row.model}: run_spec.json differs${detail}`);
      });
    }
    expect(mismatches.filter((m) => !PARTIAL.test(m)).slice(0, 8)).toEqual([]);
    expect(covered.length).toBeGreaterThan(0);
  });
});

describe('RAFT without its prompt settings file', () => {
  const entries = [
    { description: 'raft:subset=banking_77,model=simple/model1', priority: 2 },
    { description: 'mmlu:subject=anatomy,model=simple/model1', priority: 2 },
  ];
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-expansion-empty-'));
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('fails the expansion as HELM does, naming the file, its canonical source and the mirror path', () => {
    expect(() => runEntriesToRunSpecs(entries, { context: { outputPath: empty, mirrorDir: empty } }, registry)).toThrow(HelmInputError);
    expect(() => runEntriesToRunSpecs(entries, { context: { outputPath: empty, mirrorDir: empty } }, registry)).toThrow(
      /RAFT needs its prompt settings file prompt_construction_settings.json \(canonical source https:\/\/www.dropbox.com\/s\/a5cyevryzw8rt4f\/prompt_construction_settings.json\?dl=0\).*nor in the data mirror at .*raft\/prompt_construction_settings.json/,
    );
  });

  it('with a missing-data handler, names the entry and expands the others', () => {
    const failed: string[] = [];
    const specs = runEntriesToRunSpecs(
      entries,
      { context: { outputPath: empty, mirrorDir: empty }, onMissingData: (description) => failed.push(description) },
      registry,
    );
    expect(failed).toEqual(['raft:subset=banking_77,model=simple/model1']);
    expect(specs.map((s) => s.name)).toEqual(['mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1']);
  });
});
