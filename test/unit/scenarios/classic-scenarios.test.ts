/**
 * HELM Classic scenarios against HELM's own scenario classes: instances equal to the Python HELM's
 * on the same input (scripts/helm-reference/classic-scenario-goldens.py; generated scenarios need
 * no input, the others read the canonical-format fixtures in test/fixtures/scenarios/classic/).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../core/scenarios/registry';
import { decompressZstd } from '../../../core/scenarios/the-pile-scenario';
import { FIXTURES, classicInstanceChecker } from './golden';

const CLASSIC = path.join(FIXTURES, 'classic');

const { root: scenarioRoot, expectHelmInstances } = classicInstanceChecker('helm-classic-scenarios-');

describe('dyck_language (Python random and NumPy RandomState, both seeded 42)', () => {
  for (const n of [1, 2, 3, 4]) {
    it(`num_parenthesis_pairs=${n}: 503 instances equal to HELM's`, () => expectHelmInstances(`dyck_language_np${n}`));
  }
});

describe('twitter_aae (CSV, one tweet per row)', () => {
  for (const d of ['aa', 'white']) it(`demographic=${d}: instances equal to HELM's`, () => expectHelmInstances(`twitter_aae_${d}`));
});

describe('wikifact (JSON lines, one relation per subject)', () => {
  for (const s of ['place_of_birth', 'currency', 'author', 'instance_of', 'plaintiff']) {
    it(`subject=${s}: instances equal to HELM's`, () => expectHelmInstances(`wikifact_${s}`));
  }
});

describe('babi_qa (the bAbI tar, en-valid)', () => {
  for (const t of ['all', '3', '15', '19']) it(`task=${t}: instances equal to HELM's`, () => expectHelmInstances(`babi_qa_${t}`));
});

describe('the_pile (test set JSON lines, lm_perplexity subsamples)', () => {
  for (const s of ['ArXiv', 'BookCorpus2', 'Enron_Emails', 'Github', 'PubMed_Central', 'Wikipedia_en']) {
    it(`subset ${s}: instances equal to HELM's`, () => expectHelmInstances(`the_pile_${s}`));
  }
});

describe('civil_comments (the WILDS CSV read as pandas does)', () => {
  for (const d of ['all', 'male', 'female', 'LGBTQ', 'christian', 'muslim', 'other_religions', 'black', 'white']) {
    it(`demographic=${d}: instances equal to HELM's`, () => expectHelmInstances(`civil_comments_${d}`));
  }
});

describe('blimp (BLiMP.zip paradigm files)', () => {
  for (const p of ['irregular_forms', 'quantifiers', 'island_effects', 'binding']) {
    it(`phenomenon=${p}: instances equal to HELM's`, () => expectHelmInstances(`blimp_${p}`));
  }
});

describe('legal_support (JSON lines in the unpacked zip)', () => {
  it("instances equal to HELM's (equal parentheticals are both correct)", () => expectHelmInstances('legal_support'));
});

describe('synthetic_efficiency (prepared prompts by length and tokenizer)', () => {
  for (const n of [1, 256]) it(`num_prompt_tokens=${n}: instances equal to HELM's`, () => expectHelmInstances(`synthetic_efficiency_${n}`));
});

describe('imdb (aclImdb in the pinned file order, contrast sets)', () => {
  for (const c of ['default', 'only_contrast']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`imdb_${c}`));
});

describe('quac (dialogues, Python random seeded 0)', () => {
  it("instances equal to HELM's", () => expectHelmInstances('quac'));
});

describe('bbq (JSON lines per category, Python random seeded 0)', () => {
  for (const s of ['all', 'Race_x_SES', 'SES']) it(`subject=${s}: instances equal to HELM's`, () => expectHelmInstances(`bbq_${s}`));
});

describe('the_pile download', () => {
  it('decompresses the canonical test.jsonl.zst into the data file HELM reads', async () => {
    const target = path.join(scenarioRoot, 'pile-data');
    await decompressZstd(path.join(CLASSIC, 'the_pile-test.jsonl.zst'), target);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(path.join(CLASSIC, 'the_pile', 'test.jsonl'), 'utf8'));
  });
});

describe('missing data', () => {
  it('names the dataset file, its canonical source and the mirror path', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.twitter_aae_scenario.TwitterAAEScenario');
    const empty = path.join(scenarioRoot, 'empty-mirror');
    await expect(scenario.getInstances({ demographic: 'aa' }, path.join(scenarioRoot, 'no-data'), { mirrorDir: empty })).rejects.toThrow(
      /Mirror file .*empty-mirror\/twitter_aae\/aa_tweets.csv does not exist \(expected a copy of https:\/\/worksheets.codalab.org\/.*aa_tweets.csv\)/,
    );
  });
});
