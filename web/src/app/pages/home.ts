import type { Route } from '../../lib/route.js';
import type { RunSpec, Table } from '../../lib/types.js';
import { getSchema, getSummary, getVersionJson, NotFoundError } from '../data.js';
import { h, replace } from '../dom.js';
import { renderTable } from '../table.js';

/** Landing page: what this is, counts, and a mini leaderboard (Model + the first metric column). */
export async function renderHome(root: HTMLElement, route: Route): Promise<void> {
  const [schema, summary, runSpecs] = await Promise.all([getSchema(), getSummary(), getVersionJson<RunSpec[]>('run_specs.json')]);
  const groups = route.query.group ? [route.query.group] : schema.run_groups.map((g) => g.name);
  let mini: { group: string; table: Table } | null = null;
  for (const group of groups) {
    try {
      const tables = await getVersionJson<Table[]>('groups', `${group}.json`);
      if (tables.length > 0) {
        mini = { group, table: tables[0] };
        break;
      }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const groupName = mini ? schema.run_groups.find((g) => g.name === mini.group)?.display_name ?? mini.group : '';
  const scenarioCount = new Set(runSpecs.flatMap((r) => r.groups)).size;
  replace(
    root,
    h(
      'section',
      { class: 'hero' },
      h('h1', {}, 'Holistic Evaluation of Language Models'),
      h('p', {}, `${summary.release !== undefined ? `Release ${summary.release}` : `Suite ${summary.suite ?? summary.suites.join(', ')}`}, summarized ${summary.date}.`),
      h(
        'ul',
        { class: 'counts' },
        h('li', {}, h('a', { href: '#/models' }, h('strong', {}, String(schema.models?.length ?? 0)), ' models')),
        h('li', {}, h('a', { href: '#/scenarios' }, h('strong', {}, String(scenarioCount)), ' scenario groups')),
        h('li', {}, h('a', { href: '#/runs' }, h('strong', {}, String(runSpecs.length)), ' runs')),
      ),
    ),
    mini
      ? h(
          'section',
          { class: 'mini-leaderboard' },
          h('h2', {}, `${groupName}: ${mini.table.title}`),
          renderTable(mini.table, { columns: 2, initialSort: 1 }),
          h('p', {}, h('a', { href: `#/leaderboard/${encodeURIComponent(mini.group)}`, class: 'button' }, 'Full leaderboard →')),
        )
      : h('p', {}, 'No leaderboard tables in this suite.'),
  );
}
