import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

/**
 * npm's `prepare` (run by `npm ci`, and by `npx helm-run` inside the checkout) builds only when
 * dist/ is missing or older than the sources, so the first `npx helm-run` after setup starts at
 * once instead of rebuilding for a minute. Checked on a copy of the script in a project whose
 * "build" only leaves a mark.
 */
describe('infra/build-if-stale.js', () => {
  function project(): string {
    const root = tempDir('build-if-stale');
    fs.mkdirSync(path.join(root, 'infra'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'infra', 'build-if-stale.js'), path.join(root, 'infra', 'build-if-stale.js'));
    fs.mkdirSync(path.join(root, 'core'));
    fs.writeFileSync(path.join(root, 'core', 'index.ts'), 'export {};\n');
    const build = `node -e "require('fs').appendFileSync('builds.log', 'built\\\\n')" && node infra/build-if-stale.js --stamp`;
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', private: true, scripts: { build } }));
    return root;
  }
  const prepare = (root: string) => spawnSync(process.execPath, ['infra/build-if-stale.js'], { cwd: root, encoding: 'utf8' });
  const builds = (root: string) => (fs.existsSync(path.join(root, 'builds.log')) ? fs.readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length : 0);

  it('builds once, says so, then does nothing while the sources are unchanged; a changed source rebuilds', () => {
    const root = project();
    const first = prepare(root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/helm-ts: building \(first time\)/);
    expect(builds(root)).toBe(1);

    const second = prepare(root);
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(builds(root)).toBe(1);

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'core', 'index.ts'), later, later);
    const third = prepare(root);
    expect(third.status, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/sources changed since the last build; rebuilding/);
    expect(builds(root)).toBe(2);
  });
});
