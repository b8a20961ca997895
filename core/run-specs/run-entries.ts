import { HelmInputError, didYouMean } from '../common/errors';
import { ModelRegistry } from '../models/registry';
import { constructRunSpecsFromParsed } from './construct-run-specs';
import { ParsedDescription, argValueStr, parseDescription } from './description';
import type { RunSpecFunction } from './run-spec-functions';
import { replaceRunSpec } from './run-spec';
import { RunEntry, RunSpec } from './schemas';
import { nextTurn } from '../common/next-turn';

export interface RunEntriesOptions {
  modelsToRun?: string[];
  groupsToRun?: string[];
  priority?: number;
  maxEvalInstances: number;
  numTrainTrials?: number;
}

const WILDCARD_MODEL_RE =
  /\bmodel=(?:all|text_code|text|code|instruction_following|full_functionality_text|limited_functionality_text)\b/;
const MODEL_KEY_RE = /\bmodel=\b/;

/**
 * helm-run's checks before expansion: every `--models-to-run` value must be a known model or
 * deployment; without it, no entry may use a multi-model wildcard and at least one must set `model=`.
 */
export function validateModels(entries: RunEntry[], modelsToRun: string[] | undefined, registry: ModelRegistry): void {
  if (modelsToRun && modelsToRun.length > 0) {
    for (const model of modelsToRun) {
      if (!registry.isKnownModelOrDeployment(model)) {
        throw new HelmInputError(
          `Unknown model '${model}' passed to --models-to-run.` +
            didYouMean(model, [...registry.allModelNames(), ...registry.allDeploymentNames()]),
        );
      }
    }
    return;
  }
  if (entries.some((e) => WILDCARD_MODEL_RE.test(e.description))) {
    throw new HelmInputError('--models-to-run must be set (because the `model=` run expander expands to multiple models)');
  }
  if (!entries.some((e) => MODEL_KEY_RE.test(e.description))) {
    throw new HelmInputError('--models-to-run must be set (because the `model=` run expander is omitted)');
  }
}

/** One copy per requested model unless the entry names a concrete model (a value with '/'). */
function withRequestedModels(parsed: ParsedDescription, modelsToRun: string[] | undefined): ParsedDescription[] {
  const current = parsed.args.find(([key]) => key === 'model');
  if (!modelsToRun || modelsToRun.length === 0 || argValueStr(current?.[1] ?? '').includes('/')) return [parsed];
  return modelsToRun.map((model) => ({
    functionName: parsed.functionName,
    args: current
      ? parsed.args.map(([key, value]) => [key, key === 'model' ? model : value])
      : [...parsed.args, ['model', model]],
  }));
}

/** Filters and CLI overrides applied to each constructed spec of an entry; undefined = dropped. */
function applyEntryOptions(spec: RunSpec, entry: RunEntry, options: RunEntriesOptions): RunSpec | undefined {
  const { modelsToRun, groupsToRun } = options;
  const adapter = spec.adapter_spec;
  if (modelsToRun && modelsToRun.length > 0 && !modelsToRun.includes(adapter.model) && !modelsToRun.includes(adapter.model_deployment)) {
    return undefined;
  }
  // Only the function-defined groups count: entry groups are appended below.
  if (groupsToRun && groupsToRun.length > 0 && !spec.groups.some((g) => groupsToRun.includes(g))) return undefined;

  let next = { ...adapter };
  if (next.max_eval_instances === undefined) next = { ...next, max_eval_instances: options.maxEvalInstances };
  if (next.max_train_instances === 0) next = { ...next, num_train_trials: 1 };
  else if (options.numTrainTrials !== undefined) next = { ...next, num_train_trials: options.numTrainTrials };
  let result = replaceRunSpec(spec, { adapter_spec: next });

  if (entry.groups !== undefined && entry.groups !== null) {
    const suffix = entry.groups.length === 0 ? '' : `,groups=${[...entry.groups].sort().join('-')}`;
    result = replaceRunSpec(result, { name: result.name + suffix, groups: [...result.groups, ...entry.groups] });
  }
  return result;
}

/**
 * helm-run's run_entries_to_run_specs, preceded by its model validation: priority filter,
 * `--models-to-run` rewriting, construction, model/group filters, max_eval_instances fill,
 * num_train_trials rules and entry groups.
 */
export function runEntriesToRunSpecs(
  entries: RunEntry[],
  options: RunEntriesOptions,
  registry: ModelRegistry,
  suiteFunctions?: ReadonlyMap<string, RunSpecFunction>,
): RunSpec[] {
  return [...runSpecsOfEntries(entries, options, registry, suiteFunctions)].flat();
}

/**
 * The same, giving the event loop a turn every `entriesPerTurn` entries: a worker expanding a
 * 10,000-entry suite (seconds of work) keeps answering queries and heartbeats meanwhile.
 */
export async function runEntriesToRunSpecsYielding(
  entries: RunEntry[],
  options: RunEntriesOptions,
  registry: ModelRegistry,
  entriesPerTurn = 200,
  suiteFunctions?: ReadonlyMap<string, RunSpecFunction>,
): Promise<RunSpec[]> {
  const specs: RunSpec[] = [];
  let count = 0;
  for (const entrySpecs of runSpecsOfEntries(entries, options, registry, suiteFunctions)) {
    specs.push(...entrySpecs);
    if (++count % entriesPerTurn === 0) await nextTurn();
  }
  return specs;
}

/**
 * The run specs of each entry in turn (after validating every entry's models up front);
 * `suiteFunctions` are the suite's own run spec functions (its declarative scenarios).
 */
function* runSpecsOfEntries(
  entries: RunEntry[],
  options: RunEntriesOptions,
  registry: ModelRegistry,
  suiteFunctions?: ReadonlyMap<string, RunSpecFunction>,
): Generator<RunSpec[]> {
  validateModels(entries, options.modelsToRun, registry);
  for (const entry of entries) {
    const priority = entry.priority;
    if (options.priority !== undefined && priority !== undefined && priority !== null && priority > options.priority) continue;
    const specs: RunSpec[] = [];
    for (const parsed of withRequestedModels(parseDescription(entry.description), options.modelsToRun)) {
      for (const spec of constructRunSpecsFromParsed(parsed, registry, suiteFunctions)) {
        const kept = applyEntryOptions(spec, entry, options);
        if (kept !== undefined) specs.push(kept);
      }
    }
    yield specs;
  }
}
