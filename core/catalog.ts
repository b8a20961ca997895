import type { ModelRegistry } from './models/registry';
import { metricRegistry } from './metrics/metric-registry';
import { SCORE_FUNCTIONS } from './metrics/scoring';
import { perturbationRegistry } from './perturbations/perturbation';
import { runSpecFunctionRegistry } from './run-specs/run-spec-functions';
import { findDeclarativeScenarios } from './scenarios/declarative/include-paths';
import { scenarioRegistry } from './scenarios/registry';
import { DEFAULT_SCHEMA_PATH, readSchema } from './summarize/schema';

/** One line of `helm-run --list`. */
export interface CatalogEntry {
  name: string;
  description: string;
  /** Arguments, required ones first and marked (scenarios only). */
  arguments?: string;
  /** Who registered it: helm-ts, a plugin, or a scenario.yaml. */
  source: string;
}

/** The first sentence, cut to `max` characters: a short description for one line. */
export function shortDescription(text: string | undefined, max = 100): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1)}…`;
}

/**
 * What run entries can name: every run spec function (built-in, plugin, and the declarative
 * scenarios of `includePaths`), described by the function or by the scenario class of the same name.
 */
export function listScenarios(includePaths: readonly string[] = []): CatalogEntry[] {
  const classByName = new Map(scenarioRegistry.values().map((s) => [s.name, s]));
  const entries: CatalogEntry[] = runSpecFunctionRegistry.entriesWithSource().map(({ name, value, source }) => ({
    name,
    description: shortDescription(value.description ?? classByName.get(name)?.description),
    arguments: [...value.params]
      .sort((a, b) => Number(b.required) - Number(a.required))
      .map((p) => (p.required ? `${p.name} (required)` : p.name))
      .join(', '),
    source,
  }));
  const found = findDeclarativeScenarios(includePaths);
  for (const [name, { file, description }] of found.files) entries.push({ name, description: shortDescription(description), arguments: '', source: file });
  return entries;
}

/** Model deployments (what `model=` accepts), with their model's description. */
export function listModels(registry: ModelRegistry): CatalogEntry[] {
  return registry.allDeploymentNames().map((name) => {
    const deployment = registry.getModelDeployment(name);
    const metadata = registry.findModelMetadata(deployment.model_name ?? name);
    const model = deployment.model_name && deployment.model_name !== name ? `model ${deployment.model_name}: ` : '';
    return { name, description: `${model}${shortDescription(metadata?.description ?? metadata?.display_name ?? '')}`, source: deployment.client_spec.class_name };
  });
}

/** HELM metric names (for scenario.yaml `metrics:` and BasicGenerationMetric), then metric classes. */
export function listMetrics(): { names: CatalogEntry[]; classes: CatalogEntry[] } {
  const described = new Map(readSchema(DEFAULT_SCHEMA_PATH).metrics.map((m) => [m.name, m.description ?? m.display_name]));
  return {
    names: Object.keys(SCORE_FUNCTIONS).map((name) => ({ name, description: shortDescription(described.get(name)), source: 'helm-ts' })),
    classes: metricRegistry.entriesWithSource().map(({ name, source }) => ({ name, description: '', source })),
  };
}

export function listPerturbations(): CatalogEntry[] {
  return perturbationRegistry.entriesWithSource().map(({ name, source }) => ({ name, description: '', source }));
}
