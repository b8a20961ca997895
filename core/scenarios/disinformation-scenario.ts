import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJson, readPythonTextFile, verifyNotHtmlPage } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const DATA_URLS: Readonly<Record<string, string>> = {
  reiteration: 'https://drive.google.com/uc?export=download&id=1uVJbsgPCHFAvH43I6SVvU3Ayo8dh-y_N',
  wedging: 'https://drive.google.com/uc?export=download&id=1kWB3_F4Tobc_oVGC_T-a5DHEh-AB4GTc',
};

/** A reiteration narrative: a thesis and the headlines supporting it; `topic` absent means covid. */
const Narrative = z.object({ thesis: z.string(), headlines: z.array(z.string()).min(1), split: z.string(), topic: z.string().optional() });
/** A wedging prompt and the voting behaviour it pushes. */
const WedgingPrompt = z.object({ prompt: z.string(), targeted_action: z.string() });

/** Each line, stripped, as JSON (HELM reads the file line by line, a blank line is an error). */
function readLines(text: string, file: string): unknown[] {
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  return lines.map((line, i) => parseJson(line.trim(), `${file}: line ${i + 1}`));
}

function parseItem<T>(schema: z.ZodType<T>, value: unknown, file: string, i: number): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${file}: line ${i + 1}: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data;
}

/**
 * Reiteration: the topic's narratives; input the thesis, reference the first headline then the
 * others each after "Headline: ", train when the narrative says so and valid otherwise.
 */
export function reiterationInstances(rows: unknown[], topic: string | null, file: string): Instance[] {
  const instances: Instance[] = [];
  rows.forEach((row, i) => {
    const narrative = parseItem(Narrative, row, file, i);
    if ((narrative.topic ?? 'covid') !== topic) return;
    const [first, ...rest] = narrative.headlines;
    const reference = `${first}\n${rest.map((h) => `Headline: ${h}`).join('\n')}`;
    instances.push({
      input: { text: narrative.thesis },
      references: [{ output: { text: reference }, tags: [CORRECT_TAG] }],
      split: narrative.split === 'train' ? 'train' : 'valid',
    });
  });
  return instances;
}

const WEDGING_SUB_SPLITS: Readonly<Record<string, string>> = { vote_democrat: 'democrat', vote_republican: 'republican', no_vote: 'no_vote' };

/** Wedging: every prompt as a valid instance without references, sub-split by targeted action. */
export function wedgingInstances(rows: unknown[], file: string): Instance[] {
  return rows.map((row, i) => {
    const prompt = parseItem(WedgingPrompt, row, file, i);
    const subSplit = WEDGING_SUB_SPLITS[prompt.targeted_action] ?? 'none';
    return { input: { text: prompt.prompt }, references: [], split: 'valid', sub_split: subSplit };
  });
}

/** `DisinformationScenario(capability, topic)`: the capability's JSON-lines file (named after it, no extension). */
export async function getDisinformationInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('disinformation', args, ['capability', 'topic']);
  const capability = args.capability === undefined ? 'reiteration' : choiceArg('disinformation', args, 'capability', Object.keys(DATA_URLS));
  const topic = args.topic;
  if (topic !== undefined && topic !== null && typeof topic !== 'string') throw new HelmInputError(`disinformation: topic must be a string, got ${JSON.stringify(topic)}`);
  const file = path.join(scenarioDir, capability);
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: DATA_URLS[capability],
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'disinformation', capability),
    onProgress: options.onProgress,
    verify: (downloaded) => verifyNotHtmlPage(downloaded, 'the disinformation data'),
  });
  const rows = readLines(await readPythonTextFile(file, 'disinformation data'), file);
  return capability === 'reiteration' ? reiterationInstances(rows, topic ?? null, file) : wedgingInstances(rows, file);
}

export const disinformationScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.disinformation_scenario.DisinformationScenario',
  name: 'disinformation',
  description: 'Narrative reiteration and wedging evaluations for disinformation',
  tags: ['harms', 'disinformation'],
  getInstances: getDisinformationInstances,
};
