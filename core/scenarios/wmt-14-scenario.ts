import fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { NumpyGenerator } from '../common/numpy-generator';
import type { ArgValue } from '../run-specs/schemas';
import { argValueStr } from '../run-specs/description';
import type { EnsureDataOptions } from './download';
import {
  ensureHfFile,
  hubFileUrl,
  listHubFiles,
  mirrorHubPath,
  parquetRowCount,
  readParquetRowRange,
  readParquetRows,
  type HfDataset,
} from './huggingface';
import { decodePythonText } from './python-csv';
import { noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM loads `wmt14` (now `wmt/wmt14`) at this revision, where every config is Parquet. */
export const WMT14_DATASET: HfDataset = { repo: 'wmt/wmt14', revision: 'b199e406369ec1b7634206d3ded5ba45de2fe696' };
/** HF split → HELM split, in HELM's order. */
export const WMT14_SPLITS: ReadonlyArray<readonly [hfSplit: string, split: string]> = [
  ['train', 'train'],
  ['validation', 'valid'],
  ['test', 'test'],
];
/** HELM shuffles the train split (seed 42) and keeps this many rows before de-duplicating. */
export const WMT14_MAX_TRAIN_INSTANCES = 20_000;
const LANGUAGES = ['cs', 'de', 'fr', 'hi', 'ru', 'en'];

/** One row: `{"translation": {"<xx>": source, "en": reference}}`. */
export type Translation = Record<string, string>;
const Row = z.object({ translation: z.record(z.string(), z.string()) });

/** Shard files of a split in the Hub's layout: `<config>/<split>-00000-of-00003.parquet`. */
export function isSplitShard(file: string, config: string, hfSplit: string): boolean {
  return new RegExp(`^${config}/${hfSplit}-\\d{5}-of-\\d{5}\\.parquet$`).test(file);
}

/** The raw newstest2014 files (WMT's SGML) that the test split is built from: source side, English side. */
export function newstest2014Files(mirrorDir: string, language: string): [string, string] {
  const dir = path.join(mirrorDir, 'wmt14', 'test-full');
  return [path.join(dir, `newstest2014-${language}en-src.${language}.sgm`), path.join(dir, `newstest2014-${language}en-ref.en.sgm`)];
}

/** Segments of an SGML file: group 1 of `^<seg id="\d+">(.*)</seg>` on each line (greedy, no unescaping). */
export function parseSgmSegments(text: string): string[] {
  const segments: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^<seg id="\d+">(.*)<\/seg>/.exec(line);
    if (match) segments.push(match[1]);
  }
  return segments;
}

/** The test rows from the SGML pair, zipped in order, pairs with an empty side skipped (as the HF builder does). */
export function newstestRows(sourceText: string, referenceText: string, language: string): Translation[] {
  const sources = parseSgmSegments(sourceText);
  const references = parseSgmSegments(referenceText);
  const rows: Translation[] = [];
  for (let i = 0; i < Math.min(sources.length, references.length); i++) {
    if (sources[i] && references[i]) rows.push({ [language]: sources[i], en: references[i] });
  }
  return rows;
}

function translationOf(value: unknown, where: string): Translation {
  const parsed = Row.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${where}: not a WMT14 row {translation: {…}}: ${parsed.error.message}`);
  return parsed.data.translation;
}

/** Where one split's rows come from: Parquet shards (mirror or Hub), or the raw SGML test files. */
type SplitSource = { kind: 'parquet'; files: string[] } | { kind: 'sgm'; files: [string, string] };

async function locateSplit(config: string, hfSplit: string, language: string, scenarioDir: string, options: EnsureDataOptions): Promise<SplitSource> {
  const what = `WMT14 ${config}, ${hfSplit} split`;
  if (options.mirrorDir !== undefined) {
    const hubDir = mirrorHubPath(options.mirrorDir, WMT14_DATASET, config);
    const shards = fs.existsSync(hubDir)
      ? fs.readdirSync(hubDir).filter((name) => isSplitShard(`${config}/${name}`, config, hfSplit)).sort().map((name) => path.join(hubDir, name))
      : [];
    if (shards.length > 0) return { kind: 'parquet', files: shards };
    const sgm = newstest2014Files(options.mirrorDir, language);
    if (hfSplit === 'test' && sgm.every((f) => fs.existsSync(f))) return { kind: 'sgm', files: sgm };
    const looked = [path.join(hubDir, `${hfSplit}-*-of-*.parquet`), ...(hfSplit === 'test' ? sgm : [])];
    throw new HelmInputError(
      `${what} is missing: none of ${looked.join(', ')} exists in the data mirror (canonical source: ` +
        `${hubFileUrl(WMT14_DATASET, `${config}/${hfSplit}-00000-of-NNNNN.parquet`)}, dataset ${WMT14_DATASET.repo} ` +
        `at revision ${WMT14_DATASET.revision})`,
    );
  }
  const names = (await listHubFiles(WMT14_DATASET, config)).filter((f) => isSplitShard(f, config, hfSplit));
  if (names.length === 0) throw new HelmInputError(`${what}: ${WMT14_DATASET.repo}@${WMT14_DATASET.revision} has no ${config}/${hfSplit}-*.parquet`);
  const files: string[] = [];
  for (const name of names) {
    const target = path.join(scenarioDir, 'data', WMT14_DATASET.repo.replace('/', '--'), ...name.split('/'));
    await ensureHfFile({ dataset: WMT14_DATASET, file: name, target, what });
    files.push(target);
  }
  return { kind: 'parquet', files };
}

async function readAllRows(source: SplitSource, language: string): Promise<Translation[]> {
  if (source.kind === 'sgm') {
    const [src, ref] = source.files.map((f) => decodePythonText(fs.readFileSync(f), f));
    return newstestRows(src, ref, language);
  }
  const rows: Translation[] = [];
  for (const file of source.files) (await readParquetRows(file)).forEach((r, i) => rows.push(translationOf(r, `${file}: row ${i}`)));
  return rows;
}

/**
 * `hf_dataset["train"].shuffle(seed=42)[:20000]`: the permutation of the whole split, its first
 * 20,000 positions read from the shards (only the row ranges that hold them).
 */
async function readShuffledTrainHead(source: SplitSource, language: string): Promise<Translation[]> {
  if (source.kind === 'sgm') throw new Error('the train split has no SGML source');
  const counts = await Promise.all(source.files.map(parquetRowCount));
  const total = counts.reduce((a, b) => a + b, 0);
  const wanted = new NumpyGenerator(42).permutation(total).slice(0, WMT14_MAX_TRAIN_INSTANCES);
  const byIndex = new Map<number, Translation>();
  const sortedWanted = [...wanted].sort((a, b) => a - b);
  let fileStart = 0;
  let cursor = 0;
  const BATCH = 100_000;
  for (const [f, count] of counts.entries()) {
    const fileEnd = fileStart + count;
    while (cursor < sortedWanted.length && sortedWanted[cursor] < fileEnd) {
      const batchStart = sortedWanted[cursor] - fileStart;
      const batchEnd = Math.min(count, batchStart + BATCH);
      const rows = await readParquetRowRange(source.files[f], batchStart, batchEnd);
      while (cursor < sortedWanted.length && sortedWanted[cursor] < fileStart + batchEnd) {
        const local = sortedWanted[cursor] - fileStart - batchStart;
        byIndex.set(sortedWanted[cursor], translationOf(rows[local], `${source.files[f]}: row ${local + batchStart}`));
        cursor++;
      }
    }
    fileStart = fileEnd;
  }
  return wanted.map((i) => byIndex.get(i) as Translation);
}

/** `_deduplicate`: the first row of each distinct target sentence. */
export function deduplicateByTarget(rows: readonly Translation[], target: string): Translation[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row[target])) return false;
    seen.add(row[target]);
    return true;
  });
}

function instancesOf(rows: readonly Translation[], source: string, target: string, split: string, where: string): Instance[] {
  return rows.map((row, i) => {
    if (typeof row[source] !== 'string' || typeof row[target] !== 'string') {
      throw new HelmInputError(`${where}: row ${i} has no ${source} or ${target} sentence`);
    }
    return { input: { text: row[source] }, references: [{ output: { text: row[target] }, tags: [CORRECT_TAG] }], split };
  });
}

/** `WMT14Scenario(source_language, target_language).get_instances`: 20,000 shuffled train rows (de-duplicated), then validation and test. */
export async function getWmt14Instances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('WMT_14', args, ['source_language', 'target_language']);
  const source = argValueStr(args.source_language ?? null);
  const target = argValueStr(args.target_language ?? null);
  if (!LANGUAGES.includes(source) || !LANGUAGES.includes(target)) {
    throw new HelmInputError(`WMT14 only includes the languages ${LANGUAGES.join(', ')}; got ${source} and ${target}`);
  }
  if (source === target) throw new HelmInputError('WMT14: the source and target languages must differ');
  if (source !== 'en' && target !== 'en') throw new HelmInputError('WMT14: one of the languages must be English');
  const language = source !== 'en' ? source : target;
  const config = `${language}-en`;
  // Every split is located before any is read: a missing one fails fast, naming it.
  const sources = new Map<string, SplitSource>();
  for (const [hfSplit] of WMT14_SPLITS) sources.set(hfSplit, await locateSplit(config, hfSplit, language, scenarioDir, options));
  const instances: Instance[] = [];
  for (const [hfSplit, split] of WMT14_SPLITS) {
    const splitSource = sources.get(hfSplit) as SplitSource;
    const rows =
      hfSplit === 'train'
        ? deduplicateByTarget(await readShuffledTrainHead(splitSource, language), target)
        : await readAllRows(splitSource, language);
    instances.push(...instancesOf(rows, source, target, split, `WMT14 ${config} ${hfSplit}`));
  }
  return instances;
}

/** HELM's `WMT14Scenario` (class attributes as HELM defines them). */
export const wmt14Scenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.wmt_14_scenario.WMT14Scenario',
  name: 'WMT_14',
  description: 'Scenario for the 2014 Workshop on Statistical Machine Translation',
  tags: ['machine_translation'],
  getInstances: getWmt14Instances,
};
