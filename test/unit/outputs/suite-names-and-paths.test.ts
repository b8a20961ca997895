import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { insideRoot, runDir, suiteDir, suiteWorkDir, executionWorkDir, workDir } from '../../../core/outputs/paths';
import { suiteNameProblem, validateSuiteName } from '../../../core/outputs/suite-name';
import { summarize } from '../../../core/summarize/summarize';
import { DEFAULT_SCHEMA_PATH } from '../../../core/summarize/schema';
import { tempDir } from '../../helpers/paths';

const BAD = ['../../escaped', '..', '.', '', 'a/b', 'a\\b', 'with space', 'semi;colon', 'new\nline', '-leading', '.hidden', 'x'.repeat(129), 'tab\there', 'quote"s', '$(cmd)', 'caf\u00e9'];
const GOOD = ['v1', 'default', 'my-suite_2.0', 'A', '0', 'x'.repeat(128), 'a..b'];

describe('suite names', () => {
  it.each(BAD)('refuses %j, saying what is accepted', (name) => {
    expect(suiteNameProblem(name)).toBeDefined();
    expect(() => validateSuiteName(name)).toThrow(HelmInputError);
    expect(() => validateSuiteName(name)).toThrow(/1 to 128 characters: letters, digits, "\.", "_" and "-", starting with a letter or digit/);
  });

  it.each(GOOD)('accepts %j', (name) => {
    expect(suiteNameProblem(name)).toBeUndefined();
  });

  it('says what is wrong', () => {
    expect(suiteNameProblem('')).toBe('it is empty');
    expect(suiteNameProblem('a/b')).toBe('it contains "/"');
    expect(suiteNameProblem('..')).toBe('it starts with "."');
    expect(suiteNameProblem('x'.repeat(200))).toBe('it is 200 characters long');
  });
});

describe('every path written stays under the output path', () => {
  const outputPath = '/data/benchmark_output';
  const paths = { outputPath, localPath: '/data/prod_env', suite: 'v1' };

  it('suite, run and work folders of good names', () => {
    expect(suiteDir(paths)).toBe('/data/benchmark_output/runs/v1');
    expect(runDir({ ...paths, runName: 'mmlu:subject=anatomy,model=simple_model1' })).toBe('/data/benchmark_output/runs/v1/mmlu:subject=anatomy,model=simple_model1');
    expect(suiteWorkDir(paths)).toBe('/data/benchmark_output/work/v1');
    expect(workDir({ ...paths, executionId: 'e1', runName: 'r' })).toBe('/data/benchmark_output/work/v1/e1/r');
  });

  it('refuses suite names with path components even past the CLIs (a workflow started by another client)', () => {
    for (const suite of ['../../escaped', '..', '.', '']) {
      expect(() => suiteDir({ ...paths, suite })).toThrow(HelmInputError);
      expect(() => suiteWorkDir({ ...paths, suite })).toThrow(HelmInputError);
    }
  });

  it('refuses run names and execution ids that leave their folder', () => {
    expect(() => runDir({ ...paths, runName: '..' })).toThrow(/is not inside/);
    expect(() => runDir({ ...paths, runName: '../../../etc' })).toThrow(/is not inside/);
    expect(() => runDir({ ...paths, runName: '' })).toThrow(/is not inside/);
    expect(() => executionWorkDir({ ...paths, executionId: '../other' })).toThrow(/is not inside/);
    expect(() => workDir({ ...paths, executionId: 'e1', runName: '../../x' })).toThrow(/is not inside/);
  });

  it('insideRoot is about path components, not string prefixes', () => {
    expect(() => insideRoot('/a/b', '/a/bc/file', 'x')).toThrow(/is not inside/);
    expect(insideRoot('/a/b', '/a/b/c/d', 'x')).toBe('/a/b/c/d');
    expect(insideRoot('/a/b', '/a/b/..c', 'x')).toBe('/a/b/..c');
  });

  it('helm-summarize writes nothing for a suite or release that would leave the output path', async () => {
    const root = tempDir('summarize-escape');
    const output = path.join(root, 'out', 'benchmark_output');
    fs.mkdirSync(path.join(output, 'runs'), { recursive: true });
    const base = { outputPath: output, schemaPath: DEFAULT_SCHEMA_PATH, schemaValidation: 'warn' as const, localPath: path.join(root, 'prod_env'), verbose: false, skipCompletedRunDisplayJson: false, numThreads: 1 };
    const hooks = { info: () => undefined, warn: () => undefined };
    await expect(summarize({ ...base, suite: '../../escaped' }, hooks)).rejects.toThrow(HelmInputError);
    await expect(summarize({ ...base, release: '../r', suites: ['v1'] }, hooks)).rejects.toThrow(HelmInputError);
    await expect(summarize({ ...base, release: 'r', suites: ['v1', '../x'] }, hooks)).rejects.toThrow(HelmInputError);
    expect(fs.readdirSync(root).sort()).toEqual(['out']);
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['benchmark_output']);
  });
});
