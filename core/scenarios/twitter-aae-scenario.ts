import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { parsePythonCsv } from './python-csv';
import { choiceArg, noArgs, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const TWITTER_AAE_DEMOGRAPHICS: readonly string[] = ['aa', 'white'];
const TWITTER_AAE_URL = (demographic: string): string =>
  `https://worksheets.codalab.org/rest/bundles/0x31485f8c37ad481fb9f4e9bf7ccff6e5/contents/blob/${demographic}_tweets.csv`;

/** One tweet per CSV row (first field), no references, all test. */
export function parseTwitterAaeCsv(text: string, file: string): Instance[] {
  return parsePythonCsv(text).map((row) => {
    if (row.fields.length === 0) throw new HelmInputError(`${file}: line ${row.line} is an empty row (expected a tweet)`);
    return { input: { text: row.fields[0] }, references: [], split: 'test' };
  });
}

function demographicOf(args: Record<string, ArgValue>): string {
  noArgs('twitter_aae', args, ['demographic']);
  return args.demographic === undefined ? 'aa' : choiceArg('twitter_aae', args, 'demographic', TWITTER_AAE_DEMOGRAPHICS);
}

async function ensureTweets(demographic: string, scenarioDir: string, options: EnsureDataOptions): Promise<string> {
  const file = path.join(scenarioDir, `${demographic}_tweets.csv`);
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: TWITTER_AAE_URL(demographic),
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'twitter_aae', `${demographic}_tweets.csv`),
    onProgress: options.onProgress,
  });
  return file;
}

/** `TwitterAAEScenario(demographic)`: the demographic's tweets as language modeling inputs. */
export async function getTwitterAaeInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const file = await ensureTweets(demographicOf(args), scenarioDir, options);
  return parseTwitterAaeCsv(await readPythonTextFile(file, 'TwitterAAE tweets'), file);
}

export const twitterAaeScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.twitter_aae_scenario.TwitterAAEScenario',
  name: 'twitter_aae',
  description: 'Twitter African-American English',
  tags: ['bias', 'language_modeling'],
  getInstances: getTwitterAaeInstances,
};
