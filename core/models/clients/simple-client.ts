import { pyFloat } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import { RequestCache } from '../request-cache';
import type { Request, RequestResult } from '../schemas';
import { modelEngine, timed, type ModelClient } from './client';

interface SimpleResponse {
  completions: string[];
  request_time: number;
  request_datetime: number;
}

/**
 * HELM's SimpleClient (`simple/model1`), a deterministic toy model: completion i is the i-th
 * word of the prompt read backwards, cycling; logprob is the integer 0 and the only token is the
 * whole completion.
 */
export class SimpleClient implements ModelClient {
  /** Answers cost nothing, so many wait together and their cache entries are committed in groups. */
  readonly requestsInFlight = 256;

  constructor(private readonly cache: RequestCacheLike) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const rawRequest = {
      engine: modelEngine(request.model),
      prompt: request.prompt,
      num_completions: request.num_completions,
    };
    const key = RequestCache.keyOf(request.random === undefined ? rawRequest : { ...rawRequest, random: request.random });
    const { response, cached } = await this.cache.getOrCompute<SimpleResponse>(key, () =>
      timed(async () => ({ completions: simpleCompletions(request.prompt, Number(request.num_completions)) })),
    );
    return {
      success: true,
      embedding: [],
      completions: response.completions.map((text) => ({ text, logprob: 0, tokens: [{ text, logprob: 0 }] })),
      cached,
      request_time: pyFloat(response.request_time),
      request_datetime: response.request_datetime,
    };
  }
}

/** The characters Python's str.split() treats as whitespace (JS's \s differs on a few). */
const PYTHON_WHITESPACE = /[\t\n\v\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

export function simpleCompletions(prompt: string, numCompletions: number): string[] {
  // Python's str.split() with no argument: split on runs of whitespace, drop empty strings.
  const words = prompt.split(PYTHON_WHITESPACE).filter((w) => w.length > 0).reverse();
  if (words.length === 0) return [];
  return Array.from({ length: numCompletions }, (_, i) => words[i % words.length]);
}
