/**
 * The entry point of the thread that runs a worker process's local Hugging Face models: ONNX
 * Runtime's forward passes block the thread they run on for seconds, so they run here and the
 * worker's event loop (workflow tasks, heartbeats, queries) stays free. One model load per
 * thread; requests that arrive together may share a forward pass (prompt scoring).
 */
import { parentPort } from 'node:worker_threads';
import { getHuggingFaceTokenizer } from '../../tokenizers/load-huggingface-tokenizer';
import { loadCausalLm } from './model';
import { servePipelineRequest } from './pipeline-serve';
import { seededRandom, serveRequest } from './serve';
import type { InferenceReply, InferenceRequest, PreloadRequest } from './inference-thread';

async function handle(message: InferenceRequest): Promise<InferenceReply> {
  try {
    const tokenizer = getHuggingFaceTokenizer(message.tokenizer.name, message.tokenizer.config);
    const model = await loadCausalLm(message.source, message.loadOptions);
    const random = seededRandom(message.seedKey);
    const { task } = message;
    const response =
      task.kind === 'serve'
        ? await serveRequest(task.raw, { model, tokenizer, eosTokenId: tokenizer.eosTokenId, random })
        : await servePipelineRequest(task.raw, { model, tokenizer, random });
    return { id: message.id, ok: true, response };
  } catch (error) {
    return { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A failed load is forgotten by loadCausalLm; the first request retries it and reports the error. */
async function preload(message: PreloadRequest): Promise<void> {
  try {
    getHuggingFaceTokenizer(message.tokenizer.name, message.tokenizer.config);
    await loadCausalLm(message.source, message.loadOptions);
  } catch {
    // Reported by the request that needs the model.
  }
}

parentPort?.on('message', (message: InferenceRequest | PreloadRequest) => {
  if ('preload' in message) void preload(message);
  else void handle(message).then((reply) => parentPort?.postMessage(reply));
});
