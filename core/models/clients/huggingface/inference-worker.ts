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
import type { InferenceReply, InferenceRequest } from './inference-thread';

async function handle(message: InferenceRequest): Promise<InferenceReply> {
  try {
    const tokenizer = getHuggingFaceTokenizer(message.tokenizer.name, message.tokenizer.config);
    const model = await loadCausalLm(message.source, message.loadOptions);
    const random = seededRandom(message.seedKey);
    const { task } = message;
    if (task.kind === 'preload') return { id: message.id, ok: true, response: null };
    const response =
      task.kind === 'serve'
        ? await serveRequest(task.raw, { model, tokenizer, eosTokenId: tokenizer.eosTokenId, random })
        : await servePipelineRequest(task.raw, { model, tokenizer, random });
    return { id: message.id, ok: true, response };
  } catch (error) {
    return { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (message: InferenceRequest) => {
  void handle(message).then((reply) => parentPort?.postMessage(reply));
});
