import { HelmInputError } from '../../common/errors';
import type { RequestCaches } from '../request-cache';
import type { ModelDeployment, TokenizerConfig } from '../schemas';
import { hostOrganization, type ModelClient } from './client';
import { SimpleClient } from './simple-client';
import { createHuggingFaceClient } from './huggingface-client';
import { OPENAI_FLAVOURS, createOpenAIClient, openAIEnvironmentFor, type OpenAIEnvironmentInput } from './openai-client';

export type { ModelClient } from './client';

/** Where credentials and model tags come from (HELM's `--local-path`, default prod_env). */
export type ClientOptions = OpenAIEnvironmentInput & {
  /** The deployment's tokenizer config, which tells the Hugging Face client where tokenizer files are. */
  tokenizerConfig?: TokenizerConfig;
};

type ClientFactory = (deployment: ModelDeployment, caches: RequestCaches, options: ClientOptions) => ModelClient;

/** Clients by HELM's client class name; a deployment's `client_spec.class_name` picks one. */
const CLIENTS: Readonly<Record<string, ClientFactory>> = {
  'helm.clients.simple_client.SimpleClient': (deployment, caches) =>
    new SimpleClient(caches.forShard(hostOrganization(deployment.name))),
  'helm.clients.huggingface_client.HuggingFaceClient': (deployment, caches, options) =>
    createHuggingFaceClient(deployment, caches.forShard(hostOrganization(deployment.name)), { tokenizerConfig: options.tokenizerConfig }),
  ...Object.fromEntries(
    Object.keys(OPENAI_FLAVOURS).map((name): [string, ClientFactory] => [
      name,
      (deployment, caches, options) =>
        createOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
    ]),
  ),
};

/** Clients HELM has that need model weights or services helm-ts cannot reach yet. */
const NOT_AVAILABLE: Readonly<Record<string, string>> = {};

export function createModelClient(deployment: ModelDeployment, caches: RequestCaches, options: ClientOptions = {}): ModelClient {
  const className = deployment.client_spec.class_name;
  const factory = CLIENTS[className];
  if (factory) return factory(deployment, caches, options);
  const reason = NOT_AVAILABLE[className] ?? `client ${className} is not implemented (implemented: ${Object.keys(CLIENTS).join(', ')})`;
  throw new HelmInputError(`Model deployment ${deployment.name} (model ${deployment.model_name ?? deployment.name}): ${reason}.`);
}
