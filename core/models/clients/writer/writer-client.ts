/**
 * HELM's WriterClient: Writer's chat API (`POST /v1/chat`, as the writer-sdk sends it), `n`
 * completions in one call, token logprobs when asked for.
 */
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { pyFloat, toNumber } from '../../../common/py-number';
import type { RequestCacheLike } from '../../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token } from '../../schemas';
import type { ModelClient } from '../client';
import { ModelRequestRejectedError } from '../common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  completionsResult,
  parseClientArgs,
  rejectedResult,
  resolveConnection,
  type ProviderConnection,
  type ProviderEnvironment,
} from '../common/provider';
import { pySum } from '../common/truncate';

export const WRITER_CLIENT_CLASS = 'helm.clients.writer_client.WriterClient';

const WriterChatResponse = z.looseObject({
  choices: z.array(
    z.looseObject({
      finish_reason: z.string().nullish(),
      message: z.looseObject({ content: z.string() }),
      logprobs: z
        .looseObject({ content: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish() })
        .nullish(),
    }),
  ),
});
type WriterChatResponse = z.infer<typeof WriterChatResponse>;

/** HELM's raw request (its cache key and, as the SDK sends every given field, the body). */
export function writerRawRequest(request: Request): Record<string, unknown> {
  if (request.prompt && request.messages) {
    throw new HelmInputError('WriterClient: only one of `prompt` and `messages` may be set in a request');
  }
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('WriterClient: `multimodal_prompt` is not supported');
  }
  const messages = request.messages
    ? request.messages.map((message) => ({ role: message.role, content: message.content }))
    : [{ role: 'user', content: request.prompt }];
  const raw: Record<string, unknown> = {
    messages,
    model: request.model.split('/').at(-1),
    logprobs: toNumber(request.top_k_per_token) !== 0,
    max_tokens: request.max_tokens,
    n: request.num_completions,
    stop: request.stop_sequences,
    temperature: request.temperature,
    top_p: request.top_p,
  };
  const jsonSchema = request.response_format?.json_schema;
  if (jsonSchema) raw.response_format = { type: 'json_schema', json_schema: { schema: jsonSchema } };
  return raw;
}

function outputs(response: WriterChatResponse, request: Request): GeneratedOutput[] {
  return response.choices.map((choice) => {
    const content = choice.message.content;
    const tokens: Token[] = (choice.logprobs?.content ?? []).map((t) => ({ text: t.token, logprob: pyFloat(t.logprob) }));
    return {
      text: request.echo_prompt ? request.prompt + content : content,
      logprob: tokens.length > 0 ? pySum(tokens.map((t) => t.logprob)) : pyFloat(0),
      tokens,
      finish_reason: { reason: choice.finish_reason ?? null },
    };
  });
}

export class WriterClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const raw = writerRawRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf(raw, request),
      url: `${this.connection.baseUrl}/v1/chat`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      body: raw,
      schema: WriterChatResponse,
    });
    // HELM's message is the SDK's exception text, "Error code: N - <body>".
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult('', outcome);
    return completionsResult(outputs(outcome.response, request), { ...outcome.response, cached: outcome.cached });
  }
}

export function createWriterClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): WriterClient {
  const args = parseClientArgs(deployment, TransportArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Writer',
    keyEnvVar: 'WRITER_API_KEY',
    baseUrlEnvVar: 'WRITER_BASE_URL',
    defaultBaseUrl: 'https://api.writer.com',
  });
  return new WriterClient(connection, cache);
}
