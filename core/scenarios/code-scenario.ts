import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { downloadFile, ensureFileDownloaded, ensureFolderDownloaded, type EnsureDataOptions } from './download';
import { reindentApps } from './apps-reindent';
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

const APPS_URL = 'https://people.eecs.berkeley.edu/~hendrycks/APPS.tar.gz';
const APPS_PINNED_ORDER_URL = 'https://worksheets.codalab.org/rest/bundles/0x308e1062e2b7448bacc45b4c92af5a75/contents/blob/';
const APPS_PINNED_ORDER_FILE = 'code_scenario_apps_pinned_file_order.json';
/** The APPS loader's cut for every text (the original training code's limit), in code points. */
const SINGLE_STR_LIMIT = 150000;
const PinnedOrder = z.record(z.string(), z.array(z.string()));

const cut = (text: string): string => {
  const points = Array.from(text);
  return points.length > SINGLE_STR_LIMIT ? points.slice(0, SINGLE_STR_LIMIT).join('') : text;
};

/** The prompt of the original APPS training pipeline. */
export function appsPrompt(question: string, starterCode: string, answerType: string): string {
  return `\nQUESTION:\n${question}\n${starterCode}\n${answerType}\nANSWER in Python code:\n`;
}

/** Python's `sorted(os.listdir(dir))` (code-point order). */
function sortedListing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [];
}

const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();

/**
 * APPS as HELM reads it: train then test problems in the pinned order (else sorted); a problem
 * without question.txt, a train problem without solutions.json or a test problem without
 * input_output.json is skipped; one correct reference per re-indented solution (one empty
 * reference when there is none).
 */
export function appsInstances(appsDir: string, pinnedOrder: Record<string, string[]>): Instance[] {
  return appsProblems(appsDir, pinnedOrder).map((p) => p.instance);
}

/** APPS's instances in scenario order, each with its problem folder (HELM's `test_cases["root"]`). */
export function appsProblems(appsDir: string, pinnedOrder: Record<string, string[]>): Array<{ root: string; instance: Instance }> {
  const instances: Array<{ root: string; instance: Instance }> = [];
  for (const split of ['train', 'test']) {
    const splitDir = path.join(appsDir, split);
    const pinned = pinnedOrder[split];
    const names = pinned !== undefined && pinned.length > 0 ? pinned : sortedListing(splitDir);
    for (const name of names) {
      const dir = path.join(splitDir, name);
      const questionFile = path.join(dir, 'question.txt');
      const solutionsFile = path.join(dir, 'solutions.json');
      const testsFile = path.join(dir, 'input_output.json');
      if (!isFile(questionFile)) continue;
      if (split === 'train' && !isFile(solutionsFile)) continue;
      if (split === 'test' && !isFile(testsFile)) continue;
      const starterFile = path.join(dir, 'starter_code.py');
      const answerType = existsSync(starterFile) ? '\nUse Call-Based format\n' : '\nUse Standard Input format\n';
      const starterCode = isFile(starterFile) ? decodePythonText(readFileSync(starterFile), starterFile) : '';
      const question = decodePythonText(readFileSync(questionFile), questionFile);
      let solutions: string[] = [];
      if (isFile(solutionsFile)) {
        const parsed = z.array(z.string()).safeParse(parseJson(readFileSync(solutionsFile, 'utf8'), solutionsFile));
        if (!parsed.success) throw new HelmInputError(`${solutionsFile}: expected a JSON list of solution strings`);
        solutions = parsed.data.map((solution) => cut(reindentApps(solution)));
      }
      if (solutions.length === 0) solutions = [''];
      instances.push({
        root: dir,
        instance: {
          input: { text: appsPrompt(cut(question), cut(starterCode), answerType) },
          references: solutions.map((text) => ({ output: { text }, tags: [CORRECT_TAG] })),
          split,
        },
      });
    }
  }
  return instances;
}

async function ensureApps(scenarioDir: string, options: EnsureDataOptions): Promise<{ appsDir: string; pinnedOrder: Record<string, string[]> }> {
  const appsDir = path.join(scenarioDir, 'APPS');
  await ensureFolderDownloaded({
    targetPath: appsDir,
    sourceUrl: APPS_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'code', 'APPS'),
    verify: async (folder) => {
      if (!existsSync(path.join(folder, 'train')) && !existsSync(path.join(folder, 'test'))) {
        throw new HelmInputError(`APPS data is incomplete: neither ${path.join(folder, 'train')} nor test/ exists (expected the unpacked ${APPS_URL})`);
      }
    },
    onProgress: options.onProgress,
  });
  // HELM keeps the order of its official runs (their os.listdir order) in a file beside the data.
  const orderFile = path.join(appsDir, APPS_PINNED_ORDER_FILE);
  await ensureFileDownloaded({
    targetPath: orderFile,
    sourceUrl: APPS_PINNED_ORDER_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'code', APPS_PINNED_ORDER_FILE),
    onProgress: options.onProgress,
  });
  const parsed = PinnedOrder.safeParse(parseJson(await readPythonTextFile(orderFile, 'APPS pinned file order'), orderFile));
  if (!parsed.success) throw new HelmInputError(`${orderFile}: expected {split: [problem folder, …]}`);
  return { appsDir, pinnedOrder: parsed.data };
}

/** `CodeScenario(dataset)`: HumanEval or APPS. */
export async function getCodeInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('code', args, ['dataset']);
  const dataset = choiceArg('code', args, 'dataset', ['humaneval', 'apps']);
  if (dataset === 'apps') {
    const { appsDir, pinnedOrder } = await ensureApps(scenarioDir, options);
    return appsInstances(appsDir, pinnedOrder);
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

/**
 * APPSMetric's way back to HELM's `test_cases["root"]`: instance `id<i>` is the i-th APPS problem
 * in scenario order (the same folders and pinned order the scenario read); its references must be
 * that problem's solutions.
 */
export function appsProblemLookup(scenarioDir: string): (instance: Instance) => string {
  const appsDir = path.join(scenarioDir, 'APPS');
  let problems: Array<{ root: string; instance: Instance }> | undefined;
  return (instance) => {
    if (problems === undefined) {
      const orderFile = path.join(appsDir, APPS_PINNED_ORDER_FILE);
      if (!existsSync(orderFile)) throw new HelmInputError(`${orderFile} is missing: APPSMetric finds each instance's tests by the scenario's problem order`);
      const parsed = PinnedOrder.safeParse(parseJson(decodePythonText(readFileSync(orderFile), orderFile), orderFile));
      if (!parsed.success) throw new HelmInputError(`${orderFile}: expected {split: [problem folder, …]}`);
      problems = appsProblems(appsDir, parsed.data);
    }
    const index = /^id(\d+)$/.exec(instance.id ?? '')?.[1];
    const problem = index === undefined ? undefined : problems[Number(index)];
    const same = problem !== undefined && JSON.stringify(problem.instance.references) === JSON.stringify(instance.references);
    if (problem === undefined || !same) throw new HelmInputError(`APPS: no problem under ${appsDir} matches instance ${instance.id ?? '(no id)'}`);
    return problem.root;
  };
}
