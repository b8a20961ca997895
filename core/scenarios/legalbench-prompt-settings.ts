import fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { ensureFileDownloaded } from './download';

/** HELM's five LegalBench subsets. */
export const LEGALBENCH_SUBSETS: readonly string[] = [
  'abercrombie',
  'corporate_lobbying',
  'international_citizenship_questions',
  'function_of_decision_section',
  'proa',
];

/** Where HELM downloads the prompt settings from (the repository's `main`). */
export const LEGALBENCH_PROMPT_SETTINGS_URL = 'https://raw.githubusercontent.com/HazyResearch/legalbench/main/helm_prompt_settings.jsonl';

/** The file's name under the folder it is downloaded to. */
export const PROMPT_SETTINGS_FILE = 'prompt_construction_settings.json';

/** The same file in a data mirror (shared/data/legalbench). */
export const PROMPT_SETTINGS_MIRROR_PATH = ['legalbench', 'helm_prompt_settings.jsonl'];

/** One subset's settings: `[label, column]` pairs of the prompt, instructions, answer column, output noun. */
export interface LegalbenchPromptSettings {
  fieldOrdering: Array<[string, string]>;
  instructions: string;
  labelKey: string;
  outputNoun: string;
}

const BySubset = <T extends z.ZodType>(value: T) => z.record(z.string(), value);
const Lines = z.tuple([
  BySubset(z.array(z.tuple([z.string(), z.string()]))),
  BySubset(z.string()),
  BySubset(z.string()),
  BySubset(z.string()),
  z.unknown(),
]);

/** Python's `str.strip()` whitespace. */
const PY_STRIP = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g;

/**
 * The settings file's content, read as HELM does: stripped, split on newlines into exactly five
 * JSON values (field orderings, instructions, label keys, output nouns, and one HELM ignores).
 */
export function parseLegalbenchPromptSettings(text: string, file: string, subset: string): LegalbenchPromptSettings {
  if (!LEGALBENCH_SUBSETS.includes(subset)) {
    throw new HelmInputError(`LegalBench: unknown subset ${JSON.stringify(subset)}; accepted subsets: ${LEGALBENCH_SUBSETS.join(', ')}`);
  }
  const lines = text.replace(PY_STRIP, '').split('\n');
  if (lines.length !== 5) throw new HelmInputError(`${file}: expected 5 lines of LegalBench prompt settings, found ${lines.length}`);
  const values = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw new HelmInputError(`${file}: line ${i + 1} is not valid JSON (${(error as Error).message})`);
    }
  });
  const parsed = Lines.safeParse(values);
  if (!parsed.success) throw new HelmInputError(`${file}: not LegalBench prompt settings: ${parsed.error.message}`);
  const [fields, instructions, labelKeys, outputNouns] = parsed.data;
  const pick = <T>(table: Record<string, T>, what: string): T => {
    if (!Object.prototype.hasOwnProperty.call(table, subset)) throw new HelmInputError(`${file}: no ${what} for subset ${subset}`);
    return table[subset];
  };
  return {
    fieldOrdering: pick(fields, 'field ordering'),
    instructions: pick(instructions, 'instructions'),
    labelKey: pick(labelKeys, 'label key'),
    outputNoun: pick(outputNouns, 'output noun'),
  };
}

/** Downloads (or copies from the mirror) the settings file to `folder/prompt_construction_settings.json`. */
export async function ensureLegalbenchPromptSettings(folder: string, mirrorDir: string | undefined): Promise<string> {
  const target = path.join(folder, PROMPT_SETTINGS_FILE);
  await ensureFileDownloaded({
    targetPath: target,
    sourceUrl: LEGALBENCH_PROMPT_SETTINGS_URL,
    mirrorSource: mirrorDir === undefined ? undefined : path.join(mirrorDir, ...PROMPT_SETTINGS_MIRROR_PATH),
    verify: async (file) => void parseLegalbenchPromptSettings(fs.readFileSync(file, 'utf8'), file, LEGALBENCH_SUBSETS[0]),
  });
  return target;
}

/** A subset's settings from `folder` (already ensured); a missing file names where it comes from. */
export function readLegalbenchPromptSettingsSync(folder: string, subset: string): LegalbenchPromptSettings {
  const file = path.join(folder, PROMPT_SETTINGS_FILE);
  if (!fs.existsSync(file)) {
    throw new HelmInputError(
      `LegalBench prompt settings ${file} are missing: HELM downloads them from ${LEGALBENCH_PROMPT_SETTINGS_URL} ` +
        `(or give --data-mirror with ${PROMPT_SETTINGS_MIRROR_PATH.join('/')})`,
    );
  }
  return parseLegalbenchPromptSettings(fs.readFileSync(file, 'utf8'), file, subset);
}
