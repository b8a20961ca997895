import { HelmInputError, MissingDataError, didYouMean } from '../common/errors';
import { ModelRegistry } from '../models/registry';
import { UnknownRunSpecFunctionError, constructRunSpecsFromParsed } from './construct-run-specs';
import { defaultRunSpecContext, getRunSpecFunction, runSpecFunctionNames, type RunSpecContext, type RunSpecFunction } from './run-spec-functions';
import { ParsedDescription, argValueStr, parseDescription } from './description';
import { replaceRunSpec } from './run-spec';
import { RunEntry, RunSpec } from './schemas';
import { nextTurn } from '../common/next-turn';

export interface RunEntriesOptions {
  modelsToRun?: string[];
  groupsToRun?: string[];
  priority?: number;
  /** Absent: run specs keep max_eval_instances unset (HELM's function allows None; helm-run requires -m). */
  maxEvalInstances?: number;
  numTrainTrials?: number;
  /** Where run spec functions find the files they read (legalbench's prompt settings, RAFT's instructions). */
  context?: RunSpecContext;
  /**
   * Receives each entry whose run spec function lacks its data (MissingDataError): that entry fails
   * alone and expansion goes on. Absent: it is reported with the other problems, and nothing runs.
   */
  onMissingData?: (description: string, error: MissingDataError) => void;
  /** The suite's own run spec functions (its declarative scenarios, from --include-path). */
  suiteFunctions?: ReadonlyMap<string, RunSpecFunction>;
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
 * Why entries could not be expanded, all of them at once: one line per unknown run spec function
 * (with how many entries name it) and one per other failing entry.
 */
export class ExpansionProblems {
  private readonly unknownFunctions = new Map<string, { helm: boolean; entries: number }>();
  private readonly entryProblems: string[] = [];
  private lastMessage = '';

  add(entry: RunEntry, error: HelmInputError): void {
    if (error instanceof UnknownRunSpecFunctionError) {
      const seen = this.unknownFunctions.get(error.functionName);
      if (seen) seen.entries++;
      else this.unknownFunctions.set(error.functionName, { helm: error.isHelmFunction, entries: 1 });
      this.lastMessage = error.message;
      return;
    }
    this.entryProblems.push(`\`${entry.description}\`: ${error.message}`);
    this.lastMessage = error.message;
  }

  /** A problem found after expansion (a run spec whose scenario class helm-ts lacks, …). */
  addLine(line: string): void {
    this.entryProblems.push(line);
    this.lastMessage = line;
  }

  get count(): number {
    return this.unknownFunctions.size + this.entryProblems.length;
  }

  lines(): string[] {
    const unknown = [...this.unknownFunctions].map(([name, { helm, entries }]) => {
      const what = helm ? 'a HELM run spec function helm-ts does not have yet' : 'not a run spec function of HELM or helm-ts';
      const hint = helm ? '' : didYouMean(name, runSpecFunctionNames());
      return `\`${name}\`: ${what}${entries > 1 ? ` (${entries} entries)` : ''}${hint ? `.${hint}` : ''}`;
    });
    return [...unknown, ...this.entryProblems];
  }

  /** Nothing, or one HelmInputError: the single message as is, or every problem on its own line. */
  throwIfAny(): void {
    if (this.count === 0) return;
    if (this.count === 1 && this.entryProblems.length === 0 && [...this.unknownFunctions.values()][0].entries === 1) {
      throw new HelmInputError(this.lastMessage);
    }
    const lines = this.lines();
    throw new HelmInputError(`${lines.length} problem${lines.length > 1 ? 's' : ''} with the run entries (nothing was started):\n  ${lines.join('\n  ')}`);
  }
}

/**
 * helm-run's run_entries_to_run_specs, preceded by its model validation: priority filter,
 * `--models-to-run` rewriting, construction, model/group filters, max_eval_instances fill,
 * num_train_trials rules and entry groups. Every entry is tried; the problems are reported
 * together (see ExpansionProblems).
 */
export function runEntriesToRunSpecs(entries: RunEntry[], options: RunEntriesOptions, registry: ModelRegistry): RunSpec[] {
  const problems = new ExpansionProblems();
  const specs = [...runSpecsOfEntries(entries, options, registry, problems)].flat();
  problems.throwIfAny();
  return specs;
}

/** The entries that pass the priority filter (the only ones expanded). */
function entriesToExpand(entries: RunEntry[], priority: number | undefined): RunEntry[] {
  return entries.filter((e) => priority === undefined || e.priority === undefined || e.priority === null || e.priority <= priority);
}

/**
 * The files run spec functions read while building (legalbench's prompt settings), made present
 * once per function before expansion, so that building stays synchronous.
 */
export async function ensureRunSpecResources(entries: RunEntry[], options: RunEntriesOptions): Promise<void> {
  const context = options.context ?? defaultRunSpecContext();
  const names = new Set(entriesToExpand(entries, options.priority).map((e) => parseDescription(e.description).functionName));
  for (const name of names) await getRunSpecFunction(name)?.ensureResources?.(context);
}

/**
 * The same, giving the event loop a turn every `entriesPerTurn` entries: a worker expanding a
 * 10,000-entry suite (seconds of work) keeps answering queries and heartbeats meanwhile. The run
 * spec functions' resources are ensured first. Problems are collected into `problems` when given
 * (the caller reports them with its own), else thrown at the end.
 */
export async function runEntriesToRunSpecsYielding(
  entries: RunEntry[],
  options: RunEntriesOptions,
  registry: ModelRegistry,
  entriesPerTurn = 200,
  problems?: ExpansionProblems,
): Promise<RunSpec[]> {
  await ensureRunSpecResources(entries, options);
  const collected = problems ?? new ExpansionProblems();
  const specs: RunSpec[] = [];
  let count = 0;
  for (const entrySpecs of runSpecsOfEntries(entries, options, registry, collected)) {
    specs.push(...entrySpecs);
    if (++count % entriesPerTurn === 0) await nextTurn();
  }
  if (problems === undefined) collected.throwIfAny();
  return specs;
}

/** The run specs of each entry in turn (after validating every entry's models up front). */
function* runSpecsOfEntries(
  entries: RunEntry[],
  options: RunEntriesOptions,
  registry: ModelRegistry,
  problems: ExpansionProblems,
): Generator<RunSpec[]> {
  validateModels(entries, options.modelsToRun, registry);
  const context = options.context ?? defaultRunSpecContext();
  for (const entry of entriesToExpand(entries, options.priority)) {
    const specs: RunSpec[] = [];
    try {
      for (const parsed of withRequestedModels(parseDescription(entry.description), options.modelsToRun)) {
        for (const spec of constructRunSpecsFromParsed(parsed, registry, context, options.suiteFunctions)) {
          const kept = applyEntryOptions(spec, entry, options);
          if (kept !== undefined) specs.push(kept);
        }
      }
    } catch (error) {
      if (!(error instanceof HelmInputError)) throw error;
      if (error instanceof MissingDataError && options.onMissingData !== undefined) options.onMissingData(entry.description, error);
      else problems.add(entry, error);
      continue;
    }
    yield specs;
  }
}
