import { HelmInputError } from '../../common/errors';
import type { Request, RequestResult } from '../schemas';

/** One model client per deployment; `makeRequest` is where the model is called (and cached). */
export interface ModelClient {
  makeRequest(request: Request): Promise<RequestResult>;
  /**
   * How many requests of one batch may be in flight at once (default 1). Clients that call a
   * service leave it at 1, so --num-threads alone sets how hard they are driven.
   */
  readonly requestsInFlight?: number;
  /**
   * Starts, without waiting, what the first request would otherwise wait for (a local model's
   * weights), so it overlaps the rest of start-up. Failures are left for that request to report.
   */
  preload?(): void;
}

/** `wrap_request_time`: HELM stores the timing with the response, so cache replays reproduce it. */
export async function timed<T extends object>(
  compute: () => Promise<T>,
): Promise<T & { request_time: number; request_datetime: number }> {
  const startMs = Date.now();
  const start = performance.now();
  const response = await compute();
  const seconds = (performance.now() - start) / 1000;
  return { ...response, request_time: seconds, request_datetime: Math.floor(startMs / 1000) };
}

/** Deployment name "host/engine": the host organisation names the cache shard. */
export function hostOrganization(deploymentName: string): string {
  return deploymentName.split('/')[0];
}

/** Request.model_engine: the part of the model name after the first '/'. */
export function modelEngine(modelName: string): string {
  const slash = modelName.indexOf('/');
  return slash === -1 ? modelName : modelName.slice(slash + 1);
}

/** HELM's EMBEDDING_UNAVAILABLE_REQUEST_RESULT, for clients that cannot compute embeddings. */
export const EMBEDDING_UNAVAILABLE: RequestResult = {
  success: false,
  cached: false,
  error: 'Computing the embedding is unavailable in this client',
  completions: [],
  embedding: [],
};

/** A deployment's base URL, checked to be a URL (the deployment is named; credentials never are), without trailing slashes. */
export function checkedBaseUrl(deploymentName: string, baseUrl: string): string {
  try {
    new URL(baseUrl);
  } catch {
    throw new HelmInputError(`Model deployment ${deploymentName}: base_url is not a URL`);
  }
  return baseUrl.replace(/\/+$/, '');
}
