import path from 'node:path';
import { ArgParseError, ArgumentParser } from './argparse';
import { checkPort, checkWritableFolder } from './validate';
import { devServerStatus, startDevServer, stopDevServer } from '../infra/dev-server';
import { findTemporalCli } from '../infra/temporal-cli';

const parser = new ArgumentParser({
  prog: 'helm-temporal',
  description:
    'Manage the embedded Temporal dev server that helm-run starts (SQLite state under <local-path>/temporal, ' +
    'Web UI on port+1000). Commands: status (default), start, stop.',
  flags: [
    { names: ['--command'], dest: 'command', kind: 'string', default: 'status', choices: ['status', 'start', 'stop'], metavar: 'COMMAND', help: 'What to do (may also be given as the first word)' },
    { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'The helm-run --local-path whose server to manage' },
    { names: ['--temporal-port'], dest: 'temporalPort', kind: 'int', metavar: 'PORT', help: 'Port for start (default 7233)' },
  ],
});

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const words = argv[0] && !argv[0].startsWith('-') ? ['--command', argv[0], ...argv.slice(1)] : argv;
  const args = parser.parseOrExit(words);
  if (!args) return 0;
  try {
    checkPort(args.temporalPort as number | undefined, '--temporal-port', 1000);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const localPath = args.command === 'start' ? checkWritableFolder(args.localPath as string, '--local-path') : path.resolve(args.localPath as string);
  switch (args.command) {
    case 'start': {
      const server = await startDevServer({ localPath, port: args.temporalPort as number | undefined, log: (m) => process.stderr.write(m + '\n') });
      process.stdout.write(`${server.reused ? 'Already running' : 'Started'}: ${server.address} (pid ${server.pid}), UI ${server.uiUrl}\n`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopDevServer(localPath);
      process.stdout.write(stopped ? 'Stopped the embedded Temporal dev server\n' : `No embedded Temporal dev server running for ${localPath}\n`);
      return 0;
    }
    default: {
      const status = devServerStatus(localPath);
      process.stdout.write(
        status
          ? `Running: ${status.address} (pid ${status.pid}), UI ${status.uiUrl}\n`
          : `Not running (local path ${localPath}); temporal CLI: ${findTemporalCli() ?? 'not installed (bash infra/install-temporal.sh)'}\n`,
      );
      return 0;
    }
  }
}
