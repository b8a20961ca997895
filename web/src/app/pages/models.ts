import { getSchema } from '../data.js';
import { h, replace } from '../dom.js';

/** `#/models`: the models of the suite's runs (schema.json `models`), with creator and access counts. */
export async function renderModels(root: HTMLElement): Promise<void> {
  const schema = await getSchema();
  const models = schema.models ?? [];
  const count = (key: 'access' | 'creator_organization'): [string, number][] => {
    const counts = new Map<string, number>();
    for (const m of models) counts.set(m[key] ?? 'unknown', (counts.get(m[key] ?? 'unknown') ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  const bars = (title: string, entries: [string, number][]): HTMLElement =>
    h(
      'figure',
      { class: 'bars' },
      h('figcaption', {}, title),
      entries.map(([label, n]) => h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, label), h('span', { class: 'bar', style: `width:${(100 * n) / Math.max(1, models.length)}%` }), h('span', {}, String(n)))),
    );
  replace(
    root,
    h('h1', {}, `Models (${models.length})`),
    h('div', { class: 'charts' }, bars('Access', count('access')), bars('Creator', count('creator_organization'))),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'models' },
        h('thead', {}, h('tr', {}, ['Model', 'Name', 'Creator', 'Access', 'Release date', '# parameters', 'Description'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          models.map((m) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, m.display_name ?? m.name),
              h('td', {}, h('code', {}, m.name)),
              h('td', {}, m.creator_organization ?? ''),
              h('td', {}, h('span', { class: `access access-${m.access ?? 'unknown'}` }, m.access ?? '')),
              h('td', {}, m.release_date ?? ''),
              h('td', { class: 'num' }, m.num_parameters !== undefined ? m.num_parameters.toLocaleString('en-US') : ''),
              h('td', {}, m.description ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}
