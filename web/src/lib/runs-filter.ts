export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

/**
 * Run names matching a search: a regular expression (HELM's default) or a plain substring; an
 * invalid expression matches nothing and is reported, so the list never silently shows everything.
 */
export function filterNames(names: string[], query: string, mode: 'regex' | 'substring'): { names: string[]; error: string | null } {
  if (query === '') return { names, error: null };
  if (mode === 'substring') return { names: names.filter((n) => n.includes(query)), error: null };
  let pattern: RegExp;
  try {
    pattern = new RegExp(query);
  } catch (error) {
    return { names: [], error: error instanceof Error ? error.message : String(error) };
  }
  return { names: names.filter((n) => pattern.test(n)), error: null };
}

/** One page (1-based, clamped to the pages there are). */
export function paginate<T>(items: T[], page: number, perPage: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  return { items: items.slice((current - 1) * perPage, current * perPage), page: current, pageCount, total: items.length };
}
