import { Registry } from '../../registry';
import type { RequestCacheBackend } from '../request-cache';
import type { ModelDeployment, TokenizerConfig } from '../schemas';
import type { OpenAIEnvironmentInput } from './openai-client';
import type { ModelClient } from './client';

/** Where credentials and model tags come from (HELM's `--local-path`, default prod_env). */
export type ClientOptions = OpenAIEnvironmentInput & {
  /** The deployment's tokenizer config, which tells the Hugging Face client where tokenizer files are. */
  tokenizerConfig?: TokenizerConfig;
};

/** Builds the client of one deployment; `caches` is the request cache (HELM's prod_env/cache). */
export type ClientFactory = (deployment: ModelDeployment, caches: RequestCacheBackend, options: ClientOptions) => ModelClient;

/** Model clients by HELM client class name; a deployment's `client_spec.class_name` picks one. */
export const clientRegistry = new Registry<ClientFactory>('client class');

/** Registers a client class; `source` names who registered it (a plugin's module) in messages. */
export function registerClient(className: string, factory: ClientFactory, source?: string): void {
  clientRegistry.register(className, factory, source);
}
