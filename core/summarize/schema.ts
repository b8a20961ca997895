import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { HelmInputError, didYouMean } from '../common/errors';
import type { MetricName } from '../metrics/schemas';
import { adapterFields } from './adapter-fields';
import { SchemaFile, type MetricNameMatcher, type RunGroup, type Schema } from './schema-format';

/** Our default schema (HELM's default is its schema_classic.yaml). */
export const DEFAULT_SCHEMA_PATH: string = (() => {
  const besideModule = path.join(__dirname, 'schema', 'schema_helm_ts.yaml');
  if (fs.existsSync(besideModule)) return besideModule;
  return path.resolve(__dirname, '../../../core/summarize/schema/schema_helm_ts.yaml');
})();

/** A zod issue as "at run_groups[3].metric_group: unknown key (did you mean metric_groups?)". */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  let where = '';
  let node: unknown = raw;
  for (const key of issue.path) {
    where += typeof key === 'number' ? `[${key}]` : `${where ? '.' : ''}${String(key)}`;
    if (node !== null && typeof node === 'object') node = (node as Record<string | number, unknown>)[key as string | number];
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node) && 'name' in node) {
    where += ` (name: ${String((node as { name: unknown }).name)})`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `at ${where || '<top level>'}: unknown field(s) ${issue.keys.join(', ')}`;
  }
  return `at ${where || '<top level>'}: ${issue.message}`;
}

const KNOWN_FIELDS: Record<string, string[]> = {
  top: ['metrics', 'perturbations', 'metric_groups', 'run_groups', 'adapter'],
};

/** HELM Lite's schema structure (scripts/helm-reference/import-schema-lite.py). */
export const LITE_SCHEMA_PATH: string = path.join(path.dirname(DEFAULT_SCHEMA_PATH), 'schema_lite.yaml');

/** HELM Classic's schema structure, restricted to what helm-ts has (scripts/helm-reference/import-schema-classic.py). */
export const CLASSIC_SCHEMA_PATH: string = path.join(path.dirname(DEFAULT_SCHEMA_PATH), 'schema_classic.yaml');

/** The schemas `--schema` knows by name. */
export const NAMED_SCHEMAS: Readonly<Record<string, string>> = { lite: LITE_SCHEMA_PATH, classic: CLASSIC_SCHEMA_PATH };

function runGroupNames(schemaPath: string): Set<string> {
  const raw = YAML.parse(fs.readFileSync(schemaPath, 'utf8')) as { run_groups?: Array<{ name: string }> };
  return new Set((raw.run_groups ?? []).map((g) => g.name));
}

export interface SchemaChoice {
  path: string;
  /** Why this schema, for the log. */
  reason: string;
}

/**
 * `--schema lite|classic|PATH`, or (neither it nor --schema-path given) the schema chosen from the
 * groups of the runs (each run's `run_spec.groups`). A named schema is chosen when every run
 * belongs to groups it has and some run to a group helm-ts's own schema lacks (so helm-ts's schema
 * would leave that run off the leaderboard): HELM Lite's first (its groups are all Classic groups
 * too), then HELM Classic's. Otherwise (no runs, runs of both, declarative scenarios, runs helm-ts's
 * schema covers alone) helm-ts's own schema.
 */
export function chooseSchema(choice: string | undefined, runGroups: string[][]): SchemaChoice {
  if (choice !== undefined) {
    if (Object.hasOwn(NAMED_SCHEMAS, choice)) return { path: NAMED_SCHEMAS[choice], reason: `--schema ${choice}` };
    if (!fs.existsSync(choice)) {
      throw new HelmInputError(
        `--schema ${choice}: neither a schema name (${Object.keys(NAMED_SCHEMAS).join(', ')}) nor an existing schema file.${didYouMean(choice, Object.keys(NAMED_SCHEMAS))}`,
      );
    }
    return { path: choice, reason: '--schema' };
  }
  const ours = runGroupNames(DEFAULT_SCHEMA_PATH);
  for (const [name, schemaPath] of Object.entries(NAMED_SCHEMAS)) {
    const groups = runGroupNames(schemaPath);
    const allIn = runGroups.length > 0 && runGroups.every((run) => run.length > 0 && run.every((g) => groups.has(g)));
    const someBeyondOurs = runGroups.some((run) => run.some((g) => groups.has(g) && !ours.has(g)));
    if (allIn && someBeyondOurs) return { path: schemaPath, reason: `HELM ${name === 'lite' ? 'Lite' : 'Classic'}'s, chosen from the runs' groups` };
  }
  return { path: DEFAULT_SCHEMA_PATH, reason: "helm-ts's own, chosen from the runs' groups" };
}

/** {@link chooseSchema}'s path. */
export function chooseSchemaPath(choice: string | undefined, runGroups: string[][]): string {
  return chooseSchema(choice, runGroups).path;
}

/** The groups of every readable run_spec.json in the suites' folders (unreadable ones are the summarizer's to report). */
export function suiteRunGroups(outputPath: string, suites: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const suite of suites) {
    const dir = path.join(outputPath, 'runs', suite);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name, 'run_spec.json');
      if (!entry.isDirectory() || !fs.existsSync(file)) continue;
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { groups?: unknown };
        groups.push(Array.isArray(parsed.groups) ? parsed.groups.filter((g): g is string => typeof g === 'string') : []);
      } catch {
        // Reported with its path when the summarizer reads the run.
      }
    }
  }
  return groups;
}

/** `read_schema`: YAML (or `.json`) → Schema with the AdapterSpec field list as `adapter`. */
export function readSchema(schemaPath: string, warn: (message: string) => void = () => {}): Schema {
  if (!fs.existsSync(schemaPath)) throw new HelmInputError(`Schema file ${schemaPath} does not exist`);
  let raw: unknown;
  try {
    const text = fs.readFileSync(schemaPath, 'utf8');
    raw = schemaPath.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new HelmInputError(`Schema file ${schemaPath}: cannot be parsed: ${(error as Error).message}`);
  }
  const parsed = SchemaFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((issue) => {
      let text = describeIssue(issue, raw);
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        text += didYouMean(issue.keys[0], KNOWN_FIELDS.top);
      }
      return text;
    });
    throw new HelmInputError(`Schema file ${schemaPath} is invalid:\n  ${lines.join('\n  ')}`);
  }
  if (parsed.data.adapter && parsed.data.adapter.length > 0) {
    warn(`The \`adapter\` field is deprecated and should be removed from schema file ${schemaPath}`);
  }
  return { ...parsed.data, adapter: adapterFields() };
}

/** Mako's `${var}` rendering, for the one form schema files use; an unknown variable is an error. */
export function renderTemplate(template: string, environment: Record<string, string>): string {
  return template.replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (_m, name: string) => {
    const value = environment[name];
    if (value === undefined) {
      throw new HelmInputError(`Schema template variable \${${name}} is undefined (environment: ${JSON.stringify(environment)})`);
    }
    return value;
  });
}

/** `MetricNameMatcher.substitute`: renders name, split and perturbation name and drops sub_split. */
export function substituteMatcher(matcher: MetricNameMatcher, environment: Record<string, string>): MetricNameMatcher {
  return {
    name: renderTemplate(matcher.name, environment),
    split: renderTemplate(matcher.split, environment),
    perturbation_name: matcher.perturbation_name === undefined ? undefined : renderTemplate(matcher.perturbation_name, environment),
  };
}

/** `MetricNameMatcher.matches`: perturbed stats only match through their worst-case copy. */
export function matcherMatches(matcher: MetricNameMatcher, name: MetricName): boolean {
  if (matcher.name !== name.name) return false;
  if (matcher.split !== '__all__' && matcher.split !== name.split) return false;
  if (matcher.sub_split !== undefined && matcher.sub_split !== name.sub_split) return false;
  if ((matcher.perturbation_name ?? null) !== (name.perturbation?.name ?? null)) return false;
  if (name.perturbation && name.perturbation.computed_on !== 'worst') return false;
  return true;
}

/** Name → entry maps of a schema (`Schema.__post_init__`; later duplicates win). */
export class SchemaIndex {
  readonly metric;
  readonly perturbation;
  readonly metricGroup;
  readonly runGroup;
  constructor(readonly schema: Schema) {
    this.metric = new Map(schema.metrics.map((m) => [m.name, m]));
    this.perturbation = new Map(schema.perturbations.map((p) => [p.name, p]));
    this.metricGroup = new Map(schema.metric_groups.map((g) => [g.name, g]));
    this.runGroup = new Map(schema.run_groups.map((g) => [g.name, g]));
  }
}

/**
 * The fix-up step. HELM generates metric fields and leaf groups from the metric and scenario classes'
 * metadata when the schema has none; helm-ts has no such metadata, so it only adds the
 * `all_scenarios` parent group when no group has subgroups.
 */
export function fixUpSchema(schema: Schema, warn: (message: string) => void): Schema {
  let runGroups = schema.run_groups;
  if (schema.metrics.length === 0) warn('The schema defines no metrics; metric fields are not generated by helm-ts');
  if (!runGroups.some((g) => g.subgroups.length === 0)) warn('The schema defines no leaf run groups; scenario groups are not generated by helm-ts');
  if (!runGroups.some((g) => g.subgroups.length > 0)) {
    const allScenarios: RunGroup = {
      name: 'all_scenarios',
      display_name: 'All Scenarios',
      description: 'All scenarios',
      metric_groups: [],
      subgroups: runGroups.filter((g) => g.subgroups.length === 0).map((g) => g.name),
      subgroup_display_mode: 'by_metric',
      subgroup_metric_groups_hidden: [],
      environment: {},
      category: 'Scenario Groups',
      visibility: 'all_groups',
      todo: false,
      adapter_keys_shown: ['model_deployment', 'model'],
    };
    runGroups = [allScenarios, ...runGroups];
  }
  return { ...schema, run_groups: runGroups };
}

export interface ValidationMessage {
  severity: 'error' | 'warning';
  text: string;
}

const TEMPLATE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const VALID_SPLITS = new Set(['test', 'valid', '__all__']);

/** `validate_schema`: dangling references, duplicates, bad splits, subgroup cycles. */
export function validateSchema(schema: Schema, schemaPath: string): ValidationMessage[] {
  const messages: ValidationMessage[] = [];
  const error = (text: string, at?: string) => messages.push({ severity: 'error', text: `[${schemaPath}] [ERROR] ${at ? `at ${at}: ` : ''}${text}` });
  const index = new SchemaIndex(schema);
  const lists: Array<[string, Array<{ name: string }>]> = [
    ['run_group', schema.run_groups],
    ['metric_group', schema.metric_groups],
    ['metric', schema.metrics],
    ['perturbation', schema.perturbations],
  ];
  for (const [kind, list] of lists) {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      if (!entry.name.trim()) error(`${kind} at index ${i} has empty or whitespace-only name`, `${kind}s[${i}]`);
      else if (seen.has(entry.name)) error(`Duplicate ${kind} name: '${entry.name}'`, `${kind}s[${entry.name}]`);
      seen.add(entry.name);
    });
  }
  for (const group of schema.run_groups) {
    for (const sub of group.subgroups) {
      if (!index.runGroup.has(sub)) error(`Subgroup '${sub}' is not defined${didYouMean(sub, index.runGroup.keys())}`, `run_groups[${group.name}].subgroups`);
    }
    for (const mg of group.metric_groups) {
      if (!index.metricGroup.has(mg)) error(`Metric group '${mg}' is not defined${didYouMean(mg, index.metricGroup.keys())}`, `run_groups[${group.name}].metric_groups`);
    }
    for (const mg of group.subgroup_metric_groups_hidden) {
      if (!index.metricGroup.has(mg)) error(`Hidden metric group '${mg}' is not defined`, `run_groups[${group.name}].subgroup_metric_groups_hidden`);
    }
  }
  for (const group of schema.metric_groups) {
    group.metrics.forEach((m, i) => {
      const at = `metric_groups[${group.name}].metrics[${i}]`;
      if (!index.metric.has(m.name) && !TEMPLATE.test(m.name)) error(`Metric '${m.name}' is not defined${didYouMean(m.name, index.metric.keys())}`, `${at}.name`);
      if (!VALID_SPLITS.has(m.split) && !TEMPLATE.test(m.split)) error(`Invalid split '${m.split}'`, `${at}.split`);
      const p = m.perturbation_name;
      if (p !== undefined && p !== '' && !p.startsWith('__') && !TEMPLATE.test(p) && !index.perturbation.has(p)) {
        error(`Perturbation '${p}' is not defined${didYouMean(p, index.perturbation.keys())}`, `${at}.perturbation_name`);
      }
    });
  }
  // Subgroup cycles (depth-first, each cycle reported once).
  const state = new Map<string, number>();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    const s = state.get(name) ?? 0;
    if (s === 1) {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      const key = [...new Set(cycle)].sort().join('\u0000');
      if (!reported.has(key)) {
        reported.add(key);
        error(`Cycle detected in subgroups: ${cycle.join(' -> ')}`, `run_groups[${name}]`);
      }
      return;
    }
    if (s === 2 || !index.runGroup.has(name)) return;
    state.set(name, 1);
    for (const sub of index.runGroup.get(name)?.subgroups ?? []) visit(sub, [...trail, name]);
    state.set(name, 2);
  };
  for (const group of schema.run_groups) if (!state.get(group.name)) visit(group.name, []);
  return messages;
}
