import type { Table } from '../../lib/types.js';
import { getVersionJson } from '../data.js';
import { h, replace } from '../dom.js';
import { renderTable } from '../table.js';

/** `#/groups`: every index table of groups.json (one per category). */
export async function renderGroups(root: HTMLElement): Promise<void> {
  const index = await getVersionJson<Table[]>('groups.json');
  replace(root, h('h1', {}, 'Groups'), index.map((table) => h('section', {}, h('h2', {}, table.title), renderTable(table))));
}
