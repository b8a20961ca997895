import type { Logger } from 'pino';
import { ModelRegistry } from '../core/models/registry';
import { RequestCaches } from '../core/models/request-cache';
import { createModelClient, type ModelClient } from '../core/models/clients';
import { getTokenizer } from '../core/models/tokenizers';
import { createWindowService, type WindowService } from '../core/models/window-service';
import { HelmInputError } from '../core/common/errors';
import { registerLocalHuggingFaceModel } from '../core/models/clients/huggingface/registration';

/** Where a suite's model registry comes from (any SuitePaths/RunRef fits). */
export interface RegistrySource {
  localPath: string;
  localHuggingFaceModels?: string[];
}

function registerLocalFolder(folder: string): ReturnType<typeof registerLocalHuggingFaceModel> {
  try {
    return registerLocalHuggingFaceModel(folder);
  } catch (error) {
    if (error instanceof HelmInputError) throw error;
    throw new HelmInputError(
      `--enable-local-huggingface-models ${folder}: could not read the model's tokenizer ` +
        `(tokenizer.json and tokenizer_config.json are expected in the folder): ${(error as Error).message}`,
    );
  }
}

function registryKey(source: RegistrySource): string {
  return [source.localPath, ...(source.localHuggingFaceModels ?? [])].join('\u0000');
}

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

  /** The registry of a suite: built-ins, its --local-path files, then its local Hugging Face folders. */
  registry(source: RegistrySource): ModelRegistry {
    const key = registryKey(source);
    let registry = this.registries.get(key);
    if (!registry) {
      registry = ModelRegistry.load(source.localPath);
      for (const folder of source.localHuggingFaceModels ?? []) {
        const { deployment, tokenizerConfig } = registerLocalFolder(folder);
        registry.registerTokenizerConfig(tokenizerConfig);
        registry.registerModelDeployment(deployment);
      }
      this.registries.set(key, registry);
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

  modelClient(source: RegistrySource, deploymentName: string, disableCache = false): ModelClient {
    const localPath = source.localPath;
    const key = `${registryKey(source)}\u0000${deploymentName}\u0000${disableCache}`;
    let client = this.clients.get(key);
    if (!client) {
      const deployment = this.deployment(source, deploymentName);
      // Credentials (credentials.conf) and model tags come from this suite's --local-path.
      const registry = this.registry(source);
      const modelTags = registry.findModelMetadata(deployment.model_name ?? deployment.name)?.tags;
      const tokenizerConfig = deployment.tokenizer_name ? registry.getTokenizerConfig(deployment.tokenizer_name) : undefined;
      // In-client retries (429, 5xx, network) would be invisible otherwise: the activity succeeds.
      const onRetry = (info: { deployment: string; attempt: number; delayMs: number; reason: string }): void =>
        this.logger?.warn(info, `${info.deployment}: retry ${info.attempt} in ${(info.delayMs / 1000).toFixed(1)} s after ${info.reason}`);
      client = createModelClient(deployment, this.requestCaches(localPath, disableCache), { localPath, modelTags, tokenizerConfig, onRetry });
      this.clients.set(key, client);
    }
    return client;
  }

  windowService(source: RegistrySource, deploymentName: string): WindowService {
    const key = `${registryKey(source)}\u0000${deploymentName}`;
    let service = this.windowServices.get(key);
    if (!service) {
      const registry = this.registry(source);
      const deployment = this.deployment(source, deploymentName);
      const tokenizerName = deployment.tokenizer_name;
      const tokenizerConfig = tokenizerName ? registry.getTokenizerConfig(tokenizerName) : undefined;
      const tokenizer = tokenizerName ? getTokenizer(tokenizerName, tokenizerConfig) : undefined;
      service = createWindowService(deployment, tokenizerConfig, tokenizer);
      this.windowServices.set(key, service);
    }
    return service;
  }

  private deployment(source: RegistrySource, deploymentName: string) {
    const deployment = this.registry(source).getModelDeployment(deploymentName);
    if (!deployment) throw new HelmInputError(`Unknown model deployment ${deploymentName}`);
    return deployment;
  }

  close(): void {
    for (const caches of this.caches.values()) caches.closeAll();
    this.caches.clear();
    this.clients.clear();
  }
}
