import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { LSAT_TASKS, getLsatInstances, lsatQuestionTypes, parseLsatJson } from '../../../core/scenarios/lsat-qa-scenario';
import { expectedSummary, readGolden, SHARED_DATA, summarise } from './golden';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'helm-lsat-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('LSAT parsing', () => {
  it('maps tags[2] to the sub-type and its main type', () => {
    expect(lsatQuestionTypes(['a', 'b', 'in/out grouping'])).toEqual(['in_out_grouping', 'grouping']);
    expect(lsatQuestionTypes(['a', 'b', 'grouping (distribution)'])).toEqual(['distribution_grouping', 'grouping']);
    expect(lsatQuestionTypes(['a', 'b', ''])).toEqual(['miscellaneous']);
    expect(lsatQuestionTypes(['a', 'b', 'something else'])).toEqual(['something_else']);
  });

  it('builds passage/question inputs and marks the lettered option correct, filtering by task', () => {
    const text = JSON.stringify([
      {
        passage: 'Six talks.',
        questions: [
          { question: 'Which order?', options: ['x', 'y'], answer: 'B', tags: ['', '', 'simple ordering'] },
          { question: 'Who?', options: ['p', 'q'], answer: 'A', tags: ['', '', ''] },
        ],
      },
    ]);
    expect(parseLsatJson(text, 'mem', 'valid', 'ordering')).toEqual([
      {
        input: { text: 'Six talks.\nQuestion: Which order?' },
        references: [
          { output: { text: 'x' }, tags: [] },
          { output: { text: 'y' }, tags: ['correct'] },
        ],
        split: 'valid',
      },
    ]);
    expect(parseLsatJson(text, 'mem', 'valid', 'all')).toHaveLength(2);
    expect(parseLsatJson(text, 'mem', 'valid', 'miscellaneous')).toHaveLength(1);
    expect(() => parseLsatJson('{"passage": 1}', 'bad.json', 'test', 'all')).toThrow(/bad.json: expected a list/);
  });
});

describe('LSAT on the real data', () => {
  for (const task of LSAT_TASKS) {
    it(`task=${task} equals the Python HELM instances`, async () => {
      const instances = await getLsatInstances({ task }, path.join(tmp, 'lsat_qa'), { mirrorDir: SHARED_DATA });
      expect(summarise(instances)).toEqual(expectedSummary(readGolden(`lsat_qa_${task}`)));
    });
  }

  it('rejects an unknown task, listing the accepted ones', async () => {
    const load = getLsatInstances({ task: 'in_out_grouping' }, path.join(tmp, 'lsat_qa'));
    await expect(load).rejects.toThrow(HelmInputError);
    await expect(getLsatInstances({ task: 'in_out_grouping' }, path.join(tmp, 'lsat_qa'))).rejects.toThrow(
      /lsat_qa: invalid task "in_out_grouping"; accepted values: grouping, ordering, assignment, miscellaneous, all/,
    );
    await expect(getLsatInstances({}, path.join(tmp, 'lsat_qa'))).rejects.toThrow(/argument task is required/);
  });
});
