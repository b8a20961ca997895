import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TokenizerConfig } from '../../schemas';
import type { LoadOptions } from './model';
import type { PipelineRawRequest, PipelineResponse } from './pipeline-serve';
import type { HuggingFaceRawRequest, HuggingFaceResponse } from './serve';

/** One request to the inference thread: everything it needs to rebuild the tokenizer and model. */
export interface InferenceRequest {
  id: number;
  source: string;
  loadOptions: LoadOptions;
  tokenizer: { name: string; config?: TokenizerConfig };
  /** HuggingFaceClient's serve_request, or HuggingFacePipelineClient's pipeline call. */
  task: { kind: 'serve'; raw: HuggingFaceRawRequest } | { kind: 'pipeline'; raw: PipelineRawRequest };
  /** Seeds the sampling draws (the request's cache key), as the in-process path does. */
  seedKey: string;
}

/** Loads the tokenizer and model ahead of the first request; no reply. */
export interface PreloadRequest {
  preload: true;
  source: string;
  loadOptions: LoadOptions;
  tokenizer: { name: string; config?: TokenizerConfig };
}

export type InferenceReply = { id: number; ok: true; response: unknown } | { id: number; ok: false; message: string };

/**
 * The compiled worker entry (inference-worker.js) beside this module, or, when this module runs
 * from TypeScript source (tests), the one `npm run build` put in dist/; undefined if neither exists.
 */
export function inferenceWorkerScript(): string | undefined {
  const candidates = [
    path.join(__dirname, 'inference-worker.js'),
    path.resolve(__dirname, '../../../../dist/core/models/clients/huggingface/inference-worker.js'),
  ];
  return candidates.find((file) => fs.existsSync(file));
}

/** `HELM_HF_INFERENCE=inline` keeps inference on the calling thread (debugging); the default is a thread. */
export function useInferenceThread(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HELM_HF_INFERENCE !== 'inline' && inferenceWorkerScript() !== undefined;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (response: unknown) => void; reject: (e: Error) => void }>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function inferenceThread(): Worker {
  if (worker) return worker;
  const script = inferenceWorkerScript();
  if (script === undefined) throw new Error('the inference thread script is missing (run npm run build)');
  const thread = new Worker(script);
  thread.on('message', (reply: InferenceReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (pending.size === 0) thread.unref();
    if (reply.ok) waiter.resolve(reply.response);
    else waiter.reject(new Error(reply.message));
  });
  thread.on('error', (error) => {
    worker = undefined;
    failAll(new Error(`the model inference thread failed: ${error.message}`));
  });
  thread.on('exit', (code) => {
    if (worker === thread) worker = undefined;
    failAll(new Error(`the model inference thread exited (code ${code})`));
  });
  // An idle thread must not keep the process alive; a busy one must.
  thread.unref();
  worker = thread;
  return thread;
}

function runOnInferenceThread(request: Omit<InferenceRequest, 'id'>): Promise<unknown> {
  const thread = inferenceThread();
  const id = nextId++;
  return new Promise<unknown>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.ref();
    thread.postMessage({ ...request, id } satisfies InferenceRequest);
  });
}

type ThreadRequest<Raw> = Omit<InferenceRequest, 'id' | 'task'> & { raw: Raw };

/** Runs serve_request on the process's inference thread (started on first use). */
export async function serveOnInferenceThread({ raw, ...request }: ThreadRequest<HuggingFaceRawRequest>): Promise<HuggingFaceResponse> {
  // The thread is ours and replies with serveRequest's own value (-Infinity logprobs included).
  return (await runOnInferenceThread({ ...request, task: { kind: 'serve', raw } })) as HuggingFaceResponse;
}

/** Runs HuggingFacePipelineClient's pipeline call on the process's inference thread. */
export async function servePipelineOnInferenceThread({ raw, ...request }: ThreadRequest<PipelineRawRequest>): Promise<PipelineResponse> {
  return (await runOnInferenceThread({ ...request, task: { kind: 'pipeline', raw } })) as PipelineResponse;
}

/**
 * Has the inference thread load a model before its first request. The thread stays unreferenced,
 * so a suite that needs no inference (every request cached) does not wait for the load to exit.
 */
export function preloadOnInferenceThread(request: Omit<PreloadRequest, 'preload'>): void {
  inferenceThread().postMessage({ ...request, preload: true } satisfies PreloadRequest);
}

/** Stops the inference thread (tests, shutdown); the next request starts a new one. */
export async function stopInferenceThread(): Promise<void> {
  const thread = worker;
  worker = undefined;
  if (thread) await thread.terminate();
}
