import fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { NumpyGenerator } from '../common/numpy-generator';
import { boxedAnswer } from '../metrics/math-equiv';
import type { ArgValue } from '../run-specs/schemas';
import { MATH_LEVELS, MATH_SUBJECTS } from '../run-specs/run-spec-functions/lite';
import { argValueStr } from '../run-specs/description';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { decodePythonText } from './python-csv';
import { choiceArg } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/**
 * HELM loads MATH through the Hugging Face dataset `hendrycks/competition_math` (revision
 * 71b758ecc688b2822d07ffa7f8393299f1dc7cac), whose loading script downloads and unpacks this archive
 * (the dataset has since been taken down from the Hub, so the archive is the only source).
 */
export const MATH_TAR_URL = 'https://people.eecs.berkeley.edu/~hendrycks/MATH.tar';
export const MATH_HF_DATASET = 'hendrycks/competition_math@71b758ecc688b2822d07ffa7f8393299f1dc7cac';
export const MATH_SPLITS = ['train', 'test'] as const;

/** One problem file: `{"problem", "level", "type", "solution"}`. */
export const MathRow = z.object({ problem: z.string(), level: z.string(), type: z.string(), solution: z.string() });
export type MathRow = z.infer<typeof MathRow>;

/** HELM's eight fixed examples used as the train split with `use_official_examples=True`. */
const OFFICIAL_EXAMPLES: ReadonlyArray<readonly [problem: string, answer: string]> = [
  ['What is $\\left(\\frac{7}{8}\\right)^3 \\cdot \\left(\\frac{7}{8}\\right)^{-3}$?', '1'],
  ['In how many ways can 4 books be selected from a shelf of 6 books if the order in which the books are selected does not matter?', '15'],
  ['Find the distance between the points $(2,1,-4)$ and $(5,8,-3).$', '\\sqrt{59}'],
  [
    'The faces of an octahedral die are labeled with digits $1$ through $8$. What is the probability, expressed as a common ' +
      'fraction, of rolling a sum of $15$ with a pair of such octahedral dice?',
    '\\frac{1}{32}',
  ],
  ['The first three terms of an arithmetic sequence are 1, 10 and 19, respectively. What is the value of the 21st term?', '181'],
  ['Calculate $6 \\cdot 8\\frac{1}{3}', '50'],
  ['When the binary number $100101110010_2$ is divided by 4, what is the remainder (give your answer in base 10)?', '2'],
  ['How many zeros are at the end of the product 25 $\\times$ 240?', '3'],
];

/** `<scenario dir>/data/MATH`: the unpacked archive's top folder (train/, test/). */
export function mathDataFolder(scenarioDir: string): string {
  return path.join(scenarioDir, 'data', 'MATH');
}

/**
 * The unpacked archive: with a data mirror, its `math/` folder read in place (12,500 small files are
 * slow to copy and are never written to); otherwise downloaded once into the scenario folder.
 */
export async function ensureMathData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<string> {
  if (options.mirrorDir !== undefined) {
    const folder = path.join(options.mirrorDir, 'math');
    for (const split of MATH_SPLITS) {
      if (!(await pathExists(path.join(folder, split)))) {
        throw new HelmInputError(
          `MATH (${MATH_HF_DATASET}): the ${split} split is missing: ${path.join(folder, split)} does not exist in the data mirror ` +
            `(canonical source: ${MATH_TAR_URL}, folder MATH/${split}/<subject>/<n>.json)`,
        );
      }
    }
    return folder;
  }
  await ensureFolderDownloaded({
    targetPath: mathDataFolder(scenarioDir),
    sourceUrl: MATH_TAR_URL,
    verify: async (folder) => {
      for (const split of MATH_SPLITS) {
        if (!(await pathExists(path.join(folder, split)))) {
          throw new HelmInputError(
            `MATH (${MATH_HF_DATASET}): the ${split} split is missing: ${path.join(folder, split)} does not exist ` +
              `(canonical source: ${MATH_TAR_URL}, folder MATH/${split}/<subject>/<n>.json)`,
          );
        }
      }
    },
    onProgress: options.onProgress,
  });
  return mathDataFolder(scenarioDir);
}

/** The rows of one split, as the loading script yields them: every `<split>/<subject>/<file>` parsed as JSON. */
export function readMathSplit(folder: string, split: string): MathRow[] {
  const splitDir = path.join(folder, split);
  if (!fs.existsSync(splitDir)) {
    throw new HelmInputError(`MATH (${MATH_HF_DATASET}): the ${split} split is missing: ${splitDir} (canonical source: ${MATH_TAR_URL})`);
  }
  const rows: MathRow[] = [];
  for (const subject of fs.readdirSync(splitDir, { withFileTypes: true })) {
    if (!subject.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(splitDir, subject.name))) {
      const file = path.join(splitDir, subject.name, name);
      let value: unknown;
      try {
        value = JSON.parse(decodePythonText(fs.readFileSync(file), file));
      } catch (error) {
        if (error instanceof HelmInputError) throw error;
        throw new HelmInputError(`${file}: not valid JSON (${(error as Error).message})`);
      }
      const parsed = MathRow.safeParse(value);
      if (!parsed.success) throw new HelmInputError(`${file}: not a MATH problem {problem, level, type, solution}: ${parsed.error.message}`);
      rows.push(parsed.data);
    }
  }
  return rows;
}

/**
 * `Dataset.sort("problem").shuffle(seed=42)`: Arrow's sort compares the UTF-8 bytes (stable), and
 * the shuffle is NumPy's `default_rng(42).permutation(n)`.
 */
export function sortAndShuffle(rows: readonly MathRow[], seed = 42): MathRow[] {
  const keyed = rows.map((row, index) => ({ row, index, key: Buffer.from(row.problem, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key) || a.index - b.index);
  const sorted = keyed.map((k) => k.row);
  return new NumpyGenerator(seed).permutation(sorted.length).map((i) => sorted[i]);
}

/** A split's instances: the subject's and level's rows in shuffled order; the answer is the boxed one (or the whole solution with CoT). */
export function mathSplitInstances(rows: readonly MathRow[], split: string, subjectType: string, level: string, chainOfThought: boolean): Instance[] {
  const instances: Instance[] = [];
  for (const row of rows) {
    if (row.type !== subjectType || row.level !== level) continue;
    const answer = chainOfThought ? row.solution : boxedAnswer(row.solution);
    if (answer === null) continue; // no \boxed{} answer to compare with
    instances.push({ input: { text: row.problem }, references: [{ output: { text: answer }, tags: [CORRECT_TAG] }], split });
  }
  return instances;
}

/** `MATHScenario(subject, level, use_official_examples, use_chain_of_thought).get_instances`. */
export async function getMathInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  const subject = choiceArg('MATH', args, 'subject', Object.keys(MATH_SUBJECTS));
  const level = argValueStr(args.level ?? null);
  if (!MATH_LEVELS.includes(level)) {
    throw new HelmInputError(`MATH: invalid level ${JSON.stringify(level)}; accepted levels: ${MATH_LEVELS.join(', ')}`);
  }
  const officialExamples = args.use_official_examples === true;
  const chainOfThought = args.use_chain_of_thought === true;
  if (officialExamples && chainOfThought) throw new HelmInputError('MATH: use_official_examples cannot be used with use_chain_of_thought');
  const folder = await ensureMathData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const split of MATH_SPLITS) {
    if (split === 'train' && officialExamples) {
      for (const [problem, answer] of OFFICIAL_EXAMPLES) {
        instances.push({ input: { text: problem }, references: [{ output: { text: answer }, tags: [CORRECT_TAG] }], split });
      }
      continue;
    }
    const rows = sortAndShuffle(readMathSplit(folder, split));
    instances.push(...mathSplitInstances(rows, split, MATH_SUBJECTS[subject], `Level ${level}`, chainOfThought));
  }
  return instances;
}

/** HELM's `MATHScenario` (class attributes as HELM defines them). */
export const mathScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.math_scenario.MATHScenario',
  name: 'MATH',
  description: 'Mathematical Problem Solving',
  tags: ['knowledge', 'reasoning'],
  getInstances: getMathInstances,
  ensureData: async (scenarioDir, options) => void (await ensureMathData(scenarioDir, options)),
};
