import { z } from 'zod';

/**
 * HELM's presentation schema (`schema_*.yaml`, written back as `schema.json`), one zod object per
 * dataclass in field order, so parsed objects serialise with HELM's key order. Unknown keys are
 * errors (HELM silently ignores them, which hides typos such as `metric_group:`).
 */
export const Field = z
  .object({
    name: z.string(),
    display_name: z.string().optional(),
    short_display_name: z.string().optional(),
    description: z.string().optional(),
    lower_is_better: z.boolean().optional(),
  })
  .strict();
export type Field = z.infer<typeof Field>;

export const MetricNameMatcher = z
  .object({
    name: z.string(),
    split: z.string(),
    sub_split: z.string().optional(),
    perturbation_name: z.string().optional(),
  })
  .strict();
export type MetricNameMatcher = z.infer<typeof MetricNameMatcher>;

export const AGGREGATION_STRATEGIES = ['win_rate', 'mean'] as const;

export const MetricGroup = Field.extend({
  metrics: z.array(MetricNameMatcher).default([]),
  hide_win_rates: z.boolean().optional(),
  aggregation_strategies: z.array(z.enum(AGGREGATION_STRATEGIES)).optional(),
}).strict();
export type MetricGroup = z.infer<typeof MetricGroup>;

export const TaxonomyInfo = z
  .object({
    task: z.string().optional(),
    what: z.string().optional(),
    when: z.string().optional(),
    who: z.string().optional(),
    language: z.string().optional(),
  })
  .strict();
export type TaxonomyInfo = z.infer<typeof TaxonomyInfo>;

export const BY_METRIC = 'by_metric';
export const BY_GROUP = 'by_group';
export const ALL_GROUPS = 'all_groups';
export const THIS_GROUP_ONLY = 'this_group_only';
export const NO_GROUPS = 'no_groups';

export const RunGroup = Field.extend({
  metric_groups: z.array(z.string()).default([]),
  subgroups: z.array(z.string()).default([]),
  sub_splits: z.array(z.string()).optional(),
  subgroup_display_mode: z.enum([BY_METRIC, BY_GROUP]).default(BY_METRIC),
  subgroup_metric_groups_hidden: z.array(z.string()).default([]),
  // YAML may hold numbers or booleans here; mako renders them with str().
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  category: z.string().default('Scenarios'),
  visibility: z.enum([ALL_GROUPS, THIS_GROUP_ONLY, NO_GROUPS]).default(ALL_GROUPS),
  taxonomy: TaxonomyInfo.optional(),
  todo: z.boolean().default(false),
  adapter_keys_shown: z.array(z.string()).default(['model_deployment', 'model']),
  short_description: z.string().optional(),
}).strict();
export type RunGroup = z.infer<typeof RunGroup>;

/** The YAML file: `adapter` is deprecated and replaced by the AdapterSpec field list. */
export const SchemaFile = z
  .object({
    metrics: z.array(Field).default([]),
    perturbations: z.array(Field).default([]),
    metric_groups: z.array(MetricGroup).default([]),
    run_groups: z.array(RunGroup).default([]),
    adapter: z.array(Field).optional(),
  })
  .strict();
export type SchemaFile = z.infer<typeof SchemaFile>;

export interface Schema {
  metrics: Field[];
  perturbations: Field[];
  metric_groups: MetricGroup[];
  run_groups: RunGroup[];
  adapter?: Field[];
}

/** `Field.get_short_display_name()`. */
export function shortDisplayName(field: Field): string {
  return field.short_display_name || field.display_name || field.name;
}
