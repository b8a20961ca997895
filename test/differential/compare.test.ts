import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../core/outputs/paths';
import { PROJECT_ROOT, tempDir } from '../helpers/paths';
import { compareRunDirs, formatComparisons, jsonDifferences, maskTimingsRaw } from './compare';

/** The comparator must see real differences (else "identical" would mean nothing) and only them. */
const HELM_DIR = path.join(
  PROJECT_ROOT,
  'test/golden/helm-diff/mmlu_joint_philosophy_m10/mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1',
);

describe('differential comparison', () => {
  const work = tempDir('diff-compare');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function copyOfHelm(name: string, edit: (file: string, text: string) => string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of RUN_FILES) fs.writeFileSync(path.join(dir, file), edit(file, fs.readFileSync(path.join(HELM_DIR, file), 'utf8')));
    return dir;
  }

  it('finds HELM equal to itself, with different timings', () => {
    const dir = copyOfHelm('timings', (_file, text) =>
      text.replace(/"request_time": [0-9.e-]+/g, '"request_time": 12.5').replace(/"request_datetime": \d+/g, '"request_datetime": 1'),
    );
    expect(formatComparisons(compareRunDirs(HELM_DIR, dir))).toBe('');
  });

  it('reports a changed prompt, an int for a float, and a missing file, per file', () => {
    const dir = copyOfHelm('tampered', (file, text) => {
      if (file === 'scenario_state.json') return text.replaceAll('multiple choice questions (with answers) about philosophy', 'multiple choice questions about philosophy');
      if (file === 'stats.json') return text.replace('"mean": 10.0', '"mean": 10');
      return text;
    });
    fs.rmSync(path.join(dir, 'scenario.json'));
    const report = formatComparisons(compareRunDirs(HELM_DIR, dir));
    expect(report).toContain('--- prompts');
    expect(report).toContain(
      'request 0 prompt, line 1: HELM "The following are multiple choice questions (with answers) about philosophy." / ' +
        'helm-ts "The following are multiple choice questions about philosophy."',
    );
    expect(report).toContain('... 10 prompts differ in all');
    expect(report).toContain('--- scenario.json\n  helm-ts wrote no such file');
    expect(report).toMatch(/--- stats\.json\n {2}\$\[\d+\]\.mean: HELM 10\.0 \/ helm-ts 10$/);
    expect(report).not.toContain('--- per_instance_stats.json');
  });

  it('compares bytes, not just values: a float spelled differently is reported', () => {
    const dir = copyOfHelm('spelling', (file, text) => (file === 'stats.json' ? text.replace('"mean": 10.0', '"mean": 1e1') : text));
    const report = formatComparisons(compareRunDirs(HELM_DIR, dir));
    expect(report).toMatch(/^--- stats\.json\n {2}same values, different bytes: line \d+: /);
    expect(report).toContain(`HELM ${JSON.stringify('    "mean": 10.0,')} / helm-ts ${JSON.stringify('    "mean": 1e1,')}`);
  });

  it('masks the timings of inference_runtime stats in the raw bytes, and nothing else', () => {
    const text = fs.readFileSync(path.join(HELM_DIR, 'stats.json'), 'utf8');
    const masked = maskTimingsRaw(text);
    expect(masked).toContain('"name": "inference_runtime"');
    expect(masked.match(/<timing>/g)?.length).toBe(3 * 7); // plain, robustness, fairness: sum..stddev
    expect(masked.replace(/<timing>/g, '')).not.toBe(text);
    expect(maskTimingsRaw('    "mean": 10.0,')).toBe('    "mean": 10.0,');
  });

  it('names missing keys, extra keys, key order and lengths', () => {
    expect(jsonDifferences({ a: 1, b: [1, 2] }, { b: [1], a: 1, c: 'x' })).toEqual([
      '$.c: only in helm-ts = "x"',
      '$: key order differs: HELM a,b / helm-ts b,a',
      '$.b: HELM has 2 items, helm-ts 1',
    ]);
  });
});
