import { PyNumber } from '../common/py-number';
import { Request } from '../models/schemas';
import { MetricServices } from './metric';
import { pyAdd, pyMax, pyMul, pySub } from './py-math';

/**
 * HELM's token cost estimators (`helm.benchmark.metrics.tokens`), dispatched like
 * `AutoTokenCostEstimator` on the request's model host (`model_deployment.split("/")[0]`).
 * Prompt token counts come from `services.countTokens` (HELM: the deployment's window service).
 */
export type TokenCostEstimator = (request: Request, services: MetricServices) => PyNumber;

/** `Request.model_host`: the deployment's organisation part (`openai/davinci` → `openai`). */
export function modelHost(request: Request): string {
  return request.model_deployment.split('/')[0];
}

/** `num_completions * max_tokens`. */
function completionTokens(request: Request): PyNumber {
  return pyMul(request.num_completions, request.max_tokens);
}

/** `FreeTokenCostEstimator`: always the int 0. */
export const freeTokenCost: TokenCostEstimator = () => 0;

/** `OpenAITokenCostEstimator`: prompt tokens + completions × max_tokens (+ prompt tokens again when echoing). */
export const openAiTokenCost: TokenCostEstimator = (request, services) => {
  const numPromptTokens = services.countTokens(request.prompt);
  let total = pyAdd(numPromptTokens, completionTokens(request));
  if (request.echo_prompt) total = pyAdd(total, numPromptTokens);
  return total;
};

/** `AI21TokenCostEstimator` and `CohereTokenCostEstimator`: completions × max_tokens. */
export const completionOnlyTokenCost: TokenCostEstimator = (request) => completionTokens(request);

/** `GooseAITokenCostEstimator.BASE_PRICE_TOKENS`. */
export const GOOSEAI_BASE_PRICE_TOKENS = 25;

/** `GooseAITokenCostEstimator`: completions × max_tokens (+ prompt tokens when echoing), minus 25, floored at 0. */
export const gooseAiTokenCost: TokenCostEstimator = (request, services) => {
  let total = completionTokens(request);
  if (request.echo_prompt) total = pyAdd(total, services.countTokens(request.prompt));
  // Python `max(num_tokens - 25, 0)`.
  return pyMax(pySub(total, GOOSEAI_BASE_PRICE_TOKENS), 0);
};

/** `AutoTokenCostEstimator._get_estimator(organization)`. */
export function tokenCostEstimatorFor(organization: string): TokenCostEstimator {
  switch (organization) {
    case 'openai':
      return openAiTokenCost;
    case 'ai21':
    case 'cohere':
      return completionOnlyTokenCost;
    case 'gooseai':
      return gooseAiTokenCost;
    default:
      return freeTokenCost;
  }
}

/** `AutoTokenCostEstimator().estimate_tokens(request, metric_service)`. */
export function estimateTokenCost(request: Request, services: MetricServices): PyNumber {
  return tokenCostEstimatorFor(modelHost(request))(request, services);
}
