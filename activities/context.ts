import type { Logger } from 'pino';
import { ModelRegistry } from './models/registry';
import { RequestCaches } from './models/request-cache';
import { createModelClient, type ModelClient } from './models/clients';
import { getTokenizer } from './models/tokenizers';
import { createWindowService, type WindowService } from './models/window-service';
import { HelmInputError } from './common/errors';

/**
 * What a worker process keeps between activities: model registries, open request caches, model
 * clients (a local model is loaded once per process) and window services.
 */
export class WorkerContext {
  private readonly registries = new Map<string, ModelRegistry>();
  private readonly caches = new Map<string, RequestCaches>();
  private readonly clients = new Map<string, ModelClient>();
  private readonly windowServices = new Map<string, WindowService>();

  constructor(readonly logger?: Logger) {}

  registry(localPath: string): ModelRegistry {
    let registry = this.registries.get(localPath);
    if (!registry) {
      registry = ModelRegistry.load(localPath);
      this.registries.set(localPath, registry);
    }
    return registry;
  }

  private requestCaches(localPath: string, disableCache: boolean): RequestCaches {
    const key = `${localPath}\u0000${disableCache}`;
    let caches = this.caches.get(key);
    if (!caches) {
      caches = new RequestCaches(localPath, disableCache);
      this.caches.set(key, caches);
    }
    return caches;
  }

  modelClient(localPath: string, deploymentName: string, disableCache = false): ModelClient {
    const key = `${localPath}\u0000${deploymentName}\u0000${disableCache}`;
    let client = this.clients.get(key);
    if (!client) {
      const deployment = this.deployment(localPath, deploymentName);
      // Credentials (credentials.conf) and model tags come from this suite's --local-path.
      const modelTags = this.registry(localPath).findModelMetadata(deployment.model_name ?? deployment.name)?.tags;
      client = createModelClient(deployment, this.requestCaches(localPath, disableCache), { localPath, modelTags });
      this.clients.set(key, client);
    }
    return client;
  }

  windowService(localPath: string, deploymentName: string): WindowService {
    const key = `${localPath}\u0000${deploymentName}`;
    let service = this.windowServices.get(key);
    if (!service) {
      const registry = this.registry(localPath);
      const deployment = this.deployment(localPath, deploymentName);
      const tokenizerName = deployment.tokenizer_name;
      const tokenizerConfig = tokenizerName ? registry.getTokenizerConfig(tokenizerName) : undefined;
      const tokenizer = tokenizerName ? getTokenizer(tokenizerName) : undefined;
      service = createWindowService(deployment, tokenizerConfig, tokenizer);
      this.windowServices.set(key, service);
    }
    return service;
  }

  private deployment(localPath: string, deploymentName: string) {
    const deployment = this.registry(localPath).getModelDeployment(deploymentName);
    if (!deployment) throw new HelmInputError(`Unknown model deployment ${deploymentName}`);
    return deployment;
  }

  close(): void {
    for (const caches of this.caches.values()) caches.closeAll();
    this.caches.clear();
    this.clients.clear();
  }
}
