import { correctIndices, groupPredictions, instanceKey, metricLabel, statRowsFor } from '../../lib/run-view.js';
import { predictionCorrectness } from '../../lib/correctness.js';
import { statText } from '../../lib/format.js';
import type { Route } from '../../lib/route.js';
import { buildHash } from '../../lib/route.js';
import { paginate } from '../../lib/runs-filter.js';
import type { DisplayPrediction, DisplayRequest, Instance, RunSpec, Schema, Stat } from '../../lib/types.js';
import { getRunJson, getSchema, runFileUrl, suiteOfRun } from '../data.js';
import { h, loading, pager, replace } from '../dom.js';

const INSTANCES_PER_PAGE = 10;
const STATS_PER_PAGE = 50;

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function adapterTable(spec: RunSpec): HTMLElement {
  return h(
    'details',
    { class: 'adapter-spec' },
    h('summary', {}, 'Adapter specification'),
    h(
      'table',
      { class: 'kv' },
      h(
        'tbody',
        {},
        Object.entries(spec.adapter_spec).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, h('pre', {}, valueText(v))))),
      ),
    ),
  );
}

function predictionView(prediction: DisplayPrediction, request: DisplayRequest | undefined, schema: Schema): HTMLElement {
  const badge = predictionCorrectness(prediction.stats);
  return h(
    'div',
    { class: 'prediction', 'data-trial': prediction.train_trial_index },
    h(
      'div',
      { class: 'prediction-head' },
      h('span', { class: 'label' }, `Prediction (trial ${prediction.train_trial_index})`),
      badge ? h('span', { class: `badge ${badge.correct ? 'correct' : 'wrong'}`, title: badge.stat }, badge.correct ? '✓ correct' : '✗ incorrect') : null,
    ),
    h('pre', { class: 'predicted-text' }, prediction.predicted_text),
    prediction.mapped_output !== undefined ? h('p', { class: 'mapped' }, 'Mapped output: ', h('strong', {}, prediction.mapped_output)) : null,
    prediction.thinking_text ? h('details', {}, h('summary', {}, 'Thinking'), h('pre', {}, prediction.thinking_text)) : null,
    h(
      'table',
      { class: 'instance-stats' },
      h(
        'tbody',
        {},
        Object.entries(prediction.stats).map(([name, value]) =>
          h('tr', { 'data-stat': name }, h('th', { scope: 'row', title: name }, metricLabel(schema, name)), h('td', { class: 'num' }, statText(value))),
        ),
      ),
    ),
    request ? h('details', { class: 'prompt' }, h('summary', {}, 'Prompt'), h('pre', {}, request.request.prompt)) : null,
  );
}

function instanceView(instance: Instance, predictions: DisplayPrediction[], requests: Map<string, DisplayRequest>, schema: Schema): HTMLElement {
  const correct = correctIndices(instance);
  return h(
    'article',
    { class: 'instance', id: `instance-${instance.id}`, 'data-instance-id': instance.id },
    h(
      'header',
      {},
      h('h3', {}, h('a', { href: buildHash(['runs', currentRun], { instance: instance.id }) }, `Instance ${instance.id}`)),
      h('span', { class: 'split' }, [instance.split, instance.sub_split].filter(Boolean).join(' / ')),
      instance.perturbation ? h('span', { class: 'perturbation' }, `Perturbation: ${instance.perturbation.name}`) : null,
    ),
    h('h4', {}, 'Input'),
    h('pre', { class: 'input' }, instance.input.text),
    instance.references.length > 0 ? h('h4', {}, 'References') : null,
    h(
      'ul',
      { class: 'references' },
      instance.references.map((ref, i) =>
        h(
          'li',
          { class: correct.has(i) ? 'correct' : undefined },
          h('span', { class: 'ref-text' }, ref.output.text),
          ref.tags.length > 0 ? h('span', { class: 'tags' }, ref.tags.join(', ')) : null,
        ),
      ),
    ),
    predictions.map((p) => predictionView(p, requests.get(instanceKey(p.instance_id, p.perturbation, p.train_trial_index)), schema)),
  );
}

let currentRun = '';

async function renderInstances(panel: HTMLElement, suite: string, runName: string, route: Route, schema: Schema): Promise<void> {
  replace(panel, loading('Loading instances…'));
  const [instances, predictions, requests] = await Promise.all([
    getRunJson<Instance[]>(suite, runName, 'instances.json'),
    getRunJson<DisplayPrediction[]>(suite, runName, 'display_predictions.json'),
    getRunJson<DisplayRequest[]>(suite, runName, 'display_requests.json'),
  ]);
  const byInstance = groupPredictions(predictions);
  const requestByKey = new Map(requests.map((r) => [instanceKey(r.instance_id, r.perturbation, r.train_trial_index), r]));
  const wanted = route.query.instance;
  const shown = wanted !== undefined ? instances.filter((i) => i.id === wanted) : instances;
  const page = paginate(shown, Number(route.query.page ?? 1), INSTANCES_PER_PAGE);
  replace(
    panel,
    h(
      'p',
      { class: 'count' },
      wanted !== undefined ? ['Showing instance ', h('code', {}, wanted), ' — ', h('a', { href: buildHash(['runs', runName]) }, `all ${instances.length} instances`)] : `${instances.length} instances`,
    ),
    pager(page.page, page.pageCount, (p) => buildHash(['runs', runName], { page: p }), 'Instance pages'),
    page.items.map((instance) => instanceView(instance, byInstance.get(instanceKey(instance.id, instance.perturbation)) ?? [], requestByKey, schema)),
    pager(page.page, page.pageCount, (p) => buildHash(['runs', runName], { page: p }), 'Instance pages'),
  );
}

async function renderMetrics(panel: HTMLElement, suite: string, runName: string, schema: Schema): Promise<void> {
  replace(panel, loading('Loading metrics…'));
  const stats = await getRunJson<Stat[]>(suite, runName, 'stats.json');
  const rows = statRowsFor(stats, schema);
  const filter = h('input', { type: 'search', placeholder: 'Filter metrics', 'aria-label': 'Filter metrics', id: 'metrics-filter' });
  const body = h('div');
  let page = 1;
  const draw = (): void => {
    const needle = filter.value.toLowerCase();
    const current = paginate(rows.filter((r) => r.searchText.includes(needle)), page, STATS_PER_PAGE);
    const nav = (): HTMLElement | null => {
      const el = pager(current.page, current.pageCount, (p) => `#p${p}`, 'Metric pages');
      el?.querySelectorAll('a').forEach((a) =>
        a.addEventListener('click', (event) => {
          event.preventDefault();
          page = Number(a.getAttribute('href')?.slice(2));
          draw();
        }),
      );
      return el;
    };
    replace(
      body,
      h('p', { class: 'count' }, `${current.total} of ${rows.length} stats`),
      nav(),
      h(
        'table',
        { class: 'stats' },
        h('thead', {}, h('tr', {}, ['Metric', 'Split', 'Perturbation', 'Count', 'Mean', 'Min', 'Max', 'Stddev'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          current.items.map((r) =>
            h(
              'tr',
              { 'data-stat-key': r.key },
              h('th', { scope: 'row', title: r.stat.name.name }, r.label),
              h('td', {}, [r.stat.name.split, r.stat.name.sub_split].filter(Boolean).join(' / ')),
              h('td', {}, r.perturbation),
              h('td', { class: 'num' }, String(r.stat.count)),
              h('td', { class: 'num mean' }, statText(r.stat.mean)),
              h('td', { class: 'num' }, statText(r.stat.min)),
              h('td', { class: 'num' }, statText(r.stat.max)),
              h('td', { class: 'num' }, statText(r.stat.stddev)),
            ),
          ),
        ),
      ),
      nav(),
    );
  };
  filter.addEventListener('input', () => {
    page = 1;
    draw();
  });
  replace(panel, filter, body);
  draw();
}

/** `#/runs/:runName?instance=<id>&tab=metrics`: a run's adapter spec, instances with predictions, and all its stats. */
export async function renderRun(root: HTMLElement, route: Route): Promise<void> {
  const runName = route.segments.slice(1).join('/');
  currentRun = runName;
  const suite = await suiteOfRun(runName);
  const [spec, scenario, schema] = await Promise.all([
    getRunJson<RunSpec>(suite, runName, 'run_spec.json'),
    getRunJson<{ name: string; description: string; tags: string[] }>(suite, runName, 'scenario.json'),
    getSchema(),
  ]);
  const tab = route.query.tab === 'metrics' ? 'metrics' : 'instances';
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel' });
  replace(
    root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Predictions'), ' / ', spec.groups.flatMap((g, i) => [i > 0 ? ', ' : '', h('a', { href: `#/leaderboard/${encodeURIComponent(g)}` }, g)])),
    h('h1', { class: 'run-name' }, runName),
    h('p', { class: 'scenario-description' }, scenario.description),
    h(
      'p',
      { class: 'downloads' },
      'Download: ',
      ['run_spec.json', 'scenario_state.json', 'per_instance_stats.json', 'stats.json'].map((f) => h('a', { href: runFileUrl(suite, runName, f), download: f }, f)),
    ),
    adapterTable(spec),
    h(
      'div',
      { class: 'tabs', role: 'tablist' },
      h('a', { role: 'tab', href: buildHash(['runs', runName]), 'aria-selected': String(tab === 'instances') }, 'Instances + Predictions'),
      h('a', { role: 'tab', href: buildHash(['runs', runName], { tab: 'metrics' }), 'aria-selected': String(tab === 'metrics') }, 'All metrics'),
    ),
    panel,
  );
  if (tab === 'metrics') await renderMetrics(panel, suite, runName, schema);
  else await renderInstances(panel, suite, runName, route, schema);
}
