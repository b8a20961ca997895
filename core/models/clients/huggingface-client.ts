import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber, type PyNumber } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import { RequestCache } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token, TokenizerConfig } from '../schemas';
import { getHuggingFaceTokenizer, type HuggingFaceTokenizer } from '../tokenizers';
import { hasTokenizerFiles } from '../tokenizers/huggingface-tokenizer';
import { EMBEDDING_UNAVAILABLE, modelEngine, timed, type ModelClient } from './client';
import { loadCausalLm, modelWeightsUnavailable, type CausalLm, type LoadOptions } from './huggingface/model';
import { preloadOnInferenceThread, serveOnInferenceThread, useInferenceThread } from './huggingface/inference-thread';
import { HuggingFaceResponse, seededRandom, serveRequest, type HuggingFaceRawRequest } from './huggingface/serve';
import { pySum, truncateSequence } from './common/truncate';


export interface HuggingFaceClientOptions {
  /** The deployment's tokenizer config (tokenizer_configs.yaml): where its files are, its end-of-text token. */
  tokenizerConfig?: TokenizerConfig;
  /** Stands in for transformers.js loading (tests); default: `loadCausalLm`. */
  loadModel?: (source: string, options: LoadOptions) => Promise<CausalLm>;
}

/**
 * The factory's up-front check (helm-run reports it before any run starts): HELM's client for a
 * deployment whose model weights are not on this machine stops with "model weights not available".
 */
export function createHuggingFaceClient(deployment: ModelDeployment, cache: RequestCacheLike, options: HuggingFaceClientOptions = {}): HuggingFaceClient {
  return withWeightsChecked(new HuggingFaceClient(deployment, cache, options));
}

/** The client, once its model's weights are known to be loadable here (else HELM's "model weights not available"). */
export function withWeightsChecked<C extends HuggingFaceClient>(client: C): C {
  const { deployment } = client;
  const reason = modelWeightsUnavailable(client.modelSource);
  if (reason !== undefined) {
    throw new HelmInputError(`Model deployment ${deployment.name} (model ${deployment.model_name ?? deployment.name}): model weights not available: ${reason}.`);
  }
  return client;
}

/**
 * HELM's HuggingFaceClient on transformers.js (ONNX, CPU): the model named by the deployment's
 * `pretrained_model_name_or_path` (a local folder, or a hub id when the hub is reachable; HELM's
 * default: the model name), loaded once per worker process; requests cached under HELM's raw
 * request; completions, token texts and logprobs as HELM's client builds them, then HELM's
 * truncate_sequence (stop sequences, end-of-text token, max_tokens).
 */
export class HuggingFaceClient implements ModelClient {
  protected readonly source: string | undefined;
  protected readonly loadOptions: LoadOptions;
  /** `pretrained_model_name_or_path`, else (HELM's default) the model name. */
  readonly modelSource: string;
  /**
   * Concurrent requests let the model batch their decoding steps into one forward pass (a step
   * reads all weights for one token, whatever the rows), and score prompts together.
   */
  readonly requestsInFlight = 8;

  constructor(
    readonly deployment: ModelDeployment,
    protected readonly cache: RequestCacheLike,
    protected readonly options: HuggingFaceClientOptions = {},
  ) {
    const args = deployment.client_spec.args;
    const source = args.pretrained_model_name_or_path;
    this.source = typeof source === 'string' && source.length > 0 ? source : undefined;
    this.modelSource = this.source ?? deployment.model_name ?? deployment.name;
    this.loadOptions = {
      ...(typeof args.dtype === 'string' ? { dtype: args.dtype } : {}),
      ...(typeof args.revision === 'string' ? { revision: args.revision } : {}),
    };
  }

  /** Which tokenizer: the deployment's; a model folder's own tokenizer when no config says otherwise. */
  protected tokenizerSpec(): { name: string; config?: TokenizerConfig } {
    const name = this.deployment.tokenizer_name ?? this.deployment.name;
    const config = this.options.tokenizerConfig;
    const folder = this.tokenizerFolder();
    if (!config && folder !== undefined) {
      return {
        name,
        config: {
          name,
          tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: folder } },
        },
      };
    }
    return { name, config };
  }

  protected tokenizer(): HuggingFaceTokenizer {
    const { name, config } = this.tokenizerSpec();
    return getHuggingFaceTokenizer(name, config);
  }

  private tokenizerFolder(): string | undefined {
    const explicit = this.deployment.client_spec.args.tokenizer_name;
    const candidate = typeof explicit === 'string' ? explicit : this.source;
    return candidate !== undefined && hasTokenizerFiles(candidate) ? candidate : undefined;
  }

  private endOfTextToken(tokenizer: HuggingFaceTokenizer): string | undefined {
    return this.options.tokenizerConfig?.end_of_text_token ?? (tokenizer.hf.eos_token || undefined);
  }

  /** HELM's get_prompt: chat models (a chat template, or `apply_chat_template: true`) get it applied. */
  private prompt(request: Request, tokenizer: HuggingFaceTokenizer): string {
    const inputs = this.textInputs(request, tokenizer);
    return typeof inputs === 'string' ? inputs : tokenizer.applyChatTemplate(inputs);
  }

  /**
   * The model's input before templating (HELM's get_prompt / make_text_inputs): for chat models (a
   * chat template, or `apply_chat_template: true`) the messages, the prompt as one user turn; else the prompt.
   */
  protected textInputs(request: Request, tokenizer: HuggingFaceTokenizer): string | { role: string; content: string }[] {
    const hasMessages = request.messages !== undefined && request.messages.length > 0;
    if (request.prompt && hasMessages) {
      throw new HelmInputError(`More than one of \`prompt\` and \`messages\` was set in request to ${request.model_deployment}`);
    }
    const configured = this.deployment.client_spec.args.apply_chat_template;
    const applyChatTemplate = typeof configured === 'boolean' ? configured : Boolean(tokenizer.hf.chat_template);
    if (!applyChatTemplate) {
      if (hasMessages) throw new HelmInputError('Chat mesages not supported by non-chat model');
      return request.prompt;
    }
    const messages = hasMessages ? (request.messages ?? []) : [{ role: 'user', content: request.prompt }];
    return messages.map((m) => ({ role: m.role ?? 'user', content: m.content ?? '' }));
  }

  /** Loads the weights (on the inference thread, or here inline) while the suite starts. */
  async preload(): Promise<void> {
    if (this.options.loadModel === undefined && useInferenceThread()) {
      await preloadOnInferenceThread({ source: this.modelSource, loadOptions: this.loadOptions, tokenizer: this.tokenizerSpec() });
    } else {
      await (this.options.loadModel ?? loadCausalLm)(this.modelSource, this.loadOptions).catch(() => undefined);
    }
  }

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const tokenizer = this.tokenizer();
    const rawRequest = {
      engine: modelEngine(request.model),
      prompt: this.prompt(request, tokenizer),
      temperature: toNumber(request.temperature) === 0 ? pyFloat(1e-7) : request.temperature,
      num_return_sequences: request.num_completions,
      max_new_tokens: request.max_tokens,
      top_p: request.top_p,
      echo_prompt: request.echo_prompt,
      top_k_per_token: request.top_k_per_token,
      stop_sequences: request.stop_sequences,
    };
    const key = RequestCache.keyOf(request.random === undefined ? rawRequest : { ...rawRequest, random: request.random });
    let response: HuggingFaceResponse;
    let cached: boolean;
    let requestTime: number;
    let requestDatetime: number;
    try {
      const source = this.source ?? request.model;
      const raw: HuggingFaceRawRequest = {
        ...rawRequest,
        temperature: toNumber(rawRequest.temperature),
        num_return_sequences: toNumber(rawRequest.num_return_sequences),
        max_new_tokens: toNumber(rawRequest.max_new_tokens),
        top_p: toNumber(rawRequest.top_p),
        top_k_per_token: toNumber(rawRequest.top_k_per_token),
      };
      // The forward passes run on the inference thread (they block for seconds), unless a test
      // injects its own model loader.
      const onThread = this.options.loadModel === undefined && useInferenceThread();
      const loadModel = this.options.loadModel ?? loadCausalLm;
      const result = await this.cache.getOrCompute(key, () =>
        timed(async () =>
          onThread
            ? serveOnInferenceThread({ source, loadOptions: this.loadOptions, tokenizer: this.tokenizerSpec(), raw, seedKey: key })
            : serveRequest(raw, { model: await loadModel(source, this.loadOptions), tokenizer, eosTokenId: tokenizer.eosTokenId, random: seededRandom(key) }),
        ),
      );
      const parsed = HuggingFaceResponse.parse(result.response);
      ({ request_time: requestTime, request_datetime: requestDatetime } = parsed);
      response = parsed;
      cached = result.cached;
    } catch (error) {
      return { success: false, cached: false, error: `HuggingFace error: ${(error as Error).message}`, completions: [], embedding: [] };
    }
    const endOfText = this.endOfTextToken(tokenizer);
    return {
      success: true,
      cached,
      request_time: pyFloat(requestTime),
      request_datetime: requestDatetime,
      completions: response.completions.map((c) => truncateSequence(toGeneratedOutput(c, request, response.input_length), request, endOfText)),
      embedding: [],
    };
  }
}

/** HELM's make_request loop: echoed prompt tokens (logprob 0.0 without prompt logprobs), then generated ones. */
function toGeneratedOutput(
  raw: HuggingFaceResponse['completions'][number],
  request: Request,
  inputLength: number,
): GeneratedOutput {
  const tokens: Token[] = [];
  let generated = raw.tokens;
  if (request.echo_prompt) {
    generated = raw.tokens.slice(inputLength);
    const promptTokens = raw.tokens.slice(0, inputLength);
    if (raw.prompt_logprobs.length > 0) {
      promptTokens.forEach((text, i) => {
        if (i < raw.prompt_logprobs.length) tokens.push({ text, logprob: pyFloat(raw.prompt_logprobs[i]) });
      });
    } else {
      for (const text of promptTokens) tokens.push({ text, logprob: pyFloat(0) });
    }
  }
  generated.forEach((text, i) => {
    if (i < raw.logprobs.length) tokens.push({ text, logprob: pyFloat(raw.logprobs[i]) });
  });
  const logprob: PyNumber = pySum(tokens.map((t) => t.logprob));
  return { text: raw.text, logprob, tokens };
}
