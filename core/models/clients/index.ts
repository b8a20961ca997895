import { HelmInputError } from '../../common/errors';
import type { RequestCacheBackend } from '../request-cache';
import type { ModelDeployment } from '../schemas';
import './builtins';
import type { ModelClient } from './client';
import { clientRegistry, type ClientOptions } from './client-registry';

export type { ModelClient } from './client';
export { clientRegistry, registerClient, type ClientFactory, type ClientOptions } from './client-registry';

export function createModelClient(deployment: ModelDeployment, caches: RequestCacheBackend, options: ClientOptions = {}): ModelClient {
  const className = deployment.client_spec.class_name;
  const factory = clientRegistry.get(className);
  if (factory) return factory(deployment, caches, options);
  throw new HelmInputError(
    `Model deployment ${deployment.name} (model ${deployment.model_name ?? deployment.name}): client ${className} is not implemented ` +
      `(implemented: ${clientRegistry.names().join(', ')}).`,
  );
}
