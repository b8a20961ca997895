import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decompress } from 'fzstd';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, pathExists, type EnsureDataOptions } from './download';
import { normaliseNewlines } from './python-csv';
import { choiceArg, noArgs, parseJson, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const THE_PILE_URL = 'https://the-eye.eu/public/AI/pile/test.jsonl.zst';

export const THE_PILE_SUBSETS: readonly string[] = [
  'ArXiv',
  'BookCorpus2',
  'Books3',
  'DM Mathematics',
  'Enron Emails',
  'EuroParl',
  'FreeLaw',
  'Github',
  'Gutenberg (PG-19)',
  'HackerNews',
  'NIH ExPorter',
  'OpenSubtitles',
  'OpenWebText2',
  'PhilPapers',
  'Pile-CC',
  'PubMed Abstracts',
  'PubMed Central',
  'StackExchange',
  'USPTO Backgrounds',
  'Ubuntu IRC',
  'Wikipedia (en)',
  'YoutubeSubtitles',
];

/** HELM's short names of the subsets (lm_perplexity's folder names). */
export const THE_PILE_SHORT_NAMES: Readonly<Record<string, string>> = {
  Github: 'github',
  ArXiv: 'arxiv',
  'Wikipedia (en)': 'wikipedia',
  OpenSubtitles: 'opensubtitles',
  OpenWebText2: 'openwebtext2',
  'Gutenberg (PG-19)': 'gutenberg',
  'DM Mathematics': 'dm-mathematics',
  'Enron Emails': 'enron',
  Books3: 'bibliotik',
  'PubMed Abstracts': 'pubmed-abstracts',
  YoutubeSubtitles: 'youtubesubtitles',
  HackerNews: 'hackernews',
  'Pile-CC': 'commoncrawl',
  EuroParl: 'europarl',
  'USPTO Backgrounds': 'uspto',
  FreeLaw: 'freelaw',
  'NIH ExPorter': 'nih-exporter',
  StackExchange: 'stackexchange',
  'PubMed Central': 'pubmed-central',
  'Ubuntu IRC': 'ubuntu-irc',
  BookCorpus2: 'bookcorpus',
  PhilPapers: 'philpapers',
};
/** Subsets too small to subsample: all their documents are used. */
const WITHOUT_SUBSAMPLE: readonly string[] = ['ubuntu-irc', 'bookcorpus', 'philpapers'];
const SUBSAMPLE_URL = (short: string): string =>
  `https://raw.githubusercontent.com/EleutherAI/lm_perplexity/main/assets/test_subsample_indices/${short}/group0.json`;

/**
 * lm_perplexity's subsample of a subset (HELM fetches it on every load; here it is downloaded once
 * into `<scenario>/test_subsample_indices/<short>/group0.json`, or copied from the mirror).
 */
export async function thePileSubsampleIndices(short: string, scenarioDir: string, options: EnsureDataOptions): Promise<number[]> {
  const file = path.join(scenarioDir, 'test_subsample_indices', short, 'group0.json');
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: SUBSAMPLE_URL(short),
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'the_pile', 'test_subsample_indices', short, 'group0.json'),
    onProgress: options.onProgress,
  });
  const parsed = parseJson(await readPythonTextFile(file, 'The Pile subsample indices'), file);
  if (!Array.isArray(parsed) || !parsed.every((i): i is number => Number.isInteger(i))) {
    throw new HelmInputError(`${file}: expected a JSON list of document indices`);
  }
  return [...new Set(parsed)].sort((a, b) => a - b);
}

/** `zstd -d`, streaming: the test set is about a gigabyte decompressed. */
export async function decompressZstd(source: string, target: string): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const stream = new Decompress((chunk) => out.write(chunk));
  await pipeline(
    createReadStream(source),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        try {
          stream.push(chunk);
          callback();
        } catch (error) {
          callback(new HelmInputError(`${source}: not a valid zstd file (${(error as Error).message})`));
        }
      },
      final(callback) {
        stream.push(new Uint8Array(0), true);
        out.end(callback);
      },
    }),
  );
  await rename(tmp, target);
}

/** `<scenario>/data` is the decompressed test set (HELM's download target); the mirror holds it as `the_pile/test.jsonl`. */
export async function ensureThePileData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<string> {
  const data = path.join(scenarioDir, 'data');
  if (options.mirrorDir !== undefined) {
    await ensureFileDownloaded({
      targetPath: data,
      sourceUrl: THE_PILE_URL,
      mirrorSource: path.join(options.mirrorDir, 'the_pile', 'test.jsonl'),
      onProgress: options.onProgress,
    });
  } else if (!(await pathExists(data))) {
    const archive = `${data}.zst`;
    await ensureFileDownloaded({ targetPath: archive, sourceUrl: THE_PILE_URL, onProgress: options.onProgress });
    await decompressZstd(archive, data);
    await rm(archive, { force: true });
  }
  return data;
}

/**
 * The documents of one subset, as HELM reads them back from its per-subset CSV cache: csv.writer
 * then csv.reader in text mode, so every `\r\n` or `\r` in a document comes back as `\n`.
 */
export async function readThePileSubset(file: string, subset: string): Promise<Instance[]> {
  const instances: Instance[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    let doc: { text?: unknown; meta?: { pile_set_name?: unknown } };
    try {
      doc = JSON.parse(line) as typeof doc;
    } catch (error) {
      throw new HelmInputError(`${file}: line ${lineNumber} is not valid JSON (${(error as Error).message})`);
    }
    const setName = doc?.meta?.pile_set_name;
    if (typeof setName !== 'string' || !THE_PILE_SUBSETS.includes(setName) || typeof doc.text !== 'string') {
      throw new HelmInputError(`${file}: line ${lineNumber}: expected {"text": ..., "meta": {"pile_set_name": <one of the 22 subsets>}}`);
    }
    if (setName === subset) instances.push({ input: { text: normaliseNewlines(doc.text) }, references: [], split: 'test' });
  }
  return instances;
}

/** `ThePileScenario(subset)`: the subset's test documents, no references. */
export async function getThePileInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('the_pile', args, ['subset']);
  const subset = choiceArg('the_pile', args, 'subset', THE_PILE_SUBSETS);
  const instances = await readThePileSubset(await ensureThePileData(scenarioDir, options), subset);
  const short = THE_PILE_SHORT_NAMES[subset];
  if (WITHOUT_SUBSAMPLE.includes(short)) return instances;
  const indices = await thePileSubsampleIndices(short, scenarioDir, options);
  return indices.map((i) => {
    // Python indexing: negative indices count from the end; beyond the end is an IndexError.
    const instance = instances[i < 0 ? instances.length + i : i];
    if (instance === undefined) throw new HelmInputError(`The Pile ${subset}: subsample index ${i} is out of range (${instances.length} documents)`);
    return instance;
  });
}

export const thePileScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.the_pile_scenario.ThePileScenario',
  name: 'the_pile',
  description: 'The Pile',
  tags: ['language_modeling'],
  getInstances: getThePileInstances,
  ensureData: async (scenarioDir, options) => {
    await ensureThePileData(scenarioDir, options);
  },
};
