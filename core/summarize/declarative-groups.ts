import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DECLARATIVE_SCENARIO_CLASS } from '../scenarios/declarative/run-spec';
import { DeclarativeScenarioFile, SCENARIO_FILE } from '../scenarios/declarative/schemas';
import type { Run } from './runs';
import { RunGroup, type Schema } from './schema-format';

/** The parent group that lists the suite's declarative scenarios on the leaderboard. */
export const YOUR_SCENARIOS_GROUP = 'your_scenarios';

/** What a declarative run's scenario.yaml says, if the folder is still there. */
function readSpec(run: Run): DeclarativeScenarioFile | undefined {
  const folder = run.runSpec.scenario_spec.args['path'];
  if (typeof folder !== 'string') return undefined;
  try {
    const parsed = DeclarativeScenarioFile.safeParse(YAML.parse(fs.readFileSync(path.join(folder, SCENARIO_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A schema has run groups only for the scenarios it was written for. A declarative scenario's runs
 * get a leaf group of their own (from its scenario.yaml: display name, description, first metric
 * as the main one, test split unless it only has valid) under a "Your scenarios" parent, so they
 * appear on the leaderboard like a built-in scenario. Groups the schema already has are left alone.
 */
export function withDeclarativeRunGroups(schema: Schema, runs: readonly Run[]): Schema {
  const known = new Set(schema.run_groups.map((g) => g.name));
  const metricGroups = ['accuracy', 'efficiency', 'general_information'].filter((name) => schema.metric_groups.some((g) => g.name === name));
  const added: RunGroup[] = [];
  for (const run of runs) {
    if (run.runSpec.scenario_spec.class_name !== DECLARATIVE_SCENARIO_CLASS) continue;
    const spec = readSpec(run);
    for (const group of run.runSpec.groups) {
      if (known.has(group)) continue;
      known.add(group);
      const firstName = spec?.metrics.find((m): m is string => typeof m === 'string') ?? 'exact_match';
      const split = spec !== undefined && spec.splits.test === undefined ? 'valid' : 'test';
      added.push(
        RunGroup.parse({
          name: group,
          display_name: spec?.display_name ?? spec?.name ?? group,
          description: spec?.description ?? `Declarative scenario ${group}`,
          metric_groups: metricGroups,
          environment: { main_name: firstName, main_split: split },
          category: 'Your scenarios',
        }),
      );
    }
  }
  if (added.length === 0) return schema;
  const parent = known.has(YOUR_SCENARIOS_GROUP)
    ? []
    : [
        RunGroup.parse({
          name: YOUR_SCENARIOS_GROUP,
          display_name: 'Your scenarios',
          description: 'Scenarios defined by scenario.yaml folders (helm-run --include-path).',
          subgroups: added.map((g) => g.name),
          category: 'Your scenarios',
        }),
      ];
  return { ...schema, run_groups: [...schema.run_groups, ...parent, ...added] };
}
