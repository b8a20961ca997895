/**
 * Model-side benchmark of helm-ts (issue 4), in two parts.
 *
 *   npm run build && node dist/scripts/bench-models.js [options]
 *
 * 1. Pipeline overhead per request: an in-process OpenAI-compatible Completions server that
 *    answers at once, registered as `fake/echo` (keyless vLLM client, as test/durability does);
 *    the real `helm-run` CLI on a few MMLU subjects with --disable-cache on its embedded dev
 *    server (a warm-up run starts the server first, so the measured runs do not include its
 *    start-up); wall time / requests, and the same suite with simple/model1 for comparison. The
 *    dev server is stopped afterwards (`helm-temporal stop`).
 * 2. The local Hugging Face client (transformers.js, ONNX, CPU) on the tiny random GPT-2 of
 *    test/fixtures/models/tiny-gpt2 (copied to a temp dir with GPT-2's tokenizer files), on the
 *    real MMLU prompts of part 1's scenario_state.json files, request cache disabled: generation
 *    (max_tokens 1, MMLU's own request; max_tokens 16, no stop sequences) and echo scoring
 *    (max_tokens 0, echo_prompt), each with 1, 2, 4, 8, 16 requests in flight at once.
 *
 * Options:
 *   --subjects a,b,c      MMLU subjects (default anatomy,astronomy,philosophy)
 *   -m N                  --max-eval-instances of helm-run (default 200)
 *   --requests N          requests per concurrency level in part 2 (default 48)
 *   --concurrency 1,2,4   concurrency levels of part 2 (default 1,2,4,8,16)
 *   --data-mirror DIR     MMLU data (default $HELM_DATA_MIRROR, else /work/shared/data)
 *   --temporal-port PORT  port of the embedded dev server (default: a free one)
 *   --keep                keep the temp dir
 *
 * Prints a table and one line `BENCH_MODELS_JSON {...}`; the load average is sampled before and
 * after each part (the machine may be shared).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { HuggingFaceClient } from '../core/models/clients/huggingface-client';
import { loadCausalLm } from '../core/models/clients/huggingface/model';
import { DisabledRequestCache } from '../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request, type RequestResult } from '../core/models/schemas';
import { getTokenizer } from '../core/models/tokenizers';
import { writeGpt2TokenizerFiles } from '../core/models/tokenizers/gpt2-bpe';
import { formatTable, freePort, machineDescription, mib, PROJECT_ROOT, runCli, stopServer, UsageError, printHelp, isRecord, readJson } from './bench-common';
import { FAKE_MODEL, serveFakeModel, writeFakeModelProdEnv, type FakeModelStats } from '../test/helpers/fake-model-server';

const TINY_SOURCE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'models', 'tiny-gpt2');
const GPT2_CONTEXT = 1024;

interface Options {
  subjects: string[];
  maxEvalInstances: number;
  requests: number;
  concurrency: number[];
  dataMirror: string;
  temporalPort: number | undefined;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    subjects: ['anatomy', 'astronomy', 'philosophy'],
    maxEvalInstances: 200,
    requests: 48,
    concurrency: [1, 2, 4, 8, 16],
    dataMirror: process.env.HELM_DATA_MIRROR ?? '/work/shared/data',
    temporalPort: undefined,
    keep: false,
  };
  const positiveInt = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive integer, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--subjects':
        options.subjects = (value ?? '').split(',').filter((s) => s.length > 0);
        i++;
        break;
      case '-m':
      case '--max-eval-instances':
        options.maxEvalInstances = positiveInt(flag, value);
        i++;
        break;
      case '--requests':
        options.requests = positiveInt(flag, value);
        i++;
        break;
      case '--concurrency':
        options.concurrency = (value ?? '').split(',').map((c) => positiveInt(flag, c));
        i++;
        break;
      case '--data-mirror':
        options.dataMirror = path.resolve(value ?? '');
        i++;
        break;
      case '--temporal-port':
        options.temporalPort = positiveInt(flag, value);
        i++;
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        throw new UsageError(`unknown argument ${flag} (see --help)`);
    }
  }
  if (options.subjects.length === 0) throw new UsageError('--subjects needs at least one subject');
  return options;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Part 1: the pipeline against an instant OpenAI-compatible server

/** The fake OpenAI-compatible model of the durability tests, in-process and answering at once. */
async function serveInstantModel(): Promise<{ server: http.Server; baseUrl: string; calls: () => Promise<number> }> {
  const { server, port } = await serveFakeModel(0, 0);
  const calls = async (): Promise<number> => ((await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as FakeModelStats).calls;
  return { server, baseUrl: `http://127.0.0.1:${port}/v1`, calls };
}

function writeConf(file: string, subjects: readonly string[], model: string): void {
  const entries = subjects.map((s) => `  {description: "mmlu:subject=${s},model=${model}", priority: 1}`);
  fs.writeFileSync(file, `entries: [\n${entries.join(',\n')}\n]\n`);
}

/** The request states' prompts of every run of a suite (scenario_state.json). */
function suitePrompts(outputPath: string, suite: string): Request[] {
  const dir = path.join(outputPath, 'runs', suite);
  const requests: Request[] = [];
  for (const run of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, run, 'scenario_state.json');
    if (!fs.existsSync(file)) continue;
    const state = readJson(file);
    const states = isRecord(state) && Array.isArray(state.request_states) ? state.request_states : [];
    for (const rs of states) {
      if (isRecord(rs) && isRecord(rs.request)) requests.push(rs.request as unknown as Request);
    }
  }
  return requests;
}

interface PipelineFigures {
  model: string;
  runs: number;
  requests: number;
  modelCalls: number | undefined;
  wallS: number;
  msPerRequest: number;
  code: number;
  helmRunPeakRssMiB: number;
  serverPeakRssMiB: number;
  load: string;
}

async function pipelinePart(
  work: string,
  options: Options,
  port: number,
): Promise<{ figures: PipelineFigures[]; prompts: Request[] }> {
  const fake = await serveInstantModel();
  writeFakeModelProdEnv(path.join(work, 'prod_env'), fake.baseUrl);
  const common = ['--disable-cache', '--data-mirror', options.dataMirror, '--temporal-port', String(port)];
  // Warm-up: starts the dev server (and fills the scenario data) outside the measured runs.
  writeConf(path.join(work, 'warmup.conf'), options.subjects.slice(0, 1), FAKE_MODEL);
  const warm = await runCli(work, ['--conf-paths', 'warmup.conf', '--suite', 'warmup', '-m', '1', ...common], 'warmup.log', false);
  if (warm.code !== 0) throw new Error(`warm-up helm-run exited ${warm.code}; see ${warm.logPath}`);
  const figures: PipelineFigures[] = [];
  for (const model of [FAKE_MODEL, 'simple/model1']) {
    const suite = model.replace('/', '_');
    writeConf(path.join(work, `${suite}.conf`), options.subjects, model);
    const callsBefore = await fake.calls();
    const load = loadAverage();
    const result = await runCli(work, ['--conf-paths', `${suite}.conf`, '--suite', suite, '-m', String(options.maxEvalInstances), ...common], `${suite}.log`, false);
    if (result.code !== 0) throw new Error(`helm-run (${model}) exited ${result.code}; see ${result.logPath}`);
    const requests = suitePrompts(path.join(work, 'benchmark_output'), suite).length;
    figures.push({
      model,
      runs: fs.readdirSync(path.join(work, 'benchmark_output', 'runs', suite)).filter((d) => d.startsWith('mmlu:')).length,
      requests,
      modelCalls: model === FAKE_MODEL ? (await fake.calls()) - callsBefore : undefined,
      wallS: result.wallS,
      msPerRequest: (result.wallS * 1000) / requests,
      code: result.code,
      helmRunPeakRssMiB: result.rss.helmRunKb / 1024,
      serverPeakRssMiB: result.rss.serverKb / 1024,
      load,
    });
  }
  const stop = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'helm-temporal.js'), 'stop', '--temporal-port', String(port)], { cwd: work, encoding: 'utf8' });
  if (stop.status !== 0) process.stderr.write(`helm-temporal stop: exit ${stop.status}: ${stop.stderr}\n`);
  await stopServer(work); // in case `stop` did not end it
  await new Promise<void>((resolve) => fake.server.close(() => resolve()));
  return { figures, prompts: suitePrompts(path.join(work, 'benchmark_output'), FAKE_MODEL.replace('/', '_')) };
}

// ---------------------------------------------------------------------------------------------
// Part 2: the local Hugging Face client

interface HfCell {
  mode: string;
  concurrency: number;
  requests: number;
  wallS: number;
  requestsPerS: number;
  promptTokensPerS: number;
  generatedTokensPerS: number;
  forwardBatches: number;
  load: string;
}

type Mode = { name: string; request: (prompt: Request) => Request };

/** Runs `requests` with `concurrency` in flight at once; returns the results in order. */
async function runPool(client: HuggingFaceClient, requests: readonly Request[], concurrency: number): Promise<RequestResult[]> {
  const results: RequestResult[] = new Array<RequestResult>(requests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const i = next++;
      results[i] = await client.makeRequest(requests[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return results;
}

async function huggingFacePart(work: string, options: Options, mmluRequests: readonly Request[]): Promise<{ cells: HfCell[]; peakRssMiB: number; usable: number; tooLong: number }> {
  const folder = path.join(work, 'tiny-gpt2');
  fs.cpSync(TINY_SOURCE, folder, { recursive: true });
  if (!fs.existsSync(path.join(folder, 'tokenizer.json'))) writeGpt2TokenizerFiles(folder);
  const deployment: ModelDeployment = {
    name: 'huggingface/tiny-gpt2',
    model_name: 'huggingface/tiny-gpt2',
    tokenizer_name: 'huggingface/gpt2',
    max_sequence_length: GPT2_CONTEXT,
    client_spec: { class_name: 'helm.clients.huggingface_client.HuggingFaceClient', args: { pretrained_model_name_or_path: folder } },
    deprecated: false,
  };
  const client = new HuggingFaceClient(deployment, new DisabledRequestCache());
  const gpt2 = getTokenizer('huggingface/gpt2');
  // Prompts built for fake/echo's 2048-token window; GPT-2 has 1024 positions (16 to generate).
  const usablePrompts = mmluRequests.filter((r) => gpt2.tokenize(r.prompt).length + 16 <= GPT2_CONTEXT);
  const prompts = Array.from({ length: options.requests }, (_, i) => usablePrompts[i % usablePrompts.length]);
  if (usablePrompts.length === 0) throw new Error('no MMLU prompt fits GPT-2 context');
  const base = (r: Request): Request => ({ ...r, model_deployment: deployment.name, model: deployment.model_name ?? deployment.name });
  const modes: Mode[] = [
    { name: 'generate max_tokens=1', request: (r) => ({ ...base(r), max_tokens: 1 }) },
    { name: 'generate max_tokens=16', request: (r) => ({ ...base(r), max_tokens: 16, stop_sequences: [] }) },
    { name: 'echo max_tokens=0', request: (r) => defaultRequest({ ...base(r), max_tokens: 0, echo_prompt: true, temperature: { py_float: 0 }, stop_sequences: [] }) },
  ];
  const model = await loadCausalLm(folder);
  const cells: HfCell[] = [];
  for (const mode of modes) {
    const requests = prompts.map(mode.request);
    const warm = await client.makeRequest(requests[0]);
    if (!warm.success) throw new Error(`${mode.name}: ${warm.error}`);
    for (const concurrency of options.concurrency) {
      const load = loadAverage();
      const batchesBefore = model.promptStats.batches;
      const start = process.hrtime.bigint();
      const results = await runPool(client, requests, concurrency);
      const wallS = Number(process.hrtime.bigint() - start) / 1e9;
      const failed = results.find((r) => !r.success);
      if (failed) throw new Error(`${mode.name} c=${concurrency}: ${failed.error}`);
      const promptTokens = requests.reduce((n, r) => n + gpt2.tokenize(r.prompt).length, 0);
      const generated = results.reduce((n, r, i) => n + r.completions[0].tokens.length - (requests[i].echo_prompt ? gpt2.tokenize(requests[i].prompt).length : 0), 0);
      cells.push({
        mode: mode.name,
        concurrency,
        requests: requests.length,
        wallS,
        requestsPerS: requests.length / wallS,
        promptTokensPerS: promptTokens / wallS,
        generatedTokensPerS: generated / wallS,
        forwardBatches: model.promptStats.batches - batchesBefore,
        load,
      });
      process.stderr.write(`  ${mode.name} c=${concurrency}: ${(requests.length / wallS).toFixed(2)} req/s\n`);
    }
  }
  return { cells, peakRssMiB: process.resourceUsage().maxRSS / 1024, usable: usablePrompts.length, tooLong: mmluRequests.length - usablePrompts.length };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    printHelp(__filename);
    return 0;
  }
  const options = parseArgs(argv);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-bench-models-'));
  const port = options.temporalPort ?? (await freePort());
  process.stderr.write(`bench-models: ${machineDescription()}; work dir ${work}; load ${loadAverage()}\n`);
  try {
    process.stderr.write('part 1: helm-run against an instant OpenAI-compatible server\n');
    const pipeline = await pipelinePart(work, options, port);
    process.stderr.write(`part 2: HuggingFaceClient on tiny-gpt2, ${pipeline.prompts.length} MMLU prompts\n`);
    const hf = await huggingFacePart(work, options, pipeline.prompts);

    const rows: Array<[string, string]> = [['machine', machineDescription()]];
    for (const p of pipeline.figures) {
      rows.push([
        `helm-run ${p.model}`,
        `${p.runs} runs, ${p.requests} requests${p.modelCalls === undefined ? '' : ` (${p.modelCalls} HTTP calls)`} in ${p.wallS.toFixed(1)} s = ` +
          `${p.msPerRequest.toFixed(1)} ms/request; peak RSS helm-run ${mib(p.helmRunPeakRssMiB * 1024)}, server ${mib(p.serverPeakRssMiB * 1024)}; load ${p.load}`,
      ]);
    }
    rows.push(['hf prompts', `${hf.usable} MMLU prompts fit GPT-2's 1024 tokens (${hf.tooLong} longer ones left out); ${options.requests} requests per cell`]);
    for (const c of hf.cells) {
      rows.push([
        `hf ${c.mode} c=${c.concurrency}`,
        `${c.requestsPerS.toFixed(2)} req/s, ${c.promptTokensPerS.toFixed(0)} prompt tok/s, ${c.generatedTokensPerS.toFixed(1)} generated tok/s` +
          `${c.forwardBatches > 0 ? `, ${c.forwardBatches} batched prompt passes` : ''}; load ${c.load}`,
      ]);
    }
    const best = (mode: string): HfCell | undefined =>
      hf.cells.filter((c) => c.mode === mode && c.concurrency > 1).reduce<HfCell | undefined>((b, c) => (b === undefined || c.requestsPerS > b.requestsPerS ? c : b), undefined);
    for (const mode of [...new Set(hf.cells.map((c) => c.mode))]) {
      const one = hf.cells.find((c) => c.mode === mode && c.concurrency === 1);
      const top = best(mode);
      if (one && top) rows.push([`hf ${mode} best`, `c=${top.concurrency}: ${(top.requestsPerS / one.requestsPerS).toFixed(2)}x of c=1`]);
    }
    rows.push(['hf peak RSS', `${hf.peakRssMiB.toFixed(0)} MiB (this process: client, model, tokenizer)`]);
    rows.push(['load average', `${loadAverage()} (at the end)`]);
    process.stdout.write(formatTable(rows) + '\n');
    const json = { machine: machineDescription(), options, pipeline: pipeline.figures, huggingface: { ...hf, best: Object.fromEntries([...new Set(hf.cells.map((c) => c.mode))].map((m) => [m, best(m)])) }, loadAtEnd: loadAverage() };
    process.stdout.write(`BENCH_MODELS_JSON ${JSON.stringify(json)}\n`);
    return 0;
  } finally {
    await stopServer(work);
    if (options.keep) process.stderr.write(`kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`bench-models: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench-models: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
