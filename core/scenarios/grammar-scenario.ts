import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { HelmInputError, MissingDataError } from '../common/errors';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { derivationTags, derivationValues, generateDerivations, parseGrammar, type Grammar } from './grammar';
import { readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import { helmDefinitionPath, type ScenarioClass } from './scenario';

/** Run entries name grammars by their path in HELM's source tree; such a file comes from HELM's repository at the version helm-ts follows. */
export const HELM_SOURCE_RAW_URL = 'https://raw.githubusercontent.com/stanford-crfm/helm/v0.5.16/';
const HELM_SOURCE_PREFIX = 'src/helm/';

/** The prompts of every derivation whose tags include all of `tags`, as test instances without references. */
export function grammarInstances(grammar: Grammar, tags: readonly string[]): Instance[] {
  return generateDerivations(grammar)
    .filter((d) => {
      const have = derivationTags(d);
      return tags.every((t) => have.includes(t));
    })
    .map((d) => ({ input: { text: derivationValues(d).join('') }, references: [], split: 'test' }));
}

/** `tags=a,b` → ['a', 'b']; empty → no filter (HELM splits on commas only). */
export function grammarTags(tags: string): string[] {
  return tags === '' ? [] : tags.split(',');
}

/**
 * HELM opens `path` from its working directory. Here: that path if it exists; else a path inside
 * HELM's source tree is fetched from HELM's repository (or `<mirror>/grammar/<path>`) into the scenario folder.
 */
export async function resolveGrammarFile(grammarPath: string, scenarioDir: string, options: EnsureDataOptions): Promise<string> {
  if (existsSync(grammarPath)) return grammarPath;
  if (path.isAbsolute(grammarPath) || !grammarPath.startsWith(HELM_SOURCE_PREFIX) || grammarPath.split('/').includes('..')) {
    throw new MissingDataError(`grammar: grammar file ${grammarPath} does not exist (HELM reads it relative to the working directory ${process.cwd()})`);
  }
  const target = path.join(scenarioDir, ...grammarPath.split('/'));
  await ensureFileDownloaded({
    targetPath: target,
    sourceUrl: `${HELM_SOURCE_RAW_URL}${grammarPath}`,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'grammar', ...grammarPath.split('/')),
    verify: async (f) => void parseGrammar(await readPythonTextFile(f, 'grammar'), f),
    onProgress: options.onProgress,
  });
  return target;
}

function grammarArgs(args: Record<string, ArgValue>): { grammarPath: string; tags: string[] } {
  for (const key of Object.keys(args)) {
    if (key !== 'path' && key !== 'tags') throw new HelmInputError(`grammar: unexpected argument ${key}; accepted arguments: path, tags`);
  }
  if (args.path === undefined || args.path === null) throw new HelmInputError('grammar: argument path (a grammar YAML file) is required');
  const tags = args.tags === undefined || args.tags === null ? '' : argValueStr(args.tags);
  return { grammarPath: argValueStr(args.path), tags: grammarTags(tags) };
}

export async function getGrammarInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const { grammarPath, tags } = grammarArgs(args);
  const file = await resolveGrammarFile(grammarPath, scenarioDir, options);
  return grammarInstances(parseGrammar(await readPythonTextFile(file, 'grammar'), file), tags);
}

const GRAMMAR_CLASS = 'helm.benchmark.scenarios.grammar_scenario.GrammarScenario';

/** HELM's `GrammarScenario`. Its constructor replaces the class's tags by the filter tags, so scenario.json lists those. */
export const grammarScenario: ScenarioClass = {
  className: GRAMMAR_CLASS,
  name: 'grammar',
  description: 'Scenarios based on a grammar',
  tags: ['instructions'],
  getInstances: getGrammarInstances,
  describe: (args) => ({
    name: 'grammar',
    description: 'Scenarios based on a grammar',
    tags: grammarArgs(args).tags,
    definitionPath: helmDefinitionPath(GRAMMAR_CLASS),
  }),
};
