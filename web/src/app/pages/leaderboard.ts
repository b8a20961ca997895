import { markdownToHtml } from '../../lib/markdown.js';
import type { Route } from '../../lib/route.js';
import type { Table } from '../../lib/types.js';
import { groupFromHref, outputUrl } from '../../lib/urls.js';
import { baseUrl, getSchema, getVersionJson, NotFoundError } from '../data.js';
import { h, replace } from '../dom.js';
import { renderTable } from '../table.js';

/** Table links are filesystem paths with the output prefix (…/runs/<suite>/groups/…); serve them from the output base. */
function tableFileUrl(href: string): string {
  const match = /(?:^|\/)((?:runs|releases)\/[^/]+\/groups\/.*)$/.exec(href);
  return match ? outputUrl(baseUrl(), match[1].split('/')) : href;
}

/** `#/leaderboard/:group`: group selector (from groups.json) and one tab per table of groups/<group>.json. */
export async function renderLeaderboard(root: HTMLElement, route: Route): Promise<void> {
  const [schema, index] = await Promise.all([getSchema(), getVersionJson<Table[]>('groups.json')]);
  const firstGroup = index.flatMap((t) => t.rows.map((r) => groupFromHref(r[0]?.href))).find((g) => g !== null) ?? null;
  const group = route.segments[1] ?? firstGroup;
  const select = h('select', {
    id: 'group-select',
    'aria-label': 'Group',
    onchange: (event: Event) => {
      location.hash = `#/leaderboard/${encodeURIComponent((event.target as HTMLSelectElement).value)}`;
    },
  });
  for (const table of index) {
    const optgroup = h('optgroup', { label: table.title });
    for (const row of table.rows) {
      const name = groupFromHref(row[0]?.href);
      if (name) optgroup.append(h('option', { value: name, selected: name === group }, String(row[0].value ?? name)));
    }
    select.append(optgroup);
  }
  const runGroup = schema.run_groups.find((g) => g.name === group);
  const body = h('div', { class: 'leaderboard-body' });
  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, runGroup?.display_name ?? group ?? 'Leaderboard'), h('label', { class: 'group-picker' }, 'Group ', select)),
    runGroup?.description ? h('div', { class: 'group-description', html: markdownToHtml(runGroup.description) }) : null,
    body,
  );
  if (!group) return replace(body, h('p', {}, 'No groups in this suite.'));
  let tables: Table[];
  try {
    tables = await getVersionJson<Table[]>('groups', `${group}.json`);
  } catch (error) {
    if (error instanceof NotFoundError) return replace(body, h('p', { class: 'empty' }, `No results for group ${group} in this suite.`));
    throw error;
  }
  const wanted = Math.min(Math.max(0, Number(route.query.tab ?? 0) || 0), Math.max(0, tables.length - 1));
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel' });
  const show = (i: number): void => {
    tabs.querySelectorAll('button').forEach((b, j) => b.setAttribute('aria-selected', String(i === j)));
    const table = tables[i];
    replace(
      panel,
      h('h2', {}, table.title),
      table.description ? h('p', {}, table.description) : null,
      renderTable(table, { initialSort: table.header.length > 1 ? 1 : undefined }),
      h('p', { class: 'links' }, table.links.map((link) => h('a', { href: tableFileUrl(link.href), target: '_blank' }, link.text))),
    );
  };
  tables.forEach((table, i) => tabs.append(h('button', { type: 'button', role: 'tab', onclick: () => show(i) }, table.title)));
  replace(body, tabs, panel);
  show(wanted);
}
