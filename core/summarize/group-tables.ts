import { isPyFloatBox, pyFloat, pythonFloatRepr as pyFloatText, toNumber } from '../common/py-number';
import { pythonJsonDumps } from '../common/python-json';
import type { ModelMetadata } from '../models/schemas';
import { unknownModelMetadata, type ModelRegistry } from '../models/registry';
import { Stat } from '../metrics/stat';
import { defaultAdapterSpec, type AdapterSpec, type ObjectSpec } from '../run-specs/schemas';
import { aggregateRowMeans, aggregateRowWinRates } from './aggregate';
import { bareNumber, benchmarkingUrl } from './python-format';
import type { Run } from './runs';
import { matcherMatches, substituteMatcher, type SchemaIndex } from './schema';
import { BY_GROUP, NO_GROUPS, THIS_GROUP_ONLY, shortDisplayName, type MetricNameMatcher, type RunGroup } from './schema-format';
import { cell, headerCell, numericValue, type Cell, type HeaderCell, type Hyperlink, type Table } from './table';

/** Models whose calibration / ranking cells HELM hides (unreliable logprobs). */
const LOGPROBS_ISSUE_MODELS = new Set([
  'anthropic/stanford-online-all-v4-s3',
  'meta/llama-7b',
  'meta/llama-13b',
  'meta/llama-30b',
  'meta/llama-65b',
  'meta/llama-2-7b',
  'meta/llama-2-13b',
  'meta/llama-2-70b',
]);
const LOGPROBS_ISSUE_METRICS = new Set([
  'NDCG@10',
  'RR@10',
  'NDCG@20',
  'RR@20',
  'ece_1_bin',
  'ece_10_bin',
  'platt_ece_1_bin',
  'platt_ece_10_bin',
  'platt_coef',
  'platt_intercept',
  'selective_cov_acc_area',
  'selective_acc@10',
]);

/** Python value equality of JSON-like specs (frozen dataclass `==` / hash): 1 == 1.0. */
export function specKey(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) => (isPyFloatBox(v) ? v.py_float : v));
}

/** Python's `str()` of a spec value, as in `dict_to_str`. */
export function pythonStr(value: unknown, nested = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return nested ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : bareFloat(value);
  if (isPyFloatBox(value)) return bareFloat(value.py_float);
  if (Array.isArray(value)) return '[' + value.map((v) => pythonStr(v, true)).join(', ') + ']';
  if (typeof value === 'object') {
    return '{' + Object.entries(value as Record<string, unknown>).map(([k, v]) => `'${k}': ${pythonStr(v, true)}`).join(', ') + '}';
  }
  return String(value);
}

function bareFloat(x: number): string {
  return pyFloatText(x);
}

/** `dict_to_str`: `k: v, k2: v2`. */
export function dictToStr(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${pythonStr(v)}`)
    .join(', ');
}

/** `Stat.bare_str()`. */
export function bareStr(stat: Stat): string {
  if (stat.count === 0) return '(0)';
  const n = (x: Stat['mean']) => (x === undefined ? 'None' : bigIntegral(toNumber(x)));
  return `min=${n(stat.min)}, mean=${n(stat.mean)}, max=${n(stat.max)}, sum=${n(stat.sum)} (${stat.count})`;
}

function bigIntegral(x: number): string {
  // str(int(x)) prints every digit of a large integral float.
  if (Number.isInteger(x) && Math.abs(x) >= 1e21) return BigInt(x).toString();
  return bareNumber(x);
}

/** Runs grouped by adapter spec (full-spec equality), in first-seen order. */
export interface AdapterRuns {
  adapterSpec: AdapterSpec;
  runs: Run[];
}
export type AdapterToRuns = Map<string, AdapterRuns>;

export interface ScenarioRuns {
  scenarioSpec: ObjectSpec;
  adapters: AdapterToRuns;
}

/** `group_runs`: group → adapter → runs and group → scenario → adapter → runs. */
export class GroupedRuns {
  readonly byAdapter = new Map<string, AdapterToRuns>();
  readonly byScenario = new Map<string, Map<string, ScenarioRuns>>();

  constructor(runs: Run[]) {
    for (const run of runs) {
      const { scenario_spec: scenarioSpec, adapter_spec: adapterSpec } = run.runSpec;
      const adapterKey = specKey(adapterSpec);
      const scenarioKey = specKey(scenarioSpec);
      for (const group of run.runSpec.groups) {
        addRun(this.adapters(group), adapterKey, adapterSpec, run);
        const scenarios = this.scenarios(group);
        let entry = scenarios.get(scenarioKey);
        if (!entry) scenarios.set(scenarioKey, (entry = { scenarioSpec, adapters: new Map() }));
        addRun(entry.adapters, adapterKey, adapterSpec, run);
      }
    }
  }

  adapters(group: string): AdapterToRuns {
    let map = this.byAdapter.get(group);
    if (!map) this.byAdapter.set(group, (map = new Map()));
    return map;
  }

  scenarios(group: string): Map<string, ScenarioRuns> {
    let map = this.byScenario.get(group);
    if (!map) this.byScenario.set(group, (map = new Map()));
    return map;
  }
}

function addRun(map: AdapterToRuns, key: string, adapterSpec: AdapterSpec, ...runs: Run[]): void {
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { adapterSpec, runs: [] }));
  entry.runs.push(...runs);
}

/**
 * `get_coarse_adapter_spec`: an AdapterSpec holding only the group's shown keys (others at their
 * defaults); the MMLU subject in the instructions becomes `___`, RAFT's become `<scenario specific>`.
 */
export function coarseAdapterSpec(adapterSpec: AdapterSpec, keysShown: string[], scenarioSpec?: ObjectSpec): AdapterSpec {
  let instructions = adapterSpec.instructions;
  if (scenarioSpec?.class_name.endsWith('.MMLUScenario')) {
    const subject = String(scenarioSpec.args.subject).replace(/_/g, ' ');
    instructions = instructions.split(subject).join('___');
  } else if (scenarioSpec?.class_name.endsWith('.RAFTScenario')) {
    instructions = '<scenario specific>';
  }
  const source: Record<string, unknown> = { ...adapterSpec, instructions };
  const overrides: Record<string, unknown> = {};
  for (const key of keysShown) overrides[key] = source[key];
  return defaultAdapterSpec(overrides as Partial<AdapterSpec>);
}

/** `without_common_entries` + `unique_simplification` over the rows' adapter dicts. */
export function uniqueSimplification(items: Array<Record<string, unknown>>, priorityKeys: string[]): Array<Record<string, unknown>> {
  if (items.length === 0) return [];
  const eq = (a: unknown, b: unknown) => specKey(a) === specKey(b);
  const common = Object.keys(items[0]).filter((k) => items.every((item) => k in item && eq(item[k], items[0][k])));
  const reduced = items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !common.includes(k))));
  const sub = (item: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, item[k] ?? null]));
  return reduced.map((item) => {
    const keys = [...priorityKeys.filter((k) => k in item), ...Object.keys(item).filter((k) => !priorityKeys.includes(k))];
    for (let i = 0; i < keys.length; i++) {
      const subkeys = keys.slice(0, i + 1);
      const candidate = sub(item, subkeys);
      if (reduced.filter((other) => eq(sub(other, subkeys), candidate)).length === 1) return candidate;
    }
    return item;
  });
}

/** `asdict_without_nones(adapter_spec)`. */
function adapterDict(spec: AdapterSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined && v !== null));
}

export interface SummarizeContext {
  index: SchemaIndex;
  registry: ModelRegistry;
  grouped: GroupedRuns;
  /** `--debug`: contributing run names appended to cell descriptions. */
  verbose: boolean;
  /** `<output>/runs/<suite>` as given (used in link hrefs). */
  releasePath: string;
  warn: (message: string) => void;
  /** `warn` for messages HELM repeats per cell: each text logged once. */
  warnOnce: (message: string) => void;
  /** Matcher text → runs without a matching stat (reported once each). */
  missingStats: Map<string, { runs: Set<string>; nearMisses: number }>;
}

/** `get_model_metadata_for_adapter_spec`. */
export function modelMetadataFor(registry: ModelRegistry, adapterSpec: AdapterSpec): ModelMetadata {
  const direct = registry.findModelMetadata(adapterSpec.model);
  if (direct) return direct;
  for (const name of [adapterSpec.model_deployment, adapterSpec.model]) {
    const deployment = registry.findModelDeployment(name);
    if (deployment?.model_name) {
      const metadata = registry.findModelMetadata(deployment.model_name);
      if (metadata) return metadata;
    }
  }
  return unknownModelMetadata(adapterSpec.model);
}

/** `filter_runs_by_visibility`. */
export function filterRunsByVisibility(ctx: SummarizeContext, runs: Run[], group: RunGroup): Run[] {
  return runs.filter((run) => {
    let included = group.visibility !== THIS_GROUP_ONLY;
    for (const name of run.runSpec.groups) {
      const runGroup = ctx.index.runGroup.get(name);
      if (!runGroup) continue;
      if (runGroup.visibility === NO_GROUPS) return false;
      if (runGroup.visibility === THIS_GROUP_ONLY) {
        if (runGroup.name === group.name) return true;
        included = false;
      }
    }
    return included;
  });
}

/** `get_unique_stat_by_matcher`: stats differing only by sub_split are merged first. */
export function uniqueStatByMatcher(statsByName: Map<string, Stat[]>, matcher: MetricNameMatcher, warn: (m: string) => void): Stat | undefined {
  let effective = matcher;
  let matching = (statsByName.get(matcher.name) ?? []).filter((s) => matcherMatches(effective, s.name));
  if (matching.length === 0) {
    if (matcher.name !== 'quasi_exact_match') return undefined;
    warn('No quasi_exact_match metric found, looking for exact_match instead');
    effective = { ...matcher, name: 'exact_match' };
    matching = (statsByName.get('exact_match') ?? []).filter((s) => matcherMatches(effective, s.name));
    if (matching.length === 0) return undefined;
  }
  if (effective.sub_split === undefined) {
    const merged = new Map<string, Stat>();
    for (const stat of matching) {
      const name = { ...stat.name, sub_split: undefined };
      const fresh = new Stat(name).merge(stat);
      const key = specKey(name);
      const existing = merged.get(key);
      if (existing) existing.merge(fresh);
      else merged.set(key, fresh.copy());
    }
    matching = [...merged.values()];
  }
  if (matching.length > 1) {
    throw new Error(`Expected one stat matching ${JSON.stringify(matcher)}, got ${matching.length}`);
  }
  return matching[0];
}

/** `create_cell`: the macro average over runs of the matched run-level stat. */
export function createCell(ctx: SummarizeContext, runs: Run[], matcher: MetricNameMatcher, hideValue: boolean, isScenarioTable: boolean): Cell {
  if (runs.length === 0) return cell(null, { description: 'No matching runs' });
  let aggregate: Stat | undefined;
  const contributing: string[] = [];
  for (const run of runs) {
    const stat = uniqueStatByMatcher(run.statsByName, matcher, ctx.warnOnce);
    if (!stat) {
      const nearMisses = run.statsByName.get(matcher.name)?.length ?? 0;
      noteMissingStat(ctx, describeMatcher(matcher), run.runSpec.name, nearMisses);
      continue;
    }
    if (aggregate === undefined) aggregate = stat.copy();
    else aggregate.merge(stat);
    contributing.push(run.runSpec.name);
  }
  if (aggregate === undefined) return cell(null, { description: `${runs.length} matching runs, but no matching metrics` });
  let description = bareStr(aggregate);
  if (ctx.verbose) description += ['\nRun specs:', ...contributing].join('\n-- ');
  const value = hideValue || aggregate.mean === undefined ? null : aggregate.mean;
  return cell(value, {
    description,
    style: {},
    run_spec_names: isScenarioTable ? undefined : [...new Set(contributing)],
  });
}

/**
 * HELM logs one warning per run and cell without a matching stat; on large suites that is millions
 * of lines, so they are counted here and reported once per matcher (`reportMissingStats`).
 */
function noteMissingStat(ctx: SummarizeContext, matcher: string, runName: string, nearMisses: number): void {
  const entry = ctx.missingStats.get(matcher);
  if (entry) {
    entry.runs.add(runName);
    entry.nearMisses = Math.max(entry.nearMisses, nearMisses);
  } else ctx.missingStats.set(matcher, { runs: new Set([runName]), nearMisses });
}

export function reportMissingStats(ctx: SummarizeContext): void {
  for (const [matcher, { runs, nearMisses }] of ctx.missingStats) {
    const example = runs.values().next().value as string;
    ctx.warn(`${runs.size} run spec(s) (e.g. ${example}) do not have any stat matched by ${matcher}, up to ${nearMisses} near misses matching just the name`);
  }
  ctx.missingStats.clear();
}

function describeMatcher(m: MetricNameMatcher): string {
  const q = (v: string | undefined) => (v === undefined ? 'None' : `'${v}'`);
  return `MetricNameMatcher(name=${q(m.name)}, split=${q(m.split)}, sub_split=${q(m.sub_split)}, perturbation_name=${q(m.perturbation_name)})`;
}

export interface GroupTableSpec {
  name: string;
  title: string;
  adapterToRuns: AdapterToRuns;
  isScenarioTable: boolean;
  columns: Array<[RunGroup, string]>;
  subSplit?: string;
  aggregationStrategies?: string[];
}

/** `create_group_table`: rows = (coarse) adapter specs, columns = run group × metric of a metric group. */
export function createGroupTable(ctx: SummarizeContext, spec: GroupTableSpec): Table {
  const { name, title, adapterToRuns, isScenarioTable, columns } = spec;
  if (columns.length === 0 || adapterToRuns.size === 0) {
    ctx.warn(`table ${title}, has no rows or columns, leaving empty`);
    return { title: 'empty', header: [], rows: [], links: [] };
  }
  const header: HeaderCell[] = [headerCell('Model')];
  const matchers: MetricNameMatcher[] = [];
  const groupNames: string[] = [];
  const numGroups = new Set(columns.map(([g]) => g.name)).size;
  for (const [runGroup, metricGroupName] of columns) {
    if (!runGroup.metric_groups.includes(metricGroupName.replace('_detailed', ''))) continue;
    const metricGroup = ctx.index.metricGroup.get(metricGroupName);
    if (!metricGroup) {
      ctx.warnOnce(`metric group ${metricGroupName} undefined in the schema, skipping`);
      continue;
    }
    for (const metric of metricGroup.metrics) {
      let matcher = substituteMatcher(metric, runGroup.environment);
      if (spec.subSplit !== undefined) matcher = { ...matcher, sub_split: spec.subSplit };
      const field = ctx.index.metric.get(matcher.name);
      if (!field) {
        ctx.warnOnce(`metric name ${matcher.name} undefined in the schema, skipping`);
        continue;
      }
      const metadata: Record<string, string> = { metric: shortDisplayName(field), run_group: shortDisplayName(runGroup) };
      let headerName = shortDisplayName(field);
      const groupDescription = runGroup.short_description || runGroup.description || '';
      let description =
        (groupDescription ? groupDescription + '\n\n' : '') + (field.display_name || field.name) + ': ' + (field.description ?? '');
      if (matcher.perturbation_name !== undefined) {
        const perturbation = ctx.index.perturbation.get(matcher.perturbation_name) ?? { name: matcher.perturbation_name };
        headerName += ' (' + shortDisplayName(perturbation) + ')';
        description += '\n- Perturbation ' + (perturbation.display_name || perturbation.name) + ': ' + (perturbation.description || '???');
        metadata.perturbation = shortDisplayName(perturbation);
      }
      if (numGroups > 1) headerName = `${shortDisplayName(runGroup)} - ${headerName}`;
      header.push(headerCell(headerName, { description, lower_is_better: field.lower_is_better, metadata }));
      matchers.push(matcher);
      groupNames.push(runGroup.name);
    }
  }

  const urlGroup = columns[0][0];
  const runsUrl = (names: string[]) =>
    benchmarkingUrl([
      ['group', urlGroup.name],
      ['subgroup', title],
      ['runSpecs', pythonJsonDumps(names)],
    ]);

  // Registered models in registry order; unregistered deployments first, alphabetically.
  const order = new Map(ctx.registry.allModelNames().map((n, i) => [n, i]));
  const entries = [...adapterToRuns.values()].sort((a, b) => {
    const ia = order.get(a.adapterSpec.model_deployment) ?? -1;
    const ib = order.get(b.adapterSpec.model_deployment) ?? -1;
    if (ia !== ib) return ia - ib;
    const da = a.adapterSpec.model_deployment;
    const db = b.adapterSpec.model_deployment;
    return da < db ? -1 : da > db ? 1 : 0;
  });
  const infos = uniqueSimplification(entries.map((e) => adapterDict(e.adapterSpec)), ['model_deployment', 'model']);

  const rows: Cell[][] = entries.map((entry, i) => {
    const metadata = modelMetadataFor(ctx.registry, entry.adapterSpec);
    const info = { ...infos[i] };
    delete info.model;
    delete info.model_deployment;
    const label = (metadata.display_name || '???') + (Object.keys(info).length > 0 ? ` [${dictToStr(info)}]` : '');
    const runNames = entry.runs.map((r) => r.runSpec.name);
    const row: Cell[] = [
      cell(label, {
        description: '',
        href: isScenarioTable ? runsUrl(runNames) : undefined,
        run_spec_names: isScenarioTable ? runNames : undefined,
      }),
    ];
    matchers.forEach((matcher, j) => {
      const groupName = groupNames[j];
      let groupRuns = entry.runs.filter((r) => r.runSpec.groups.includes(groupName));
      // bAbI aggregates show the task=all runs only.
      if (groupName.includes('babi') && !name.includes('task:')) groupRuns = groupRuns.filter((r) => r.runSpec.name.includes('task=all'));
      const hide = LOGPROBS_ISSUE_MODELS.has(metadata.name) && LOGPROBS_ISSUE_METRICS.has(matcher.name);
      row.push(createCell(ctx, groupRuns, matcher, hide, isScenarioTable));
    });
    return row;
  });

  const links: Hyperlink[] = [];
  if (isScenarioTable) {
    const all: string[] = [];
    for (const entry of adapterToRuns.values()) {
      if (entry.runs.length > 1) {
        ctx.warn(`table row corresponding to adapter spec ${entry.adapterSpec.model_deployment} has ${entry.runs.length} > 1 runs: ${entry.runs.map((r) => r.runSpec.name).join(', ')}`);
      }
      all.push(...entry.runs.map((r) => r.runSpec.name));
    }
    if (all.length >= 2 && all.length <= 5) links.push({ text: 'compare all', href: runsUrl(all) });
  }
  const table: Table = { title, header, rows, links, name };

  const aggregateHeaders: HeaderCell[] = [];
  const aggregateValues: Array<Array<number | null>> = [];
  for (const strategy of spec.aggregationStrategies ?? []) {
    if (strategy === 'win_rate') {
      aggregateValues.push(aggregateRowWinRates(table));
      aggregateHeaders.push(headerCell('Mean win rate', { description: 'How many models this model outperforms on average (over columns).', lower_is_better: false }));
    } else if (strategy === 'mean') {
      aggregateValues.push(aggregateRowMeans(table));
      aggregateHeaders.push(headerCell('Mean score', { description: 'The mean of the scores from all columns.', lower_is_better: table.header[0].lower_is_better }));
    } else {
      throw new Error(`Unknown aggregation strategy found: ${strategy}. Please use one of: win_rate, mean`);
    }
  }
  aggregateHeaders.forEach((h, i) => {
    table.header.splice(i + 1, 0, h);
    table.rows.forEach((row, r) => {
      const v = aggregateValues[i][r];
      row.splice(i + 1, 0, cell(v === null ? null : pyFloat(v)));
    });
  });

  // Bold the best value of every column with a direction (exact equality).
  table.header.forEach((h, i) => {
    if (h.lower_is_better === undefined) return;
    const values = table.rows.map((row) => numericValue(row[i].value)).filter((v): v is number => v !== undefined);
    if (values.length === 0) return;
    const best = h.lower_is_better ? Math.min(...values) : Math.max(...values);
    for (const row of table.rows) {
      if (numericValue(row[i].value) === best) row[i] = { ...row[i], style: { ...(row[i].style ?? {}), 'font-weight': 'bold' } };
    }
  });
  return table;
}

/** `expand_subgroups`: the group, then its subgroups depth-first, each once. */
export function expandSubgroups(ctx: SummarizeContext, group: RunGroup): RunGroup[] {
  const visited = new Set<string>();
  const walk = (g: RunGroup): RunGroup[] => {
    if (visited.has(g.name)) return [];
    visited.add(g.name);
    const out = [g];
    for (const name of g.subgroups) {
      const sub = ctx.index.runGroup.get(name);
      if (sub) out.push(...walk(sub));
    }
    return out;
  };
  return walk(group);
}

/** `create_group_tables_by_metric_group`: one table per metric group, one column per subgroup. */
export function tablesByMetricGroup(ctx: SummarizeContext, group: RunGroup): Table[] {
  const adapterToRuns: AdapterToRuns = new Map();
  const subgroups = expandSubgroups(ctx, group);
  for (const subgroup of subgroups) {
    for (const { adapterSpec, runs } of ctx.grouped.adapters(subgroup.name).values()) {
      const coarse = coarseAdapterSpec(adapterSpec, group.adapter_keys_shown);
      const filtered = filterRunsByVisibility(ctx, runs, group);
      if (filtered.length > 0) addRun(adapterToRuns, specKey(coarse), coarse, ...filtered);
    }
  }
  let metricGroups: string[];
  if (group.metric_groups.length > 0) metricGroups = group.metric_groups;
  else {
    const all = subgroups.flatMap((s) => s.metric_groups);
    metricGroups = [...new Set(all)].filter((mg) => !all.includes(`${mg}_detailed`) && !group.subgroup_metric_groups_hidden.includes(mg));
  }
  const tables: Table[] = [];
  if (adapterToRuns.size === 0) return tables;
  for (const metricGroupName of metricGroups) {
    const metricGroup = ctx.index.metricGroup.get(metricGroupName);
    if (!metricGroup) continue;
    const strategies = metricGroup.aggregation_strategies ?? (metricGroup.hide_win_rates ? [] : ['win_rate']);
    const table = createGroupTable(ctx, {
      name: metricGroupName,
      title: shortDisplayName(metricGroup),
      adapterToRuns,
      columns: subgroups.map((s) => [s, metricGroupName] as [RunGroup, string]),
      isScenarioTable: false,
      aggregationStrategies: strategies,
    });
    if (table.header.length > 1) tables.push(table);
  }
  return tables;
}

/** `get_scenario_name`. */
function scenarioName(group: RunGroup, scenarioSpec: ObjectSpec): string {
  return group.name + '_' + dictToStr(scenarioSpec.args).replace(/ /g, '').replace(/\//g, '_');
}

/** `create_group_tables_by_subgroup`: a table per scenario (and sub-split), plus an aggregate one. */
export function tablesBySubgroup(ctx: SummarizeContext, group: RunGroup): Table[] {
  const all: Table[] = [];
  for (const subgroup of expandSubgroups(ctx, group)) {
    let tables: Table[] = [];
    let scenariosShown = 0;
    const columns = subgroup.metric_groups.map((mg) => [subgroup, mg] as [RunGroup, string]);
    for (const [scenarioKey, { scenarioSpec }] of ctx.grouped.scenarios(subgroup.name)) {
      const name = scenarioName(subgroup, scenarioSpec);
      let title = dictToStr(scenarioSpec.args);
      if (!name.includes(group.name)) title = `${subgroup.display_name ?? 'None'} ${title}`;
      const adapterToRuns: AdapterToRuns = new Map();
      const own = ctx.grouped.scenarios(group.name).get(scenarioKey);
      for (const { adapterSpec, runs } of own?.adapters.values() ?? []) {
        const filtered = filterRunsByVisibility(ctx, runs, group);
        const coarse = coarseAdapterSpec(adapterSpec, group.adapter_keys_shown, scenarioSpec);
        addRun(adapterToRuns, specKey(coarse), coarse, ...filtered);
      }
      if (adapterToRuns.size > 0 && subgroup.metric_groups.length > 0) {
        tables.push(createGroupTable(ctx, { title, name, adapterToRuns, columns, isScenarioTable: true }));
        scenariosShown += 1;
        for (const subSplit of subgroup.sub_splits ?? []) {
          tables.push(
            createGroupTable(ctx, {
              title: `${subgroup.display_name ?? 'None'} (sub-split: ${subSplit})`,
              name: `${subgroup.name}:sub_split=${subSplit}`,
              adapterToRuns,
              columns,
              isScenarioTable: false,
              subSplit,
            }),
          );
        }
      }
    }
    if (scenariosShown > 1) {
      const adapterToRuns: AdapterToRuns = new Map();
      for (const { adapterSpec, runs } of ctx.grouped.adapters(subgroup.name).values()) {
        const filtered = filterRunsByVisibility(ctx, runs, group);
        const coarse = coarseAdapterSpec(adapterSpec, group.adapter_keys_shown);
        addRun(adapterToRuns, specKey(coarse), coarse, ...filtered);
      }
      if (adapterToRuns.size > 0 && subgroup.metric_groups.length > 0) {
        const table = createGroupTable(ctx, { title: String(subgroup.display_name ?? 'None'), name: subgroup.name, adapterToRuns, columns, isScenarioTable: false });
        tables = [table, ...tables];
      }
    }
    all.push(...tables);
  }
  return all;
}

/** The tables of `groups/<group>.json` (by subgroup for leaves and by_group parents). */
export function groupTables(ctx: SummarizeContext, group: RunGroup): Table[] {
  if (group.subgroup_display_mode === BY_GROUP || expandSubgroups(ctx, group).length === 1) return tablesBySubgroup(ctx, group);
  return tablesByMetricGroup(ctx, group);
}

/** `create_index_tables` (groups.json): one table per run-group category. */
export function indexTables(ctx: SummarizeContext): Table[] {
  const byCategory = new Map<string, RunGroup[]>();
  for (const group of ctx.index.schema.run_groups) {
    const list = byCategory.get(group.category) ?? [];
    list.push(group);
    byCategory.set(group.category, list);
  }
  const aggregateCell = (stats: Stat[], use: 'mean' | 'sum'): Cell => {
    if (stats.length === 0) return cell(null);
    const total = stats[0].copy();
    for (const s of stats.slice(1)) total.merge(s);
    const value = use === 'mean' ? (total.mean ?? null) : total.sum;
    return cell(value, { description: bareStr(total) });
  };
  const tables: Table[] = [];
  for (const [category, groups] of byCategory) {
    const header = [
      headerCell('Group'),
      headerCell('Description'),
      headerCell('Adaptation method', { description: 'Adaptation strategy (e.g., generation)' }),
      headerCell('# instances', { description: 'Number of instances evaluated on' }),
      headerCell('# references', { description: 'Number of references provided per instance' }),
      headerCell('# prompt tokens', { description: 'Total number of prompt tokens' }),
      headerCell('# completion tokens', { description: 'Total number of completion tokens' }),
      headerCell('# models', { description: "Number of models we're evaluating" }),
    ];
    const rows = groups.map((group) => {
      const models = new Set<string>();
      const methods = new Set<string>();
      const stats: Record<string, Stat[]> = { num_instances: [], num_references: [], num_prompt_tokens: [], num_completion_tokens: [] };
      for (const subgroup of expandSubgroups(ctx, group)) {
        for (const { adapterSpec, runs } of ctx.grouped.adapters(subgroup.name).values()) {
          models.add(adapterSpec.model_deployment);
          methods.add(adapterSpec.method);
          for (const run of filterRunsByVisibility(ctx, runs, subgroup)) {
            for (const stat of run.stats) if (Object.hasOwn(stats, stat.name.name)) stats[stat.name.name].push(stat);
          }
        }
      }
      return [
        cell(group.display_name ?? null, { href: benchmarkingUrl([['group', group.name]]) }),
        cell(group.description ?? null, { markdown: true }),
        cell([...methods].join(', ')),
        aggregateCell(stats.num_instances, 'mean'),
        aggregateCell(stats.num_references, 'mean'),
        aggregateCell(stats.num_prompt_tokens, 'sum'),
        aggregateCell(stats.num_completion_tokens, 'sum'),
        cell(models.size),
      ];
    });
    tables.push({ title: category, header, rows, links: [] });
  }
  return tables;
}

/** groups_metadata.json (None written as null here, since it is a plain dict). */
export function groupsMetadata(ctx: SummarizeContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const group of ctx.index.schema.run_groups) {
    out[group.name] = {
      display_name: group.display_name ?? null,
      description: group.description ?? null,
      taxonomy: group.taxonomy ? Object.fromEntries(Object.entries(group.taxonomy).filter(([, v]) => v !== undefined)) : null,
    };
  }
  return out;
}
