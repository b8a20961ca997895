import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HelmInputError, MissingDataError } from '../common/errors';
import { ensureFileDownloaded } from './download';
import { decodePythonText } from './python-csv';

export const RAFT_PROMPT_SETTINGS_URL = 'https://www.dropbox.com/s/a5cyevryzw8rt4f/prompt_construction_settings.json?dl=0';
export const RAFT_PROMPT_SETTINGS_FILE = 'prompt_construction_settings.json';

export const RAFT_SUBSETS: readonly string[] = [
  'ade_corpus_v2',
  'banking_77',
  'neurips_impact_statement_risks',
  'one_stop_english',
  'overruling',
  'semiconductor_org_types',
  'systematic_review_inclusion',
  'tai_safety_research',
  'terms_of_service',
  'tweet_eval_hate',
  'twitter_complaints',
];

export interface RaftPromptSettings {
  /** The instance fields, in prompt order. */
  fields: string[];
  instructions: string;
}

/** The settings file is two JSON lines: field order by subset, then instructions by subset. */
export function parseRaftPromptSettings(text: string, subset: string, file: string): RaftPromptSettings {
  const lines = text.trim().split('\n');
  if (lines.length !== 2) throw new HelmInputError(`${file}: expected two JSON lines (field order, instructions), found ${lines.length}`);
  let fieldOrdering: unknown;
  let instructions: unknown;
  try {
    [fieldOrdering, instructions] = lines.map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    throw new HelmInputError(`${file}: not two JSON lines (${(error as Error).message})`);
  }
  const fields = (fieldOrdering as Record<string, unknown> | null)?.[subset];
  const text_ = (instructions as Record<string, unknown> | null)?.[subset];
  if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string') || typeof text_ !== 'string') {
    throw new HelmInputError(`${file}: no field order and instructions for RAFT subset ${subset}`);
  }
  return { fields, instructions: text_ };
}

/** Where the run spec function reads the settings: `<benchmark output>/scenarios/raft/` (HELM's scenario cache path). */
export function raftRunSpecSettingsPath(benchmarkOutputPath = 'benchmark_output'): string {
  return path.join(benchmarkOutputPath, 'scenarios', 'raft', RAFT_PROMPT_SETTINGS_FILE);
}

function mirrorPath(mirrorDir: string | undefined): string | undefined {
  return mirrorDir === undefined ? undefined : path.join(mirrorDir, 'raft', RAFT_PROMPT_SETTINGS_FILE);
}

function missingSettings(file: string, mirror: string | undefined): MissingDataError {
  return new MissingDataError(
    `RAFT needs its prompt settings file ${RAFT_PROMPT_SETTINGS_FILE} (canonical source ${RAFT_PROMPT_SETTINGS_URL}) to build ` +
      `its run specs: not found at ${file}` +
      (mirror === undefined ? ' and no --data-mirror was given' : ` nor in the data mirror at ${mirror}`) +
      '. Download it there, or put a copy in <data mirror>/raft/.',
  );
}

/** Downloads (or copies from the mirror) the settings file where the run spec function reads it. */
export async function ensureRaftPromptSettings(env: { benchmarkOutputPath?: string; dataMirror?: string }): Promise<void> {
  await ensureFileDownloaded({
    targetPath: raftRunSpecSettingsPath(env.benchmarkOutputPath),
    sourceUrl: RAFT_PROMPT_SETTINGS_URL,
    mirrorSource: mirrorPath(env.dataMirror),
  });
}

/** The settings of `subset`, read synchronously (run spec functions are); a mirror copy is taken if needed. */
export function readRaftPromptSettingsSync(
  subset: string,
  env: { benchmarkOutputPath?: string; dataMirror?: string },
): RaftPromptSettings {
  const file = raftRunSpecSettingsPath(env.benchmarkOutputPath);
  if (!existsSync(file)) {
    const mirror = mirrorPath(env.dataMirror);
    if (mirror === undefined || !existsSync(mirror)) throw missingSettings(file, mirror);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(mirror, file);
  }
  return parseRaftPromptSettings(decodePythonText(readFileSync(file), file), subset, file);
}
