import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { DEFAULT_SCHEMA_PATH, matcherMatches, readSchema, substituteMatcher, validateSchema } from '../../../core/summarize/schema';

const worst = { name: 'robustness', robustness: true, fairness: false, computed_on: 'worst' };

describe('helm-ts schema', () => {
  it('reads our schema without validation errors and covers the MMLU run group', () => {
    const schema = readSchema(DEFAULT_SCHEMA_PATH);
    expect(validateSchema(schema, DEFAULT_SCHEMA_PATH)).toEqual([]);
    const mmlu = schema.run_groups.find((g) => g.name === 'mmlu');
    expect(mmlu?.environment).toEqual({ main_name: 'exact_match', main_split: 'test' });
    expect(mmlu?.metric_groups).toEqual(['accuracy', 'calibration', 'robustness', 'fairness', 'efficiency', 'general_information']);
    // Defaults filled as HELM's dataclasses do.
    expect(mmlu?.visibility).toBe('all_groups');
    expect(mmlu?.adapter_keys_shown).toEqual(['model_deployment', 'model']);
    expect(schema.adapter?.map((f) => f.name)).toContain('model_deployment');
  });

  it('names the file and the entry of an unknown field', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 's.yaml');
    fs.writeFileSync(file, 'metrics:\n  - name: em\n    lower_is_beter: false\n');
    expect(() => readSchema(file)).toThrow(HelmInputError);
    expect(() => readSchema(file)).toThrow(/s\.yaml is invalid:\n {2}at metrics\[0\] \(name: em\): unknown field\(s\) lower_is_beter/);
  });

  it('reports dangling references and cycles', () => {
    const schema = readSchema(DEFAULT_SCHEMA_PATH);
    const broken = {
      ...schema,
      run_groups: [
        ...schema.run_groups,
        { ...schema.run_groups[0], name: 'a', subgroups: ['b'], metric_groups: ['acuracy'] },
        { ...schema.run_groups[0], name: 'b', subgroups: ['a'], metric_groups: [] },
      ],
    };
    const texts = validateSchema(broken, 'x.yaml').map((m) => m.text);
    expect(texts.some((t) => t.includes("Metric group 'acuracy' is not defined") && t.includes('Did you mean: accuracy'))).toBe(true);
    expect(texts.some((t) => t.includes('Cycle detected in subgroups: a -> b -> a'))).toBe(true);
  });
});

describe('MetricNameMatcher', () => {
  it('substitutes the environment and drops sub_split', () => {
    expect(substituteMatcher({ name: '${main_name}', split: '${main_split}', sub_split: 'x' }, { main_name: 'exact_match', main_split: 'test' })).toEqual({
      name: 'exact_match',
      split: 'test',
      perturbation_name: undefined,
    });
    expect(() => substituteMatcher({ name: '${nope}', split: 'test' }, {})).toThrow(/\$\{nope\} is undefined/);
  });

  it('matches perturbed stats only through their worst-case copy and a named perturbation', () => {
    const m = { name: 'exact_match', split: 'test' };
    expect(matcherMatches(m, { name: 'exact_match', split: 'test' })).toBe(true);
    expect(matcherMatches(m, { name: 'exact_match', split: 'valid' })).toBe(false);
    expect(matcherMatches({ ...m, split: '__all__' }, { name: 'exact_match', split: 'valid' })).toBe(true);
    expect(matcherMatches(m, { name: 'exact_match', split: 'test', perturbation: worst })).toBe(false);
    expect(matcherMatches({ ...m, perturbation_name: 'robustness' }, { name: 'exact_match', split: 'test', perturbation: worst })).toBe(true);
    expect(matcherMatches({ ...m, perturbation_name: 'robustness' }, { name: 'exact_match', split: 'test', perturbation: { ...worst, computed_on: 'perturbed' } })).toBe(false);
  });
});
