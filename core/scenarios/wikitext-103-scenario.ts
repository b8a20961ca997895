import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const WIKITEXT_103_URL = 'https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-103-raw-v1.zip';
export const WIKITEXT_103_ARTICLES = 60;

const EMPTY_LINE = ' \n';
// Python's `.` excludes only `\n`, and re.match's `$` also matches before a final newline.
const DOCUMENT_TITLE = /^ = [^\n]+ = \n?$/;
const PARAGRAPH_TITLE = /^ = = [^\n]+ = = \n?$/;

/** `readlines()`: lines with their `\n` kept. */
export function pythonReadlines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

/** Articles of `wiki.test.raw`: a new one starts at " \n", " = Title = \n", " \n". */
export function splitWikitextArticles(text: string): Instance[] {
  const lines = pythonReadlines(text);
  const instances: Instance[] = [];
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length > 0) instances.push({ input: { text: buffer.join('') }, references: [], split: 'test' });
  };
  let i = 0;
  while (i < lines.length) {
    if (
      i <= lines.length - 3 &&
      lines[i] === EMPTY_LINE &&
      lines[i + 2] === EMPTY_LINE &&
      DOCUMENT_TITLE.test(lines[i + 1]) &&
      !PARAGRAPH_TITLE.test(lines[i + 1])
    ) {
      flush();
      buffer = lines.slice(i, i + 3);
      i += 3;
    } else {
      buffer.push(lines[i]);
      i += 1;
    }
  }
  flush();
  return instances;
}

function dataPath(scenarioDir: string): string {
  return path.join(scenarioDir, 'data');
}

export async function ensureWikitext103Data(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: dataPath(scenarioDir),
    sourceUrl: WIKITEXT_103_URL,
    archive: 'zip',
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'wikitext_103'),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, 'wiki.test.raw')))) {
        throw new HelmInputError(`WikiText-103 data is incomplete: ${path.join(folder, 'wiki.test.raw')} is missing`);
      }
    },
    onProgress: options.onProgress,
  });
}

/** `Wikitext103Scenario().get_instances`: the 60 test articles, no references. */
export async function getWikitext103Instances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('wikitext_103', args);
  await ensureWikitext103Data(scenarioDir, options);
  const file = path.join(dataPath(scenarioDir), 'wiki.test.raw');
  const instances = splitWikitextArticles(await readPythonTextFile(file, 'WikiText-103 test set'));
  if (instances.length !== WIKITEXT_103_ARTICLES) {
    throw new HelmInputError(`${file}: found ${instances.length} articles, expected ${WIKITEXT_103_ARTICLES}`);
  }
  return instances;
}

/** HELM's `Wikitext103Scenario` (class attributes as HELM defines them). */
export const wikitext103Scenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.wikitext_103_scenario.Wikitext103Scenario',
  name: 'wikitext_103',
  description: 'The WikiText language modeling dataset containing over 103 million words',
  tags: ['language_modeling'],
  getInstances: getWikitext103Instances,
  ensureData: ensureWikitext103Data,
};
