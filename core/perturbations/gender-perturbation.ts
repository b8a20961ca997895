import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { PY_NON_WORD, matchCase, pyLower, replaceAll } from './python-text';

/** HELM's `GenderPerturbation`: gendered terms or pronouns swapped, input and references alike. */
export const GENDER_PERTURBATION = 'helm.benchmark.augmentations.gender_perturbation.GenderPerturbation';

/** HELM's gender term mappings as data: (neutral, female, male), in its order. */
const GENDER_TERM_MAPPINGS: ReadonlyArray<readonly string[]> = [
  ['child', 'daughter', 'son'],
  ['children', 'daughters', 'sons'],
  ['parent', 'mother', 'father'],
  ['parents', 'mothers', 'fathers'],
  ['kiddo', 'girl', 'boy'],
  ['kiddos', 'girls', 'boys'],
  ['person', 'woman', 'man'],
  ['people', 'women', 'men'],
  ['sibling', 'sister', 'brother'],
  ['siblings', 'sisters', 'brothers'],
  ['nibling', 'niece', 'nephew'],
  ['niblings', 'nieces', 'nephews'],
  ['monarch', 'queen', 'king'],
  ['monarchs', 'queens', 'kings'],
  ['server', 'waitress', 'waiter'],
  ['servers', 'waitresses', 'waiters'],
  ['parent', 'mom', 'dad'],
  ['parents', 'moms', 'dads'],
  ['stepchild', 'stepdaughter', 'stepson'],
  ['stepchildren', 'stepdaughters', 'stepsons'],
  ['stepparent', 'stepmother', 'stepfather'],
  ['stepparents', 'stepmothers', 'stepfathers'],
  ['stepparent', 'stepmom', 'stepdad'],
  ['stepparents', 'stepmoms', 'stepdads'],
  ['grandchild', 'granddaughter', 'grandson'],
  ['grandchildren', 'granddaughters', 'grandsons'],
  ['grandparent', 'grandmother', 'grandfather'],
  ['grandparents', 'grandmothers', 'grandfather'],
  ['grandparent', 'grandma', 'granddad'],
  ['grandparents', 'grandmas', 'granddads'],
  ['human', 'female', 'male'],
  ['humans', 'females', 'males'],
];

/** HELM's gender pronoun mappings: (neutral, female, male). */
const GENDER_PRONOUN_MAPPINGS: ReadonlyArray<readonly string[]> = [
  ['they', 'she', 'he'],
  ['them', 'her', 'him'],
  ['their', 'her', 'his'],
  ['theirs', 'hers', 'his'],
  ['themselves', 'herself', 'himself'],
];

const GENDERS = ['neutral', 'female', 'male'];
const MODE_TO_MAPPINGS: Record<string, ReadonlyArray<readonly string[]>> = {
  terms: GENDER_TERM_MAPPINGS,
  pronouns: GENDER_PRONOUN_MAPPINGS,
};

function loadMappings(file: string): string[][] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HelmInputError(`GenderPerturbation: cannot read mapping_file_path ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(json) || !json.every(Array.isArray)) {
    throw new HelmInputError(`GenderPerturbation: ${file} must hold a JSON list of lists of words`);
  }
  return (json as unknown[][]).map((row) => row.map((word) => pyLower(String(word))));
}

export class GenderSwapper {
  private readonly pairs: Array<[string, string]>;

  constructor(
    mappings: ReadonlyArray<readonly string[]>,
    genders: readonly string[],
    source: string,
    target: string,
    bidirectional: boolean,
    private readonly prob: number,
  ) {
    const sourceIndex = genders.indexOf(source);
    const targetIndex = genders.indexOf(target);
    const sourceWords = mappings.map((m) => m[sourceIndex]);
    const targetWords = mappings.map((m) => m[targetIndex]);
    this.pairs = sourceWords.map((word, i) => [word, targetWords[i]]);
    if (bidirectional) this.pairs.push(...targetWords.map((word, i): [string, string] => [word, sourceWords[i]]));
  }

  /**
   * `re.sub("[^\\w](word)[^\\w]", ..., flags=IGNORECASE)` per pair, in order: each hit, with
   * probability prob (uniform <), becomes the synonym with the hit's casing.
   */
  private substitute(text: string, word: string, synonym: string, rng: PythonRandom): string {
    const pattern = new RegExp(`${PY_NON_WORD}(${word})${PY_NON_WORD}`, 'giu');
    return text.replace(pattern, (whole: string, matched: string) => {
      if (rng.uniform(0, 1) < this.prob) return replaceAll(whole, matched, matchCase(matched, synonym));
      return whole;
    });
  }

  perturb(text: string, rng: PythonRandom): string {
    let out = text;
    for (const [word, synonym] of this.pairs) out = this.substitute(out, word, synonym, rng);
    return out;
  }
}

export const genderPerturbation: PerturbationFactory = (args) => {
  const parsed = parsePerturbationArgs(
    GENDER_PERTURBATION,
    {
      mode: z.string(),
      prob: PyNumber,
      source_class: z.string(),
      target_class: z.string(),
      mapping_file_path: z.string().nullable().default(null),
      mapping_file_genders: z.array(z.string()).nullable().default(null),
      bidirectional: z.boolean().default(false),
    },
    args,
  );
  const fail = (why: string) => new HelmInputError(`GenderPerturbation: ${why}`);
  if (!(parsed.mode in MODE_TO_MAPPINGS)) throw fail(`mode must be "terms" or "pronouns", got ${JSON.stringify(parsed.mode)}`);
  const prob = toNumber(parsed.prob);
  if (!(prob >= 0 && prob <= 1)) throw fail(`prob must be in [0, 1], got ${prob}`);
  const source = pyLower(parsed.source_class);
  const target = pyLower(parsed.target_class);
  let mappings = MODE_TO_MAPPINGS[parsed.mode];
  let genders = GENDERS;
  // As in HELM, a mapping file is used only when its genders are named too.
  if (parsed.mapping_file_path && parsed.mapping_file_genders && parsed.mapping_file_genders.length > 0) {
    mappings = loadMappings(parsed.mapping_file_path);
    genders = parsed.mapping_file_genders.map(pyLower);
  }
  if (mappings.length === 0 || !genders.includes(source) || !genders.includes(target)) {
    throw fail(`source_class and target_class must be among ${genders.join(', ')} (got ${source}, ${target})`);
  }
  if (!mappings.every((m) => m.length === genders.length)) throw fail(`every mapping must list one word per gender (${genders.join(', ')})`);
  const swapper = new GenderSwapper(mappings, genders, source, target, parsed.bidirectional, prob);
  return textPerturbation({
    name: 'gender',
    description: describePerturbation(
      'gender',
      { fairness: true },
      { mode: parsed.mode, prob: parsed.prob, source_class: source, target_class: target, bidirectional: parsed.bidirectional },
    ),
    shouldPerturbReferences: true,
    perturb: (text, rng) => swapper.perturb(text, rng),
  });
};
