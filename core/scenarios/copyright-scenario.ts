import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJson, readPythonTextFile, verifyNotHtmlPage } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM's Google Drive file ids per datatag (books, popular books, then GPL code). */
const DATATAG_DRIVE_IDS: Readonly<Record<string, string>> = {
  pilot: '1NwzDx19uzIwBuw7Lq5CSytG7jIth2wJ-',
  'n_books_1000-extractions_per_book_1-prefix_length_5': '16nQD8Nq3ma4K2EZLXHcahG9fcBDxS-zB',
  'n_books_1000-extractions_per_book_1-prefix_length_25': '108sZcMjzY7mvyy1p5Rw62_A8A1I2zM2S',
  'n_books_1000-extractions_per_book_1-prefix_length_125': '10uC4jM6tgI1pgtq--07FFHQ2Te7-SXGA',
  'n_books_1000-extractions_per_book_3-prefix_length_5': '1byrafXv2iULcZArxguJZp2LyFxswX7fN',
  'n_books_1000-extractions_per_book_3-prefix_length_25': '13QOKOd5Fpu5cVu1HRBYxzRcQzwhcPhjD',
  'n_books_1000-extractions_per_book_3-prefix_length_125': '1Y6QvYStCJVanHaI67Pxep3HakWL2cIRP',
  'popular_books-prefix_length_5.json': '11f5aB8IO_iseVdolvW_D3aZ9xeiLCAuv',
  'popular_books-prefix_length_10.json': '1oG9dMz1WiJZiuoXqw4ahFf1HmKWQtwJh',
  'popular_books-prefix_length_25.json': '1dN208HdBD6koaOHQlSDPkOnBrY3-9AfE',
  'popular_books-prefix_length_50.json': '1W_8C6QnISfFkc0tZtKdXKNhoTfgSCrbP',
  'popular_books-prefix_length_125.json': '1RT29rRKNNXKgZBhXNbqevLwR440g44it',
  'popular_books-prefix_length_250.json': '1KcQ3EJGAZO6fSqYXRH5eK122h1hUKZTp',
  oh_the_places: '1KXqhO14HmCGQ67tuu2ECGbTGloTkBvzt',
  'prompt_num_line_1-min_lines_20.json': '1OLFyW5u7govgIw3ztsZ_5yYV0YpGzi-3',
  'prompt_num_line_5-min_lines_20.json': '1YbDvyAv9hT0BaZ5LV6Y-Y8tGezrBnBAT',
  'prompt_num_line_10-min_lines_20.json': '1Y5piYwil7T6n8toT_-d7NWqVZHh9NVxJ',
};

/** The file: `data` maps each prefix to the rest of its book (or source file) from that prefix on. */
const CopyrightFile = z.object({ data: z.record(z.string(), z.string()) });

/** One test instance per prefix, in the file's order, with the text from the prefix on as the reference. */
export function copyrightInstances(text: string, file: string): Instance[] {
  const parsed = CopyrightFile.safeParse(parseJson(text, file));
  if (!parsed.success) throw new HelmInputError(`${file}: expected {"data": {prefix: text from the prefix on, …}} (${parsed.error.issues[0]?.message})`);
  // JSON.parse keeps keys in file order as Python's dict does, except integer-like keys, which it
  // moves first: refuse those rather than reorder the instances.
  const integerKey = Object.keys(parsed.data.data).find((k) => /^(0|[1-9]\d*)$/.test(k));
  if (integerKey !== undefined) throw new HelmInputError(`${file}: the prefix ${JSON.stringify(integerKey)} is an integer string, whose place JSON objects in JavaScript do not keep`);
  return Object.entries(parsed.data.data).map(([prefix, rest]) => ({
    input: { text: prefix },
    references: [{ output: { text: rest }, tags: [CORRECT_TAG] }],
    split: 'test',
  }));
}

/** `CopyrightScenario(datatag)`: `<datatag>.json` from HELM's Google Drive folder. */
export async function getCopyrightInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('copyright', args, ['datatag']);
  const datatag = args.datatag === undefined ? 'pilot' : choiceArg('copyright', args, 'datatag', Object.keys(DATATAG_DRIVE_IDS));
  const name = `${datatag}.json`;
  const file = path.join(scenarioDir, name);
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: `https://drive.google.com/uc?id=${DATATAG_DRIVE_IDS[datatag]}`,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'copyright', name),
    onProgress: options.onProgress,
    verify: (downloaded) => verifyNotHtmlPage(downloaded, 'the copyright data'),
  });
  return copyrightInstances(await readPythonTextFile(file, 'copyright data'), file);
}

export const copyrightScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.copyright_scenario.CopyrightScenario',
  name: 'copyright',
  description: 'Data extraction attacks based on the original BookCorpus, curated popular books, and GPL source code.',
  tags: ['harms', 'copyright'],
  getInstances: getCopyrightInstances,
};
