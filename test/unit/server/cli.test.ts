import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';
import { FIXTURE_OUTPUT, HELM_SERVER_BIN } from './helpers';

describe('helm-server CLI (bin/helm-server.js)', () => {
  it('--help lists the flags and exits 0', async () => {
    const result = await runCli(HELM_SERVER_BIN, ['--help'], { cwd: PROJECT_ROOT });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: helm-server/);
    for (const flag of ['--port', '--output-path', '--suite', '--release', '--host', '--cache-output-path']) expect(result.stdout).toContain(flag);
  });

  it('exits 2 with usage on bad flags', async () => {
    for (const args of [['--bogus'], ['--port', 'abc'], ['--suite', 'a', '--release', 'b'], ['--port', '70000']]) {
      const result = await runCli(HELM_SERVER_BIN, args, { cwd: PROJECT_ROOT });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('usage: helm-server');
      expect(result.stderr, args.join(' ')).toContain('helm-server: error:');
    }
  });

  it('exits 1 naming the problem when there is nothing to serve', async () => {
    const empty = tempDir('server-empty');
    const result = await runCli(HELM_SERVER_BIN, ['-o', empty, '--port', '0'], { cwd: PROJECT_ROOT });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No summarized suite or release');
    const missing = await runCli(HELM_SERVER_BIN, ['-o', `${empty}/nope`], { cwd: PROJECT_ROOT });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });

  it('serves the newest suite, then stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [HELM_SERVER_BIN, '-o', FIXTURE_OUTPUT, '--port', '0'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /serving on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before serving: ${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const config = await (await fetch(`${url}config.js`)).text();
    expect(config).toContain('window.SUITE = "v1";');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
