import { z } from 'zod';
import { PyNumber, pyFloat } from '../common/py-number';
import { pythonJsonParse } from '../common/python-json';
import { RequestState } from '../adaptation/schemas';
import {
  INFERENCE_DENOISED_RUNTIMES_JSON,
  INFERENCE_IDEALIZED_RUNTIMES_JSON,
  TRAINING_EFFICIENCY_JSON,
} from './efficiency-data';
import { metricName } from './metric-name';
import { pyAdd, pyDiv, pyMul } from './py-math';
import { Stat } from './stat';

const RuntimeTable = z.record(
  z.string(),
  z.object({
    runtime_per_output_token: PyNumber,
    runtime_for_prompt_tokens: z.record(z.string(), PyNumber),
    overhead: PyNumber.optional(),
  }),
);
type RuntimeTable = z.infer<typeof RuntimeTable>;

const CostTable = z.record(z.string(), z.object({ value: PyNumber }).passthrough());
const TrainingEfficiency = z.object({ energy: CostTable, carbon: CostTable });
type TrainingEfficiency = z.infer<typeof TrainingEfficiency>;

/** HELM's packaged efficiency tables (legacy deployments only; e.g. not simple/model1 or gpt2). */
export interface EfficiencyData {
  idealized: RuntimeTable;
  denoised: RuntimeTable;
  training: TrainingEfficiency;
}

let cached: EfficiencyData | undefined;

export function loadEfficiencyData(): EfficiencyData {
  cached ??= {
    idealized: RuntimeTable.parse(pythonJsonParse(INFERENCE_IDEALIZED_RUNTIMES_JSON)),
    denoised: RuntimeTable.parse(pythonJsonParse(INFERENCE_DENOISED_RUNTIMES_JSON)),
    training: TrainingEfficiency.parse(pythonJsonParse(TRAINING_EFFICIENCY_JSON)),
  };
  return cached;
}

/** Estimated runtime from the table: prompt cost scaled from the nearest key, plus output tokens. */
export function estimatedRuntime(
  table: RuntimeTable,
  deployment: string,
  numPromptTokens: number,
  numOutputTokens: number,
): PyNumber | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, deployment)) return undefined;
  const entry = table[deployment];
  const byKey = new Map(Object.entries(entry.runtime_for_prompt_tokens).map(([k, v]) => [Number.parseInt(k, 10), v]));
  const keys = [...byKey.keys()].sort((a, b) => a - b);
  const key = keys.find((k) => numPromptTokens <= k) ?? keys[keys.length - 1];
  const promptRuntime = byKey.get(key);
  if (promptRuntime === undefined) throw new Error(`Empty runtime table for ${deployment}`);
  let runtime = pyMul(promptRuntime, pyFloat(numPromptTokens / key));
  if (numOutputTokens > 0) runtime = pyAdd(runtime, pyMul(entry.runtime_per_output_token, numOutputTokens - 1));
  if (entry.overhead !== undefined) runtime = pyAdd(runtime, entry.overhead);
  return runtime;
}

export interface TokenCounter {
  countTokens(text: string): number;
}

/** `EfficiencyMetric.compute_efficiency_metrics`. */
export function computeEfficiencyMetrics(
  requestState: RequestState,
  services: TokenCounter,
  data: EfficiencyData = loadEfficiencyData(),
): Stat[] {
  const result = requestState.result;
  if (result === undefined) throw new Error('compute_efficiency_metrics: request state has no result');
  let runtime: PyNumber | undefined;
  let batchSize: PyNumber | undefined;
  if (result.request_time !== undefined) {
    runtime = result.request_time;
    batchSize = 1;
  }
  if (result.batch_request_time !== undefined && result.batch_size !== undefined) {
    runtime = result.batch_request_time;
    batchSize = result.batch_size;
  }

  const request = requestState.request;
  const prompt = promptText(requestState);
  const numPromptTokens = services.countTokens(prompt);
  const numCompletionTokens = result.completions.reduce((n, c) => n + c.tokens.length, 0);
  let numOutputTokens = numCompletionTokens;
  if (request.echo_prompt) {
    // A tokenizer that does not round-trip can make this negative; HELM warns and uses 0.
    numOutputTokens = numPromptTokens <= numOutputTokens ? numOutputTokens - numPromptTokens : 0;
  }

  const deployment = request.model_deployment;
  const idealized = estimatedRuntime(data.idealized, deployment, numPromptTokens, numOutputTokens);
  let denoised = estimatedRuntime(data.denoised, deployment, numPromptTokens, numOutputTokens);
  if (runtime !== undefined && result.batch_size !== undefined) denoised = pyDiv(runtime, result.batch_size);

  const training = (table: Record<string, { value: PyNumber }>): PyNumber | undefined =>
    Object.prototype.hasOwnProperty.call(table, deployment) ? table[deployment].value : undefined;

  const stats = [
    new Stat(metricName('num_prompt_tokens')).add(numPromptTokens),
    new Stat(metricName('num_completion_tokens')).add(numCompletionTokens),
    new Stat(metricName('num_output_tokens')).add(numOutputTokens),
    new Stat(metricName('training_co2_cost')).add(training(data.training.carbon)),
    new Stat(metricName('training_energy_cost')).add(training(data.training.energy)),
  ];
  if (runtime !== undefined) stats.push(new Stat(metricName('inference_runtime')).add(runtime));
  if (batchSize !== undefined) stats.push(new Stat(metricName('batch_size')).add(batchSize));
  if (denoised !== undefined) stats.push(new Stat(metricName('inference_denoised_runtime')).add(denoised));
  if (idealized !== undefined) stats.push(new Stat(metricName('inference_idealized_runtime')).add(idealized));
  return stats;
}

/** The prompt text; of a multimodal prompt, its text media objects joined (`MultimediaObject.text`). */
function promptText(requestState: RequestState): string {
  const multimodal = requestState.request.multimodal_prompt;
  if (multimodal === undefined || multimodal === null) return requestState.request.prompt;
  const objects = (multimodal as { media_objects?: { content_type?: unknown; text?: unknown }[] }).media_objects ?? [];
  return objects
    .map((m) => (typeof m.content_type === 'string' && m.content_type.split('/')[0] === 'text' && typeof m.text === 'string' ? m.text : ''))
    .join('');
}
