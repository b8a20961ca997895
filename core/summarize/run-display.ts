import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fastJsonDumps } from './fast-json';
import { pythonRegex } from '../adaptation/python-regex';
import type { RunSpec } from '../run-specs/schemas';
import { readJsonFile } from './runs';
import { writeFileReplacing } from './files';
import { REQUEST_FLOAT_FIELDS, typedFloat, withFloatFields } from './python-types';
import { renderTemplate, type SchemaIndex } from './schema';

/** The parts of scenario_state.json the display files use (other fields pass through untouched). */
const DisplayRequestState = z.object({
  instance: z.looseObject({
    input: z.looseObject({ text: z.string() }),
    id: z.string(),
    perturbation: z.looseObject({ name: z.string() }).optional(),
    extra_data: z.unknown().optional(),
  }),
  reference_index: z.number().int().optional(),
  request_mode: z.string().optional(),
  train_trial_index: z.number().int(),
  output_mapping: z.record(z.string(), z.string()).optional(),
  request: z.record(z.string(), z.unknown()),
  result: z
    .looseObject({
      completions: z.array(
        z.looseObject({
          text: z.string(),
          tokens: z.array(z.looseObject({ text: z.string() })).optional(),
          multimodal_content: z.unknown().optional(),
          thinking: z.looseObject({ text: z.string().optional() }).optional(),
        }),
      ),
    })
    .optional(),
  annotations: z.unknown().optional(),
});
type DisplayRequestState = z.infer<typeof DisplayRequestState>;
const DisplayScenarioState = z.looseObject({ request_states: z.array(DisplayRequestState) });

/** per_instance_stats.json, down to each stat's name and mean. */
const DisplayPerInstanceStats = z.array(
  z.looseObject({
    instance_id: z.string(),
    perturbation: z.looseObject({ name: z.string() }).optional(),
    train_trial_index: z.number().int(),
    stats: z.array(z.looseObject({ name: z.looseObject({ name: z.string() }), mean: z.unknown().optional() })),
  }),
);

export const DISPLAY_FILES = ['instances.json', 'display_predictions.json', 'display_requests.json'] as const;

const SEPARATE_METHODS = new Set(['multiple_choice_separate_original', 'multiple_choice_separate_calibrated']);

/** Names shown per instance: unperturbed metrics of the metric groups of the run's groups. */
export function displayMetricNames(index: SchemaIndex, groups: string[]): Set<string> {
  const names = new Set<string>();
  for (const groupName of groups) {
    const group = index.runGroup.get(groupName);
    if (!group) continue;
    for (const metricGroupName of group.metric_groups) {
      for (const matcher of index.metricGroup.get(metricGroupName)?.metrics ?? []) {
        if (matcher.perturbation_name && matcher.perturbation_name !== '__all__') continue;
        names.add(renderTemplate(matcher.name, group.environment));
      }
    }
  }
  return names;
}

/**
 * Python's `==` of a `PerturbationDescription` as HELM reads it back (dacite into the base class):
 * only the base fields count, with their defaults, and a perturbation's own extras (`prob`,
 * `mapping_file_path`, ...) are dropped. Comparing the raw objects instead would also depend on how
 * each file's numbers were parsed (1.0 kept as a float in one file, read as 1 in the other).
 */
function perturbationKey(perturbation: unknown): unknown {
  if (perturbation === undefined || perturbation === null || typeof perturbation !== 'object') return null;
  const p = perturbation as Record<string, unknown>;
  return [p.name, p.robustness ?? false, p.fairness ?? false, p.computed_on ?? 'perturbed', p.seed ?? null];
}

/** Python's `==` key of (instance id, perturbation, trial). */
function trialKey(id: string, perturbation: unknown, trial: number): string {
  return JSON.stringify([id, perturbationKey(perturbation), trial]);
}

export type DisplayOutcome = 'written' | 'skipped-complete' | 'skipped-missing';

/**
 * `write_run_display_json`: instances.json, display_predictions.json and display_requests.json
 * from scenario_state.json and per_instance_stats.json. All three are computed before any is
 * written, each atomically, so a corrupt input leaves the previous files untouched.
 */
export function writeRunDisplayJson(runPath: string, runSpec: RunSpec, index: SchemaIndex, skipCompleted: boolean): DisplayOutcome {
  const { outcome, files } = computeRunDisplayJson(runPath, runSpec, index, skipCompleted);
  for (const [file, text] of files) writeFileReplacing(file, text);
  return outcome;
}

/** The display files of a run as (path, text) pairs, computed without writing anything. */
export function computeRunDisplayJson(
  runPath: string,
  runSpec: RunSpec,
  index: SchemaIndex,
  skipCompleted: boolean,
): { outcome: DisplayOutcome; files: Array<[string, string]> } {
  const out = DISPLAY_FILES.map((f) => path.join(runPath, f));
  if (skipCompleted && out.every((f) => fs.existsSync(f))) return { outcome: 'skipped-complete', files: [] };
  const statePath = path.join(runPath, 'scenario_state.json');
  const statsPath = path.join(runPath, 'per_instance_stats.json');
  if (!fs.existsSync(statePath) || !fs.existsSync(statsPath)) return { outcome: 'skipped-missing', files: [] };

  // These two files are most of a suite's bytes: checked for the fields used here only (the full
  // zod parse would double the cost of a large suite's summary).
  let state = readJsonFile(statePath, DisplayScenarioState, { fast: true });
  // Fields typed `Any` (extra data, annotations, perturbation extras, multimodal parts) keep Python's
  // int/float distinction only through the exact parser; re-read those (rare) files with it.
  if (state.data.request_states.some(needsExactNumbers)) state = readJsonFile(statePath, DisplayScenarioState);
  const perInstance = readJsonFile(statsPath, DisplayPerInstanceStats, { fast: true });
  const method = runSpec.adapter_spec.method;
  const metricNames = displayMetricNames(index, runSpec.groups);
  if (SEPARATE_METHODS.has(method)) metricNames.add('predicted_index');

  const statsByTrial = new Map<string, Record<string, unknown>>();
  const rawEntries = perInstance.raw as Array<{ perturbation?: unknown; stats: Array<{ mean?: unknown }> }>;
  perInstance.data.forEach((entry, i) => {
    const key = trialKey(entry.instance_id, rawEntries[i].perturbation, entry.train_trial_index);
    const target = statsByTrial.get(key) ?? {};
    entry.stats.forEach((stat, j) => {
      if (metricNames.has(stat.name.name) && stat.mean !== undefined) target[stat.name.name] = typedFloat(rawEntries[i].stats[j].mean);
    });
    statsByTrial.set(key, target);
  });

  const rawStates = (state.raw as { request_states: Array<{ instance: { perturbation?: unknown }; request: unknown; annotations?: unknown }> })
    .request_states;
  const instances = new Map<string, unknown>();
  const predictions: unknown[] = [];
  const requests: unknown[] = [];
  const mappingPattern = runSpec.adapter_spec.output_mapping_pattern ? pythonRegex(runSpec.adapter_spec.output_mapping_pattern) : undefined;
  state.data.request_states.forEach((rs, i) => {
    const result = rs.result;
    if (!result) return;
    if (method === 'multiple_choice_separate_calibrated' && rs.request_mode === 'calibration') return;
    const instanceId = rs.instance.id as string;
    const perturbation = rawStates[i].instance.perturbation;
    const key = trialKey(instanceId, perturbation, rs.train_trial_index);
    const trialStats = statsByTrial.get(key) ?? {};
    if (!statsByTrial.has(key)) statsByTrial.set(key, trialStats);
    if (SEPARATE_METHODS.has(method) && 'predicted_index' in trialStats && numberOf(trialStats.predicted_index) !== rs.reference_index) return;

    const first = result.completions[0];
    let predictedText = first ? first.text : '';
    let mappedOutput: string | undefined;
    if (rs.output_mapping) {
      let toMap = predictedText.trim();
      if (mappingPattern) {
        mappingPattern.lastIndex = 0;
        const match = mappingPattern.exec(toMap);
        toMap = !match ? '' : match.length > 1 ? (match[1] ?? '') : match[0];
      }
      mappedOutput = Object.hasOwn(rs.output_mapping, toMap) ? rs.output_mapping[toMap] : undefined;
    }
    instances.set(JSON.stringify([instanceId, perturbationKey(perturbation)]), rawStates[i].instance);
    const multimodalText = multimodalTextOf(first?.multimodal_content);
    if (multimodalText) predictedText = `${multimodalText} ${predictedText}`;
    predictions.push({
      instance_id: instanceId,
      perturbation,
      train_trial_index: rs.train_trial_index,
      predicted_text: predictedText,
      truncated_predicted_text: truncatePredictedText(predictedText, method, rs.instance.input.text, first?.tokens?.[0]?.text),
      base64_images: generatedImages(result.completions),
      mapped_output: mappedOutput,
      reference_index: rs.reference_index,
      stats: trialStats,
      annotations: rawStates[i].annotations,
      thinking_text: first?.thinking?.text,
    });
    requests.push({
      instance_id: instanceId,
      perturbation,
      train_trial_index: rs.train_trial_index,
      request: withFloatFields(rawStates[i].request, REQUEST_FLOAT_FIELDS),
    });
  });
  const texts = [[...instances.values()], predictions, requests].map((v) => fastJsonDumps(v));
  return { outcome: 'written', files: texts.map((text, i) => [out[i], text] as [string, string]) };
}

function needsExactNumbers(rs: DisplayRequestState): boolean {
  const request = rs.request as Record<string, unknown>;
  return (
    rs.instance.extra_data !== undefined ||
    rs.instance.perturbation !== undefined ||
    rs.annotations !== undefined ||
    request.multimodal_prompt !== undefined ||
    request.image_generation_parameters !== undefined ||
    request.response_format !== undefined
  );
}

function numberOf(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'py_float' in value) return (value as { py_float: number }).py_float;
  return value;
}

/** Text after the instance input (separate methods) or after the first token (language modeling). */
function truncatePredictedText(text: string, method: string, inputText: string, firstToken: string | undefined): string | undefined {
  let prefix = '';
  if (SEPARATE_METHODS.has(method)) prefix = inputText;
  else if (method === 'language_modeling') prefix = firstToken ?? '';
  if (prefix && text.startsWith(prefix)) return text.slice(prefix.length);
  return undefined;
}

function multimodalTextOf(content: unknown): string | undefined {
  if (content !== null && typeof content === 'object' && 'text' in content) {
    const text = (content as { text: unknown }).text;
    return typeof text === 'string' && text ? text : undefined;
  }
  return undefined;
}

/** Images a text-to-image model wrote to disk, base64-encoded (empty for text models). */
function generatedImages(completions: Array<{ multimodal_content?: unknown }>): string[] {
  const out: string[] = [];
  for (const completion of completions) {
    const media = (completion.multimodal_content as { media_objects?: Array<{ content_type?: string; location?: string }> } | undefined)?.media_objects ?? [];
    for (const object of media) {
      if (object.content_type?.startsWith('image') && object.location && fs.existsSync(object.location)) {
        out.push(fs.readFileSync(object.location).toString('base64'));
      }
    }
  }
  return out;
}
