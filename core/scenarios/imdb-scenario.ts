import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { pyStrip } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { pythonTruthy } from './boolq-scenario';
import { ensureFileDownloaded, ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const IMDB_URL = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz';
const CONTRAST_URL = 'https://raw.githubusercontent.com/allenai/contrast-sets/main/IMDb/data/';
const PINNED_ORDER_URL = 'https://worksheets.codalab.org/rest/bundles/0xa75fa6eb8dc24e23a73d3a5ecb674b32/contents/blob/';
const PINNED_ORDER_FILE = 'imdb_scenario_pinned_file_order.json';
/** HELM split → aclImdb folder. */
const SPLIT_FOLDERS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['valid', 'test'],
];
const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['pos', 'Positive'],
  ['neg', 'Negative'],
];

interface ContrastExample {
  contrastInput: string;
  contrastAnswer: string;
}

/** The original and contrast TSVs line by line (header skipped): original text → its contrast example. */
export function parseImdbContrast(originalText: string, contrastText: string, file: string, into: Map<string, ContrastExample>): void {
  const lines = (text: string): string[] => text.split(/(?<=\n)/).filter((l) => l !== '').slice(1);
  const originals = lines(originalText);
  const contrasts = lines(contrastText);
  const labels = new Set(['Positive', 'Negative']);
  for (let i = 0; i < Math.min(originals.length, contrasts.length); i++) {
    const orig = pyStrip(originals[i]).split('\t');
    const contrast = pyStrip(contrasts[i]).split('\t');
    if (orig.length !== 2 || contrast.length !== 2 || !labels.has(orig[0]) || !labels.has(contrast[0])) {
      throw new HelmInputError(`${file}: line ${i + 2}: expected "<Positive|Negative>\\t<text>" in both the original and the contrast file`);
    }
    if (into.has(orig[1])) throw new HelmInputError(`${file}: line ${i + 2}: the original text appears twice in the contrast sets`);
    into.set(orig[1], { contrastInput: contrast[1], contrastAnswer: contrast[0] });
  }
}

/** `<scenario>/data` is the unpacked aclImdb tar plus the contrast TSVs and the pinned file order (mirror: `imdb/`). */
export async function ensureImdbData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<string> {
  const data = path.join(scenarioDir, 'data');
  await ensureFolderDownloaded({
    targetPath: data,
    sourceUrl: IMDB_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'imdb'),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, 'train', 'pos')))) {
        throw new HelmInputError(`IMDB data is incomplete: ${path.join(folder, 'train', 'pos')} is missing (expected the unpacked ${IMDB_URL})`);
      }
    },
    onProgress: options.onProgress,
  });
  const extra = [...['test', 'dev'].flatMap((mode) => [`${mode}_original.tsv`, `${mode}_contrast.tsv`].map((f) => [f, `${CONTRAST_URL}${f}`])), [PINNED_ORDER_FILE, `${PINNED_ORDER_URL}`]];
  for (const [name, url] of extra) {
    await ensureFileDownloaded({
      targetPath: path.join(data, name),
      sourceUrl: url,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'imdb', name),
      onProgress: options.onProgress,
    });
  }
  return data;
}

/** `IMDBScenario(only_contrast)`: train then valid (aclImdb's test), positive then negative, in HELM's pinned file order. */
export async function getImdbInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('imdb', args, ['only_contrast']);
  const onlyContrast = pythonTruthy(args.only_contrast);
  const data = await ensureImdbData(scenarioDir, options);
  const contrast = new Map<string, ContrastExample>();
  for (const mode of ['test', 'dev']) {
    const original = path.join(data, `${mode}_original.tsv`);
    parseImdbContrast(
      await readPythonTextFile(original, 'IMDB contrast set'),
      await readPythonTextFile(path.join(data, `${mode}_contrast.tsv`), 'IMDB contrast set'),
      original,
      contrast,
    );
  }
  const orderFile = path.join(data, PINNED_ORDER_FILE);
  const order = parseJson(await readPythonTextFile(orderFile, 'IMDB pinned file order'), orderFile) as Record<string, Record<string, unknown>>;
  const instances: Instance[] = [];
  for (const [split, folder] of SPLIT_FOLDERS) {
    for (const [className, label] of LABELS) {
      const files = order?.[split]?.[className];
      if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) {
        throw new HelmInputError(`${orderFile}: no file list for ${split}/${className}`);
      }
      for (const name of files) {
        const text = pyStrip(await readPythonTextFile(path.join(data, folder, className, name), 'IMDB review'));
        const example = contrast.get(text);
        if (example === undefined && onlyContrast && split === 'valid') continue;
        const instance: Instance = { input: { text }, references: [{ output: { text: label }, tags: [CORRECT_TAG] }], split: example ? 'valid' : split };
        if (example !== undefined) {
          instance.contrast_inputs = [{ text: example.contrastInput }];
          instance.contrast_references = [[{ output: { text: example.contrastAnswer }, tags: [CORRECT_TAG] }]];
        }
        instances.push(instance);
      }
    }
  }
  return instances;
}

export const imdbScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.imdb_scenario.IMDBScenario',
  name: 'imdb',
  description: 'Sentiment analysis dataset.',
  tags: ['sentiment_classification'],
  getInstances: getImdbInstances,
};
