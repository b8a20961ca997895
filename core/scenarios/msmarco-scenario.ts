import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { parsePythonCsv } from './python-csv';
import { choiceArg, noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

const CODALAB = (bundle: string): string => `https://worksheets.codalab.org/rest/bundles/${bundle}/contents/blob/`;
const MSMARCO = (file: string): string => `https://msmarco.blob.core.windows.net/msmarcoranking/${file}`;

/** HELM's download name (`<key>.tsv` under `data/`, also the mirror's name under `msmarco/`) → canonical source. */
export const MSMARCO_FILES: Readonly<Record<string, string>> = {
  documents: CODALAB('0x50d32fc56ad04dd89510bf86f9c1c9d3'),
  train_queries: MSMARCO('queries.train.tsv'),
  train_qrels: MSMARCO('qrels.train.tsv'),
  train_topk: CODALAB('0x8c43d4ec02ea48d6a727683a9676b77b'),
  regular_queries: CODALAB('0xf5ccf54707b548f9a4c43502c6f15719'),
  regular_qrels: MSMARCO('qrels.dev.small.tsv'),
  regular_topk: CODALAB('0xbc3dfacb2b7746809e582ee01fa5fe70'),
  // HELM gunzips this one on download; the mirror holds it decompressed.
  trec_queries: MSMARCO('msmarco-test2019-queries.tsv.gz'),
  // Space-separated; HELM rewrites it with tabs after downloading.
  trec_qrels: 'https://trec.nist.gov/data/deep/2019qrels-pass.txt',
  trec_topk: CODALAB('0x2e80572f93b748d594b817249013bdac'),
};
const TRACKS = ['regular', 'trec'];
const GOLD_RELATIONS: Readonly<Record<string, number[]>> = { train: [1], regular: [1], trec: [2, 3] };
const NUM_TRAIN_QUERIES = 1000;
const MIN_TOPK = 11;
const MAX_TRAIN_TOPK = 20;
const MAX_VALID_TOPK = 1000;
const SEED = 1885;

/** Python's `int(text)` for the ids and ranks in these files. */
function pyInt(text: string, where: string): number {
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) throw new HelmInputError(`${where}: invalid literal for int(): ${JSON.stringify(text)}`);
  const value = Number(text.trim().replaceAll('_', ''));
  if (!Number.isSafeInteger(value)) throw new HelmInputError(`${where}: ${text} is too large an id`);
  return value;
}

/** True when `record` (one or more lines) ends inside a quoted field of the default csv dialect. */
export function endsInsideQuotes(record: string, delimiter: string): boolean {
  let state: 'start' | 'field' | 'quoted' | 'quoteInQuoted' = 'start';
  for (const c of record) {
    if (state === 'start') state = c === '"' ? 'quoted' : c === delimiter || c === '\n' ? 'start' : 'field';
    else if (state === 'field') state = c === delimiter || c === '\n' ? 'start' : 'field';
    else if (state === 'quoted') state = c === '"' ? 'quoteInQuoted' : 'quoted';
    else state = c === '"' ? 'quoted' : c === delimiter || c === '\n' ? 'start' : 'field';
  }
  return state === 'quoted';
}

/**
 * `csv.reader(open(file, encoding="utf-8"), delimiter=…)` row by row without reading the whole file
 * (MS MARCO's passages are gigabytes): lines are joined while a quoted field is open.
 */
export async function* streamPythonCsv(file: string, delimiter: string, transform?: (line: string) => string): AsyncGenerator<{ fields: string[]; line: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending = '';
  let startLine = 0;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = transform === undefined ? raw : transform(raw);
    if (pending === '') startLine = lineNumber;
    pending += `${line}\n`;
    if (endsInsideQuotes(pending, delimiter)) continue;
    const [row] = parsePythonCsv(pending, delimiter);
    pending = '';
    yield { fields: row.fields, line: startLine };
  }
  if (pending !== '') {
    const [row] = parsePythonCsv(pending, delimiter);
    yield { fields: row.fields, line: startLine };
  }
}

function expectFields(fields: string[], count: number, file: string, line: number): void {
  if (fields.length !== count) throw new HelmInputError(`${file}: line ${line} has ${fields.length} fields, expected ${count}`);
}

/** `create_id_item_dict`: id → text (a repeated id keeps its first position and its last text). */
async function readIdItems(file: string, separator: string): Promise<Map<number, string>> {
  const items = new Map<number, string>();
  for await (const { fields, line } of streamPythonCsv(file, '\t', separatorTransform(separator))) {
    expectFields(fields, 2, file, line);
    items.set(pyInt(fields[0], `${file}: line ${line}`), fields[1]);
  }
  return items;
}

/** `create_qrels_dict` (qid, ignored, docid, relevance) and `create_topk_dict` (qid, docid, rank): qid → docid → value. */
async function readNested(file: string, separator: string, kind: 'qrels' | 'topk'): Promise<Map<number, Map<number, number>>> {
  const nested = new Map<number, Map<number, number>>();
  const width = kind === 'qrels' ? 4 : 3;
  for await (const { fields, line } of streamPythonCsv(file, '\t', separatorTransform(separator))) {
    expectFields(fields, width, file, line);
    const where = `${file}: line ${line}`;
    const [qid, docid, value] = kind === 'qrels' ? [fields[0], fields[2], fields[3]] : [fields[0], fields[1], fields[2]];
    const q = pyInt(qid, where);
    let inner = nested.get(q);
    if (inner === undefined) nested.set(q, (inner = new Map()));
    inner.set(pyInt(docid, where), pyInt(value, where));
  }
  return nested;
}

/** HELM replaces the file's separator with tabs before reading it (TREC's qrels are space-separated). */
function separatorTransform(separator: string): ((line: string) => string) | undefined {
  return separator === '\t' ? undefined : (line) => line.replaceAll(separator, '\t');
}

interface SplitData {
  qids: number[];
  queries: Map<number, string>;
  qrels: Map<number, Map<number, number>>;
  topk: Map<number, Map<number, number>>;
  topkLimit: number | null;
  gold: Set<number>;
}

/** `filter_qids`: queries with qrels holding a gold relation, and (optionally) at least `topk` top-k passages. */
function filterQids(data: SplitData, checkTopk: boolean): number[] {
  return data.qids.filter((qid) => {
    const rels = data.qrels.get(qid);
    if (rels === undefined || ![...rels.values()].some((r) => data.gold.has(r))) return false;
    if (!checkTopk) return true;
    const topk = data.topk.get(qid);
    return topk !== undefined && topk.size >= (data.topkLimit as number);
  });
}

/** An instance with passage ids in place of texts (filled in once the needed passages are read). */
interface PendingInstance {
  qid: number;
  split: string;
  docids: number[];
}

function sortByShuffledPosition(docids: number[], position: Map<number, number>, where: string): number[] {
  for (const d of docids) if (!position.has(d)) throw new HelmInputError(`${where}: passage ${d} is not in the passage collection`);
  return docids.sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
}

function trainInstance(qid: number, data: SplitData, position: Map<number, number>): PendingInstance {
  const rels = data.qrels.get(qid) as Map<number, number>;
  // sorted(..., reverse=True) is stable: equal relevances keep their order.
  const byRelevance = [...rels.keys()].map((d, i) => ({ d, i })).sort((a, b) => (rels.get(b.d) as number) - (rels.get(a.d) as number) || a.i - b.i);
  const correct = byRelevance[0].d;
  const wrong = [...(data.topk.get(qid) as Map<number, number>).entries()]
    .filter(([, k]) => MIN_TOPK <= k && k <= (data.topkLimit as number))
    .map(([d]) => d)
    .filter((d) => !rels.has(d) || !data.gold.has(rels.get(d) as number));
  if (wrong.length === 0) throw new HelmInputError(`MS MARCO train query ${qid}: no passage ranked ${MIN_TOPK}-${data.topkLimit} is a wrong answer`);
  return { qid, split: 'train', docids: sortByShuffledPosition([correct, wrong[0]], position, `MS MARCO train query ${qid}`) };
}

function validInstance(qid: number, data: SplitData, position: Map<number, number>): PendingInstance {
  const qrelsDocids = [...(data.qrels.get(qid) as Map<number, number>).keys()];
  const topk = data.topkLimit === null ? [] : [...(data.topk.get(qid) ?? new Map<number, number>()).entries()].filter(([, k]) => k <= (data.topkLimit as number)).map(([d]) => d);
  return { qid, split: 'valid', docids: sortByShuffledPosition([...new Set([...qrelsDocids, ...topk])], position, `MS MARCO valid query ${qid}`) };
}

function reference(docid: number, text: string, data: SplitData, qid: number, where: string): Reference {
  const rel = data.qrels.get(qid)?.get(docid);
  const topk = data.topk.get(qid);
  if (topk === undefined) throw new HelmInputError(`${where}: query ${qid} has no top-k passages`);
  const rank = topk.get(docid);
  const tags = [`docid=${docid}`];
  if (rel !== undefined && data.gold.has(rel)) tags.push(CORRECT_TAG);
  if (rel) tags.push(`relevance=${rel}`);
  if (rank) tags.push(`rank=${rank}`);
  return { output: { text }, tags };
}

/**
 * `MSMARCOScenario(track, valid_topk)`: passage and query ids shuffled (Python `random`, seed 1885);
 * train = the first 1000 usable train queries, each with its best passage and the first wrong one
 * ranked 11-20; valid = every usable query of the track with its judged and top-k passages.
 */
export async function getMsmarcoInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('msmarco', args, ['track', 'valid_topk']);
  const track = choiceArg('msmarco', args, 'track', TRACKS);
  const rawTopk = args.valid_topk ?? null;
  const validTopk = rawTopk === null ? null : Number(argValueStr(rawTopk));
  if (validTopk !== null && !(Number.isInteger(validTopk) && MIN_TOPK <= validTopk && validTopk <= MAX_VALID_TOPK)) {
    throw new HelmInputError(`msmarco: valid_topk must be an integer from ${MIN_TOPK} to ${MAX_VALID_TOPK}, got ${argValueStr(rawTopk)}`);
  }
  const files = new Map<string, string>();
  for (const key of ['documents', 'train_queries', 'train_qrels', 'train_topk', `${track}_queries`, `${track}_qrels`, `${track}_topk`]) {
    const target = path.join(scenarioDir, 'data', `${key}.tsv`);
    await ensureFileDownloaded({
      targetPath: target,
      sourceUrl: MSMARCO_FILES[key],
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'msmarco', `${key}.tsv`),
      onProgress: options.onProgress,
    });
    files.set(key, target);
  }
  const file = (key: string): string => files.get(key) as string;
  const separator = (key: string): string => (key === 'trec_qrels' ? ' ' : '\t');
  // Pass 1 over the passages: their ids in file order (the dict's key order).
  const docids: number[] = [];
  const seenDocs = new Set<number>();
  for await (const { fields, line } of streamPythonCsv(file('documents'), '\t')) {
    expectFields(fields, 2, file('documents'), line);
    const id = pyInt(fields[0], `${file('documents')}: line ${line}`);
    if (!seenDocs.has(id)) {
      seenDocs.add(id);
      docids.push(id);
    }
  }
  seenDocs.clear();
  const splits: Record<'train' | 'valid', SplitData> = {
    train: {
      queries: await readIdItems(file('train_queries'), '\t'),
      qrels: await readNested(file('train_qrels'), '\t', 'qrels'),
      topk: await readNested(file('train_topk'), '\t', 'topk'),
      qids: [],
      topkLimit: MAX_TRAIN_TOPK,
      gold: new Set(GOLD_RELATIONS.train),
    },
    valid: {
      queries: await readIdItems(file(`${track}_queries`), separator(`${track}_queries`)),
      qrels: await readNested(file(`${track}_qrels`), separator(`${track}_qrels`), 'qrels'),
      topk: await readNested(file(`${track}_topk`), separator(`${track}_topk`), 'topk'),
      qids: [],
      topkLimit: validTopk,
      gold: new Set(GOLD_RELATIONS[track]),
    },
  };
  splits.train.qids = [...splits.train.queries.keys()];
  splits.valid.qids = [...splits.valid.queries.keys()];
  const random = new PythonRandom(SEED);
  random.shuffle(docids);
  const position = new Map(docids.map((d, i) => [d, i]));
  random.shuffle(splits.train.qids);
  random.shuffle(splits.valid.qids);

  const pending = [
    ...filterQids(splits.train, true)
      .slice(0, NUM_TRAIN_QUERIES)
      .map((qid) => trainInstance(qid, splits.train, position)),
    ...filterQids(splits.valid, validTopk !== null).map((qid) => validInstance(qid, splits.valid, position)),
  ];
  // Pass 2: the texts of the passages the instances use (a repeated id keeps its last text).
  const needed = new Set(pending.flatMap((p) => p.docids));
  const texts = new Map<number, string>();
  for await (const { fields, line } of streamPythonCsv(file('documents'), '\t')) {
    const id = pyInt(fields[0], `${file('documents')}: line ${line}`);
    if (needed.has(id)) texts.set(id, fields[1]);
  }
  return pending.map(({ qid, split, docids: ids }) => {
    const data = splits[split as 'train' | 'valid'];
    return {
      input: { text: data.queries.get(qid) as string },
      references: ids.map((d) => reference(d, texts.get(d) as string, data, qid, `MS MARCO ${split}`)),
      split,
    };
  });
}

export const msmarcoScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.msmarco_scenario.MSMARCOScenario',
  name: 'msmarco',
  description: 'Microsoft Machine Reading Comprehension',
  tags: ['information_retrieval'],
  getInstances: getMsmarcoInstances,
};
