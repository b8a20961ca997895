import { RunSpec, defaultDataAugmenterSpec } from './schemas';

/** HELM's RunSpec replaces every '/' in the name by '_' on construction, so the name is a directory name. */
export function sanitizeRunName(name: string): string {
  return name.replace(/\//g, '_');
}

/** A RunSpec with HELM's defaults (default data augmenter, no groups) and a sanitised name. */
export function makeRunSpec(
  fields: Pick<RunSpec, 'name' | 'scenario_spec' | 'adapter_spec' | 'metric_specs'> & Partial<RunSpec>,
): RunSpec {
  return {
    name: sanitizeRunName(fields.name),
    scenario_spec: fields.scenario_spec,
    adapter_spec: fields.adapter_spec,
    metric_specs: fields.metric_specs,
    data_augmenter_spec: fields.data_augmenter_spec ?? defaultDataAugmenterSpec(),
    groups: fields.groups ?? [],
    annotators: fields.annotators,
  };
}

/** `dataclasses.replace` for RunSpec: field order kept, name re-sanitised. */
export function replaceRunSpec(spec: RunSpec, changes: Partial<RunSpec>): RunSpec {
  const next: RunSpec = { ...spec, ...changes };
  return { ...next, name: sanitizeRunName(next.name) };
}

/** The separator HELM's "colon-aware" expanders put before `key=value`. */
export function colonAwareSeparator(name: string): string {
  return name.includes(':') ? ',' : ':';
}
