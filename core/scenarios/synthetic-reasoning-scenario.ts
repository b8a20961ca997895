import { HelmInputError } from '../common/errors';
import { NumpyRandomState } from '../common/numpy-random';
import type { ArgValue } from '../run-specs/schemas';
import { choiceArg, noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const SYNTHETIC_REASONING_MODES: readonly string[] = ['variable_substitution', 'pattern_match', 'induction'];

export const ANIMALS = ['zebra', 'cobra', 'stork', 'penguin', 'shark', 'lion', 'buffalo', 'whale', 'seal', 'eagle', 'horse', 'rat'];
export const FRUITS = ['apple', 'peach', 'watermelon', 'banana', 'grape', 'kiwi', 'pear', 'strawberry', 'blueberry', 'blackberry'];
export const RULE_SYMBOLS = ['X', 'Y', 'Z'];
export const MATH_SYMBOLS = ['+', '-', '*', '='];

/** HELM's sample counts: the first 1,000 are train, the next 5,000 valid, the last 5,000 test. */
const NUM_TRAIN = 1000;
const NUM_VALID = 5000;
const NUM_TEST = 5000;

/** The few NumPy legacy `RandomState` draws the generator makes, on one stream. */
class NumpyDraws {
  constructor(private readonly rs: NumpyRandomState) {}

  /** `randint(low, high)`: high exclusive, masked rejection on `high - 1 - low`. */
  randint(low: number, high: number): number {
    return low + this.rs.randomInterval(high - 1 - low);
  }

  /** `choice(a, size)` with replacement and no weights: `size` draws of `randint(0, len(a))`. */
  choice<T>(a: readonly T[], size: number): T[] {
    return Array.from({ length: size }, () => a[this.randint(0, a.length)]);
  }

  /** `shuffle(list)`: legacy Fisher–Yates with `random_interval(i)`. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.rs.randomInterval(i);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }
}

/** Every occurrence of a rule symbol in `pattern` replaced by its substitution. */
export function patternSubst(pattern: readonly string[], substitutions: ReadonlyMap<string, string>): string[] {
  return pattern.map((token) => substitutions.get(token) ?? token);
}

function genSubst(rng: NumpyDraws, ruleSymbols: readonly string[], tokens: readonly string[]): [Map<string, string>, string] {
  const dict = new Map<string, string>();
  const parts: string[] = [];
  for (const symbol of ruleSymbols) {
    const length = rng.randint(1, 3);
    const subst = rng.choice(tokens, length).join(' ');
    dict.set(symbol, subst);
    parts.push(symbol, 'by', '"', subst, '"', ',');
  }
  return [dict, parts.slice(0, -1).join(' ')];
}

function genPattern(rng: NumpyDraws, mathSymbols: readonly string[], ruleSymbols: readonly string[]): string[] {
  const pattern = [...ruleSymbols, ...mathSymbols];
  rng.shuffle(pattern);
  return pattern;
}

/** `SyntheticReasoningScenario(mode, random_seed).get_instances`: 11,000 generated problems. */
export function generateSyntheticReasoning(mode: string, randomSeed = 42): Instance[] {
  const rng = new NumpyDraws(new NumpyRandomState(randomSeed));
  const tokens = [...ANIMALS, ...FRUITS];
  const instances: Instance[] = [];
  for (let i = 0; i < NUM_TRAIN + NUM_VALID + NUM_TEST; i++) {
    const ruleSymbols = rng.choice(RULE_SYMBOLS, rng.randint(2, 4));
    // Sorted distinct symbols: the order the substitutions are drawn in.
    const ruleSymbolSet = [...new Set(ruleSymbols)].sort();
    const mathSymbols = rng.choice(MATH_SYMBOLS, rng.randint(2, 4));
    const pattern = genPattern(rng, mathSymbols, ruleSymbols);
    const [dict, dictText] = genSubst(rng, ruleSymbolSet, tokens);
    const result = patternSubst(pattern, dict);
    const [dict2] = genSubst(rng, ruleSymbolSet, tokens);
    const result2 = patternSubst(pattern, dict2);
    const resultText = result.join(' ');
    const patternText = pattern.join(' ');
    let src: string;
    let tgt: string;
    if (mode === 'induction') {
      src = `Two results: ${resultText} | ${result2.join(' ')}`;
      tgt = `Rule: ${patternText}`;
    } else if (mode === 'variable_substitution') {
      src = `Rules: ${patternText} | Substitutions: ${dictText}`;
      tgt = resultText;
    } else {
      const all = [0, 1, 2].map(() => genPattern(rng, mathSymbols, ruleSymbolSet).join(' '));
      all.push(patternText);
      rng.shuffle(all);
      src = `Rules: ${all.join(' | ')} | Result: ${resultText}`;
      tgt = patternText;
    }
    const split = i < NUM_TRAIN ? 'train' : i < NUM_TRAIN + NUM_VALID ? 'valid' : 'test';
    instances.push({ input: { text: src }, references: [{ output: { text: tgt }, tags: [CORRECT_TAG] }], split });
  }
  return instances;
}

/** Nothing to download; `mode` must be one of HELM's three. */
export async function getSyntheticReasoningInstances(args: Record<string, ArgValue>): Promise<Instance[]> {
  noArgs('synthetic_reasoning', args, ['mode', 'random_seed']);
  const mode = choiceArg('synthetic_reasoning', args, 'mode', SYNTHETIC_REASONING_MODES);
  return generateSyntheticReasoning(mode, seedArg('synthetic_reasoning', args));
}

/** The optional `random_seed` constructor argument (default 42). */
export function seedArg(scenario: string, args: Record<string, ArgValue>): number {
  const seed = args.random_seed;
  if (seed === undefined) return 42;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new HelmInputError(`${scenario}: random_seed must be an integer between 0 and 2**32 - 1`);
  }
  return seed;
}

/** HELM's `SyntheticReasoningScenario` (class attributes as HELM defines them). */
export const syntheticReasoningScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.synthetic_reasoning_scenario.SyntheticReasoningScenario',
  name: 'synthetic_reasoning',
  description: 'Synthetic reasoning benchmark',
  tags: ['reasoning', 'language', 'pattern_matching'],
  getInstances: getSyntheticReasoningInstances,
};
