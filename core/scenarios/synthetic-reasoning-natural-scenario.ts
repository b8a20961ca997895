import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { choiceArg, noArgs } from './scenario-files';
import { seedArg } from './synthetic-reasoning-scenario';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM treats anything but easy/hard as medium; helm-ts accepts the three names only. */
export const SRN_DIFFICULTIES: readonly string[] = ['easy', 'medium', 'hard'];

const NUM_TRAIN = 1000;
const NUM_VALID = 5000;
const NUM_TEST = 5000;
const P_CONSEQUENCELESS = 0.1;
const MAX_RULES = 5;

/** Subjects by category, in HELM's order (the order matters to `random.choice`). */
export const SRN_SUBJECTS: ReadonlyArray<readonly [category: string, subjects: readonly string[]]> = [
  ['person', ['Alice', 'Bob', 'Carol', 'Dan', 'Erin', 'Frank']],
  ['animal', ['dog', 'cat', 'rabbit', 'mouse', 'tiger', 'lion', 'bear', 'squirrel', 'cow', 'panda', 'hedgehog', 'elephant', 'giraffe', 'hippo']],
  ['plant', ['poppy', 'dandelion', 'tree', 'rose', 'sunflower']],
];

/** Each general attribute and its more specific synonyms (used in hard mode). */
const RAW_ATTRIBUTE_GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['young', ['young']],
  ['soft', ['soft']],
  ['sad', ['sad']],
  ['scary', ['scary']],
  ['cold', ['cold', 'chill', 'cool']],
  ['hot', ['hot', 'warm']],
  ['smart', ['smart', 'clever', 'wise', 'intelligent']],
  ['clean', ['clean', 'tidy']],
  ['small', ['small', 'little', 'tiny']],
  ['big', ['big', 'enormous', 'giant', 'huge']],
  ['good', ['good', 'kind', 'nice']],
  ['beautiful', ['beautiful', 'pretty']],
  ['red', ['red', 'crimson']],
  ['blue', ['blue', 'cobalt']],
  ['green', ['green', 'viridian']],
  ['purple', ['purple', 'violet']],
  ['boring', ['boring', 'dull']],
  ['old', ['old', 'ancient', 'antique']],
  ['strong', ['strong', 'powerful', 'muscular']],
  ['weak', ['weak', 'frail', 'fragile']],
  ['fast', ['fast', 'quick']],
  ['slow', ['slow', 'sluggish']],
  ['bad', ['bad', 'evil', 'wicked', 'mean']],
  ['happy', ['happy', 'elated', 'glad', 'cheerful']],
  ['round', ['round', 'circular', 'spherical']],
];

/** HELM's `get_vocab`: groups whose key is another group's synonym are dropped (none are, today). */
export function srnAttributeGroups(): Map<string, readonly string[]> {
  const keys = new Set(RAW_ATTRIBUTE_GROUPS.map(([key]) => key));
  const dropped = new Set(
    RAW_ATTRIBUTE_GROUPS.flatMap(([general, specifics]) => specifics.filter((s) => s !== general && keys.has(s))),
  );
  return new Map(RAW_ATTRIBUTE_GROUPS.filter(([key]) => !dropped.has(key)));
}

interface Statement {
  subject: string;
  subjectCategory: string;
  specifierType: 'a' | 'the';
}

/** `generate_specified_subject`: people and "person" bare; else a/an/the, capitalised on request. */
export function specifiedSubject(s: Statement, upper = false, specifierType?: 'a' | 'the'): string {
  const specifier = specifierType ?? s.specifierType;
  if (s.subjectCategory === 'person' || s.subject === 'person') return s.subject;
  const base = upper ? specifier[0].toUpperCase() : specifier[0].toLowerCase();
  if (specifier === 'a') {
    if ('aeiou'.includes(s.subject[0].toLowerCase())) return `${base}n ${s.subject}`;
    return `${base} ${s.subject}`;
  }
  return `${base}${specifier.slice(1)} ${s.subject}`;
}

interface Rule extends Statement {
  condition: string[];
  conjunction: 'and' | 'or';
  consequent: string;
}

export function ruleText(rule: Rule): string {
  const condition = rule.condition.join(` ${rule.conjunction} `);
  return `If ${specifiedSubject(rule)} is ${condition}, then ${specifiedSubject(rule, false, 'the')} is ${rule.consequent}.`;
}

interface Fact extends Statement {
  specificAttributes: string[];
  genericAttributes: string[];
  useSpecificAttributes: boolean;
}

export function factText(fact: Fact): string {
  if (fact.genericAttributes.length === 0) return 'Nothing.';
  const attributes = fact.useSpecificAttributes ? fact.specificAttributes : fact.genericAttributes;
  return `${specifiedSubject(fact, true)} is ${attributes.join(' and ')}.`;
}

function generateRules(
  random: PythonRandom,
  groups: Map<string, readonly string[]>,
  subject: string,
  subjectCategory: string,
  specificCategory: boolean,
): Rule[] {
  let shuffled = [...groups.keys()];
  random.shuffle(shuffled);
  const rules: Rule[] = [];
  while (shuffled.length > 2 && rules.length < MAX_RULES) {
    const ruleSubject = specificCategory ? subject : random.choice([subjectCategory, subject]);
    const n = random.randint(2, 3);
    const attributes = shuffled.slice(0, n);
    shuffled = shuffled.slice(n);
    rules.push({
      subject: ruleSubject,
      subjectCategory,
      specifierType: 'a',
      condition: attributes.slice(0, -1),
      conjunction: random.choice(['and', 'or'] as const),
      consequent: attributes[attributes.length - 1],
    });
  }
  return rules;
}

/** `generate_test`: a two-attribute fact; re-drawn (with probability 0.9) while it implies nothing. */
function generateTest(
  random: PythonRandom,
  groups: Map<string, readonly string[]>,
  subject: string,
  subjectCategory: string,
  rules: readonly Rule[],
  useSpecificAttributes: boolean,
): [Fact, Fact] {
  for (;;) {
    const attributes = random.sample([...groups.keys()], 2);
    const specific = attributes.map((a) => random.choice(groups.get(a) ?? []));
    const consequents: string[] = [];
    for (const rule of rules) {
      if (attributes.includes(rule.consequent)) continue;
      const applies =
        rule.conjunction === 'and'
          ? rule.condition.every((c) => attributes.includes(c))
          : rule.condition.some((c) => attributes.includes(c));
      if (applies) consequents.push(rule.consequent);
    }
    if (consequents.length === 0 && random.random() > P_CONSEQUENCELESS) continue;
    const fact: Fact = {
      subject,
      subjectCategory,
      specifierType: 'the',
      specificAttributes: specific,
      genericAttributes: attributes,
      useSpecificAttributes,
    };
    return [fact, { ...fact, specificAttributes: consequents, genericAttributes: consequents }];
  }
}

/** `SRNScenario(difficulty, random_seed).get_instances`: 11,000 generated problems. */
export function generateSyntheticReasoningNatural(difficulty: string, randomSeed = 42): Instance[] {
  const groups = srnAttributeGroups();
  const specificCategory = difficulty === 'easy';
  const useSpecificAttributes = difficulty === 'hard';
  const categories = SRN_SUBJECTS.map(([category]) => category);
  const subjects = new Map(SRN_SUBJECTS);
  const random = new PythonRandom(randomSeed);
  const instances: Instance[] = [];
  for (let i = 0; i < NUM_TRAIN + NUM_VALID + NUM_TEST; i++) {
    const category = random.choice(categories);
    const subject = random.choice(subjects.get(category) ?? []);
    const rules = generateRules(random, groups, subject, category, specificCategory);
    const [fact, target] = generateTest(random, groups, subject, category, rules, useSpecificAttributes);
    let question = `${rules.map(ruleText).join('\n')}\n`;
    question += `Fact:\n${factText(fact)}\n`;
    question += `The following can be determined about ${specifiedSubject(fact)}:`;
    const split = i < NUM_TRAIN ? 'train' : i < NUM_TRAIN + NUM_VALID ? 'valid' : 'test';
    instances.push({ input: { text: question }, references: [{ output: { text: factText(target) }, tags: [CORRECT_TAG] }], split });
  }
  return instances;
}

export async function getSyntheticReasoningNaturalInstances(args: Record<string, ArgValue>): Promise<Instance[]> {
  noArgs('synthetic_reasoning_natural', args, ['difficulty', 'random_seed']);
  const difficulty = choiceArg('synthetic_reasoning_natural', args, 'difficulty', SRN_DIFFICULTIES);
  return generateSyntheticReasoningNatural(difficulty, seedArg('synthetic_reasoning_natural', args));
}

/** HELM's `SRNScenario` (class attributes as HELM defines them). */
export const syntheticReasoningNaturalScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.synthetic_reasoning_natural_scenario.SRNScenario',
  // HELM's spelling (its scenario folder is scenarios/sythetic_reasoning_natural).
  name: 'sythetic_reasoning_natural',
  description: 'Language Pattern Matching',
  tags: ['reasoning', 'language', 'pattern_matching'],
  getInstances: getSyntheticReasoningNaturalInstances,
};
