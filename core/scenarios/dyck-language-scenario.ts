import { HelmInputError } from '../common/errors';
import { NumpyRandomState } from '../common/numpy-random';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const PARENTHESIS_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['<', '>'],
];

/** HELM's defaults for everything but the number of pairs. */
const SETTINGS = {
  numTrainInstances: 3,
  numTestInstances: 500,
  probP: 0.5,
  probQ: 0.25,
  maxRecursiveDepth: 100,
  minSeqTrainLength: 4,
  maxSeqTrainLength: 50,
  minSeqTestLength: 52,
  maxSeqTestLength: 100,
  maxOutputSize: 3,
  seed: 42,
};

/**
 * Dyck-n prefixes and their closing parentheses, drawn as HELM draws them: Python's `random` and
 * NumPy's legacy global generator, both seeded 42, interleaved in HELM's order.
 */
class DyckGenerator {
  private readonly py = new PythonRandom(SETTINGS.seed);
  private readonly np = new NumpyRandomState(SETTINGS.seed);
  private readonly opening: string[];
  private readonly closing: string[];

  constructor(private readonly numPairs: number) {
    this.opening = PARENTHESIS_PAIRS.slice(0, numPairs).map(([o]) => o);
    this.closing = PARENTHESIS_PAIRS.slice(0, numPairs).map(([, c]) => c);
  }

  /** The PCFG: wrap in a pair (p), concatenate two (q), or stop; too long → empty. */
  sequence(depth: number, maxLength = 100): string[] {
    if (depth > SETTINGS.maxRecursiveDepth) return [];
    const prob = this.py.random();
    let seq: string[];
    if (prob < SETTINGS.probP) {
      const index = this.np.randomInterval(this.numPairs - 1);
      seq = [this.opening[index], ...this.sequence(depth + 1), this.closing[index]];
    } else if (prob < SETTINGS.probP + SETTINGS.probQ) {
      const left = this.sequence(depth);
      const right = this.sequence(depth);
      seq = [...left, ...right];
    } else {
      seq = [];
    }
    return seq.length <= maxLength ? seq : [];
  }

  /** The prefix that leaves `maxN` pairs open, scanning from the end; empty if none. */
  input(seq: readonly string[], maxN: number): string[] {
    const depth = new Array<number>(this.numPairs).fill(0);
    for (let i = seq.length - 1; i >= 0; i--) {
      const open = this.opening.indexOf(seq[i]);
      if (open >= 0) depth[open] -= 1;
      else depth[this.closing.indexOf(seq[i])] += 1;
      if (depth.reduce((a, b) => a + b, 0) === maxN) return seq.slice(0, i);
    }
    return [];
  }

  output(input: readonly string[]): string[] {
    const stack: string[] = [];
    for (const symbol of input) {
      const open = this.opening.indexOf(symbol);
      if (open >= 0) stack.push(this.closing[open]);
      else stack.pop();
    }
    return stack.reverse();
  }

  inputOutput(minLength: number, maxLength: number): [string, string] {
    for (;;) {
      const seq = this.sequence(0, maxLength);
      if (seq.length < minLength) continue;
      const depthN = this.py.randint(1, SETTINGS.maxOutputSize);
      const input = this.input(seq, depthN);
      if (input.length > 0) return [input.join(' '), this.output(input).join(' ')];
    }
  }

  corpus(split: string, size: number, minLength: number, maxLength: number, notAllowed: readonly string[] = []): [string[], Instance[]] {
    const inputs: string[] = [];
    const instances: Instance[] = [];
    while (inputs.length < size) {
      const [input, output] = this.inputOutput(minLength, maxLength);
      if (inputs.includes(input) || notAllowed.includes(input)) continue;
      inputs.push(input);
      instances.push({ input: { text: input }, references: [{ output: { text: ` ${output}` }, tags: [CORRECT_TAG] }], split });
    }
    return [inputs, instances];
  }
}

export function dyckLanguageInstances(numPairs: number): Instance[] {
  const gen = new DyckGenerator(numPairs);
  const s = SETTINGS;
  const [trainInputs, train] = gen.corpus('train', s.numTrainInstances, s.minSeqTrainLength, s.maxSeqTrainLength);
  const [, test] = gen.corpus('test', s.numTestInstances, s.minSeqTestLength, s.maxSeqTestLength, trainInputs);
  return [...train, ...test];
}

export async function getDyckLanguageInstances(args: Record<string, ArgValue>): Promise<Instance[]> {
  noArgs('dyck_language', args, ['num_parenthesis_pairs']);
  const n = args.num_parenthesis_pairs;
  // HELM accepts 0 here too (and then cannot draw); 1-4 are the usable values.
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 4) {
    throw new HelmInputError(`dyck_language: num_parenthesis_pairs must be an integer from 1 to 4, got ${JSON.stringify(n ?? null)}`);
  }
  return dyckLanguageInstances(n);
}

/** HELM's `DyckLanguageScenario` (generated, seeded; no download). */
export const dyckLanguageScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.dyck_language_scenario.DyckLanguageScenario',
  name: 'dyck_language',
  description: 'Generate the closing parentheses of a Dyck-n prefix',
  tags: ['reasoning', 'language', 'hierarchy'],
  getInstances: getDyckLanguageInstances,
};
