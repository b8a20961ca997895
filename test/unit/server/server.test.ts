import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromArgs, type RunningServer } from '../../../client/helm-server';
import { chooseVersion } from '../../../web/server/version';
import { resolveInside } from '../../../web/server/safe-path';
import { tempDir } from '../../helpers/paths';
import { buildFrontend, FIXTURE_OUTPUT, FIXTURE_SUITE_DIR, rawGet } from './helpers';

const PHILOSOPHY = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';

describe('helm-server routes', () => {
  let server: RunningServer;
  let root: string;
  let outside: string;

  beforeAll(async () => {
    buildFrontend();
    // A copy of the fixture with a secret beside it and symlinks pointing out of the tree.
    root = tempDir('server');
    const output = path.join(root, 'benchmark_output');
    fs.cpSync(FIXTURE_OUTPUT, output, { recursive: true });
    outside = path.join(root, 'secret.txt');
    fs.writeFileSync(outside, 'top secret');
    fs.symlinkSync(outside, path.join(output, 'runs', 'v1', 'link-out.txt'));
    fs.symlinkSync(root, path.join(output, 'runs', 'v1', 'dir-out'));
    fs.symlinkSync(path.join(output, 'runs', 'v1', 'summary.json'), path.join(output, 'runs', 'v1', 'link-in.json'));
    const started = await startFromArgs(['--port', '0', '-o', output, '--suite', 'v1', '--cache-output-path', path.join(root, 'cache')]);
    if (started === 'help') throw new Error('unexpected --help');
    server = started;
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves config.js naming the suite', async () => {
    const res = await rawGet(server.url, '/config.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.body).toContain('window.BENCHMARK_OUTPUT_BASE_URL = "benchmark_output";');
    expect(res.body).toContain('window.SUITE = "v1";');
    expect(res.body).not.toContain('RELEASE');
  });

  it('serves output files byte for byte, as JSON, uncached', async () => {
    const res = await rawGet(server.url, '/benchmark_output/runs/v1/summary.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(res.headers.expires).toBe('0');
    expect(res.body).toBe(fs.readFileSync(path.join(FIXTURE_SUITE_DIR, 'summary.json'), 'utf8'));
  });

  it('serves run files whose names hold : = , (encoded or not)', async () => {
    const expected = fs.readFileSync(path.join(FIXTURE_SUITE_DIR, PHILOSOPHY, 'stats.json'), 'utf8');
    const encoded = await rawGet(server.url, `/benchmark_output/runs/v1/${encodeURIComponent(PHILOSOPHY)}/stats.json`);
    expect(encoded.status).toBe(200);
    expect(encoded.body).toBe(expected);
    const plain = await rawGet(server.url, `/benchmark_output/runs/v1/${PHILOSOPHY}/stats.json`);
    expect(plain.body).toBe(expected);
  });

  it('serves the frontend with content types', async () => {
    const index = await rawGet(server.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<script src="config.js"></script>');
    const css = await rawGet(server.url, '/style.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const js = await rawGet(server.url, '/js/main.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const tex = await rawGet(server.url, '/benchmark_output/runs/v1/groups/latex/mmlu_mmlu.tex');
    expect(tex.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(tex.body).toContain('\\begin{table*}');
  });

  it('answers HEAD without a body', async () => {
    const res = await rawGet(server.url, '/benchmark_output/runs/v1/summary.json', 'HEAD');
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(FIXTURE_SUITE_DIR, 'summary.json')).size);
    expect(res.body).toBe('');
  });

  it('404s unknown routes, missing files and directories; 405s other methods', async () => {
    for (const p of ['/nope', '/benchmark_output/runs/v1/missing.json', '/benchmark_output/runs/v1', '/benchmark_output/runs/v1/', '/js', '/cache/output/x.json']) {
      expect((await rawGet(server.url, p)).status, p).toBe(404);
    }
    expect((await rawGet(server.url, '/benchmark_output/runs/v1/summary.json', 'POST')).status).toBe(405);
    expect((await rawGet(server.url, '/', 'DELETE')).status).toBe(405);
  });

  it('never serves anything outside the output tree or the frontend', async () => {
    const attempts = [
      '/benchmark_output/../secret.txt',
      '/benchmark_output/runs/../../secret.txt',
      '/benchmark_output/%2e%2e/secret.txt',
      '/benchmark_output/%2E%2E%2Fsecret.txt',
      '/benchmark_output/runs/v1/%2e%2e%2f%2e%2e%2f..%2fsecret.txt',
      '/benchmark_output/..%5csecret.txt',
      `/benchmark_output/${encodeURIComponent(outside)}`,
      `/benchmark_output//${outside}`,
      '/benchmark_output/%2fetc%2fpasswd',
      '/benchmark_output/runs/v1/link-out.txt',
      '/benchmark_output/runs/v1/dir-out/secret.txt',
      '/benchmark_output/runs/v1/summary.json%00.txt',
      '/benchmark_output/%E0%A4%A',
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/js/..%2f..%2f..%2fpackage.json',
      '/cache/output/..%2f..%2fsecret.txt',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(server.url, attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body, attempt).not.toContain('top secret');
      expect(res.body, attempt).not.toContain('root:');
    }
    // A symlink that stays inside the tree is fine.
    expect((await rawGet(server.url, '/benchmark_output/runs/v1/link-in.json')).status).toBe(200);
  });
});

describe('resolveInside', () => {
  it('maps paths inside the root and rejects escapes', () => {
    const root = FIXTURE_SUITE_DIR;
    expect(resolveInside(root, 'summary.json')).toBe(fs.realpathSync(path.join(root, 'summary.json')));
    expect(resolveInside(root, './groups/../summary.json')).toBeNull();
    expect(resolveInside(root, '..%2fv1%2fsummary.json')).toBeNull();
    expect(resolveInside(root, 'C:%5cwindows')).toBeNull();
    expect(resolveInside(root, '%')).toBeNull();
  });
});

describe('chooseVersion', () => {
  it('picks the given suite or release, else the newest summary.json (a suite only if strictly newer)', () => {
    const out = tempDir('version');
    expect(() => chooseVersion(out, undefined, undefined)).toThrow(/No summarized suite or release/);
    for (const [dir, time] of [['runs/a', 1000], ['runs/b', 3000], ['releases/r1', 3000]] as const) {
      fs.mkdirSync(path.join(out, dir), { recursive: true });
      const file = path.join(out, dir, 'summary.json');
      fs.writeFileSync(file, '{}');
      fs.utimesSync(file, time, time);
    }
    expect(chooseVersion(out, undefined, undefined)).toEqual({ kind: 'release', name: 'r1' });
    fs.utimesSync(path.join(out, 'runs/b/summary.json'), 4000, 4000);
    expect(chooseVersion(out, undefined, undefined)).toEqual({ kind: 'suite', name: 'b' });
    expect(chooseVersion(out, 'x', undefined)).toEqual({ kind: 'suite', name: 'x' });
    expect(chooseVersion(out, undefined, 'y')).toEqual({ kind: 'release', name: 'y' });
    fs.rmSync(out, { recursive: true, force: true });
  });
});
