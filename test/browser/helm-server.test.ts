import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromArgs, type RunningServer } from '../../client/helm-server';
import { cellText, roundForDisplay } from '../../web/src/lib/format';
import type { DisplayPrediction, Instance, RunSpec, Schema, Stat, Table } from '../../web/src/lib/types';
import { tempDir } from '../helpers/paths';
import { buildFrontend, FIXTURE_OUTPUT, FIXTURE_SUITE_DIR } from '../unit/server/helpers';
import { launchChromium, screenshotPath } from './browser';

const PHILOSOPHY = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';
const ANATOMY = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';

function readJson<T>(...segments: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_SUITE_DIR, ...segments), 'utf8')) as T;
}

async function open(page: Page, server: RunningServer, hash: string): Promise<void> {
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('main[aria-busy="false"]');
}

/** Rendered text of a table: header cells' button text and each row's cells. */
async function tableText(page: Page, selector: string): Promise<{ header: string[]; rows: string[][] }> {
  return page.$eval(selector, (table) => ({
    header: [...table.querySelectorAll('thead th')].map((th) => (th.querySelector('button')?.firstChild?.textContent ?? th.textContent ?? '').trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  }));
}

describe('helm-server in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildFrontend();
    const started = await startFromArgs(['--port', '0', '-o', FIXTURE_OUTPUT]);
    if (started === 'help') throw new Error('unexpected --help');
    server = started;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('home page: navigation, counts and the mini leaderboard match the JSON', async () => {
    await open(page, server, '#/');
    expect(await page.textContent('h1')).toBe('Holistic Evaluation of Language Models');
    expect(await page.locator('nav.top a').allTextContents()).toEqual(['Leaderboard', 'Models', 'Scenarios', 'Predictions']);
    expect(await page.textContent('#version')).toContain('Suite v1');
    const runSpecs = readJson<RunSpec[]>('run_specs.json');
    expect(await page.textContent('.counts')).toContain(`${runSpecs.length} runs`);
    // The first run group of the schema with a groups file is core_scenarios; its first table, columns 0-1.
    const core = readJson<Table[]>('groups', 'core_scenarios.json')[0];
    const shown = await tableText(page, '.mini-leaderboard table');
    expect(shown.header).toEqual(core.header.slice(0, 2).map((c) => cellText(c)));
    expect(shown.rows).toEqual(core.rows.map((r) => r.slice(0, 2).map((c) => cellText(c))));
    await page.screenshot({ path: screenshotPath('home'), fullPage: true });
  });

  it('leaderboard: one tab per table, every cell equals groups/mmlu.json, sortable headers', async () => {
    await open(page, server, '#/leaderboard/mmlu');
    const tables = readJson<Table[]>('groups', 'mmlu.json');
    expect(await page.locator('.tabs button').allTextContents()).toEqual(tables.map((t) => t.title));
    expect(await page.inputValue('#group-select')).toBe('mmlu');
    for (let i = 0; i < tables.length; i++) {
      await page.locator('.tabs button').nth(i).click();
      await page.waitForSelector(`table[data-table-name="${tables[i].name}"]`);
      const shown = await tableText(page, '.tab-panel table');
      expect(shown.header).toEqual(tables[i].header.map((c) => cellText(c)));
      // One model → one row; values rounded to 3 decimals; "-" for cells without a value.
      expect(shown.rows).toEqual(tables[i].rows.map((r) => r.map((c) => cellText(c))));
    }
    await page.locator('.tabs button').first().click();
    const em = tables[0].rows[0][1];
    expect(typeof em.value).toBe('number');
    expect(await page.textContent('.tab-panel tbody tr td:nth-child(2)')).toBe(roundForDisplay(em.value as number));
    // Column 1 is sorted best-first at first; a click on "Model" sorts by it.
    expect(await page.getAttribute('.tab-panel thead th:nth-child(2)', 'aria-sort')).toBe('descending');
    await page.click('.tab-panel thead th:nth-child(1) button');
    expect(await page.getAttribute('.tab-panel thead th:nth-child(1)', 'aria-sort')).toBe('ascending');
    expect(await page.getAttribute('.tab-panel thead th:nth-child(2)', 'aria-sort')).toBe('none');
    await page.click('.tab-panel thead th:nth-child(1) button');
    expect(await page.getAttribute('.tab-panel thead th:nth-child(1)', 'aria-sort')).toBe('descending');
    // The EM cell links to the four runs it averages.
    const href = await page.getAttribute('.tab-panel tbody tr td:nth-child(2) a', 'href');
    expect(decodeURIComponent(href ?? '')).toContain(`^${PHILOSOPHY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    // The LaTeX / JSON links resolve to the files.
    const jsonHref = await page.locator('.links a', { hasText: 'JSON' }).getAttribute('href');
    const response = await page.request.get(new URL(jsonHref ?? '', server.url).toString());
    expect(response.status()).toBe(200);
    await page.screenshot({ path: screenshotPath('leaderboard-mmlu'), fullPage: true });
    // A subject table (scenario table) too.
    await page.locator('.tabs button', { hasText: 'subject: philosophy' }).click();
    await page.screenshot({ path: screenshotPath('leaderboard-mmlu-philosophy') });
  });

  it('leaderboard: the group selector switches groups', async () => {
    await open(page, server, '#/leaderboard');
    await page.selectOption('#group-select', 'mmlu');
    await page.waitForURL(/#\/leaderboard\/mmlu$/);
    await page.waitForSelector('table[data-table-name="mmlu"]');
    expect(await page.textContent('h1')).toContain('MMLU');
  });

  it('models and scenarios pages list the schema', async () => {
    const schema = readJson<Schema>('schema.json');
    await open(page, server, '#/models');
    const models = await tableText(page, 'table.models');
    expect(models.rows.map((r) => r[1])).toEqual((schema.models ?? []).map((m) => m.name));
    expect(models.rows[0][0]).toBe('Simple Model 1');
    await page.screenshot({ path: screenshotPath('models'), fullPage: true });
    await open(page, server, '#/scenarios');
    const scenarios = await tableText(page, 'table.scenarios');
    const expected = schema.run_groups.filter((g) => g.taxonomy && !g.todo && !(g.display_name ?? '').includes('CLEVA'));
    expect(scenarios.rows.map((r) => r[0])).toEqual(expected.map((g) => g.display_name ?? g.name));
    await page.screenshot({ path: screenshotPath('scenarios') });
  });

  it('runs list: every run, regex search, link to the run', async () => {
    await open(page, server, '#/runs');
    const runSpecs = readJson<RunSpec[]>('run_specs.json');
    expect(await page.locator('.runs-list li > a').allTextContents()).toEqual(runSpecs.map((r) => r.name));
    await page.fill('#runs-search', 'subject=(anatomy|philosophy),');
    expect(await page.locator('.runs-list li > a').allTextContents()).toEqual([ANATOMY, PHILOSOPHY]);
    expect(new URL(page.url()).hash).toContain('q=');
    await page.fill('#runs-search', 'subject=(');
    expect(await page.textContent('.runs-status')).toContain('Invalid regular expression');
    await page.fill('#runs-search', 'philosophy');
    await page.screenshot({ path: screenshotPath('runs') });
    await page.click(`.runs-list a:text-is("${PHILOSOPHY}")`);
    await page.waitForSelector('article.instance');
    expect(await page.textContent('h1.run-name')).toBe(PHILOSOPHY);
  });

  it('run page: every instance with input, references (correct marked), prediction and stats from the JSON', async () => {
    await open(page, server, `#/runs/${encodeURIComponent(PHILOSOPHY)}`);
    const instances = readJson<Instance[]>(PHILOSOPHY, 'instances.json');
    const predictions = readJson<DisplayPrediction[]>(PHILOSOPHY, 'display_predictions.json');
    expect(await page.textContent('.tab-panel .count')).toBe(`${instances.length} instances`);
    const articles = page.locator('article.instance');
    expect(await articles.count()).toBe(Math.min(10, instances.length));
    for (let i = 0; i < (await articles.count()); i++) {
      const instance = instances[i];
      const article = articles.nth(i);
      expect(await article.getAttribute('data-instance-id')).toBe(instance.id);
      expect(await article.locator('pre.input').textContent()).toBe(instance.input.text);
      expect(await article.locator('ul.references .ref-text').allTextContents()).toEqual(instance.references.map((r) => r.output.text));
      expect(await article.locator('ul.references li.correct .ref-text').allTextContents()).toEqual(
        instance.references.filter((r) => r.tags.includes('correct')).map((r) => r.output.text),
      );
      const mine = predictions.filter((p) => p.instance_id === instance.id);
      expect(await article.locator('pre.predicted-text').allTextContents()).toEqual(mine.map((p) => p.predicted_text));
      const statRows = article.locator('.prediction').first().locator('table.instance-stats tr');
      const stats = Object.entries(mine[0].stats);
      expect(await statRows.count()).toBe(stats.length);
      for (let s = 0; s < stats.length; s++) {
        expect(await statRows.nth(s).getAttribute('data-stat')).toBe(stats[s][0]);
        expect(await statRows.nth(s).locator('td').textContent()).toBe(roundForDisplay(stats[s][1]));
      }
      // exact_match decides the badge: simple/model1 answers "Answer:", never a letter.
      const expectCorrect = (mine[0].stats.exact_match ?? 0) >= 0.5;
      expect(await article.locator('.badge').first().textContent()).toBe(expectCorrect ? '✓ correct' : '✗ incorrect');
    }
    await page.screenshot({ path: screenshotPath('run-philosophy'), fullPage: false });
  });

  it("run page: one instance's prediction and prompt via ?instance=", async () => {
    const predictions = readJson<DisplayPrediction[]>(ANATOMY, 'display_predictions.json');
    const target = predictions[predictions.length - 1];
    await open(page, server, `#/runs/${encodeURIComponent(ANATOMY)}?instance=${target.instance_id}`);
    const article = page.locator('article.instance');
    expect(await article.count()).toBe(1);
    // anatomy_m25_t2 has two trials: one prediction each.
    const trials = predictions.filter((p) => p.instance_id === target.instance_id);
    expect(trials.length).toBe(2);
    expect(await article.locator('.prediction').count()).toBe(2);
    expect(await article.locator('.prediction').nth(1).getAttribute('data-trial')).toBe(String(trials[1].train_trial_index));
    await article.locator('.prediction').nth(1).locator('details.prompt summary').click();
    const requests = readJson<{ instance_id: string; train_trial_index: number; request: { prompt: string } }[]>(ANATOMY, 'display_requests.json');
    const request = requests.find((r) => r.instance_id === target.instance_id && r.train_trial_index === trials[1].train_trial_index);
    expect(await article.locator('.prediction').nth(1).locator('details.prompt pre').textContent()).toBe(request?.request.prompt);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('run-anatomy-instance'), fullPage: true });
  });

  it('run page, All metrics: the means equal stats.json, 50 per page', async () => {
    await open(page, server, `#/runs/${encodeURIComponent(PHILOSOPHY)}?tab=metrics`);
    const stats = readJson<Stat[]>(PHILOSOPHY, 'stats.json');
    expect(await page.textContent('.tab-panel .count')).toBe(`${stats.length} of ${stats.length} stats`);
    const rows = page.locator('table.stats tbody tr');
    expect(await rows.count()).toBe(Math.min(50, stats.length));
    const means = await rows.locator('td.mean').allTextContents();
    expect(means).toEqual(stats.slice(0, 50).map((s) => (s.mean === undefined ? '-' : roundForDisplay(s.mean))));
    await page.fill('#metrics-filter', 'exact_match');
    const filtered = stats.filter((s) => s.name.name.includes('exact_match'));
    expect(await rows.count()).toBe(filtered.length);
    await page.screenshot({ path: screenshotPath('run-metrics') });
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('helm-server in Chromium, 3000 runs', () => {
  let server: RunningServer;
  let browser: Browser;
  let root: string;
  const total = 3000;

  beforeAll(async () => {
    buildFrontend();
    // A suite index of 3000 runs (names derived from the fixture's), enough to show the list pages.
    root = tempDir('many-runs');
    const suiteDir = path.join(root, 'runs', 'big');
    fs.mkdirSync(suiteDir, { recursive: true });
    for (const f of ['summary.json', 'schema.json', 'groups.json']) fs.copyFileSync(path.join(FIXTURE_SUITE_DIR, f), path.join(suiteDir, f));
    const base = readJson<RunSpec[]>('run_specs.json');
    const many = Array.from({ length: total }, (_, i) => ({ ...base[i % base.length], name: `${base[i % base.length].name},seed=${i}` }));
    fs.writeFileSync(path.join(suiteDir, 'run_specs.json'), JSON.stringify(many));
    const started = await startFromArgs(['--port', '0', '-o', root, '--suite', 'big']);
    if (started === 'help') throw new Error('unexpected --help');
    server = started;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows 100 runs a page, pages through them, and searches all of them', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, server, '#/runs');
    const runSpecs = JSON.parse(fs.readFileSync(path.join(root, 'runs', 'big', 'run_specs.json'), 'utf8')) as RunSpec[];
    expect(await page.textContent('.runs-status')).toBe(`${total} of ${total} runs — page 1 of 30`);
    expect(await page.locator('.runs-list li > a').allTextContents()).toEqual(runSpecs.slice(0, 100).map((r) => r.name));
    await page.locator('nav.pager').first().locator('a', { hasText: 'Next' }).click();
    await page.waitForSelector('.runs-status:text("page 2 of 30")');
    expect(await page.locator('.runs-list li > a').allTextContents()).toEqual(runSpecs.slice(100, 200).map((r) => r.name));
    expect(await page.getAttribute('.runs-list', 'start')).toBe('101');
    await page.fill('#runs-search', 'philosophy.*seed=2\\d\\d$');
    const expected = runSpecs.filter((r) => /philosophy.*seed=2\d\d$/.test(r.name)).map((r) => r.name);
    expect(await page.textContent('.runs-status')).toBe(`${expected.length} of ${total} runs`);
    expect(await page.locator('.runs-list li > a').allTextContents()).toEqual(expected);
    await page.screenshot({ path: screenshotPath('runs-3000') });
    await page.close();
  });
});
