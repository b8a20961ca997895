import { parseHash, type Route } from './lib/route.js';
import { getSummary, NotFoundError, version } from './app/data.js';
import { errorBox, h, loading, replace } from './app/dom.js';
import { renderGroups } from './app/pages/groups.js';
import { renderHome } from './app/pages/home.js';
import { renderLeaderboard } from './app/pages/leaderboard.js';
import { renderModels } from './app/pages/models.js';
import { renderRun } from './app/pages/run.js';
import { renderRuns } from './app/pages/runs.js';
import { renderScenarios } from './app/pages/scenarios.js';

type Page = (root: HTMLElement, route: Route) => Promise<void>;

/** HELM's hash routes; `#/groups/:group` is the legacy spelling of `#/leaderboard/:group`. */
function pageFor(route: Route): { page: Page; nav: string } {
  const [first, second] = route.segments;
  switch (first) {
    case undefined:
      return { page: renderHome, nav: 'home' };
    case 'leaderboard':
      return { page: renderLeaderboard, nav: 'leaderboard' };
    case 'groups':
      return second === undefined ? { page: renderGroups, nav: 'leaderboard' } : { page: (root, r) => renderLeaderboard(root, { ...r, segments: ['leaderboard', second] }), nav: 'leaderboard' };
    case 'models':
      return { page: renderModels, nav: 'models' };
    case 'scenarios':
      return { page: renderScenarios, nav: 'scenarios' };
    case 'runs':
      return second === undefined ? { page: renderRuns, nav: 'runs' } : { page: renderRun, nav: 'runs' };
    default:
      return { page: async (root) => replace(root, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Home'))), nav: '' };
  }
}

let renderCount = 0;

async function render(): Promise<void> {
  const root = document.getElementById('main');
  if (!root) return;
  const route = parseHash(location.hash);
  const { page, nav } = pageFor(route);
  document.querySelectorAll('nav.top a[data-nav]').forEach((a) => a.classList.toggle('active', a.getAttribute('data-nav') === nav));
  const mine = ++renderCount;
  replace(root, loading());
  root.setAttribute('aria-busy', 'true');
  const target = h('div', { class: 'page' });
  try {
    await page(target, route);
    if (mine !== renderCount) return; // a newer navigation took over
    replace(root, target);
  } catch (error) {
    if (mine !== renderCount) return;
    const message = error instanceof NotFoundError ? `Not found: ${error.message}` : `Could not load this page: ${error instanceof Error ? error.message : String(error)}`;
    replace(root, errorBox(message));
  } finally {
    if (mine === renderCount) {
      root.setAttribute('aria-busy', 'false');
      window.scrollTo(0, 0);
    }
  }
}

async function showVersion(): Promise<void> {
  const el = document.getElementById('version');
  if (!el) return;
  const { suite, release } = version();
  try {
    const summary = await getSummary();
    el.textContent = `${release !== undefined ? `Release ${release}` : `Suite ${suite}`} · ${summary.date}`;
  } catch {
    el.textContent = release !== undefined ? `Release ${release}` : `Suite ${suite ?? '?'}`;
  }
}

window.addEventListener('hashchange', () => void render());
void showVersion();
void render();
