import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { ensureFileDownloaded } from '../../../core/scenarios/download';
import { GSM_BASE_URL, getGsmInstances, gsmReference, parseGsmJsonLines } from '../../../core/scenarios/gsm-scenario';
import { getScenario, scenarioMetadata } from '../../../core/scenarios/registry';
import { expectedSummary, readGolden, SHARED_DATA, summarise } from './golden';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'helm-gsm-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('GSM8K parsing', () => {
  it('turns "#### n" into "The answer is n." and newlines into spaces, keeping <<...>>', () => {
    expect(gsmReference('Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72')).toBe(
      'Natalia sold 48/2 = <<48/2=24>>24 clips in May. The answer is 72.',
    );
    const text = '{"question": "Q1?", "answer": "a\\n#### 1"}\n{"question": "Q2?", "answer": "#### 2"}\n';
    expect(parseGsmJsonLines(text, 'mem', 'train')).toEqual([
      { input: { text: 'Q1?' }, references: [{ output: { text: 'a The answer is 1.' }, tags: ['correct'] }], split: 'train' },
      { input: { text: 'Q2?' }, references: [{ output: { text: 'The answer is 2.' }, tags: ['correct'] }], split: 'train' },
    ]);
  });

  it('rejects a blank line or a line without question/answer, naming the line', () => {
    expect(() => parseGsmJsonLines('{"question": "q", "answer": "a"}\n\n', 'f.jsonl', 'test')).toThrow(/f.jsonl: line 2 is not valid JSON/);
    expect(() => parseGsmJsonLines('{"question": "q"}\n', 'f.jsonl', 'test')).toThrow(HelmInputError);
  });

  it('uses HELM URL (with its doubled slash)', () => {
    expect(`${GSM_BASE_URL}/test.jsonl`).toBe('https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data//test.jsonl');
  });
});

describe('GSM8K on the real data', () => {
  it('equals the Python HELM instances (7,473 train + 1,319 test), copied from the mirror into gsm_data_<split>', async () => {
    const dir = path.join(tmp, 'scenarios', 'gsm');
    const instances = await getGsmInstances({}, dir, { mirrorDir: SHARED_DATA });
    expect(summarise(instances)).toEqual(expectedSummary(readGolden('gsm')));
    expect(await readFile(path.join(dir, 'gsm_data_test'))).toEqual(await readFile(path.join(SHARED_DATA, 'gsm', 'test.jsonl')));
    // Present now: a second load uses no mirror and no network.
    expect(await getGsmInstances({}, dir)).toHaveLength(8792);
  });

  it('scenario.json metadata is HELM class attributes', () => {
    expect(scenarioMetadata(getScenario('helm.benchmark.scenarios.gsm_scenario.GSM8KScenario'))).toEqual({
      name: 'gsm',
      description: 'Grade school math dataset with 8.5K examples (GSM8K).',
      tags: ['reasoning', 'math'],
      definition_path: 'https://github.com/stanford-crfm/helm/blob/main/src/helm/benchmark/scenarios/gsm_scenario.py',
    });
  });

  it('rejects arguments and a missing mirror file', async () => {
    await expect(getGsmInstances({ subject: 'x' }, path.join(tmp, 'g2'))).rejects.toThrow(/gsm: unexpected argument subject/);
    await expect(
      ensureFileDownloaded({ targetPath: path.join(tmp, 'g3', 'f'), sourceUrl: 'https://example.invalid/x', mirrorSource: path.join(tmp, 'none') }),
    ).rejects.toThrow(/Mirror file .*none does not exist/);
  });
});
