import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { contentTypeOf } from './content-types';
import { resolveInside } from './safe-path';
import { configScript, type Version } from './version';

export interface HelmServerOptions {
  /** The benchmark output folder (runs/, releases/), served under /benchmark_output/. */
  outputPath: string;
  /** Served under /cache/output/, as HELM does. */
  cacheOutputPath: string;
  /** The built frontend (index.html, style.css, js/). */
  frontendDir: string;
  version: Version;
  project: string;
}

/** HELM serves every output file uncached: suites change while the server runs. */
const NO_CACHE = { 'Cache-Control': 'no-cache, no-store, must-revalidate', Expires: '0' };

function sendText(res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string | null, headers: http.OutgoingHttpHeaders): void {
  let size: number;
  try {
    const stat = file ? fs.statSync(file) : null;
    if (!file || !stat || !stat.isFile()) return sendText(res, 404, 'Not found\n');
    size = stat.size;
  } catch {
    return sendText(res, 404, 'Not found\n');
  }
  res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': size, 'X-Content-Type-Options': 'nosniff', ...headers });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The request handler: HELM's routes (config.js, output files, cache files, the frontend). */
export function helmRequestHandler(options: HelmServerOptions): http.RequestListener {
  const config = configScript(options.version, options.project);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    const rawUrl = req.url ?? '/';
    const urlPath = rawUrl.split(/[?#]/, 1)[0];
    if (!urlPath.startsWith('/')) return sendText(res, 400, 'Bad request\n');
    if (urlPath === '/config.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', ...NO_CACHE });
      return void res.end(req.method === 'HEAD' ? undefined : config);
    }
    if (urlPath.startsWith('/benchmark_output/')) {
      return sendFile(req, res, resolveInside(options.outputPath, urlPath.slice('/benchmark_output/'.length)), NO_CACHE);
    }
    if (urlPath.startsWith('/cache/output/')) {
      return sendFile(req, res, resolveInside(options.cacheOutputPath, urlPath.slice('/cache/output/'.length)), NO_CACHE);
    }
    const rest = urlPath === '/' ? 'index.html' : urlPath.slice(1);
    return sendFile(req, res, resolveInside(options.frontendDir, rest), {});
  };
}

export function createHelmServer(options: HelmServerOptions): http.Server {
  return http.createServer(helmRequestHandler(options));
}

/**
 * The built frontend: dist/web/static beside the compiled server (dist/web/server), or — when the
 * server runs from source (tests) — the repository's dist/web/static.
 */
export function defaultFrontendDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'static'), path.resolve(__dirname, '..', '..', 'dist', 'web', 'static')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'js', 'main.js'))) ?? candidates[0];
}
