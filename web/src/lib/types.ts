/**
 * The shapes of helm-summarize's JSON as the frontend reads them (HELM's names). Plain interfaces,
 * not zod: the browser code has no bundler to ship zod; the summarizer's zod schemas define the
 * files, these list only the fields the pages use.
 */
export interface Cell {
  value?: string | number | boolean | null;
  display_value?: string;
  description?: string;
  href?: string;
  style?: Record<string, string>;
  markdown: boolean;
  run_spec_names?: string[];
}

export interface HeaderCell extends Cell {
  lower_is_better?: boolean;
  metadata: Record<string, string>;
}

export interface Table {
  title: string;
  header: HeaderCell[];
  rows: Cell[][];
  links: { text: string; href: string }[];
  name?: string;
  description?: string;
}

export interface Field {
  name: string;
  display_name?: string;
  short_display_name?: string;
  description?: string;
  lower_is_better?: boolean;
}

export interface ModelField extends Field {
  creator_organization?: string;
  access?: string;
  todo?: boolean;
  release_date?: string;
  num_parameters?: number;
}

export interface RunGroup extends Field {
  metric_groups?: string[];
  subgroups?: string[];
  environment?: Record<string, string>;
  category?: string;
  visibility?: string;
  taxonomy?: Record<string, string | null> | null;
  todo?: boolean;
  short_description?: string;
}

export interface Schema {
  metrics: Field[];
  perturbations: Field[];
  metric_groups: (Field & { metrics: { name: string; split: string }[] })[];
  run_groups: RunGroup[];
  adapter?: Field[];
  models?: ModelField[];
}

export interface Summary {
  release?: string;
  suites: string[];
  suite?: string;
  date: string;
}

export interface RunSpec {
  name: string;
  scenario_spec: { class_name: string; args: Record<string, unknown> };
  adapter_spec: Record<string, unknown>;
  metric_specs: { class_name: string; args: Record<string, unknown> }[];
  data_augmenter_spec?: Record<string, unknown>;
  groups: string[];
}

export interface PerturbationDescription {
  name: string;
  [key: string]: unknown;
}

export interface Reference {
  output: { text: string };
  tags: string[];
}

export interface Instance {
  input: { text: string };
  references: Reference[];
  split?: string;
  sub_split?: string;
  id: string;
  perturbation?: PerturbationDescription;
}

export interface DisplayPrediction {
  instance_id: string;
  perturbation?: PerturbationDescription;
  train_trial_index: number;
  predicted_text: string;
  truncated_predicted_text?: string;
  mapped_output?: string;
  reference_index?: number;
  stats: Record<string, number>;
  thinking_text?: string;
}

export interface DisplayRequest {
  instance_id: string;
  perturbation?: PerturbationDescription;
  train_trial_index: number;
  request: { prompt: string; [key: string]: unknown };
}

export interface StatName {
  name: string;
  split?: string;
  sub_split?: string;
  perturbation?: PerturbationDescription;
}

export interface Stat {
  name: StatName;
  count: number;
  sum: number;
  sum_squared: number;
  min?: number;
  max?: number;
  mean?: number;
  variance?: number;
  stddev?: number;
}
