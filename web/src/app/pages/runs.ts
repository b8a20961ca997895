import type { Route } from '../../lib/route.js';
import { buildHash } from '../../lib/route.js';
import { filterNames, paginate } from '../../lib/runs-filter.js';
import type { RunSpec } from '../../lib/types.js';
import { getVersionJson } from '../data.js';
import { h, pager, replace } from '../dom.js';

const PER_PAGE = 100;

/**
 * `#/runs?q=<regex>&page=<n>` ("Predictions"): every run of the version, searchable (regex by
 * default, or substring), 100 per page so thousands of runs stay fast. Typing updates the list and
 * the URL in place (replaceState: no re-render of the page, the cursor stays in the box).
 */
export async function renderRuns(root: HTMLElement, route: Route): Promise<void> {
  const runSpecs = await getVersionJson<RunSpec[]>('run_specs.json');
  const byName = new Map(runSpecs.map((r) => [r.name, r]));
  const names = runSpecs.map((r) => r.name);
  let query = route.query.q ?? '';
  let mode: 'regex' | 'substring' = route.query.mode === 'substring' ? 'substring' : 'regex';
  let page = Number(route.query.page ?? 1) || 1;
  const input = h('input', { type: 'search', id: 'runs-search', placeholder: 'Search runs (regular expression)', value: query, 'aria-label': 'Search runs', autocomplete: 'off' });
  const regexBox = h('input', { type: 'checkbox', id: 'runs-regex', checked: mode === 'regex' });
  const status = h('p', { class: 'runs-status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'runs-list' });
  const pagers = [h('div'), h('div')];
  const draw = (): void => {
    history.replaceState(null, '', buildHash(['runs'], { q: query, mode: mode === 'substring' ? mode : undefined, page: page > 1 ? page : undefined }));
    const { names: matching, error } = filterNames(names, query, mode);
    const current = paginate(matching, page, PER_PAGE);
    page = current.page;
    status.textContent = error
      ? `Invalid regular expression: ${error}`
      : `${current.total} of ${names.length} runs` + (current.pageCount > 1 ? ` — page ${current.page} of ${current.pageCount}` : '');
    status.classList.toggle('error', error !== null);
    list.setAttribute('start', String((current.page - 1) * PER_PAGE + 1));
    replace(
      list,
      current.items.map((name) => {
        const spec = byName.get(name);
        return h(
          'li',
          {},
          h('a', { href: `#/runs/${encodeURIComponent(name)}` }, name),
          spec ? h('span', { class: 'run-meta' }, `${String(spec.adapter_spec.model ?? '')} · ${spec.groups.join(', ')}`) : null,
        );
      }),
    );
    const hrefOf = (p: number): string => buildHash(['runs'], { q: query, mode: mode === 'substring' ? mode : undefined, page: p });
    for (const slot of pagers) replace(slot, pager(current.page, current.pageCount, hrefOf, 'Run pages'));
  };
  input.addEventListener('input', () => {
    query = input.value;
    page = 1;
    draw();
  });
  regexBox.addEventListener('change', () => {
    mode = regexBox.checked ? 'regex' : 'substring';
    input.placeholder = mode === 'regex' ? 'Search runs (regular expression)' : 'Search runs (text)';
    page = 1;
    draw();
  });
  replace(
    root,
    h('h1', {}, 'Predictions'),
    h('div', { class: 'search-bar' }, input, h('label', {}, regexBox, ' regex')),
    status,
    pagers[0],
    list,
    pagers[1],
  );
  draw();
}
