import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { pySplitWhitespace } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { readPlainPickle, type PickleKey, type PickleValue } from './python-pickle';
import { choiceArg, noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const SOURCE = 'https://storage.googleapis.com/crfm-helm-public/source_datasets/scenarios/summarization_scenario/';

/** Per dataset_name: the pickle HELM downloads (`data/<tag>.pk`) and its record keys. */
const DATASETS: Readonly<Record<string, { tag: string; articleKey: string; summaryKey: string }>> = {
  xsum: { tag: 'xsum', articleKey: 'document', summaryKey: 'summary' },
  'xsum-sampled': { tag: 'xsum-sampled', articleKey: 'document', summaryKey: 'summary' },
  'cnn-dm': { tag: 'cnndm', articleKey: 'article', summaryKey: 'highlights' },
};

/** HELM's file split name → instance split, in HELM's order. */
const SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['validation', 'valid'],
  ['test', 'test'],
];

/** The unpickled file: each split a list of records (extra fields such as `id` are ignored). */
export type SummarizationData = Record<'train' | 'validation' | 'test', ReadonlyArray<ReadonlyMap<PickleKey, PickleValue>>>;

export interface SummarizationOptions {
  datasetName: string;
  samplingMinLength?: number;
  samplingMaxLength?: number;
  docMaxLength?: number;
}

/** Newlines to spaces, whitespace-split (Python's `str.split()`), the first `maxLength` words rejoined. */
export function cleanAndTruncate(text: string, maxLength?: number): string {
  const words = pySplitWhitespace(text.replaceAll('\n', ' '));
  return (maxLength === undefined ? words : words.slice(0, maxLength)).join(' ');
}

/** HELM's extra XSum training filter: BBC boilerplate, short summaries, summaries long for the article. */
export function xsumFilter(article: string, summary: string): boolean {
  const artLen = pySplitWhitespace(article).length;
  const summLen = pySplitWhitespace(summary).length;
  if (article.includes('Media playback is unsupported on your device')) return true;
  if (article.includes('Last updated at')) return true;
  if (summLen <= 10) return true;
  // Python divides by zero here for an empty article; the length filters before it never let one through.
  return summLen / artLen > 0.2;
}

/** `SummarizationScenario.get_instances` on the unpickled data: cleaned, truncated, train filtered. */
export function summarizationInstances(data: SummarizationData, options: SummarizationOptions, file: string): Instance[] {
  const { articleKey, summaryKey } = DATASETS[options.datasetName];
  const instances: Instance[] = [];
  for (const [name, split] of SPLITS) {
    data[name as keyof SummarizationData].forEach((record, i) => {
      const rawArticle = record.get(articleKey);
      const rawSummary = record.get(summaryKey);
      if (typeof rawArticle !== 'string' || typeof rawSummary !== 'string') {
        throw new HelmInputError(`${file}: ${name}[${i}] needs string fields "${articleKey}" and "${summaryKey}"`);
      }
      const article = cleanAndTruncate(rawArticle, options.docMaxLength);
      const summary = cleanAndTruncate(rawSummary);
      if (name === 'train') {
        const artLen = pySplitWhitespace(article).length;
        // HELM tests the lengths for truthiness: 0 or None means no bound.
        if (options.samplingMaxLength && artLen > options.samplingMaxLength) return;
        if (options.samplingMinLength && artLen < options.samplingMinLength) return;
        if (options.datasetName === 'xsum' && xsumFilter(article, summary)) return;
      }
      instances.push({ input: { text: article }, references: [{ output: { text: summary }, tags: [CORRECT_TAG] }], split });
    });
  }
  return instances;
}

/**
 * The splits of the unpickled mapping, read in place: the real pickles hold hundreds of thousands
 * of articles, so they are not copied into another structure first.
 */
export function summarizationData(value: PickleValue, file: string): SummarizationData {
  const bad = (why: string): never => {
    throw new HelmInputError(`${file}: expected a mapping of train/validation/test lists of records (${why})`);
  };
  if (!(value instanceof Map)) return bad('the pickle is not a dict');
  const split = (name: string): Array<Map<PickleKey, PickleValue>> => {
    const list = value.get(name);
    if (!Array.isArray(list)) return bad(`no list "${name}"`);
    return list.map((record, i) => (record instanceof Map ? record : bad(`${name}[${i}] is not a dict`)));
  };
  return { train: split('train'), validation: split('validation'), test: split('test') };
}

function optionalIntArg(args: Record<string, ArgValue>, key: string): number | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new HelmInputError(`summarization: ${key} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `SummarizationScenario(dataset_name, sampling_min_length, sampling_max_length, doc_max_length)`. */
export async function getSummarizationInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('summarization', args, ['dataset_name', 'sampling_min_length', 'sampling_max_length', 'doc_max_length']);
  const datasetName = choiceArg('summarization', args, 'dataset_name', Object.keys(DATASETS));
  const { tag } = DATASETS[datasetName];
  const file = path.join(scenarioDir, 'data', `${tag}.pk`);
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: `${SOURCE}${tag}.pk`,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'summarization', `${tag}.pk`),
    onProgress: options.onProgress,
  });
  return summarizationInstances(
    summarizationData(readPlainPickle(await readFile(file), file), file),
    {
      datasetName,
      samplingMinLength: optionalIntArg(args, 'sampling_min_length'),
      samplingMaxLength: optionalIntArg(args, 'sampling_max_length'),
      docMaxLength: optionalIntArg(args, 'doc_max_length'),
    },
    file,
  );
}

export const summarizationScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.summarization_scenario.SummarizationScenario',
  name: 'summarization',
  description: 'Scenario for summarization tasks',
  tags: ['summarization'],
  getInstances: getSummarizationInstances,
};
