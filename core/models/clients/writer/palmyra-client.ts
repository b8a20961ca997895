/**
 * HELM's PalmyraClient: Writer's legacy completions endpoint (`/llm/organization/3002/model/<engine>/completions`),
 * one call per completion, no echo (the prompt is prepended), outputs cut at stop sequences.
 */
import { z } from 'zod';
import { toNumber } from '../../../common/py-number';
import type { RequestCacheLike } from '../../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../../schemas';
import { modelEngine, timed, type ModelClient } from '../client';
import { ModelRequestRejectedError, postJson } from '../common/http';
import {
  TransportArgs,
  cacheKeyOf,
  completionsResult,
  failedResult,
  parseClientArgs,
  resolveConnection,
  type CallOutcome,
  type ProviderConnection,
  type ProviderEnvironment,
  type Stored,
} from '../common/provider';
import { pythonRepr } from '../common/py-repr';
import { truncateSequence } from '../common/truncate';
import { toWireJson } from '../openai/raw-request';
import { pythonJsonParse } from '../../../common/python-json';

export const PALMYRA_CLIENT_CLASS = 'helm.clients.palmyra_client.PalmyraClient';

/** The organisation id HELM's client has in its URL. */
const ORGANIZATION = 3002;
const MODERATION_KEY = 'fail.content.moderation.failed';

const PalmyraError = z.looseObject({ key: z.string().optional(), description: z.string().optional() });
const PalmyraResponse = z
  .looseObject({
    choices: z.array(z.looseObject({ text: z.string() })).min(1).optional(),
    errors: z.array(PalmyraError).optional(),
  })
  .refine((body) => body.choices !== undefined || moderationFailure(body) !== undefined, { message: 'no choices' });
type PalmyraResponse = z.infer<typeof PalmyraResponse>;

/** The description of a content-moderation refusal (exactly one error, with HELM's key), else undefined. */
function moderationFailure(body: { errors?: Array<z.infer<typeof PalmyraError>> }): string | undefined {
  const errors = body.errors;
  if (!errors || errors.length !== 1 || errors[0].key !== MODERATION_KEY) return undefined;
  return errors[0].description ?? '';
}

/** HELM's raw request (camelCase, as Writer's API names them); `bestOf` is the request's top_k_per_token. */
export function palmyraRawRequest(request: Request): Record<string, unknown> {
  return {
    prompt: request.prompt,
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    bestOf: request.top_k_per_token,
    stop: request.stop_sequences,
  };
}

/** Statuses worth another attempt: rate limits and server errors (HELM's `requests` call never retries). */
const retryStatus = (status: number): boolean => status === 429 || status >= 500;

export class PalmyraClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const engine = modelEngine(request.model);
    const raw = palmyraRawRequest(request);
    const url = `${this.connection.baseUrl}/llm/organization/${ORGANIZATION}/model/${engine}/completions`;
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let index = 0; index < toNumber(request.num_completions); index++) {
      // The engine and index are in the key: the engine is not in the body, and each completion is its own call.
      const key = cacheKeyOf({ engine, completion_index: index, ...raw }, request);
      let outcome: { response: Stored<PalmyraResponse>; cached: boolean };
      try {
        outcome = await this.cache.getOrCompute(key, () => timed(() => this.post(url, raw)));
      } catch (error) {
        if (error instanceof ModelRequestRejectedError) return rejected(error);
        throw error;
      }
      const { response } = outcome;
      const moderation = moderationFailure(response);
      if (moderation !== undefined) {
        // As HELM: a refusal by Writer's content filter is a failed request (cached), and the run goes on.
        return failedResult(moderation, { request_time: response.request_time, request_datetime: response.request_datetime });
      }
      const text = response.choices?.[0].text ?? '';
      const output: GeneratedOutput = { text: request.echo_prompt ? request.prompt + text : text, logprob: 0, tokens: [] };
      completions.push(truncateSequence(output, request));
      last = { cached: outcome.cached, request_time: response.request_time, request_datetime: response.request_datetime };
    }
    return completionsResult(completions, last);
  }

  /** POSTs one completion; a content-moderation refusal comes back as the response whatever its status. */
  private async post(url: string, raw: Record<string, unknown>): Promise<PalmyraResponse> {
    const semaphore = this.connection.semaphore;
    try {
      return await postJson({
        url,
        headers: { authorization: `Bearer ${this.connection.apiKey}` },
        // HELM asks the server for a 300 s timeout (long prompts otherwise time out at 60 s); not in the key.
        body: toWireJson({ timeout: 300, ...raw }),
        policy: this.connection.retryPolicy,
        parse: (body) => PalmyraResponse.parse(body),
        retryStatus,
        secrets: [this.connection.apiKey],
        label: `${this.connection.deploymentName} (${url})`,
        withSlot: semaphore ? (task) => semaphore.run(task) : undefined,
        onRetry: (info) => this.connection.onRetry?.({ deployment: this.connection.deploymentName, ...info }),
      });
    } catch (error) {
      if (error instanceof ModelRequestRejectedError) {
        const body = PalmyraResponse.safeParse(parseJson(error.bodyText));
        if (body.success && moderationFailure(body.data) !== undefined) return body.data;
      }
      throw error;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A refused request. HELM raises `ValueError("Invalid response: <body>")` (its run stops); helm-ts
 * records a failed request with that message, fatal only for a bad key, forbidden or unknown model.
 */
function rejected(error: ModelRequestRejectedError): RequestResult {
  let body: string;
  try {
    body = pythonRepr(pythonJsonParse(error.bodyText.trim()));
  } catch {
    body = error.bodyText.trim() || `HTTP ${error.status}`;
  }
  const fatal = error.status === 401 || error.status === 403 || error.status === 404;
  return { ...failedResult(`PalmyraClient error: Invalid response: ${body}`), error_flags: { is_retriable: false, is_fatal: fatal } };
}

export function createPalmyraClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): PalmyraClient {
  const args = parseClientArgs(deployment, TransportArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Writer',
    keyEnvVar: 'WRITER_API_KEY',
    defaultBaseUrl: 'https://enterprise-api.writer.com',
  });
  return new PalmyraClient(connection, cache);
}
