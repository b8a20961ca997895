import type { FlagSpec } from './argparse';
import { cacheUrlFlag } from './cache-options';

const TEMPORAL = 'Temporal (helm-ts)';
const UNSUPPORTED = 'HELM flags not supported by helm-ts';
const OWN = 'Your own evaluations (helm-ts)';

/** helm-run's flags: HELM's names, types and defaults, then ours for Temporal. */
export const HELM_RUN_FLAGS: FlagSpec[] = [
  { names: ['-c', '--conf-paths'], dest: 'confPaths', kind: 'string', nargs: '+', default: [], metavar: 'CONF_PATHS', help: 'Where to read RunSpecs to run from (HOCON run-entries files)' },
  { names: ['-r', '--run-entries'], dest: 'runEntries', kind: 'string', nargs: '*', default: [], metavar: 'RUN_ENTRIES', help: 'Run entry descriptions, e.g. mmlu:subject=philosophy,model=simple/model1' },
  { names: ['--run-specs'], dest: 'runSpecs', kind: 'string', nargs: '*', default: [], metavar: 'RUN_SPECS', help: 'Deprecated alias of --run-entries; a path to an existing file is read as a conf file' },
  { names: ['--models-to-run'], dest: 'modelsToRun', kind: 'string', nargs: '+', metavar: 'MODELS_TO_RUN', help: 'Only runs with these models (or deployments); rewrites wildcard model= values' },
  { names: ['--groups-to-run'], dest: 'groupsToRun', kind: 'string', nargs: '+', metavar: 'GROUPS_TO_RUN', help: 'Only runs whose groups intersect these' },
  { names: ['--priority'], dest: 'priority', kind: 'int', metavar: 'PRIORITY', help: 'Run entries with priority <= this (1 = highest)' },
  { names: ['--suite'], dest: 'suite', kind: 'string', default: 'default', metavar: 'SUITE', help: 'Name of the suite: outputs go to <output-path>/runs/<suite>' },
  { names: ['-m', '--max-eval-instances'], dest: 'maxEvalInstances', kind: 'int', required: true, metavar: 'MAX_EVAL_INSTANCES', help: 'Maximum number of evaluation instances per run (unless the run entry sets one)' },
  { names: ['-t', '--num-train-trials'], dest: 'numTrainTrials', kind: 'int', metavar: 'NUM_TRAIN_TRIALS', help: 'Number of few-shot example draws (overrides the run spec)' },
  { names: ['-n', '--num-threads'], dest: 'numThreads', kind: 'int', default: 4, metavar: 'NUM_THREADS', help: 'Request batches run in parallel per run' },
  { names: ['-o', '--output-path'], dest: 'outputPath', kind: 'string', default: 'benchmark_output', metavar: 'OUTPUT_PATH', help: 'Root of all outputs' },
  { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'Local config, credentials, request cache and Temporal state' },
  { names: ['-d', '--dry-run'], dest: 'dryRun', kind: 'flag', help: 'Skip request execution; compute only dry-run stats (files are still written)' },
  { names: ['--disable-cache'], dest: 'disableCache', kind: 'flag', help: 'Do not read or write the request cache' },
  { names: ['--exit-on-error'], dest: 'exitOnError', kind: 'flag', help: 'Stop the suite at the first failed run' },
  { names: ['--skip-completed-runs'], dest: 'skipCompletedRuns', kind: 'flag', help: 'Skip runs whose five output files already exist' },
  { names: ['--enable-local-huggingface-models'], dest: 'enableLocalHuggingFaceModels', kind: 'string', nargs: '+', default: [], metavar: 'DIR', help: 'Register local Hugging Face model folders (ONNX export + tokenizer.json) as huggingface/<folder name>' },
  { names: ['--local'], dest: 'local', kind: 'flag', help: 'Accepted for compatibility with old tutorials; no effect (local is the default)' },
  { names: ['--plugins'], dest: 'plugins', kind: 'string', nargs: '+', default: [], metavar: 'PLUGINS', help: 'JavaScript/TypeScript modules (paths, or package names) that register scenarios, run spec functions, metrics, clients or perturbations through helm-ts\'s API; helm-worker processes of the suite need the same --plugins' },
  { names: ['--include-path'], dest: 'includePaths', kind: 'string', nargs: '+', default: [], metavar: 'DIR', group: OWN, help: 'Folders of declarative scenarios (a folder with scenario.yaml, or a folder of such folders); also <local-path>/include_paths.yaml' },
  { names: ['--list'], dest: 'list', kind: 'string', choices: ['scenarios', 'models', 'metrics', 'perturbations'], metavar: '{scenarios,models,metrics,perturbations}', group: OWN, help: 'List what can be run (names, short descriptions, required arguments) and exit' },
  { names: ['--validate'], dest: 'validate', kind: 'string', nargs: '*', metavar: 'PATH', group: OWN, help: 'Check conf files, scenario folders and the given run entries without running anything; every problem is reported, exit 1 if any' },
  { names: ['--data-mirror'], dest: 'dataMirror', kind: 'string', metavar: 'DIR', group: TEMPORAL, help: 'Folder with scenario data (laid out like shared/data: <dir>/mmlu/{dev,test}) used instead of the canonical download. Env: HELM_DATA_MIRROR' },
  { names: ['--temporal-address'], dest: 'temporalAddress', kind: 'string', metavar: 'HOST:PORT', group: TEMPORAL, help: 'Use this Temporal server and its helm-worker processes instead of the embedded dev server. Env: TEMPORAL_ADDRESS' },
  { names: ['--namespace'], dest: 'namespace', kind: 'string', metavar: 'NAMESPACE', group: TEMPORAL, help: 'Temporal namespace (default: default). Env: TEMPORAL_NAMESPACE' },
  { names: ['--temporal-port'], dest: 'temporalPort', kind: 'int', metavar: 'PORT', group: TEMPORAL, help: 'Port of the embedded dev server (its Web UI uses PORT+1000; default 7233, or the port of the one already running for --local-path)' },
  { names: ['--max-concurrent-runs'], dest: 'maxConcurrentRuns', kind: 'int', default: 4, metavar: 'N', group: TEMPORAL, help: 'Runs of the suite in flight at once' },
  { names: ['--request-batch-size'], dest: 'requestBatchSize', kind: 'int', default: 256, metavar: 'N', group: TEMPORAL, help: 'Requests per executeRequestBatch activity' },
  { names: ['--small-run-group-size'], dest: 'smallRunGroupSize', kind: 'int', metavar: 'N', group: TEMPORAL, help: 'Runs with at most --request-batch-size requests go up to N at a time through one activity instead of a RunWorkflow each (much faster for small runs; 0: every run its own workflow). Default 16 on the embedded server, 0 with --temporal-address (a fleet keeps model calls on its model workers)' },
  { names: ['--model-task-queue'], dest: 'modelTaskQueue', kind: 'string', default: 'helm-models', metavar: 'QUEUE', group: TEMPORAL, help: 'Task queue of the model-calling activities' },
  { names: ['--plan'], dest: 'plan', kind: 'flag', group: TEMPORAL, help: 'Expand the run entries (every filter applies), print the run names, write <output-path>/runs/<suite>/run_specs.json, and exit without running anything' },
  cacheUrlFlag(TEMPORAL, '. The suite records the URL without its password; every worker opens that cache'),
  { names: ['--summarize'], dest: 'summarize', kind: 'flag', group: TEMPORAL, help: 'Run helm-summarize for the suite when its runs are done (a SummarizeWorkflow)' },
  { names: ['--cancel'], dest: 'cancel', kind: 'flag', group: TEMPORAL, help: 'Cancel the running suite named by --suite (children cancelled, completed runs kept) and exit' },
  { names: ['--no-wait'], dest: 'noWait', kind: 'flag', group: TEMPORAL, help: 'Submit the suite and exit (with --temporal-address)' },
  { names: ['--log-format'], dest: 'logFormat', kind: 'string', choices: ['text', 'json'], metavar: '{text,json}', group: TEMPORAL, help: 'Log lines on stderr: readable text, or JSON lines for log collectors (default text; env HELM_LOG_FORMAT)' },
  { names: ['--skip-instances'], dest: 'unsupported_skip_instances', kind: 'flag', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported' },
  { names: ['--cache-instances'], dest: 'unsupported_cache_instances', kind: 'flag', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported' },
  { names: ['--cache-instances-only'], dest: 'unsupported_cache_instances_only', kind: 'flag', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported' },
  { names: ['--mongo-uri'], dest: 'unsupported_mongo_uri', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported: use --cache-url postgres://… for a request cache shared by every worker' },
  { names: ['--runner-class-name'], dest: 'unsupported_runner_class_name', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported (Temporal workers replace custom runners)' },
  { names: ['--enable-huggingface-models'], dest: 'unsupported_enable_huggingface_models', kind: 'string', nargs: '+', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported yet' },

  { names: ['--log-config'], dest: 'unsupported_log_config', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported (use HELM_LOG_LEVEL / HELM_LOG_FORMAT)' },
  { names: ['--server-url'], dest: 'unsupported_server_url', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported' },
  { names: ['--api-key-path'], dest: 'unsupported_api_key_path', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported' },
];
