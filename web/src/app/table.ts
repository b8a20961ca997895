import { cellText } from '../lib/format.js';
import { markdownToHtml } from '../lib/markdown.js';
import { defaultDirection, sortRows, type SortDirection } from '../lib/sort.js';
import type { Cell, Table } from '../lib/types.js';
import { runsLink } from '../lib/urls.js';
import { h, replace } from './dom.js';

function cellLink(cell: Cell): string | null {
  if (cell.run_spec_names && cell.run_spec_names.length > 0) return runsLink(cell.run_spec_names);
  if (cell.href && cell.href.startsWith('?group=')) return `#/leaderboard/${encodeURIComponent(cell.href.slice('?group='.length).split('&')[0])}`;
  return null;
}

function renderCell(cell: Cell, isHeaderColumn: boolean): HTMLElement {
  const td = h(isHeaderColumn ? 'th' : 'td', { scope: isHeaderColumn ? 'row' : undefined, title: cell.description || undefined });
  if (typeof cell.value === 'number') td.classList.add('num');
  if (cell.style?.['font-weight'] === 'bold') td.classList.add('best');
  if (cell.markdown && typeof cell.value === 'string') {
    td.innerHTML = markdownToHtml(cell.value);
    return td;
  }
  const text = cellText(cell);
  const link = cellLink(cell);
  td.append(link ? h('a', { href: link }, text) : text);
  return td;
}

/**
 * A HELM table (groups/*.json, groups.json) with sortable columns: click a header to sort by it,
 * again to reverse. `initialSort` = column sorted at first (HELM: column 1, best first).
 */
export function renderTable(table: Table, options: { initialSort?: number; columns?: number } = {}): HTMLElement {
  const header = options.columns ? table.header.slice(0, options.columns) : table.header;
  const rows = options.columns ? table.rows.map((r) => r.slice(0, options.columns)) : table.rows;
  let sortColumn = options.initialSort !== undefined && options.initialSort < header.length ? options.initialSort : -1;
  let direction: SortDirection = defaultDirection(header[sortColumn]);
  const thead = h('thead');
  const tbody = h('tbody');
  const draw = (): void => {
    const headRow = h('tr');
    header.forEach((cell, index) => {
      const sorted = index === sortColumn;
      const arrow = cell.lower_is_better === undefined ? '' : cell.lower_is_better ? ' ↓' : ' ↑';
      const th = h(
        'th',
        {
          scope: 'col',
          title: cell.description || undefined,
          'aria-sort': sorted ? (direction === 'asc' ? 'ascending' : 'descending') : 'none',
          class: sorted ? `sortable sorted-${direction}` : 'sortable',
        },
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              if (sortColumn === index) direction = direction === 'asc' ? 'desc' : 'asc';
              else {
                sortColumn = index;
                direction = index === 0 ? 'asc' : defaultDirection(cell);
              }
              draw();
            },
          },
          cellText(cell),
          h('span', { class: 'better', title: cell.lower_is_better === undefined ? undefined : cell.lower_is_better ? 'lower is better' : 'higher is better' }, arrow),
        ),
      );
      headRow.append(th);
    });
    replace(thead, headRow);
    const ordered = sortColumn >= 0 ? sortRows(rows, sortColumn, direction) : rows;
    replace(tbody, ordered.map((row) => h('tr', {}, row.map((cell, index) => renderCell(cell, index === 0)))));
  };
  draw();
  return h('div', { class: 'table-wrap' }, h('table', { class: 'leaderboard', 'data-table-name': table.name ?? table.title }, thead, tbody));
}
