import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { pythonJsonDumps, pythonJsonParse } from '../../core/common/python-json';
import { runCli } from '../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../helpers/paths';

/**
 * The real helm-summarize CLI against the Python HELM's helm-summarize outputs for the same run
 * folders and schema (test/golden/helm-summarize, from scripts/helm-reference/summarize-goldens.sh).
 * Every file must match byte for byte, except summary.json's date, schema.json's free text that
 * helm-ts words itself (AdapterSpec field descriptions, model descriptions of our model registry)
 * and the order of groups.json's "Adaptation method" list (a Python set).
 *
 * The `*_classic_ts` cases run helm-ts's own copy of HELM Classic's schema (`--schema classic`, or
 * chosen by itself) against HELM's summarizer with HELM's schema_classic.yaml restricted the same
 * way: there each of HELM's descriptions is first replaced by ours for the same entry (wherever
 * HELM's summarizer put it: schema.json, groups.json, groups_metadata.json, table headers).
 */
const BIN = path.join(PROJECT_ROOT, 'bin', 'helm-summarize.js');
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'golden', 'helm-summarize');
const OUR_SCHEMA = path.join(PROJECT_ROOT, 'core', 'summarize', 'schema', 'schema_helm_ts.yaml');
const OUR_CLASSIC_SCHEMA = path.join(PROJECT_ROOT, 'core', 'summarize', 'schema', 'schema_classic.yaml');
const GOLDEN_ROOT = path.join(PROJECT_ROOT, 'test', 'golden');
const VENV_PYTHON = '/root/.cache/helm-ts/helm-venv/bin/python';

/** HELM's packaged schema_classic.yaml (from the installed crfm-helm), if available. */
function helmClassicSchema(): string | undefined {
  if (!fs.existsSync(VENV_PYTHON)) return undefined;
  const code = 'from helm.benchmark.presentation.schema import get_default_schema_path as p; print(p())';
  return execFileSync(VENV_PYTHON, ['-c', code], { encoding: 'utf8' }).trim();
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    return d.isDirectory() ? listFiles(path.join(dir, d.name), rel) : [rel];
  });
}

/** A suite folder made of golden run folders (HELM's helm-run outputs). */
function makeSuite(work: string, suite: string, runCases: string[]): string {
  const suiteDir = path.join(work, 'benchmark_output', 'runs', suite);
  fs.mkdirSync(suiteDir, { recursive: true });
  for (const runCase of runCases) {
    const caseDir = path.join(GOLDEN_ROOT, runCase);
    for (const d of fs.readdirSync(caseDir, { withFileTypes: true })) {
      if (d.isDirectory()) fs.cpSync(path.join(caseDir, d.name), path.join(suiteDir, d.name), { recursive: true });
    }
  }
  return suiteDir;
}

type Described = { name: string; description?: string; short_description?: string };
const SCHEMA_KINDS = ['metrics', 'perturbations', 'metric_groups', 'run_groups'] as const;

/**
 * HELM's description → ours, for every entry both schemas have (HELM's side from the golden
 * schema.json, ours from our schema file), as JSON-escaped text, longest first. One HELM text
 * must have one wording of ours, or the substitution could not tell which to use.
 */
function descriptionSubstitutions(helmSchemaJson: string, ourSchemaFile: string): Array<[string, string]> {
  const helm = pythonJsonParse(helmSchemaJson) as Record<string, Described[]>;
  const ours = YAML.parse(fs.readFileSync(ourSchemaFile, 'utf8')) as Record<string, Described[]>;
  const pairs = new Map<string, { ours: string; where: string }>();
  for (const kind of SCHEMA_KINDS) {
    const byName = new Map(ours[kind].map((e) => [e.name, e]));
    for (const entry of helm[kind]) {
      for (const field of ['description', 'short_description'] as const) {
        const helmText = entry[field];
        const ourText = byName.get(entry.name)?.[field];
        if (helmText === undefined || ourText === undefined) continue;
        const [from, to] = [pythonJsonDumps(helmText).slice(1, -1), pythonJsonDumps(ourText).slice(1, -1)];
        const seen = pairs.get(from);
        if (seen !== undefined && seen.ours !== to) throw new Error(`HELM words ${kind} ${entry.name} like ${seen.where}, helm-ts does not`);
        pairs.set(from, { ours: to, where: `${kind} ${entry.name}` });
      }
    }
  }
  return [...pairs.entries()].map(([from, { ours: to }]): [string, string] => [from, to]).sort((a, b) => b[0].length - a[0].length);
}

function substitute(text: string, substitutions: Array<[string, string]>): string {
  return substitutions.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** The parts of a file that are compared: masked where helm-ts differs on purpose. */
function comparable(rel: string, text: string): string {
  if (rel === 'summary.json') {
    const summary = pythonJsonParse(text) as Record<string, unknown>;
    expect(summary.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    return pythonJsonDumps({ ...summary, date: '<date>' }, { indent: 2 });
  }
  if (rel === 'schema.json') {
    const schema = pythonJsonParse(text) as { adapter: Array<Record<string, unknown>>; models: Array<Record<string, unknown>> };
    const mask = (list: Array<Record<string, unknown>>) => list.map((f) => ({ ...f, description: '<text>' }));
    return pythonJsonDumps({ ...schema, adapter: mask(schema.adapter), models: mask(schema.models) }, { indent: 2 });
  }
  if (rel === 'groups.json') {
    // "Adaptation method" joins a Python set, whose order changes from one HELM process to the next.
    const tables = JSON.parse(text) as Array<{ rows: Array<Array<{ value?: string }>> }>;
    for (const table of tables) for (const row of table.rows) row[2].value = row[2].value?.split(', ').sort().join(', ');
    return JSON.stringify(tables, null, 2);
  }
  return text;
}

const GOLDEN_CASES = fs
  .readdirSync(GOLDEN)
  .filter((name) => fs.existsSync(path.join(GOLDEN, name, 'CASE.txt')))
  .map((name) => {
    const caseText = fs.readFileSync(path.join(GOLDEN, name, 'CASE.txt'), 'utf8');
    const suite = /suite=(.*)/.exec(caseText)?.[1] ?? '';
    const schemaName = /schema=(.*)/.exec(caseText)?.[1] ?? '';
    const runs = fs.readFileSync(path.join(GOLDEN, name, 'RUNS.txt'), 'utf8').trim().split(/\s+/);
    // Cases of HELM's restricted Classic schema name the flags that select helm-ts's copy of it.
    const flags = /^helm_ts_flags=(.*)$/m.exec(caseText)?.[1];
    return { name, suite, schemaName, runs, flags };
  });

describe('helm-summarize reproduces the Python HELM summarizer', () => {
  it('has golden cases for both schemas and for helm-ts’s HELM Classic schema, chosen by name and by itself', () => {
    expect(GOLDEN_CASES.map((c) => c.schemaName).sort()).toEqual(expect.arrayContaining(['schema_classic.yaml', 'schema_helm_ts.yaml']));
    expect(GOLDEN_CASES.map((c) => c.flags).filter((f) => f !== undefined).sort()).toEqual(['', '--schema classic']);
  });

  it.each(GOLDEN_CASES)('$name', async ({ name, suite, schemaName, runs, flags }) => {
    let schemaArgs: string[];
    if (flags !== undefined) schemaArgs = flags.split(' ').filter((f) => f !== '');
    else {
      const schemaPath = schemaName === 'schema_helm_ts.yaml' ? OUR_SCHEMA : helmClassicSchema();
      if (schemaPath === undefined) {
        // HELM's schema text is not vendored; without the Python HELM this case cannot run.
        console.warn(`skipping ${name}: no crfm-helm install to take schema_classic.yaml from`);
        return;
      }
      schemaArgs = ['--schema-path', schemaPath];
    }
    const work = tempDir('summarize-golden');
    const suiteDir = makeSuite(work, suite, runs);
    const inputs = new Set(listFiles(suiteDir));
    const result = await runCli(BIN, ['--suite', suite, ...schemaArgs], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`Summarized ${runs.length} runs into benchmark_output/runs/${suite}`));
    if (flags !== undefined) {
      const why = flags === '' ? "HELM Classic's, chosen from the runs' groups" : flags;
      expect(result.stderr).toContain(`core/summarize/schema/schema_classic.yaml (${why})`);
    }

    const expected = listFiles(path.join(GOLDEN, name)).filter((f) => !['CASE.txt', 'RUNS.txt'].includes(f)).sort();
    const written = listFiles(suiteDir).filter((f) => !inputs.has(f)).sort();
    expect(written).toEqual(expected);
    const substitutions =
      flags === undefined ? [] : descriptionSubstitutions(fs.readFileSync(path.join(GOLDEN, name, 'schema.json'), 'utf8'), OUR_CLASSIC_SCHEMA);
    for (const rel of expected) {
      const ours = fs.readFileSync(path.join(suiteDir, rel), 'utf8');
      const helm = substitute(fs.readFileSync(path.join(GOLDEN, name, rel), 'utf8'), substitutions);
      expect(comparable(rel, ours), rel).toBe(comparable(rel, helm));
    }
  });
});

describe('helm-summarize release mode', () => {
  it('summarizes several suites into releases/<release>; a run in two suites maps to the later one', async () => {
    const work = tempDir('summarize-release');
    makeSuite(work, 'a', ['helm/philosophy_m10']);
    makeSuite(work, 'b', ['helm/philosophy_m10', 'helm/anatomy_m25_t2']);
    const result = await runCli(BIN, ['--release', 'r1', '--suites', 'a', 'b', '--schema-path', OUR_SCHEMA], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/present in two different Run Suites. Defaulting to the latest assigned suite: b/);
    const release = path.join(work, 'benchmark_output', 'releases', 'r1');
    const summary = JSON.parse(fs.readFileSync(path.join(release, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['release', 'suites', 'date']);
    expect(summary.suites).toEqual(['a', 'b']);
    expect(JSON.parse(fs.readFileSync(path.join(release, 'runs_to_run_suites.json'), 'utf8'))).toEqual({
      'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1': 'b',
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1': 'b',
    });
    // Both copies of the shared run stay in the run list (HELM aggregates them twice).
    expect((JSON.parse(fs.readFileSync(path.join(release, 'runs.json'), 'utf8')) as unknown[]).length).toBe(3);
    const missing = await runCli(BIN, ['--release', 'r1'], { cwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--suites must also be specified/);
  });
});

describe('helm-summarize on bad input', () => {
  it('--help exits 0; a bad flag exits 2 with usage', async () => {
    const work = tempDir('summarize-flags');
    const help = await runCli(BIN, ['--help'], { cwd: work });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--skip-completed-run-display-json/);
    const bad = await runCli(BIN, ['--sute', 'x'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: helm-summarize/);
    const conflict = await runCli(BIN, ['--suite', 'a', '--release', 'r'], { cwd: work });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/--release and --suites must NOT be specified/);
  });

  it('a missing suite folder is named', async () => {
    const work = tempDir('summarize-missing');
    const result = await runCli(BIN, ['--suite', 'nope'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('benchmark_output/runs/nope does not exist');
  });

  it('an unknown schema field names the file and the field, and nothing is written', async () => {
    const work = tempDir('summarize-schema');
    const suiteDir = makeSuite(work, 's', ['helm/philosophy_m10']);
    const schema = path.join(work, 'bad_schema.yaml');
    fs.writeFileSync(schema, fs.readFileSync(OUR_SCHEMA, 'utf8').replace('  - name: mmlu\n', '  - name: mmlu\n    metric_group: [accuracy]\n'));
    const result = await runCli(BIN, ['--suite', 's', '--schema-path', schema], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(schema);
    expect(result.stderr).toMatch(/name: mmlu\): unknown field\(s\) metric_group/);
    expect(fs.existsSync(path.join(suiteDir, 'schema.json'))).toBe(false);
  });

  it('corrupt run files are named, skipped, and never overwrite good data; the rest still summarizes', async () => {
    const work = tempDir('summarize-corrupt');
    const suiteDir = makeSuite(work, 's', ['helm/philosophy_m10', 'helm/anatomy_m25_t2', 'helm/abstract_algebra_train3_m5']);
    const [algebra, anatomy, philosophy] = fs.readdirSync(suiteDir).sort();
    // First a good summary, then corrupt one run's stats.json and another's scenario_state.json.
    expect((await runCli(BIN, ['--suite', 's', '--schema-path', OUR_SCHEMA], { cwd: work })).code).toBe(0);
    const goodPredictions = fs.readFileSync(path.join(suiteDir, anatomy, 'display_predictions.json'), 'utf8');
    fs.writeFileSync(path.join(suiteDir, algebra, 'stats.json'), '[{"name": ');
    fs.writeFileSync(path.join(suiteDir, anatomy, 'scenario_state.json'), '{"adapter_spec": 3}');
    fs.mkdirSync(path.join(suiteDir, 'not_a_run'));

    const result = await runCli(BIN, ['--suite', 's', '--schema-path', OUR_SCHEMA], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(path.join('benchmark_output/runs/s', algebra, 'stats.json') + ': not valid JSON');
    expect(result.stderr).toContain(path.join('benchmark_output/runs/s', anatomy, 'scenario_state.json') + ': unexpected content');
    expect(result.stderr).toContain("not_a_run doesn't have run_spec.json or stats.json, skipping");
    const runs = pythonJsonParse(fs.readFileSync(path.join(suiteDir, 'runs.json'), 'utf8')) as Array<{ run_spec: { name: string } }>;
    expect(runs.map((r) => r.run_spec.name)).toEqual([anatomy, philosophy]);
    expect(fs.readFileSync(path.join(suiteDir, anatomy, 'display_predictions.json'), 'utf8')).toBe(goodPredictions);
    const mmlu = JSON.parse(fs.readFileSync(path.join(suiteDir, 'groups', 'mmlu.json'), 'utf8')) as Array<{ name: string }>;
    expect(mmlu.map((t) => t.name)).toEqual(['mmlu', 'mmlu_subject:anatomy', 'mmlu_subject:philosophy']);
    // No temp files left behind.
    expect(listFiles(suiteDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('--skip-completed-run-display-json keeps existing display files', async () => {
    const work = tempDir('summarize-skip');
    const suiteDir = makeSuite(work, 's', ['helm/philosophy_m10']);
    const [run] = fs.readdirSync(suiteDir);
    for (const f of ['instances.json', 'display_predictions.json', 'display_requests.json']) fs.writeFileSync(path.join(suiteDir, run, f), '[]');
    const result = await runCli(BIN, ['--suite', 's', '--skip-completed-run-display-json', '--schema-path', OUR_SCHEMA], { cwd: work });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(suiteDir, run, 'display_predictions.json'), 'utf8')).toBe('[]');
    const again = await runCli(BIN, ['--suite', 's', '--schema-path', OUR_SCHEMA], { cwd: work });
    expect(again.code).toBe(0);
    expect(fs.readFileSync(path.join(suiteDir, run, 'display_predictions.json'), 'utf8')).not.toBe('[]');
  });
});
