import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ParsedArgs } from './argparse';
import { WorkerContext } from '../activities/context';
import { expandSuite } from '../activities/expand-run-entries';
import { listMetrics, listModels, listPerturbations, listScenarios, type CatalogEntry } from '../core/catalog';
import { HelmInputError } from '../core/common/errors';
import { ModelRegistry } from '../core/models/registry';
import { loadPlugins, type PluginRef } from '../core/plugins/load-plugins';
import { readRunEntriesFile } from '../core/run-specs/hocon';
import type { RunEntry, RunSpec } from '../core/run-specs/schemas';
import { CUSTOM_MCQA_SCENARIO_CLASS } from '../core/scenarios/custom-mcqa-scenario';
import { DECLARATIVE_SCENARIO_CLASS } from '../core/scenarios/declarative/run-spec';
import { findDeclarativeScenarios, includePathsFromLocalPath, scenarioFolders } from '../core/scenarios/declarative/include-paths';
import { formatScenarioIssue, readScenarioFile, readScenarioInstances } from '../core/scenarios/declarative/load';
import { SCENARIO_FILE } from '../core/scenarios/declarative/schemas';
import { getScenario, scenarioName } from '../core/scenarios/registry';

/** What a suite records so its workers see the same plugins and declarative scenarios. */
export interface SuiteExtensions {
  plugins?: PluginRef[];
  includePaths?: string[];
}

/** `--include-path` folders, then `<local-path>/include_paths.yaml`'s, absolute and de-duplicated. */
export function resolveIncludePaths(args: ParsedArgs): string[] {
  const fromFlags = (args.includePaths as string[] | undefined ?? []).map((p) => path.resolve(p));
  for (const dir of fromFlags) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new HelmInputError(`--include-path ${dir}: not a folder`);
  }
  return [...new Set([...fromFlags, ...includePathsFromLocalPath(path.resolve(args.localPath as string))])];
}

/** Loads `--plugins` into this process (the embedded worker shares it) and resolves the include paths. */
export async function loadSuiteExtensions(args: ParsedArgs): Promise<SuiteExtensions> {
  const plugins = await loadPlugins((args.plugins as string[] | undefined) ?? []);
  const includePaths = resolveIncludePaths(args);
  return { ...(plugins.length > 0 ? { plugins } : {}), ...(includePaths.length > 0 ? { includePaths } : {}) };
}

function table(entries: CatalogEntry[], withArguments: boolean): string {
  const width = Math.min(48, Math.max(4, ...entries.map((e) => e.name.length)));
  return entries
    .map((e) => {
      const args = withArguments && e.arguments ? ` [${e.arguments}]` : '';
      const source = e.source === 'helm-ts' ? '' : ` (${e.source})`;
      return `  ${e.name.padEnd(width)}  ${e.description}${args}${source}`.trimEnd();
    })
    .join('\n');
}

/** `helm-run --list KIND`: what can be named in run entries, on stdout. */
export function listCatalog(kind: string, args: ParsedArgs, extensions: SuiteExtensions): string {
  switch (kind) {
    case 'scenarios':
      return `Scenarios (run entry names; [arguments]):\n${table(listScenarios(extensions.includePaths), true)}\n`;
    case 'models':
      return `Models (model= values: deployments, with their model):\n${table(listModels(ModelRegistry.load(path.resolve(args.localPath as string))), false)}\n`;
    case 'metrics': {
      const { names, classes } = listMetrics();
      return (
        `HELM metric names (scenario.yaml metrics:, BasicGenerationMetric names):\n${table(names, false)}\n\n` +
        `Metric classes (metric_specs class_name, or {class_name: …} in scenario.yaml):\n${table(classes, false)}\n`
      );
    }
    case 'perturbations': {
      const entries = listPerturbations();
      return `Perturbation classes:\n${entries.length > 0 ? table(entries, false) : '  (none registered: helm-ts does not apply perturbations yet; plugins may register them)'}\n`;
    }
    default:
      throw new HelmInputError(`--list ${kind}: choose scenarios, models, metrics or perturbations`);
  }
}

/** One problem found by --validate: where, and what. */
export interface ValidationProblem {
  where: string;
  message: string;
}

/** A scenario folder (or a folder of them): the YAML and every instance file. */
function validateScenarioFolders(dir: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  let folders: string[];
  try {
    folders = scenarioFolders(dir);
  } catch (error) {
    return [{ where: dir, message: (error as Error).message }];
  }
  if (folders.length === 0) return [{ where: dir, message: `no ${SCENARIO_FILE} here or in its subfolders` }];
  for (const folder of folders) {
    const { scenario, issues } = readScenarioFile(folder);
    const all = [...issues, ...(scenario !== undefined ? readScenarioInstances(scenario).issues : [])];
    for (const issue of all) problems.push({ where: formatScenarioIssue(issue), message: '' });
  }
  const found = findDeclarativeScenarios([dir]);
  for (const issue of found.issues.filter((i) => i.field === 'name')) problems.push({ where: formatScenarioIssue(issue), message: '' });
  return problems;
}

/** A run entry: expanded, its scenario, model client and tokenizer checked; local data (custom_mcqa, declarative) read. */
async function validateEntry(context: WorkerContext, args: ParsedArgs, extensions: SuiteExtensions, entry: RunEntry): Promise<string[]> {
  const paths = {
    outputPath: path.resolve(args.outputPath as string),
    localPath: path.resolve(args.localPath as string),
    suite: (args.suite as string | undefined) ?? 'validate',
    ...extensions,
  };
  const expansion = {
    modelsToRun: args.modelsToRun as string[] | undefined,
    groupsToRun: args.groupsToRun as string[] | undefined,
    maxEvalInstances: (args.maxEvalInstances as number | undefined) ?? 1,
    numTrainTrials: args.numTrainTrials as number | undefined,
  };
  try {
    const { specs, failedEntries } = await expandSuite(context, paths, [entry], expansion, {
      skipCompletedRuns: false,
      disableCache: true,
      dataMirror: args.dataMirror as string | undefined,
    });
    const problems: string[] = failedEntries.map((failed) => failed.error);
    for (const spec of specs) {
      const scenario = getScenario(spec.scenario_spec.class_name);
      if (scenario.downloadsData) continue; // checking it would mean downloading it
      try {
        await scenario.getInstances(spec.scenario_spec.args, path.join(paths.outputPath, 'scenarios', scenarioName(scenario, spec.scenario_spec.args)), {});
      } catch (error) {
        problems.push(`${spec.name}: ${(error as Error).message}`);
      }
    }
    return problems;
  } catch (error) {
    if (error instanceof HelmInputError) return [error.message];
    throw error;
  }
}

/**
 * `helm-run --validate [PATH…]`: every scenario folder and conf file named, and every run entry
 * of --conf-paths/--run-entries, checked without running anything. Every problem is collected.
 */
export async function validateInputs(args: ParsedArgs, extensions: SuiteExtensions, logger: Logger): Promise<ValidationProblem[]> {
  const problems: ValidationProblem[] = [];
  const entries: Array<{ where: string; entry: RunEntry }> = [];
  const confPaths = [...((args.confPaths as string[] | undefined) ?? [])];
  for (const target of (args.validate as string[] | undefined) ?? []) {
    if (!fs.existsSync(target)) problems.push({ where: target, message: 'no such file or folder' });
    else if (fs.statSync(target).isDirectory()) problems.push(...validateScenarioFolders(target));
    else confPaths.push(target);
  }
  for (const confPath of confPaths) {
    try {
      readRunEntriesFile(confPath).forEach((entry, i) => entries.push({ where: `${confPath}: entry ${i + 1} (${entry.description})`, entry }));
    } catch (error) {
      problems.push({ where: confPath, message: (error as Error).message });
    }
  }
  for (const description of (args.runEntries as string[] | undefined) ?? []) entries.push({ where: `--run-entries ${description}`, entry: { description, priority: 1, groups: null } });
  const context = new WorkerContext(logger);
  try {
    for (const { where, entry } of entries) {
      for (const message of await validateEntry(context, args, extensions, entry)) problems.push({ where, message });
    }
  } finally {
    context.close();
  }
  logger.debug(`validated ${entries.length} run entries`);
  return problems;
}

export function formatProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => (p.message ? `${p.where}: ${p.message}` : p.where)).join('\n');
}

/**
 * The user's own data (declarative scenario folders, custom_mcqa files) read before the suite
 * starts, so a bad line stops helm-run with every problem listed and nothing written.
 */
export async function checkUserData(specs: readonly RunSpec[], outputPath: string): Promise<void> {
  const checked = new Set<string>();
  for (const spec of specs) {
    const { class_name: className, args } = spec.scenario_spec;
    if (className !== DECLARATIVE_SCENARIO_CLASS && className !== CUSTOM_MCQA_SCENARIO_CLASS) continue;
    const key = JSON.stringify([className, args]);
    if (checked.has(key)) continue;
    checked.add(key);
    const scenario = getScenario(className);
    await scenario.getInstances(args, path.join(outputPath, 'scenarios', scenarioName(scenario, args)), {});
  }
}
