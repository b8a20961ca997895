import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A tiny OpenAI-compatible Completions server for fault-injection tests. It runs as a separate
 * process (kill -9 of workers, CLIs or the Temporal server never touches it), answers each prompt
 * deterministically (a letter and a logprob derived from the prompt's hash), can be slowed down
 * per request, and counts calls per distinct request body: the model-side truth the durability
 * tests assert on. Only node built-ins are imported, so this file runs on its own.
 *
 * It can also stand for a model server of limited capacity (bench-scale's fleet mode): at most
 * `capacity` requests are served at once, the rest wait in arrival order, like a vLLM server's
 * batch slots or an API key's concurrency limit.
 *
 * HTTP API: POST /v1/completions; GET /stats; POST /reset; POST /config {"delayMs": n, "capacity": n}.
 */

export interface FakeModelStats {
  /** Requests received. */
  calls: number;
  /** Distinct request bodies received. */
  distinct: number;
  /** calls - distinct: requests whose exact body had been received before. */
  repeated: number;
  /** Largest number of times one body was received. */
  maxPerBody: number;
  /** Requests whose client went away before the answer was written (in flight at a kill). */
  abandoned: number;
  /** Requests being answered right now. */
  inFlight: number;
  maxInFlight: number;
  /** Most requests served at the same time (at most the capacity; the rest waited). */
  maxServing: number;
  /** The repeated bodies' prompts (last 80 characters) and counts, for failure messages. */
  repeatedPrompts: Array<{ prompt: string; count: number }>;
}

interface ServerState {
  delayMs: number;
  /** Requests served at once; later ones queue (Infinity: no limit). */
  capacity: number;
  serving: number;
  maxServing: number;
  waiting: Array<() => void>;
  counts: Map<string, { count: number; prompt: string }>;
  calls: number;
  abandoned: number;
  inFlight: number;
  maxInFlight: number;
}

function hashOf(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}

/** The deterministic answer: one of A-D and a logprob in (-1, 0], both functions of the prompt. */
export function fakeAnswer(prompt: string): { text: string; logprob: number } {
  const digest = hashOf(prompt);
  return { text: ` ${'ABCD'[digest[0] % 4]}`, logprob: -Math.round((digest[1] / 256) * 1000) / 1000 };
}

function completionBody(body: Record<string, unknown>): unknown {
  const prompt = String(body.prompt ?? '');
  const answer = fakeAnswer(prompt);
  const echo = body.echo === true;
  const tokens = echo ? [prompt, answer.text] : [answer.text];
  const logprobs = echo ? [null, answer.logprob] : [answer.logprob];
  return {
    id: `cmpl-${hashOf(prompt).toString('hex').slice(0, 12)}`,
    object: 'text_completion',
    model: body.model,
    choices: [
      {
        index: 0,
        text: echo ? prompt + answer.text : answer.text,
        finish_reason: 'length',
        logprobs: { tokens, token_logprobs: logprobs, top_logprobs: null, text_offset: null },
      },
    ],
  };
}

function stats(state: ServerState): FakeModelStats {
  const repeated = [...state.counts.values()].filter((c) => c.count > 1);
  return {
    calls: state.calls,
    distinct: state.counts.size,
    repeated: state.calls - state.counts.size,
    maxPerBody: Math.max(0, ...[...state.counts.values()].map((c) => c.count)),
    abandoned: state.abandoned,
    inFlight: state.inFlight,
    maxInFlight: state.maxInFlight,
    maxServing: state.maxServing,
    repeatedPrompts: repeated.map((c) => ({ prompt: c.prompt.slice(-80), count: c.count })),
  };
}

function reply(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function handle(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
  const url = req.url ?? '';
  if (req.method === 'GET' && url === '/stats') return reply(res, 200, stats(state));
  if (req.method === 'POST' && url === '/reset') {
    state.counts.clear();
    Object.assign(state, { calls: 0, abandoned: 0, maxInFlight: state.inFlight, maxServing: state.serving });
    return reply(res, 200, stats(state));
  }
  if (req.method === 'POST' && url === '/config') {
    const config = JSON.parse(text) as { delayMs?: number; capacity?: number };
    if (typeof config.delayMs === 'number') state.delayMs = config.delayMs;
    if (typeof config.capacity === 'number') state.capacity = config.capacity > 0 ? config.capacity : Infinity;
    return reply(res, 200, { delayMs: state.delayMs, capacity: state.capacity });
  }
  if (req.method !== 'POST' || !url.endsWith('/completions')) return reply(res, 404, { error: { message: `no route ${req.method} ${url}` } });
  const body = JSON.parse(text) as Record<string, unknown>;
  const key = hashOf(text).toString('hex');
  const seen = state.counts.get(key) ?? { count: 0, prompt: String(body.prompt ?? '') };
  seen.count++;
  state.counts.set(key, seen);
  state.calls++;
  state.inFlight++;
  state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
  let answered = false;
  // 'close' before we answered: the caller died (or hung up) with this call in flight.
  res.once('close', () => {
    if (!answered) {
      state.abandoned++;
      state.inFlight--;
    }
  });
  const serve = (): void => {
    if (res.destroyed) return release(state);
    setTimeout(() => {
      release(state);
      if (res.destroyed) return;
      answered = true;
      state.inFlight--;
      reply(res, 200, completionBody(body));
    }, state.delayMs);
  };
  if (state.serving < state.capacity) {
    state.serving++;
    state.maxServing = Math.max(state.maxServing, state.serving);
    serve();
  } else {
    state.waiting.push(serve);
  }
}

/** Frees a serving slot: the next waiting request (if any) takes it. */
function release(state: ServerState): void {
  const next = state.waiting.shift();
  if (next) next();
  else state.serving--;
}

/** Serves on 127.0.0.1 (port 0: a random one) and resolves with the bound port. */
export function serveFakeModel(port = 0, delayMs = 0, capacity = Infinity): Promise<{ server: http.Server; port: number }> {
  const state: ServerState = { delayMs, capacity, serving: 0, maxServing: 0, waiting: [], counts: new Map(), calls: 0, abandoned: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      try {
        handle(state, req, res, text);
      } catch (error) {
        reply(res, 400, { error: { message: String(error) } });
      }
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

/** The deployment (and model) name under which writeFakeModelProdEnv registers the server. */
export const FAKE_MODEL = 'fake/echo';

/** prod_env registering the fake model as a keyless vLLM Completions deployment. */
export function writeFakeModelProdEnv(localPath: string, baseUrl: string): void {
  fs.mkdirSync(localPath, { recursive: true });
  fs.writeFileSync(
    path.join(localPath, 'model_deployments.yaml'),
    [
      'model_deployments:',
      `  - name: ${FAKE_MODEL}`,
      `    model_name: ${FAKE_MODEL}`,
      // Metrics count tokens; the simple tokenizer needs no files.
      '    tokenizer_name: simple/tokenizer1',
      '    max_sequence_length: 2048',
      '    client_spec:',
      '      class_name: helm.clients.vllm_client.VLLMClient',
      '      args:',
      `        base_url: ${baseUrl}`,
      '        vllm_model_name: echo',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(localPath, 'model_metadata.yaml'),
    [
      'models:',
      `  - name: ${FAKE_MODEL}`,
      '    display_name: Fake echo model',
      '    description: Deterministic OpenAI-compatible test server',
      '    creator_organization_name: helm-ts',
      '    access: open',
      '    release_date: 2024-01-01',
      '    tags: [TEXT_MODEL_TAG, FULL_FUNCTIONALITY_TEXT_MODEL_TAG]',
      '',
    ].join('\n'),
  );
}

/** A fake model server running in its own process. */
export interface FakeModelProcess {
  port: number;
  baseUrl: string;
  pid: number;
  stats(): Promise<FakeModelStats>;
  reset(): Promise<FakeModelStats>;
  setDelay(delayMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function call<T>(port: number, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`fake model server ${method} ${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** This file as JavaScript: itself when compiled (dist/), else transpiled once into a temp dir. */
function runnableScript(): string {
  if (__filename.endsWith('.js')) return __filename;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const source = fs.readFileSync(__filename, 'utf8');
  const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-fake-model-')), 'fake-model-server.js');
  fs.writeFileSync(file, output.outputText);
  return file;
}

/** Starts the server as a child process (not detached from the test's lifetime: stop() ends it). */
export async function startFakeModelProcess(delayMs = 0, capacity = 0): Promise<FakeModelProcess> {
  const child: ChildProcess = spawn(process.execPath, [runnableScript(), String(delayMs), String(capacity)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening (\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`fake model server exited with ${code}`)));
  });
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    pid: child.pid ?? -1,
    stats: () => call<FakeModelStats>(port, 'GET', '/stats'),
    reset: () => call<FakeModelStats>(port, 'POST', '/reset'),
    async setDelay(ms: number) {
      await call(port, 'POST', '/config', { delayMs: ms });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (require.main === module) {
  const capacity = Number(process.argv[3] ?? 0);
  void serveFakeModel(0, Number(process.argv[2] ?? 0), capacity > 0 ? capacity : Infinity).then(({ port }) => process.stdout.write(`listening ${port}\n`));
}
