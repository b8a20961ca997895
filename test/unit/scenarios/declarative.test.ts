import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listScenarios } from '../../../core/catalog';
import { constructRunSpecs } from '../../../core/run-specs/construct-run-specs';
import { ModelRegistry } from '../../../core/models/registry';
import { runEntriesToRunSpecs } from '../../../core/run-specs/run-entries';
import { declarativeRunSpecFunctions, findDeclarativeScenarios, includePathsFromLocalPath } from '../../../core/scenarios/declarative/include-paths';
import { formatScenarioIssue, loadScenarioInstances, readScenarioFile, readScenarioInstances } from '../../../core/scenarios/declarative/load';
import { getScenario, scenarioMetadata } from '../../../core/scenarios/registry';
import { mmluRows, PHILOSOPHY_YAML, writePhilosophyScenario } from '../../helpers/declarative';
import { tempDir } from '../../helpers/paths';

const work = tempDir('declarative');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every problem of a folder, as --validate prints them. */
function problems(folder: string): string[] {
  const { scenario, issues } = readScenarioFile(folder);
  return [...issues, ...(scenario ? readScenarioInstances(scenario).issues : [])].map(formatScenarioIssue);
}

describe('declarative scenarios: scenario.yaml + JSONL/CSV instances', () => {
  it('reads a folder made from real MMLU rows: train from JSONL, test from CSV, in file order', () => {
    const folder = writePhilosophyScenario(path.join(work, 'ok'));
    expect(problems(folder)).toEqual([]);
    const { instances } = loadScenarioInstances(folder);
    const dev = mmluRows('dev', 'philosophy');
    const test = mmluRows('test', 'philosophy');
    expect(instances).toHaveLength(5 + 12);
    expect(instances[0]).toEqual({
      input: { text: dev[0].question },
      references: dev[0].options.map((text, j) => ({ output: { text }, tags: 'ABCD'[j] === dev[0].answer ? ['correct'] : [] })),
      split: 'train',
      sub_split: undefined,
      id: 'train-0',
      extra_data: undefined,
    });
    expect(instances[5].input.text).toBe(test[0].question);
    expect(instances[5].references.filter((r) => r.tags.includes('correct')).map((r) => r.output.text)).toEqual([
      test[0].options['ABCD'.indexOf(test[0].answer)],
    ]);
    expect(instances[5]).toMatchObject({ split: 'test', id: 'test-0' });
  });

  it('is a run spec function after --include-path: HELM adapter helper, HELM metric bundle, the folder as the scenario argument', () => {
    const include = path.join(work, 'include');
    const folder = writePhilosophyScenario(include);
    const functions = declarativeRunSpecFunctions([include]);
    const [spec] = runEntriesToRunSpecs([{ description: 'philosophy_mine:model=simple/model1', priority: 1 }], { maxEvalInstances: 5, suiteFunctions: functions }, ModelRegistry.load(''));
    expect(spec.name).toBe('philosophy_mine:model=simple_model1');
    expect(spec.scenario_spec).toEqual({ class_name: 'helm_ts.scenarios.declarative.DeclarativeScenario', args: { path: folder } });
    expect(spec.adapter_spec).toMatchObject({
      method: 'multiple_choice_joint',
      instructions: 'Answer the philosophy questions.\n',
      input_prefix: 'Question: ',
      output_prefix: 'Answer: ',
      max_train_instances: 3,
      max_tokens: 1,
      max_eval_instances: 5,
    });
    expect(spec.metric_specs.map((m) => m.class_name)).toEqual([
      'helm.benchmark.metrics.basic_metrics.BasicGenerationMetric',
      'helm.benchmark.metrics.basic_metrics.BasicReferenceMetric',
      'helm.benchmark.metrics.basic_metrics.InstancesPerSplitMetric',
    ]);
    expect(spec.metric_specs[0].args).toEqual({ names: ['exact_match', 'quasi_exact_match'] });
    expect(spec.groups).toEqual(['philosophy_mine']);
    expect(scenarioMetadata(getScenario(spec.scenario_spec.class_name), spec.scenario_spec.args)).toEqual({
      name: 'philosophy_mine',
      description: 'MMLU philosophy questions kept as my own scenario.',
      tags: ['multiple_choice', 'philosophy'],
      definition_path: path.join(folder, 'scenario.yaml'),
    });
    expect(listScenarios([include]).find((e) => e.name === 'philosophy_mine')).toMatchObject({ source: path.join(folder, 'scenario.yaml') });
    // Without the include path, the name is unknown and the message says how to add scenarios.
    expect(() => constructRunSpecs('philosophy_mine:model=simple/model1', ModelRegistry.load(''))).toThrow(/Unknown run spec name: philosophy_mine\..*--include-path DIR/);
  });

  it('<local-path>/include_paths.yaml lists folders, relative to it', () => {
    const local = path.join(work, 'prod_env');
    fs.mkdirSync(local, { recursive: true });
    fs.writeFileSync(path.join(local, 'include_paths.yaml'), 'include_paths: [../include, /abs/other]\n');
    expect(includePathsFromLocalPath(local)).toEqual([path.join(work, 'include'), '/abs/other']);
    fs.writeFileSync(path.join(local, 'include_paths.yaml'), 'include_path: [x]\n');
    expect(() => includePathsFromLocalPath(local)).toThrow(/include_paths\.yaml: expected "include_paths: \[folder, …\]"/);
  });

  describe('bad input: every problem, with file, line and field', () => {
    it('a YAML with a missing field, an unknown field and an unknown metric name', () => {
      const yaml = PHILOSOPHY_YAML.replace('description: MMLU philosophy questions kept as my own scenario.\n', '')
        .replace('  max_train_instances: 3\n', '  max_train_instance: 3\n')
        .replace('metrics: [exact_match, quasi_exact_match]', 'metrics: [exact_match, quasi_exact_mach]');
      const folder = writePhilosophyScenario(path.join(work, 'bad-yaml'), 3, yaml);
      const file = path.join(folder, 'scenario.yaml');
      const found = problems(folder);
      expect(found).toEqual([
        `${file}:1: description: missing (required; expected string)`,
        `${file}:10: adapter: unknown field max_train_instance`,
      ]);
      // Schema problems first; once fixed, the metric name is checked (line of the bad name).
      const fixed = yaml.replace('  max_train_instance: 3\n', '').replace('tags:', 'description: d\ntags:');
      fs.writeFileSync(file, fixed);
      expect(problems(folder)).toEqual([
        expect.stringMatching(new RegExp(`^${file}:11: metrics\\.1: unknown metric name "quasi_exact_mach"\\. Did you mean: quasi_exact_match`)),
      ]);
    });

    it('a JSONL line with a missing field, one with a reference without a correct tag, one with an unknown tag', () => {
      const folder = writePhilosophyScenario(path.join(work, 'bad-jsonl'), 3);
      const file = path.join(folder, 'train.jsonl');
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      delete lines[1].references;
      (lines[2].references as Array<{ tags: string[] }>).forEach((r) => (r.tags = []));
      (lines[3].references as Array<{ tags: string[] }>)[0].tags = ['Correct'];
      fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      expect(problems(folder)).toEqual([
        expect.stringMatching(new RegExp(`^${file}:2: references: .*expected array`)),
        `${file}:3: references: no reference is tagged "correct" (every instance needs at least one correct reference)`,
        `${file}:4: references.0.tags.0: the only tag is "correct"`,
      ]);
      expect(() => loadScenarioInstances(folder)).toThrow(/Declarative scenario philosophy_mine .*: 3 problems:/);
    });

    it('a CSV row whose correct letter points nowhere, a row without a correct reference, a duplicate id', () => {
      const folder = writePhilosophyScenario(path.join(work, 'bad-csv'), 4);
      const file = path.join(folder, 'test.csv');
      const rows = fs.readFileSync(file, 'utf8').trim().split('\n');
      rows[1] = rows[1].replace(/,[A-D],test-0$/, ',E,test-0');
      rows[2] = rows[2].replace(/,[A-D],test-1$/, ',,test-1');
      rows[4] = rows[4].replace(/test-3$/, 'test-2');
      fs.writeFileSync(file, rows.join('\n') + '\n');
      const found = problems(folder);
      expect(found).toEqual([
        expect.stringMatching(new RegExp(`^${file}:\\d+: correct: "E" is not a reference letter \\(A–D`)),
        expect.stringMatching(new RegExp(`^${file}:\\d+: correct: no reference is tagged "correct"`)),
        expect.stringMatching(new RegExp(`^${file}:\\d+: id: "test-2" is also the id of ${file}:\\d+$`)),
      ]);
    });

    it('a scenario named like a built-in, and two folders with one name, are refused naming both', () => {
      const include = path.join(work, 'clash');
      writePhilosophyScenario(path.join(include, 'a'), 2);
      writePhilosophyScenario(path.join(include, 'b'), 2, PHILOSOPHY_YAML.replace('name: philosophy_mine', 'name: mmlu'));
      fs.renameSync(path.join(include, 'a', 'philosophy_mine'), path.join(include, 'one'));
      fs.renameSync(path.join(include, 'b', 'philosophy_mine'), path.join(include, 'two'));
      writePhilosophyScenario(path.join(include, 'c'), 2);
      fs.renameSync(path.join(include, 'c', 'philosophy_mine'), path.join(include, 'three'));
      const found = findDeclarativeScenarios([include]).issues.map(formatScenarioIssue);
      expect(found).toEqual([
        `${path.join(include, 'three', 'scenario.yaml')}: name: "philosophy_mine" is also the name of ${path.join(include, 'one', 'scenario.yaml')}`,
        `${path.join(include, 'two', 'scenario.yaml')}: name: "mmlu" is already a run spec function (registered by helm-ts); choose another name`,
      ]);
      expect(() => declarativeRunSpecFunctions([include])).toThrow(/2 problems/);
    });
  });
});
