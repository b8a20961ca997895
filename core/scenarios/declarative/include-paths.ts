import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { runSpecFunctionRegistry, type RunSpecFunction } from '../../run-specs/run-spec-functions';
import { readScenarioFile, scenarioIssuesError, type ScenarioIssue } from './load';
import { declarativeRunSpecFunction } from './run-spec';
import { SCENARIO_FILE } from './schemas';

/** `<local-path>/include_paths.yaml`: folders searched for declarative scenarios on every helm-run. */
export const INCLUDE_PATHS_FILE = 'include_paths.yaml';

const IncludePathsFile = z.object({ include_paths: z.array(z.string().min(1)).default([]) }).strict();

/** The folders of `<localPath>/include_paths.yaml` (relative ones from that folder), absolute; [] without the file. */
export function includePathsFromLocalPath(localPath: string): string[] {
  const file = path.join(localPath, INCLUDE_PATHS_FILE);
  if (!fs.existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HelmInputError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = IncludePathsFile.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new HelmInputError(`${file}: expected "include_paths: [folder, …]": ${parsed.error.issues.map((i) => `${i.path.join('.') || '<top>'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.include_paths.map((p) => path.resolve(localPath, p));
}

/**
 * The scenario folders under an include path: the path itself when it holds scenario.yaml, else
 * each subfolder that does (one level, like lm-evaluation-harness's task folders).
 */
export function scenarioFolders(includePath: string): string[] {
  if (!fs.existsSync(includePath) || !fs.statSync(includePath).isDirectory()) {
    throw new HelmInputError(`--include-path ${includePath}: not a folder`);
  }
  if (fs.existsSync(path.join(includePath, SCENARIO_FILE))) return [includePath];
  return fs
    .readdirSync(includePath, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(includePath, d.name, SCENARIO_FILE)))
    .map((d) => path.join(includePath, d.name))
    .sort();
}

export interface FoundScenarios {
  /** Run spec functions by name, for the run entries of a suite. */
  functions: Map<string, RunSpecFunction>;
  /** name → scenario.yaml, for listings. */
  files: Map<string, { file: string; description: string }>;
  issues: ScenarioIssue[];
}

/**
 * Every declarative scenario of the include paths, each YAML checked. A name that a registered
 * run spec function (built-in or plugin) already has, or that two folders share, is a problem
 * naming both.
 */
export function findDeclarativeScenarios(includePaths: readonly string[]): FoundScenarios {
  const found: FoundScenarios = { functions: new Map(), files: new Map(), issues: [] };
  for (const includePath of includePaths) {
    for (const folder of scenarioFolders(includePath)) {
      const { scenario, issues } = readScenarioFile(folder);
      found.issues.push(...issues);
      if (scenario === undefined) continue;
      const name = scenario.spec.name;
      const registeredBy = runSpecFunctionRegistry.sourceOf(name);
      const other = found.files.get(name);
      if (registeredBy !== undefined) {
        found.issues.push({ file: scenario.file, field: 'name', message: `${JSON.stringify(name)} is already a run spec function (registered by ${registeredBy}); choose another name` });
      } else if (other !== undefined) {
        found.issues.push({ file: scenario.file, field: 'name', message: `${JSON.stringify(name)} is also the name of ${other.file}` });
      } else {
        found.functions.set(name, declarativeRunSpecFunction(name, folder));
        found.files.set(name, { file: scenario.file, description: scenario.spec.description });
      }
    }
  }
  return found;
}

/** The run spec functions of the include paths, or one error listing every problem. */
export function declarativeRunSpecFunctions(includePaths: readonly string[] | undefined): Map<string, RunSpecFunction> {
  if (includePaths === undefined || includePaths.length === 0) return new Map();
  const found = findDeclarativeScenarios(includePaths);
  if (found.issues.length > 0) throw scenarioIssuesError(`Declarative scenarios in ${includePaths.join(', ')}`, found.issues);
  return found.functions;
}
