import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../../helpers/paths';

/** The summarized suite made by the Python HELM (see its README). */
export const FIXTURE_OUTPUT = path.join(PROJECT_ROOT, 'test', 'fixtures', 'summarized-suite', 'benchmark_output');
export const FIXTURE_SUITE_DIR = path.join(FIXTURE_OUTPUT, 'runs', 'v1');
export const HELM_SERVER_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-server.js');

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with the path sent byte for byte (fetch would normalise `..` away before sending). */
export function rawGet(baseUrl: string, rawPath: string, method = 'GET'): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let built = false;

/** Builds the frontend (web/build.js → dist/web/static) once per test process, as `npm run build` would. */
export function buildFrontend(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'web', 'build.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web/build.js failed:\n${result.stdout}${result.stderr}`);
  built = true;
}
