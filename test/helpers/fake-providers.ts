import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One loopback HTTP server that speaks the documented wire formats of the API providers helm-ts
 * has clients for. The first path segment names the provider (base URLs like
 * `http://127.0.0.1:<port>/anthropic`); scripted replies (errors, hangs) are served first, then
 * a well-formed answer derived from the request.
 */
export type Provider = 'anthropic' | 'gemini' | 'mistral' | 'together' | 'openai';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (a hung connection: the client's timeout must fire). */
  hang?: boolean;
}

export interface Seen {
  provider: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

/** Default stop tokens the fake Together model list gives its models. */
export const TOGETHER_MODELS = [
  { id: 'meta-llama/Llama-3-8b-chat-hf', config: { stop: ['<|eot_id|>'] } },
  { id: 'mistralai/Mixtral-8x7B-v0.1', config: { stop: ['</s>'] } },
];

/** The documented error bodies, by provider. */
export function errorBody(provider: Provider, status: number, message: string): unknown {
  switch (provider) {
    case 'anthropic': {
      const type = { 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' }[status] ?? 'api_error';
      return { type: 'error', error: { type, message } };
    }
    case 'gemini': {
      const state = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' }[status] ?? 'UNKNOWN';
      return { error: { code: status, message, status: state } };
    }
    case 'mistral':
      return status === 422 ? { object: 'error', message: { detail: [{ msg: message }] }, type: 'invalid_request_message_error' } : { message, request_id: 'req-1' };
    default:
      return { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', param: null, code: null } };
  }
}

export class FakeProviders {
  readonly seen: Seen[] = [];
  readonly script: Reply[] = [];
  private readonly hung: http.ServerResponse[] = [];
  private server!: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => this.handle(req, res, text));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  baseUrl(provider: Provider): string {
    return `http://127.0.0.1:${this.port}/${provider}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
    const [, provider, ...rest] = (req.url ?? '').split('/');
    const path = '/' + rest.join('/');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    this.seen.push({ provider, method: req.method ?? '', path, headers: req.headers, body });
    // The model list is not part of a scripted exchange.
    if (provider === 'together' && req.method === 'GET' && path === '/v1/models') return this.send(res, 200, TOGETHER_MODELS);
    const reply = this.script.shift();
    if (reply?.hang) {
      this.hung.push(res);
      return;
    }
    if (reply) return this.send(res, reply.status ?? 200, reply.body ?? {}, reply.headers);
    this.send(res, 200, this.answer(provider as Provider, path, body ?? {}));
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** A well-formed answer whose text names what was asked, so different requests differ. */
  private answer(provider: Provider, path: string, body: Record<string, unknown>): unknown {
    const asked = JSON.stringify(body.messages ?? body.contents ?? body.prompt ?? '').slice(0, 40);
    switch (provider) {
      case 'anthropic':
        return {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [
            ...(body.thinking ? [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig' }] : []),
            { type: 'text', text: ` answer to ${asked}` },
          ],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 3 },
        };
      case 'gemini': {
        const config = (body.generationConfig ?? {}) as Record<string, unknown>;
        const n = Number(config.candidateCount ?? 1);
        return {
          candidates: Array.from({ length: n }, (_, i) => ({
            content: {
              role: 'model',
              parts: [...(config.thinkingConfig ? [{ text: 'Thinking...', thought: true }] : []), { text: `candidate ${i} for ${asked}` }],
            },
            finishReason: 'STOP',
            index: i,
          })),
          usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 4, totalTokenCount: 9 },
          modelVersion: path.split('/').pop()?.split(':')[0],
        };
      }
      case 'mistral':
        return {
          id: 'cmpl-1',
          object: 'chat.completion',
          model: body.model,
          created: 1,
          choices: [{ index: 0, message: { role: 'assistant', content: ` seed ${String(body.random_seed ?? 'none')}`, tool_calls: null }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        };
      case 'together':
        if (path === '/api/inference') {
          return { status: 'finished', output: { choices: [{ text: '\u2581Paris.', finish_reason: 'length' }], raw_compute_time: 0.25 } };
        }
        if (path === '/v1/completions') {
          return {
            id: 'c1',
            object: 'text.completion',
            created: 1,
            model: body.model,
            choices: [{ index: 0, text: ' four', finish_reason: 'stop', logprobs: { tokens: [' four'], token_logprobs: [-0.5] } }],
          };
        }
        return {
          id: 'c2',
          object: 'chat.completion',
          created: 1,
          model: body.model,
          choices: Array.from({ length: Number(body.n ?? 1) }, (_, i) => ({
            index: i,
            message: { role: 'assistant', content: `<think>\nhmm\n</think>\n\nanswer ${i}` },
            finish_reason: 'stop',
            logprobs: { tokens: ['answer', ` ${i}`], token_logprobs: [-0.25, -0.5] },
          })),
        };
      default:
        if (path.endsWith('/completions') && !path.endsWith('/chat/completions')) {
          return { id: 'c4', object: 'text_completion', choices: [{ index: 0, text: ' four', finish_reason: 'stop', logprobs: { tokens: [' four'], token_logprobs: [-0.5] } }] };
        }
        return {
          id: 'c3',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: `reply to ${asked}` }, finish_reason: 'stop' }],
        };
    }
  }
}

/** One request a RecordingServer answered: its path, headers and raw body text. */
export interface RecordedCall {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback server for end-to-end runs of a provider's client: every request is recorded, and
 * `answer(path)` gives the JSON it replies with (status 200).
 */
export async function startRecordingServer(answer: (path: string) => unknown): Promise<{ base: string; calls: RecordedCall[]; close: () => Promise<void> }> {
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      calls.push({ path, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(path)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
