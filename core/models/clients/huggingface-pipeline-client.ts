import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber } from '../../common/py-number';
import { RequestCache, type RequestCacheLike } from '../request-cache';
import type { ModelDeployment, Request, RequestResult, TokenizerConfig } from '../schemas';
import type { HuggingFaceTokenizer } from '../tokenizers';
import { timed } from './client';
import { HuggingFaceClient, withWeightsChecked, type HuggingFaceClientOptions } from './huggingface-client';
import { servePipelineOnInferenceThread, useInferenceThread } from './huggingface/inference-thread';
import { loadCausalLm } from './huggingface/model';
import { PipelineResponse, pipelineRequestProblem, servePipelineRequest, type PipelineRawRequest } from './huggingface/pipeline-serve';
import { seededRandom } from './huggingface/serve';

export const HUGGINGFACE_PIPELINE_CLIENT_CLASS = 'helm.clients.huggingface_pipeline_client.HuggingFacePipelineClient';

/** The client args HELM's class takes for itself; every other one goes to `transformers.pipeline`. */
const OWN_ARGS = new Set(['pretrained_model_name_or_path', 'apply_chat_template', 'model_name', 'tokenizer_name']);

/**
 * HELM's HuggingFacePipelineClient (the SmolLM2 deployments): a `transformers.pipeline("text-generation")`
 * over the deployment's model, here the same transformers.js model the HuggingFaceClient runs. Chat
 * models get the request as messages, others the prompt; completions are texts only (logprob 0, no
 * tokens), not cut at stop sequences; a single-token stop sequence ends generation as HELM's
 * `eos_token_id` does, and other stop sequences are refused as HELM refuses them.
 */
export class HuggingFacePipelineClient extends HuggingFaceClient {
  /** `pipeline_kwargs`, part of HELM's cache key: the model, the task and the other client args. */
  private readonly pipelineKwargs: Record<string, unknown>;

  constructor(deployment: ModelDeployment, cache: RequestCacheLike, options: HuggingFaceClientOptions = {}) {
    super(deployment, cache, options);
    const extra = Object.entries(deployment.client_spec.args).filter(([name]) => !OWN_ARGS.has(name));
    this.pipelineKwargs = { model: this.modelSource, task: 'text-generation', ...Object.fromEntries(extra) };
  }

  /** The pipeline loads its tokenizer from the model (folder or hub id), whatever the deployment's tokenizer. */
  protected override tokenizerSpec(): { name: string; config?: TokenizerConfig } {
    const name = this.modelSource;
    return {
      name,
      config: { name, tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: name } } },
    };
  }

  async makeRequest(request: Request): Promise<RequestResult> {
    const helmModelName = this.deployment.model_name ?? this.deployment.name;
    if (request.model !== helmModelName) {
      throw new HelmInputError(`This instance of HuggingFacePipelineClient has loaded model ${helmModelName} but the request was for model ${request.model}`);
    }
    const tokenizer = this.tokenizer();
    const raw = this.rawRequest(request, tokenizer);
    const plain: PipelineRawRequest = {
      ...raw,
      temperature: raw.temperature === null ? null : toNumber(raw.temperature),
      num_return_sequences: toNumber(raw.num_return_sequences),
      max_new_tokens: toNumber(raw.max_new_tokens),
      top_p: toNumber(raw.top_p),
      top_k: raw.top_k === null ? null : toNumber(raw.top_k),
    };
    // What transformers would raise: the run fails, as HELM's does, and nothing is cached.
    const problem = pipelineRequestProblem(plain);
    if (problem !== undefined) throw new HelmInputError(`Model deployment ${this.deployment.name}: ${problem}`);
    const key = RequestCache.keyOf({ pipeline_kwargs: this.pipelineKwargs, ...raw, ...(request.random === undefined ? {} : { random: request.random }) });
    const onThread = this.options.loadModel === undefined && useInferenceThread();
    const loadModel = this.options.loadModel ?? loadCausalLm;
    const result = await this.cache.getOrCompute(key, () =>
      timed(async () =>
        onThread
          ? servePipelineOnInferenceThread({ source: this.modelSource, loadOptions: this.loadOptions, tokenizer: this.tokenizerSpec(), raw: plain, seedKey: key })
          : servePipelineRequest(plain, { model: await loadModel(this.modelSource, this.loadOptions), tokenizer, random: seededRandom(key) }),
      ),
    );
    const response = PipelineResponse.extend({ request_time: z.number(), request_datetime: z.number().int() }).parse(result.response);
    return {
      success: true,
      cached: result.cached,
      request_time: pyFloat(response.request_time),
      request_datetime: response.request_datetime,
      completions: response.outputs.map((output) => ({ text: output.generated_text, logprob: 0, tokens: [] })),
      embedding: [],
    };
  }

  /** HELM's raw_request: the pipeline's keyword arguments, with the request's numbers as Python typed them. */
  private rawRequest(request: Request, tokenizer: HuggingFaceTokenizer) {
    const doSample = toNumber(request.temperature) > 0;
    const raw = {
      text_inputs: this.textInputs(request, tokenizer),
      return_full_text: request.echo_prompt,
      temperature: doSample ? request.temperature : null,
      num_return_sequences: request.num_completions,
      max_new_tokens: request.max_tokens,
      top_p: request.top_p,
      top_k: doSample ? request.top_k_per_token : null,
      do_sample: doSample,
      return_dict_in_generate: true as const,
      pad_token_id: tokenizer.eosTokenId ?? null,
    };
    if (request.stop_sequences.length === 0) return raw;
    const stopIds = request.stop_sequences.map((s) => tokenizer.encode(s));
    if (stopIds.length === 1 && stopIds[0].length === 1) return { ...raw, eos_token_id: stopIds[0][0] };
    throw new HelmInputError(
      'Multiple stop sequences and stop sequences of multiple tokens, are not yet supported by HuggingFacePipelineClient',
    );
  }
}

export function createHuggingFacePipelineClient(deployment: ModelDeployment, cache: RequestCacheLike, options: HuggingFaceClientOptions = {}): HuggingFacePipelineClient {
  return withWeightsChecked(new HuggingFacePipelineClient(deployment, cache, options));
}
