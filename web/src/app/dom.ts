type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

/** Creates an element: attributes (`on*` functions become listeners, false/null are skipped) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'html') el.innerHTML = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces everything in `parent`. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function loading(text = 'Loading…'): HTMLElement {
  return h('p', { class: 'loading' }, text);
}

export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, message);
}

/** « 1 2 … » page links for a hash route. */
export function pager(page: number, pageCount: number, hrefOf: (page: number) => string, label: string): HTMLElement | null {
  if (pageCount <= 1) return null;
  const nav = h('nav', { class: 'pager', 'aria-label': label });
  const add = (p: number, text: string, current = false): void => {
    append(nav, [current ? h('span', { class: 'current', 'aria-current': 'page' }, text) : h('a', { href: hrefOf(p) }, text)]);
  };
  if (page > 1) add(page - 1, '‹ Prev');
  const shown = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pageCount));
  let last = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) append(nav, [h('span', { class: 'gap' }, '…')]);
    add(p, String(p), p === page);
    last = p;
  }
  if (page < pageCount) add(page + 1, 'Next ›');
  return nav;
}
