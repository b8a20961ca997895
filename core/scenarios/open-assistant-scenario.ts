import fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureHfFile, hubFileUrl, listHubFiles, mirrorHubPath, readParquetRows, type HfDataset } from './huggingface';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const OASST1_DATASET: HfDataset = { repo: 'OpenAssistant/oasst1', revision: 'fdf72ae0827c1cda404aff25b6603abec9e3399b' };

/** `datasets` splits, in the order HELM reads them, with the split HELM gives their instances. */
export const OASST1_SPLITS: ReadonlyArray<readonly [hfSplit: string, split: string]> = [
  ['train', 'train'],
  ['validation', 'valid'],
];

/** The message fields HELM reads (parent_id is null for the root prompt of a conversation tree). */
export const Oasst1Message = z.object({
  message_id: z.string(),
  parent_id: z.string().nullish(),
  text: z.string(),
  role: z.string(),
  lang: z.string(),
  model_name: z.string().nullish(),
});
export type Oasst1Message = z.infer<typeof Oasst1Message>;

/** `data/<split>-NNNNN-of-NNNNN[-hash].parquet`: how `datasets` recognises a split's files by name. */
export function isOasst1Shard(name: string, hfSplit: string): boolean {
  return name.startsWith(`${hfSplit}-`) && name.endsWith('.parquet');
}

/**
 * One split's instances: every root prompt in `language` (or any, for `all`) in file order, with the
 * direct assistant replies in that language as correct references (none when unanswered). HELM's
 * assertions on the data (no model-written messages, roots are prompter messages) are kept.
 */
export function openAssistantSplitInstances(messages: readonly Oasst1Message[], language: string, split: string, where: string): Instance[] {
  const matches = (m: Oasst1Message): boolean => language === 'all' || m.lang === language;
  const prompts = new Map<string, string>();
  for (const m of messages) {
    if (m.model_name !== null && m.model_name !== undefined) throw new HelmInputError(`${where}: message ${m.message_id} has model_name ${m.model_name}; HELM expects none`);
    if ((m.parent_id === null || m.parent_id === undefined) && matches(m)) {
      if (m.role !== 'prompter') throw new HelmInputError(`${where}: root message ${m.message_id} has role ${m.role}, not prompter`);
      if (prompts.has(m.message_id)) throw new HelmInputError(`${where}: root message ${m.message_id} appears twice`);
      prompts.set(m.message_id, m.text);
    }
  }
  const responses = new Map<string, string[]>();
  for (const m of messages) {
    if (m.role === 'assistant' && m.parent_id !== null && m.parent_id !== undefined && prompts.has(m.parent_id) && matches(m)) {
      responses.set(m.parent_id, [...(responses.get(m.parent_id) ?? []), m.text]);
    }
  }
  return [...prompts].map(([id, text]) => ({
    input: { text },
    references: (responses.get(id) ?? []).map((r) => ({ output: { text: r }, tags: [CORRECT_TAG] })),
    split,
  }));
}

/** The split's Parquet files: read in place from the mirror, else fetched from the Hub into the scenario folder. */
async function splitFiles(hfSplit: string, scenarioDir: string, options: EnsureDataOptions): Promise<string[]> {
  const what = `OpenAssistant oasst1 ${hfSplit} split`;
  if (options.mirrorDir !== undefined) {
    const dir = mirrorHubPath(options.mirrorDir, OASST1_DATASET, 'data');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => isOasst1Shard(n, hfSplit)).sort() : [];
    if (files.length === 0) {
      throw new HelmInputError(
        `${what} is missing: no ${path.join(dir, `${hfSplit}-*.parquet`)} in the data mirror (canonical source: ` +
          `${hubFileUrl(OASST1_DATASET, `data/${hfSplit}-00000-of-00001-<hash>.parquet`)}, dataset ${OASST1_DATASET.repo} at revision ${OASST1_DATASET.revision})`,
      );
    }
    return files.map((n) => path.join(dir, n));
  }
  const names = (await listHubFiles(OASST1_DATASET, 'data')).filter((f) => isOasst1Shard(path.posix.basename(f), hfSplit));
  if (names.length === 0) throw new HelmInputError(`${what}: ${OASST1_DATASET.repo}@${OASST1_DATASET.revision} has no data/${hfSplit}-*.parquet`);
  const files: string[] = [];
  for (const name of names) {
    const target = path.join(scenarioDir, 'data', ...name.split('/'));
    await ensureHfFile({ dataset: OASST1_DATASET, file: name, target, what });
    files.push(target);
  }
  return files;
}

async function readMessages(files: readonly string[]): Promise<Oasst1Message[]> {
  const messages: Oasst1Message[] = [];
  for (const file of files) {
    (await readParquetRows(file)).forEach((row, i) => {
      const parsed = Oasst1Message.safeParse(row);
      if (!parsed.success) throw new HelmInputError(`${file}: row ${i}: not an oasst1 message: ${parsed.error.message}`);
      messages.push(parsed.data);
    });
  }
  return messages;
}

function languageArg(args: Record<string, ArgValue>): string {
  for (const key of Object.keys(args)) {
    if (key !== 'language') throw new HelmInputError(`open_assistant: unexpected argument ${key}; accepted arguments: language`);
  }
  if (args.language === undefined || args.language === null) throw new HelmInputError('open_assistant: argument language is required (a language code such as en, or all)');
  return argValueStr(args.language);
}

export async function getOpenAssistantInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const language = languageArg(args);
  const instances: Instance[] = [];
  for (const [hfSplit, split] of OASST1_SPLITS) {
    const files = await splitFiles(hfSplit, scenarioDir, options);
    instances.push(...openAssistantSplitInstances(await readMessages(files), language, split, `${OASST1_DATASET.repo} ${hfSplit}`));
  }
  return instances;
}

/** HELM's `OpenAssistantScenario`. */
export const openAssistantScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.open_assistant_scenario.OpenAssistantScenario',
  name: 'open_assistant',
  description: "The conversation dataset released by LAION's Open Assistant project.",
  tags: ['instructions'],
  getInstances: getOpenAssistantInstances,
  ensureData: async (scenarioDir, options) => {
    for (const [hfSplit] of OASST1_SPLITS) await splitFiles(hfSplit, scenarioDir, options);
  },
};
