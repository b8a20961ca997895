import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { downloadFile, ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { decodePythonText } from './python-csv';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const HUMAN_EVAL_URL = 'https://github.com/openai/human-eval/raw/master/data/HumanEval.jsonl.gz';

/** One HumanEval problem (the whole record is the reference's test cases in HELM). */
export const HumanEvalProblem = z
  .object({ task_id: z.string(), prompt: z.string(), canonical_solution: z.string(), test: z.string(), entry_point: z.string() })
  .passthrough();
export type HumanEvalProblem = z.infer<typeof HumanEvalProblem>;

/**
 * The problems by task id in file order (a repeated id keeps its first place and its last record,
 * as a Python dict built from the lines does); lines of only whitespace are skipped.
 */
export function readHumanEvalProblems(text: string, file: string): Map<string, HumanEvalProblem> {
  const problems = new Map<string, HumanEvalProblem>();
  text.split(/(?<=\n)/).forEach((line, i) => {
    if (line === '' || /^\s*$/.test(line)) return;
    const parsed = HumanEvalProblem.safeParse(parseJson(line, `${file}: line ${i + 1}`));
    if (!parsed.success) throw new HelmInputError(`${file}: line ${i + 1}: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`);
    problems.set(parsed.data.task_id, parsed.data);
  });
  return problems;
}

/**
 * HumanEval as HELM splits it (0 train, 0 valid, the rest test): the prompt as input, the canonical
 * solution as the one correct reference. HELM also hangs the problem record on the reference
 * (`test_cases`), outside the dataclass fields, so it is in no output file; the code metric reads
 * it back from the same file (see codeTestCases).
 */
export function humanEvalInstances(problems: Map<string, HumanEvalProblem>): Instance[] {
  return [...problems.values()].map((problem) => ({
    input: { text: problem.prompt },
    references: [{ output: { text: problem.canonical_solution }, tags: [CORRECT_TAG] }],
    split: 'test',
  }));
}

/** `HumanEval.jsonl` in the scenario folder (HELM gunzips it on download; a mirror holds it gunzipped). */
export async function ensureHumanEval(scenarioDir: string, options: EnsureDataOptions = {}): Promise<string> {
  const file = path.join(scenarioDir, 'HumanEval.jsonl');
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: HUMAN_EVAL_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'code', 'HumanEval.jsonl'),
    onProgress: options.onProgress,
    async download(dest) {
      await downloadFile(HUMAN_EVAL_URL, `${dest}.gz`, options.onProgress);
      await writeFile(dest, gunzipSync(await readFile(`${dest}.gz`)));
      await rm(`${dest}.gz`);
    },
  });
  return file;
}

/** `CodeScenario(dataset)`: HumanEval; APPS is refused by name (see the README). */
export async function getCodeInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('code', args, ['dataset']);
  const dataset = choiceArg('code', args, 'dataset', ['humaneval', 'apps']);
  if (dataset === 'apps') {
    throw new HelmInputError(
      'code:dataset=apps is not implemented in helm-ts yet (HELM re-indents every APPS solution with its reindent script and lists the problems in a pinned order); code:dataset=humaneval is',
    );
  }
  const file = await ensureHumanEval(scenarioDir, options);
  return humanEvalInstances(readHumanEvalProblems(await readPythonTextFile(file, 'HumanEval problems'), file));
}

export const codeScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.code_scenario.CodeScenario',
  name: 'code',
  description: 'Code Generation',
  tags: ['Reasoning', 'Code Generation'],
  getInstances: getCodeInstances,
};

/**
 * The metric's way back to HELM's `test_cases`: instance `id<i>` is the i-th problem of the same
 * HumanEval.jsonl the scenario read (ids are given in scenario order before any sampling); its
 * correct reference must be that problem's canonical solution.
 */
export function humanEvalProblemLookup(scenarioDir: string): (instance: Instance) => HumanEvalProblem {
  const file = path.join(scenarioDir, 'HumanEval.jsonl');
  let problems: HumanEvalProblem[] | undefined;
  return (instance) => {
    if (problems === undefined) {
      if (!existsSync(file)) throw new HelmInputError(`${file} is missing: the code metrics read the HumanEval tests from the scenario's data`);
      problems = [...readHumanEvalProblems(decodePythonText(readFileSync(file), file), file).values()];
    }
    const index = /^id(\d+)$/.exec(instance.id ?? '')?.[1];
    const problem = index === undefined ? undefined : problems[Number(index)];
    if (problem === undefined || !instance.references.some((r) => r.output.text === problem.canonical_solution)) {
      throw new HelmInputError(`HumanEval: no problem of ${file} matches instance ${instance.id ?? '(no id)'}`);
    }
    return problem;
  };
}
