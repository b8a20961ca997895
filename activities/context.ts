import type { Logger } from 'pino';
import { ModelRegistry } from '../core/models/registry';
import { RequestCaches, type RequestCacheBackend } from '../core/models/request-cache';
import { PostgresRequestCaches } from '../core/models/postgres-request-cache';
import { withCredentials } from '../core/models/cache-url';
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

/** How a worker process finds its caches and configuration (helm-worker's flags). */
export interface WorkerContextOptions {
  /**
   * This host's own --local-path (model deployments, credentials.conf, the SQLite request cache),
   * used instead of the suite's; by default a worker uses the suite's (a shared disk).
   */
  localPath?: string;
  /** Cache URLs this process was given (--cache-url, HELM_CACHE_URL): they lend passwords to suites' caches. */
  cacheUrls?: string[];
}

/**
 * What a worker process keeps between activities: model registries, open request caches, model
 * clients (a local model is loaded once per process) and window services.
 */
export class WorkerContext {
  private readonly registries = new Map<string, ModelRegistry>();
  private readonly caches = new Map<string, RequestCacheBackend>();
  private readonly clients = new Map<string, ModelClient>();
  private readonly windowServices = new Map<string, WindowService>();

  constructor(
    readonly logger?: Logger,
    readonly options: WorkerContextOptions = {},
  ) {}

  /** The local path this worker reads for a suite: its own --local-path, else the suite's. */
  private localPathOf(source: RegistrySource): string {
    return this.options.localPath ?? source.localPath;
  }

  private registryKey(source: RegistrySource): string {
    return [this.localPathOf(source), ...(source.localHuggingFaceModels ?? [])].join('\u0000');
  }

  /** The registry of a suite: built-ins, its --local-path files, then its local Hugging Face folders. */
  registry(source: RegistrySource): ModelRegistry {
    const key = this.registryKey(source);
    let registry = this.registries.get(key);
    if (!registry) {
      registry = ModelRegistry.load(this.localPathOf(source));
      for (const folder of source.localHuggingFaceModels ?? []) {
        const { deployment, tokenizerConfig } = registerLocalFolder(folder);
        registry.registerTokenizerConfig(tokenizerConfig);
        registry.registerModelDeployment(deployment);
      }
      this.registries.set(key, registry);
    }
    return registry;
  }

  /**
   * The request cache a suite names: its PostgreSQL cache (a password-free URL from the suite's
   * input, with a password this process was given for it), else the SQLite files of the local path.
   */
  private requestCaches(localPath: string, disableCache: boolean, cacheUrl: string | undefined): RequestCacheBackend {
    const postgres = cacheUrl !== undefined && !disableCache;
    const key = postgres ? `postgres\u0000${cacheUrl}` : `${localPath}\u0000${disableCache}`;
    let caches = this.caches.get(key);
    if (!caches) {
      caches = postgres
        ? new PostgresRequestCaches({
            url: withCredentials(cacheUrl, this.options.cacheUrls ?? []),
            onRetry: ({ attempt, delayMs, reason }) =>
              this.logger?.warn(attempt === 0 ? `request cache: ${reason}` : `request cache: retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s after ${reason}`),
          })
        : new RequestCaches(localPath, disableCache);
      this.caches.set(key, caches);
    }
    return caches;
  }

  modelClient(source: RegistrySource, deploymentName: string, disableCache = false, cacheUrl?: string): ModelClient {
    const localPath = this.localPathOf(source);
    const key = `${this.registryKey(source)}\u0000${deploymentName}\u0000${disableCache}\u0000${cacheUrl ?? ''}`;
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
      client = createModelClient(deployment, this.requestCaches(localPath, disableCache, cacheUrl), { localPath, modelTags, tokenizerConfig, onRetry });
      this.clients.set(key, client);
    }
    return client;
  }

  windowService(source: RegistrySource, deploymentName: string): WindowService {
    const key = `${this.registryKey(source)}\u0000${deploymentName}`;
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

  /** Closes the caches (SQLite at once; PostgreSQL pools when the returned promise settles). */
  close(): Promise<void> {
    const closing = [...this.caches.values()].map((caches) => caches.closeAll());
    this.caches.clear();
    this.clients.clear();
    return Promise.all(closing).then(() => undefined);
  }
}
