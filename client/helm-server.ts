import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HelmInputError } from '../core/common/errors';
import { ArgParseError, ArgumentParser, type ParsedArgs } from './argparse';
import { checkPort, checkSuiteName } from './validate';
import { createHelmServer, defaultFrontendDir } from '../web/server/server';
import { chooseVersion } from '../web/server/version';

const parser = new ArgumentParser({
  prog: 'helm-server',
  description: "Serve HELM's web view of summarized suites (run helm-summarize first).",
  flags: [
    { names: ['-p', '--port'], dest: 'port', kind: 'int', default: 8000, metavar: 'PORT', help: 'What port to listen on' },
    { names: ['--host'], dest: 'host', kind: 'string', default: '127.0.0.1', metavar: 'HOST', help: 'Address to bind (0.0.0.0 to share it on the network)' },
    { names: ['-o', '--output-path'], dest: 'outputPath', kind: 'string', default: 'benchmark_output', metavar: 'OUTPUT_PATH', help: 'The location of the output path' },
    { names: ['--cache-output-path'], dest: 'cacheOutputPath', kind: 'string', default: 'prod_env/cache/output', metavar: 'CACHE_OUTPUT_PATH', help: 'The location of the filesystem cache output folder, served under /cache/output/' },
    { names: ['--suite'], dest: 'suite', kind: 'string', metavar: 'SUITE', help: 'Name of the suite to serve (default: the most recently summarized)' },
    { names: ['--release'], dest: 'release', kind: 'string', metavar: 'RELEASE', help: 'Name of the release to serve' },
    { names: ['--project'], dest: 'project', kind: 'string', default: 'lite', metavar: 'PROJECT', help: 'Landing page variant (window.PROJECT_ID)' },
  ],
});

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Parses flags, picks the suite, listens; resolves once the server accepts connections. */
export async function startFromArgs(argv: string[]): Promise<RunningServer | 'help'> {
  let args: ParsedArgs;
  try {
    args = parser.parse(argv);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  if (args.help) return 'help';
  if (args.suite !== undefined && args.release !== undefined) parser.fail(new ArgParseError('argument --release: not allowed with argument --suite'));
  const port = args.port as number;
  try {
    // Port 0: any free port (tests use it).
    if (port !== 0) checkPort(port, '-p/--port');
    checkSuiteName(args.suite as string | undefined, '--suite');
    checkSuiteName(args.release as string | undefined, '--release');
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const outputPath = path.resolve(args.outputPath as string);
  if (!fs.existsSync(outputPath)) throw new HelmInputError(`Output path ${outputPath} does not exist`);
  if (!fs.statSync(outputPath).isDirectory()) throw new HelmInputError(`Output path ${outputPath} is a file, not a folder`);
  const version = chooseVersion(outputPath, args.suite as string | undefined, args.release as string | undefined);
  const server = createHelmServer({
    outputPath,
    cacheOutputPath: path.resolve(args.cacheOutputPath as string),
    frontendDir: defaultFrontendDir(),
    version,
    project: args.project as string,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (pick another with --port)' : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : `${error.code ?? error.message} (check --host)`;
      reject(new HelmInputError(`Cannot listen on ${String(args.host)}:${port}: ${why}`));
    });
    server.listen(port, args.host as string, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // browsers keep connections alive
      }),
  };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const running = await startFromArgs(argv);
  if (running === 'help') {
    process.stdout.write(parser.help() + '\n');
    return 0;
  }
  const server = running;
  process.stdout.write(`helm-server: serving on ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
