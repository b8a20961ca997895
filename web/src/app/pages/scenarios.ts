import { markdownToHtml } from '../../lib/markdown.js';
import { getSchema } from '../data.js';
import { h, replace } from '../dom.js';

/** `#/scenarios`: run groups with a taxonomy (not todo, not CLEVA), with their main metric. */
export async function renderScenarios(root: HTMLElement): Promise<void> {
  const schema = await getSchema();
  const metricName = (name: string | undefined): string =>
    name === undefined ? '' : schema.metrics.find((m) => m.name === name)?.display_name ?? name;
  const groups = schema.run_groups.filter((g) => g.taxonomy && !g.todo && !(g.display_name ?? '').includes('CLEVA'));
  replace(
    root,
    h('h1', {}, `Scenarios (${groups.length})`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'scenarios' },
        h('thead', {}, h('tr', {}, ['Scenario', 'Task', 'What', 'Who', 'When', 'Language', 'Main metric', 'Description'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          groups.map((g) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `#/leaderboard/${encodeURIComponent(g.name)}` }, g.display_name ?? g.name)),
              ['task', 'what', 'who', 'when', 'language'].map((k) => h('td', {}, String(g.taxonomy?.[k] ?? ''))),
              h('td', {}, metricName(g.environment?.main_name)),
              h('td', { class: 'description', html: markdownToHtml(g.description ?? '') }),
            ),
          ),
        ),
      ),
    ),
  );
}
