import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/**
 * No stack trace reaches a user: bad flags, conf files, run entries, paths, ports, environment
 * values and local file faults, each through the real CLI (node bin/…), each with a specific
 * message and a non-zero exit. None of these needs a Temporal server (they fail before one is
 * started or reached), so they run several at a time; the faults that need a running suite are in
 * suite-faults.test.ts.
 */

type Prog = 'helm-run' | 'helm-suite' | 'helm-summarize' | 'helm-server' | 'helm-worker' | 'helm-temporal';

interface Case {
  prog: Prog;
  args: string[];
  env?: Record<string, string>;
  /** 2: argparse's usage error; 1: any other error. */
  code: 1 | 2;
  message: RegExp;
}

const ENTRY = 'mmlu:subject=philosophy,model=simple/model1';
const NAME_RULE = /a name is 1 to 128 characters: letters, digits, "\.", "_" and "-", starting with a letter or digit/;
const PORT_IN_USE = testPort(17470);
/** No Temporal server listens here (helm-worker's unreachable-server case). */
const CLOSED_PORT = testPort(17471);

/** helm-run with a valid entry and suite, plus `extra`. */
const run = (extra: string[], code: 1 | 2, message: RegExp, env?: Record<string, string>): Case => ({
  prog: 'helm-run',
  args: ['-r', ENTRY, '--suite', 'corpus', '-m', '2', ...extra],
  code,
  message,
  env,
});
/** helm-run with one run entry. */
const entry = (description: string, message: RegExp): Case => ({ prog: 'helm-run', args: ['-r', description, '--suite', 'corpus', '-m', '2'], code: 1, message });
const conf = (file: string, message: RegExp): Case => ({ prog: 'helm-run', args: ['-c', file, '--suite', 'corpus', '-m', '2'], code: 1, message });
const suiteName = (name: string, problem: string): Case => run(['--suite', name], 2, new RegExp(`argument --suite: invalid name ${escape(JSON.stringify(name))} \\(${escape(problem)}\\); ${NAME_RULE.source}`));
const summarize = (args: string[], code: 1 | 2, message: RegExp, env?: Record<string, string>): Case => ({ prog: 'helm-summarize', args, code, message, env });
const suiteCmd = (args: string[], code: 1 | 2, message: RegExp, env?: Record<string, string>): Case => ({ prog: 'helm-suite', args, code, message, env });
const server = (args: string[], code: 1 | 2, message: RegExp): Case => ({ prog: 'helm-server', args, code, message });
const worker = (args: string[], code: 1 | 2, message: RegExp, env?: Record<string, string>): Case => ({ prog: 'helm-worker', args, code, message, env });
const temporalCmd = (args: string[], code: 1 | 2, message: RegExp): Case => ({ prog: 'helm-temporal', args, code, message });

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const UNSUPPORTED = /not supported by helm-ts \(see README, "Differences from HELM"\)/;
const FULL_DISK = /no space left on the device \(ENOSPC\)\. To fix: free space on that disk .*then run the same command again/;

const CASES: Case[] = [
  // helm-run: flag values (argparse, exit 2)
  run(['-m', 'ten'], 2, /argument -m\/--max-eval-instances: invalid int value: 'ten'/),
  run(['-m', '1.5'], 2, /argument -m\/--max-eval-instances: invalid int value: '1\.5'/),
  run(['-m', '-1'], 2, /argument -m\/--max-eval-instances: must be >= 0, got -1/),
  run(['-m', '99999999999999999999'], 2, /argument -m\/--max-eval-instances: int value out of range: '99999999999999999999'/),
  { prog: 'helm-run', args: ['-r', ENTRY, '--suite', 'corpus'], code: 2, message: /the following arguments are required: -m\/--max-eval-instances/ },
  { prog: 'helm-run', args: ['-r', ENTRY, '--suite', 'corpus', '-m'], code: 2, message: /argument -m\/--max-eval-instances: expected one argument/ },
  run(['-n', '0'], 2, /argument -n\/--num-threads: must be >= 1, got 0/),
  run(['-n', '100000'], 2, /argument -n\/--num-threads: must be <= 1000 \(request batches in flight per run; Temporal's limit is 2000\), got 100000/),
  run(['-t', '0'], 2, /argument -t\/--num-train-trials: must be >= 1, got 0/),
  run(['-t', '1000000'], 2, /argument -t\/--num-train-trials: must be <= 100000 \(request states one run may hold in memory\), got 1000000/),
  run(['--max-concurrent-runs', '0'], 2, /argument --max-concurrent-runs: must be >= 1, got 0/),
  run(['--max-concurrent-runs', '5000'], 2, /argument --max-concurrent-runs: must be <= 1000 \(runs in flight per shard; Temporal's limit is 2000\), got 5000/),
  run(['--request-batch-size', '0'], 2, /argument --request-batch-size: must be >= 1, got 0/),
  run(['--request-batch-size', '1000000'], 2, /argument --request-batch-size: must be <= 100000 \(at most the requests of one run\), got 1000000/),
  run(['--priority', '0'], 2, /argument --priority: must be >= 1, got 0/),
  run(['--temporal-port', '0'], 2, /argument --temporal-port: invalid port 0: must be between 1 and 64535 \(the Web UI uses PORT\+1000\)/),
  run(['--temporal-port', '99999'], 2, /argument --temporal-port: invalid port 99999: must be between 1 and 64535/),
  run(['--temporal-port', '65000'], 2, /argument --temporal-port: invalid port 65000: must be between 1 and 64535 \(the Web UI uses PORT\+1000\)/),
  run(['--temporal-port', 'abc'], 2, /argument --temporal-port: invalid int value: 'abc'/),
  run(['--model-task-queue', 'a b'], 2, /argument --model-task-queue: invalid task queue name "a b" \(letters, digits and \. _ - : \/ @\)/),
  run(['--model-task-queue', ''], 2, /argument --model-task-queue: invalid task queue name ""/),
  run(['--log-format', 'xml'], 2, /argument --log-format: invalid choice: 'xml' \(choose from 'text', 'json'\)/),
  run(['--bogus'], 2, /unrecognized arguments: --bogus/),
  run(['--run'], 2, /ambiguous option: --run could match --run-entries, --run-specs/),
  run(['--skip-instances'], 2, new RegExp(`argument --skip-instances: ${UNSUPPORTED.source}`)),
  run(['--cache-instances'], 2, new RegExp(`argument --cache-instances: ${UNSUPPORTED.source}`)),
  run(['--mongo-uri', 'mongodb://x'], 2, /argument --mongo-uri: not supported by helm-ts \(helm-ts has no MongoDB cache; .* use --cache-url postgres:\/\//),
  run(['--plugins', 'x'], 1, /--plugins x: no module of that name can be found from .* \(install it with npm, or give a path to the file\)/),
  run(['--runner-class-name', 'x'], 2, new RegExp(`argument --runner-class-name: ${UNSUPPORTED.source}`)),
  run(['--enable-huggingface-models', 'gpt2'], 2, new RegExp(`argument --enable-huggingface-models: ${UNSUPPORTED.source}`)),
  run(['--api-key-path', 'x'], 2, new RegExp(`argument --api-key-path: ${UNSUPPORTED.source}`)),
  run(['--server-url', 'http://x'], 2, new RegExp(`argument --server-url: ${UNSUPPORTED.source}`)),

  // helm-run: suite names (a folder and a workflow id; never a path out of the output path)
  suiteName('../../escaped', 'it contains "/"'),
  suiteName('..', 'it starts with "."'),
  suiteName('.', 'it starts with "."'),
  suiteName('', 'it is empty'),
  suiteName('a/b', 'it contains "/"'),
  suiteName('a\\b', 'it contains "\\\\"'),
  suiteName('with space', 'it contains " "'),
  suiteName('semi;colon', 'it contains ";"'),
  suiteName('new\nline', 'it contains "\\n"'),
  suiteName('tab\there', 'it contains "\\t"'),
  suiteName('.hidden', 'it starts with "."'),
  suiteName('x'.repeat(129), 'it is 129 characters long'),
  suiteName('quote"s', 'it contains "\\""'),
  suiteName('$(touch pwned)', 'it contains "$"'),
  suiteName('café', 'it contains "é"'),

  // helm-run: conf files
  conf('missing.conf', /--conf-paths: file missing\.conf does not exist/),
  conf('a-folder', /--conf-paths: a-folder is a folder, not a file/),
  conf('unterminated.conf', /unterminated\.conf:3:1: expected '}' to close the object opened at unterminated\.conf:2:3, got end of file/),
  conf('not-a-list.conf', /not-a-list\.conf: not a valid run entries file .*entries: Invalid input: expected array, received object/),
  conf('no-description.conf', /no-description\.conf: not a valid run entries file .*entries\.0\.description: Invalid input: expected string/),
  conf('priority-text.conf', /priority-text\.conf: not a valid run entries file .*entries\.0\.priority: Invalid input: expected number, received string/),
  conf('binary.conf', /binary\.conf:1:\d+: expected ':', '=' or '\{' after key/),
  conf('empty.conf', /empty\.conf: not a valid run entries file .*entries: Invalid input: expected array, received undefined/),
  conf('stray-bracket.conf', /stray-bracket\.conf:2:10: expected a value for key 'entries', got '\]'/),
  conf('deep-arrays.conf', /deep-arrays\.conf:1:\d+: objects and arrays nested more than 64 levels deep/),
  conf('deep-objects.conf', /deep-objects\.conf:1:\d+: key 'a…' nests more than 64 levels deep/),
  conf('deep-keys.conf', /deep-keys\.conf:1:1: key 'a\.a\.a.*nests more than 64 levels deep/),
  { prog: 'helm-run', args: ['-c', 'good.conf', 'a-folder/none.conf', '--suite', 'corpus', '-m', '2'], code: 1, message: /--conf-paths: file a-folder\/none\.conf does not exist/ },

  // helm-run: run entries
  entry('mmluu:subject=philosophy,model=simple/model1', /Unknown run spec name: mmluu\. Did you mean: mmlu\?/),
  entry('mmlu:subject=philosophy,model=simple/model2', /simple\/model2.*Did you mean: simple\/model1/),
  entry('mmlu:model=simple/model1', /missing required argument 'subject'/),
  entry('mmlu:subject=philosophi,model=simple/model1', /unknown subject 'philosophi'\. Did you mean: philosophy\?/),
  entry('mmlu:subject=philosophy,model=simple/model1,foo=bar', /Run spec function 'mmlu' got an unexpected argument 'foo'; it accepts: subject \(required\), method/),
  entry('mmlu:subject=philosophy,method=nope,model=simple/model1', /Run spec function 'mmlu': invalid adaptation method 'nope'; accepted methods: multiple_choice_joint/),
  entry('mmlu:subject=philosophy,model=simple/model1,max_train_instances=abc', /Run expander 'max_train_instances' expects an integer or one of the presets zero, one, all/),
  entry('mmlu:subject=philosophy,model=simple/model1,data_augmentation=nope', /Unknown data_augmentation: nope; possible choices: extra_space/),
  entry('mmlu:subject=philosophy,model=simple/model1,,', /Expected <key>=<value>, got ''/),
  entry('mmlu:subject=philosophy,model=simple/model1,num_train_trials=1000000', /num_train_trials 1000000 would give every run at least 1000000 request states; helm-ts runs at most 100,000 per run/),
  entry('mmlu:subject=philosophy,model=huggingface/gpt2', /huggingface\/gpt2.*model weights not available/),
  entry('mmlu:subject', /Expected <key>=<value>, got 'subject'/),
  run(['--models-to-run', 'nope/x'], 1, /Unknown model 'nope\/x' passed to --models-to-run/),

  // helm-run: paths
  run(['-o', 'a-file'], 1, /-o\/--output-path a-file is a file, not a folder; give a folder \(it is created when missing\)/),
  run(['-o', 'a-file/below'], 1, /-o\/--output-path a-file\/below: .*a-file is a file, so the folder cannot be created there/),
  run(['--local-path', 'a-file'], 1, /--local-path a-file is a file, not a folder/),
  run(['--local-path', 'a-file/below'], 1, /--local-path a-file\/below: .*a-file is a file, so the folder cannot be created there/),
  run(['--data-mirror', 'no-such-folder'], 1, /--data-mirror \(or HELM_DATA_MIRROR\): folder no-such-folder does not exist/),
  run(['--data-mirror', 'a-file'], 1, /--data-mirror \(or HELM_DATA_MIRROR\): a-file is a file, not a folder/),
  run(['--enable-local-huggingface-models', 'no-such-model'], 1, /--enable-local-huggingface-models: folder no-such-model does not exist/),
  run(['--enable-local-huggingface-models', 'a-file'], 1, /--enable-local-huggingface-models: a-file is a file, not a folder/),
  run(['--enable-local-huggingface-models', 'a-folder'], 1, /--enable-local-huggingface-models .*a-folder: could not read the model's tokenizer \(tokenizer\.json and tokenizer_config\.json are expected in the folder\)/),
  run(['--local-path', 'bad-deployments'], 1, /bad-deployments\/model_deployments\.yaml: invalid YAML: /),
  run(['--local-path', 'bad-task-queues'], 1, /bad-task-queues\/model_task_queues\.yaml: model_task_queues\.0\.task_queue: Invalid input: expected string, received number/),
  run(['--local-path', 'bad-metadata'], 1, /bad-metadata\/model_metadata\.yaml: does not match the expected shape: models: Invalid input: expected array, received number/),

  // helm-run: Temporal settings and the environment
  run(['--temporal-address', 'nonsense'], 1, /Temporal address "nonsense" \(--temporal-address or TEMPORAL_ADDRESS\) is not HOST:PORT, e\.g\. 127\.0\.0\.1:7233/),
  run(['--temporal-address', 'host:1:2'], 1, /Temporal address "host:1:2" .*is not HOST:PORT/),
  run(['--temporal-address', '127.0.0.1:99999'], 1, /Temporal address "127\.0\.0\.1:99999" .*has port 99999, outside 1–65535/),
  run(['--namespace', ''], 1, /Temporal namespace "" \(--namespace or TEMPORAL_NAMESPACE\) is empty/),
  run(['--namespace', 'a b'], 1, /Temporal namespace "a b" .*may hold only letters, digits/),
  run([], 1, /Temporal address "nonsense" \(--temporal-address or TEMPORAL_ADDRESS\) is not HOST:PORT/, { TEMPORAL_ADDRESS: 'nonsense' }),
  run([], 1, /Temporal namespace "a\/b" \(--namespace or TEMPORAL_NAMESPACE\) may hold only/, { TEMPORAL_NAMESPACE: 'a/b' }),
  run([], 1, /--data-mirror \(or HELM_DATA_MIRROR\): folder no-such-mirror does not exist/, { HELM_DATA_MIRROR: 'no-such-mirror' }),
  run(['--temporal-address', `127.0.0.1:${CLOSED_PORT}`], 1, /TEMPORAL_TLS_CERT=no-cert\.pem: cannot read it \(ENOENT\); give the path of a PEM file/, {
    TEMPORAL_TLS_CERT: 'no-cert.pem',
    TEMPORAL_TLS_KEY: 'no-key.pem',
  }),
  run([], 1, /HELM_LOG_LEVEL=loud is not a log level; use one of trace, debug, info, warn, error, fatal, silent/, { HELM_LOG_LEVEL: 'loud' }),
  run(['--local-path', 'port-in-use', '--temporal-port', String(PORT_IN_USE)], 1, new RegExp(`Port ${PORT_IN_USE} on 127\\.0\\.0\\.1 is already in use by a process helm-run did not start\\. Pass --temporal-address 127\\.0\\.0\\.1:${PORT_IN_USE} to use that server, or --temporal-port to pick another port`)),

  // helm-suite
  suiteCmd(['bogus'], 2, /argument --command: invalid choice: 'bogus' \(choose from 'list', 'status', 'resume', 'cancel', 'retry-failed'\)/),
  suiteCmd(['status'], 2, /status needs a suite: helm-suite status SUITE/),
  suiteCmd(['cancel'], 2, /cancel needs a suite: helm-suite cancel SUITE/),
  suiteCmd(['status', '../x'], 2, new RegExp(`argument --suite: invalid name "\\.\\./x" \\(it contains "/"\\); ${NAME_RULE.source}`)),
  suiteCmd(['retry-failed', 'a b'], 2, /argument --suite: invalid name "a b" \(it contains " "\)/),
  suiteCmd(['status', 'v1', '--temporal-port', '99999'], 2, /argument --temporal-port: invalid port 99999: must be between 1 and 64535/),
  suiteCmd(['list', '--bogus'], 2, /unrecognized arguments: --bogus/),
  suiteCmd(['status', 'v1', '--local-path', 'a-file'], 1, /--local-path a-file is a file, not a folder/),
  suiteCmd(['status', 'v1', '--temporal-address', 'nonsense'], 1, /Temporal address "nonsense" .*is not HOST:PORT/),
  suiteCmd(['list', '--namespace', 'a b'], 1, /Temporal namespace "a b" .*may hold only letters, digits/),
  suiteCmd(['list'], 1, /Temporal address "x:y" .*is not HOST:PORT/, { TEMPORAL_ADDRESS: 'x:y' }),
  suiteCmd(['list', '--log-format', 'yaml'], 2, /argument --log-format: invalid choice: 'yaml'/),

  // helm-summarize
  summarize(['--suite', '../../escaped'], 2, new RegExp(`argument --suite: invalid name "\\.\\./\\.\\./escaped" \\(it contains "/"\\); ${NAME_RULE.source}`)),
  summarize(['--suite', '..'], 2, /argument --suite: invalid name "\.\." \(it starts with "\."\)/),
  summarize(['--release', '../r', '--suites', 'v1'], 2, /argument --release: invalid name "\.\.\/r" \(it contains "\/"\)/),
  summarize(['--release', 'r', '--suites', 'v1', '../x'], 2, /argument --suites: invalid name "\.\.\/x" \(it contains "\/"\)/),
  summarize(['--suite', 'v1', '--release', 'r'], 1, /If --suite is specified, then --release and --suites must NOT be specified\./),
  summarize(['--release', 'r'], 1, /If --release is specified, then --suites must also be specified and vice versa/),
  summarize(['--suite', 'nope', '-o', 'summarized'], 1, /Suite folder summarized\/runs\/nope does not exist/),
  summarize(['--suite', 'v1', '-o', 'a-file'], 1, /Suite folder a-file\/runs\/v1 does not exist/),
  summarize(['--suite', 'v1', '-n', '0'], 2, /argument -n\/--num-threads: must be >= 1, got 0/),
  summarize(['--suite', 'v1', '-n', '100000'], 2, /argument -n\/--num-threads: must be <= 256, got 100000/),
  summarize(['--suite', 'v1', '-o', 'summarized', '--schema-path', 'no-schema.yaml'], 1, /Schema file no-schema\.yaml does not exist/),
  summarize(['--suite', 'v1', '--schema-validation', 'maybe'], 2, /argument --schema-validation: invalid choice: 'maybe' \(choose from 'error', 'warn', 'off'\)/),
  summarize(['--suite', 'v1', '--auto-generate-schema'], 2, /argument --auto-generate-schema: not supported by helm-ts/),
  summarize(['--suite', 'v1', '--summarizer-class-name', 'x'], 2, /argument --summarizer-class-name: not supported by helm-ts/),
  summarize(['--suite', 'v1', '-o', 'summarized'], 1, /HELM_LOG_LEVEL=loud is not a log level/, { HELM_LOG_LEVEL: 'loud' }),

  // helm-summarize: local file faults while writing (fault injection, see test/helpers/inject-fs-fault.cjs)
  summarize(['--suite', 'v1', '-o', 'full-disk-summary'], 1, new RegExp(`Cannot write full-disk-summary/runs/v1/summary\\.json: ${FULL_DISK.source}`), { HELM_TEST_FS_FAULT: 'ENOSPC:summary\\.json' }),
  summarize(['--suite', 'v1', '-o', 'full-disk-display'], 1, new RegExp(`Cannot write full-disk-display/runs/v1/mmlu:subject=[^/]+/display_predictions\\.json: ${FULL_DISK.source}`), {
    HELM_TEST_FS_FAULT: 'ENOSPC:display_predictions\\.json',
  }),
  summarize(['--suite', 'v1', '-o', 'no-permission'], 1, /Cannot write no-permission\/runs\/v1\/runs\.json: permission denied \(EACCES\)\. To fix: make it writable by this user/, {
    HELM_TEST_FS_FAULT: 'EACCES:runs\\.json',
  }),
  summarize(['--suite', 'v1', '-o', 'read-only'], 1, /Cannot write read-only\/runs\/v1\/groups\/.*: the file system is read-only \(EROFS\)\. To fix: choose an --output-path/, {
    HELM_TEST_FS_FAULT: 'EROFS:/groups/',
  }),

  // helm-server
  server(['-p', '99999'], 2, /argument -p\/--port: invalid port 99999: must be between 1 and 65535/),
  server(['-p', '-1'], 2, /argument -p\/--port: invalid port -1: must be between 1 and 65535/),
  server(['-p', 'http'], 2, /argument -p\/--port: invalid int value: 'http'/),
  server(['-o', 'no-such-output'], 1, /Output path .*no-such-output does not exist/),
  server(['-o', 'a-file'], 1, /Output path .*a-file is a file, not a folder/),
  server(['--suite', '../x'], 2, /argument --suite: invalid name "\.\.\/x" \(it contains "\/"\)/),
  server(['--release', 'a;b'], 2, /argument --release: invalid name "a;b" \(it contains ";"\)/),
  server(['--suite', 'v1', '--release', 'r'], 2, /argument --release: not allowed with argument --suite/),
  server(['-o', 'summarized', '-p', String(PORT_IN_USE)], 1, new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${PORT_IN_USE}: the port is in use \\(pick another with --port\\)`)),

  // helm-worker
  worker(['--role', 'gpu'], 2, /argument --role: invalid choice: 'gpu' \(choose from 'cpu', 'models'\)/),
  worker(['--temporal-address', 'nonsense'], 1, /Temporal address "nonsense" .*is not HOST:PORT/),
  worker(['--namespace', ''], 1, /Temporal namespace "" .*is empty/),
  worker(['--max-batches-per-second', 'nan'], 2, /argument --max-batches-per-second: invalid float value: 'nan'/),
  worker(['--max-batches-per-second', 'inf'], 2, /argument --max-batches-per-second: invalid float value: 'inf'/),
  worker(['--max-batches-per-second', '0'], 2, /argument --max-batches-per-second: must be > 0, got 0/),
  worker(['--max-concurrent-model-batches', '0'], 2, /argument --max-concurrent-model-batches: must be >= 1, got 0/),
  worker(['--task-queue', 'a b'], 2, /argument --task-queue: invalid task queue name "a b"/),
  worker(['--temporal-address', `127.0.0.1:${CLOSED_PORT}`], 1, new RegExp(`Temporal server unreachable at 127\\.0\\.0\\.1:${CLOSED_PORT}: .*Check --temporal-address`)),

  // helm-temporal
  temporalCmd(['bogus'], 2, /argument --command: invalid choice: 'bogus' \(choose from 'status', 'start', 'stop'\)/),
  temporalCmd(['start', '--temporal-port', '70000'], 2, /argument --temporal-port: invalid port 70000: must be between 1 and 64535/),
  temporalCmd(['start', '--local-path', 'a-file'], 1, /--local-path a-file is a file, not a folder/),
  temporalCmd(['status', '--bogus'], 2, /unrecognized arguments: --bogus/),
];

/** A stack frame line as V8 prints them ("    at fn (file:1:2)", "    at file:1:2"). */
const STACK_LINE = /^\s*at (?:.+ \(.+:\d+:\d+\)|\S+:\d+:\d+|new |async )/m;

/** Files the cases read (relative to the work folder). */
function writeFixtures(work: string): void {
  const file = (name: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    fs.writeFileSync(path.join(work, name), text);
  };
  file('a-file', 'not a folder\n');
  fs.mkdirSync(path.join(work, 'a-folder'));
  file('good.conf', `entries: [{description: "${ENTRY}", priority: 1}]\n`);
  file('unterminated.conf', `entries: [\n  {description: "${ENTRY}", priority: 1\n`);
  file('not-a-list.conf', 'entries: {a: 1}\n');
  file('no-description.conf', 'entries: [{priority: 1}]\n');
  file('priority-text.conf', `entries: [{description: "${ENTRY}", priority: "high"}]\n`);
  file('binary.conf', Buffer.from([0x00, 0x01, 0xff, 0xfe]));
  file('empty.conf', '');
  file('stray-bracket.conf', 'entries = [{description: "x"}]\nentries: ]\n');
  file('deep-arrays.conf', `entries: ${'['.repeat(100_000)}\n`);
  file('deep-objects.conf', `entries: ${'{a: '.repeat(100_000)}\n`);
  file('deep-keys.conf', `${Array.from({ length: 50_000 }, () => 'a').join('.')} = 1\n`);
  file('bad-deployments/model_deployments.yaml', 'model_deployments: [\n  - name: x\n');
  file('bad-task-queues/model_task_queues.yaml', 'model_task_queues:\n  - task_queue: 5\n    deployments: [x]\n');
  file('bad-metadata/model_metadata.yaml', 'models: 7\n');
  // A summarized suite (HELM's run folders) for helm-summarize and helm-server.
  const suite = path.join(PROJECT_ROOT, 'test', 'fixtures', 'summarized-suite', 'benchmark_output');
  for (const copy of ['summarized', 'full-disk-summary', 'full-disk-display', 'no-permission', 'read-only']) fs.cpSync(suite, path.join(work, copy), { recursive: true });
}

/** Every file under `dir` (relative paths). */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort();
}

/** At most `limit` CLIs at a time: the machine is shared. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

describe('a corpus of bad inputs through the real CLIs: a specific message, a non-zero exit, no stack trace', () => {
  let work: string;
  let before: string[];
  let listener: net.Server;
  const results = new Map<Case, Promise<CliResult>>();
  const limit = limiter(4);

  beforeAll(async () => {
    work = tempDir('bad-input');
    writeFixtures(work);
    before = listFiles(work);
    // Something that is not a Temporal server holds PORT_IN_USE.
    listener = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(PORT_IN_USE, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('has at least 100 cases, each distinct', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => JSON.stringify([c.prog, c.args, c.env]))).size).toBe(CASES.length);
  });

  const title = (c: Case) => `${c.prog} ${JSON.stringify(c.args).slice(0, 120)}${c.env ? ` ${JSON.stringify(c.env)}` : ''}`;
  it.concurrent.each(CASES.map((c) => [title(c), c] as const))('%s', async (_title, c) => {
    const env: NodeJS.ProcessEnv = { HELM_DATA_MIRROR: SHARED_DATA, TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '', HELM_LOG_LEVEL: '', ...c.env };
    if (c.env?.HELM_TEST_FS_FAULT) env.NODE_OPTIONS = `--require ${path.join(PROJECT_ROOT, 'test', 'helpers', 'inject-fs-fault.cjs')}`;
    const promise = limit(() => runCli(path.join(PROJECT_ROOT, 'bin', `${c.prog}.js`), c.args, { cwd: work, env, timeoutMs: 60_000 }));
    results.set(c, promise);
    const result = await promise;
    const said = `${result.stderr}\n${result.stdout}`;
    expect(result.code, said).toBe(c.code);
    expect(result.stderr, said).toMatch(new RegExp(`^${c.prog}: error: `, 'm'));
    expect(result.stderr).toMatch(c.message);
    expect(said).not.toMatch(STACK_LINE);
    expect(said).not.toMatch(/internal error|UnhandledPromiseRejection|\[object Object\]/);
    if (c.code === 2) expect(result.stderr).toMatch(new RegExp(`^usage: ${c.prog}`, 'm'));
  });

  it('nothing was written outside the work folder, no output folder was created, and faults left no partial or temporary file', async () => {
    await Promise.allSettled(results.values());
    const after = listFiles(work);
    const created = after.filter((f) => !before.includes(f));
    // Only what a valid run entry's expansion opens in its --local-path (the request cache of
    // simple/model1), and the port-in-use case's server folder; never a run or suite folder.
    expect(created.filter((f) => !/^(prod_env|port-in-use|bad-[a-z-]+)(\/(cache|temporal)(\/|$)|$)/.test(f))).toEqual([]);
    expect(after.filter((f) => /\.tmp-/.test(f))).toEqual([]);
    expect(fs.existsSync(path.join(work, 'benchmark_output'))).toBe(false);
    expect(fs.readdirSync(path.dirname(work)).filter((f) => f === 'escaped' || f === 'pwned')).toEqual([]);
    // A write that failed left the file it was replacing as it was.
    const summary = (root: string) => fs.readFileSync(path.join(root, 'runs', 'v1', 'summary.json'), 'utf8');
    expect(summary(path.join(work, 'full-disk-summary'))).toBe(summary(path.join(PROJECT_ROOT, 'test', 'fixtures', 'summarized-suite', 'benchmark_output')));
  });
});
