/**
 * More HELM Classic scenarios against HELM's own scenario classes (crfm-helm 0.5.16): instances equal
 * to the Python HELM's on the canonical-format fixtures in test/fixtures/scenarios/classic/ (made by
 * scripts/helm-reference/make-classic2-fixtures.py; goldens by classic-scenario-goldens.py).
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../core/scenarios/registry';
import { parseRaftRows, raftTrainTestSplit } from '../../../core/scenarios/raft-scenario';
import { FIXTURES, classicInstanceChecker } from './golden';

const CLASSIC = path.join(FIXTURES, 'classic');

const { root: scenarioRoot, expectHelmInstances } = classicInstanceChecker('helm-classic-more-');

describe('raft (ought/raft at HELM’s revision, split 20/80 with NumPy PCG64)', () => {
  for (const s of ['ade_corpus_v2', 'tai_safety_research']) it(`subset=${s}: instances equal to HELM's`, () => expectHelmInstances(`raft_${s}`));

  it('reads the loading script’s CSV: spaces after commas skipped, labels by name or index', () => {
    const rows = parseRaftRows('Sentence,ID,Label\n"a, b", "1", "2"\nc,2, not ADE-related\n', 'x.csv', ['Unlabeled', 'ADE-related', 'not ADE-related']);
    expect(rows).toEqual([
      { fields: { Sentence: 'a, b', ID: '1', Label: '2' }, label: 2 },
      { fields: { Sentence: 'c', ID: '2', Label: 'not ADE-related' }, label: 2 },
    ]);
    expect(() => parseRaftRows('Sentence,Label\nx,7\n', 'x.csv', ['Unlabeled', 'a'])).toThrow(/x.csv: line 2: Label "7" is neither a class name nor a class index \(0-1\)/);
  });

  it('train_test_split(test_size=0.8): ⌈0.8·n⌉ test rows first in the permutation, the rest train', () => {
    const { train, test } = raftTrainTestSplit([...Array(50).keys()]);
    expect([train.length, test.length]).toEqual([10, 40]);
    expect(new Set([...train, ...test]).size).toBe(50);
  });

  it('missing repository files name the dataset, the file and the Hub source', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.raft_scenario.RAFTScenario');
    await expect(scenario.getInstances({ subset: 'overruling' }, path.join(scenarioRoot, 'raft-missing'), { mirrorDir: CLASSIC })).rejects.toThrow(
      /RAFT overruling task description is missing: none of .*huggingface\/ought\/raft\/9ee50172ea9afda2f1033c6f1b986e568b862fb3\/data\/overruling\/task.json exists in the data mirror \(canonical source: https:\/\/huggingface.co\/datasets\/ought\/raft\/resolve\/9ee50172ea9afda2f1033c6f1b986e568b862fb3\/data\/overruling\/task.json/,
    );
  });
});

describe('entity_matching (deepmatcher CSVs through pandas: merges, balanced train sample with pinned NumPy states)', () => {
  for (const d of ['Beer', 'Abt_Buy', 'Dirty_iTunes_Amazon']) it(`dataset=${d}: instances equal to HELM's`, () => expectHelmInstances(`entity_matching_${d}`));
});

describe('entity_data_imputation (pandas CSV, ARFF read as HELM does, seeded 10%/20% samples)', () => {
  for (const d of ['Buy', 'Restaurant']) it(`dataset=${d}: instances equal to HELM's`, () => expectHelmInstances(`entity_data_imputation_${d}`));
});

describe('msmarco (passages, queries, qrels, top-k; ids shuffled with Python random seeded 1885)', () => {
  for (const c of ['regular_30', 'trec_30', 'regular_11']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`msmarco_${c}`));
});

describe('ice (licensed corpus in restricted/ice or the mirror; pinned file order, markup removed, gender from headers and spreadsheets)', () => {
  const cases = ['ea', 'hk', 'ind', 'usa', 'can', 'gender_female', 'gender_male', 'can_male', 'ind_S1', 'ea_W', 'ea_S2', 'usa_W2'];
  for (const c of cases) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`ice_${c}`));

  it('a subset that is nowhere names the folder, the mirror path and where ICE comes from', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.ice_scenario.ICEScenario');
    await expect(scenario.getInstances({ subset: 'ja' }, path.join(scenarioRoot, 'ice-missing'), { mirrorDir: CLASSIC })).rejects.toThrow(
      /ICE subset ja is missing: .*restricted\/ice\/ICE-JA does not exist nor does .*classic\/ice\/ICE-JA in the data mirror\. The International Corpus of English is licensed .*https:\/\/www.ice-corpora.uzh.ch\/en.html/,
    );
  });
});
