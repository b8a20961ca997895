import * as fs from 'fs';
import * as path from 'path';
import jsYaml from 'js-yaml';
import { z } from 'zod';
import { HelmInputError, didYouMean } from '../common/errors';
import {
  ModelDeployment,
  ModelDeploymentsFile,
  ModelMetadata,
  ModelMetadataFile,
  TokenizerConfig,
  TokenizerConfigsFile,
} from './schemas';
import { modelDeploymentRegistry } from './plugin-models';

/** Tag names, equal to the constant names in HELM's model_metadata_registry.py. */
export const TEXT_MODEL_TAG = 'TEXT_MODEL_TAG';
export const CODE_MODEL_TAG = 'CODE_MODEL_TAG';
export const FULL_FUNCTIONALITY_TEXT_MODEL_TAG = 'FULL_FUNCTIONALITY_TEXT_MODEL_TAG';
export const LIMITED_FUNCTIONALITY_TEXT_MODEL_TAG = 'LIMITED_FUNCTIONALITY_TEXT_MODEL_TAG';
export const INSTRUCTION_FOLLOWING_MODEL_TAG = 'INSTRUCTION_FOLLOWING_MODEL_TAG';
export const ABLATION_MODEL_TAG = 'ABLATION_MODEL_TAG';
export const TEXT_TO_IMAGE_MODEL_TAG = 'TEXT_TO_IMAGE_MODEL_TAG';
export const VISION_LANGUAGE_MODEL_TAG = 'VISION_LANGUAGE_MODEL_TAG';
export const AUDIO_LANGUAGE_MODEL_TAG = 'AUDIO_LANGUAGE_MODEL_TAG';
export const DEPRECATED_MODEL_TAG = 'DEPRECATED_MODEL_TAG';
export const UNSUPPORTED_MODEL_TAG = 'UNSUPPORTED_MODEL_TAG';
export const NO_NEWLINES_TAG = 'NO_NEWLINES_TAG';
export const NLG_PREFIX_TAG = 'NLG_PREFIX_TAG';
export const CHATML_MODEL_TAG = 'CHATML_MODEL_TAG';
export const ANTHROPIC_CLAUDE_1_MODEL_TAG = 'ANTHROPIC_CLAUDE_1_MODEL_TAG';
export const ANTHROPIC_CLAUDE_2_MODEL_TAG = 'ANTHROPIC_CLAUDE_2_MODEL_TAG';
export const ANTHROPIC_CLAUDE_3_MODEL_TAG = 'ANTHROPIC_CLAUDE_3_MODEL_TAG';
export const GOOGLE_GEMINI_PRO_VISION_V1_TAG = 'GOOGLE_GEMINI_PRO_VISION_V1_TAG';
export const IDEFICS_MODEL_TAG = 'IDEFICS_MODEL_TAG';
export const IDEFICS_INSTRUCT_MODEL_TAG = 'IDEFICS_INSTRUCT_MODEL_TAG';
export const LLAVA_MODEL_TAG = 'LLAVA_MODEL_TAG';
export const OPEN_FLAMINGO_MODEL_TAG = 'OPEN_FLAMINGO_MODEL_TAG';
export const BUGGY_TEMP_0_TAG = 'BUGGY_TEMP_0_TAG';

/**
 * Directory of the built-in YAML files: next to this module once compiled (the build copies them),
 * else the source tree (running compiled code from a build that did not copy them).
 */
export const BUILTIN_CONFIG_DIR: string = (() => {
  const besideModule = path.join(__dirname, 'config');
  if (fs.existsSync(path.join(besideModule, 'model_metadata.yaml'))) return besideModule;
  return path.resolve(__dirname, '../../../core/models/config');
})();

/** Placeholder metadata HELM invents for a model that has no model_metadata.yaml entry. */
export function unknownModelMetadata(name: string, today: Date = new Date()): ModelMetadata {
  return {
    name,
    creator_organization_name: 'Unknown',
    display_name: name,
    description: name,
    access: 'open',
    release_date: today.toISOString().slice(0, 10),
    tags: [TEXT_MODEL_TAG, FULL_FUNCTIONALITY_TEXT_MODEL_TAG],
    num_parameters: undefined,
    deployment_names: undefined,
  };
}

/** The model a deployment serves (`model_name` defaults to the deployment name). */
export function deploymentModelName(deployment: ModelDeployment): string {
  return deployment.model_name || deployment.name;
}

/**
 * HELM's on-the-fly `huggingface/<org>/<name>` deployment (not registered). The maximum length
 * would come from the Hub tokenizer, which is not consulted here, so it stays unset.
 */
export function generateHuggingFaceDeployment(name: string): ModelDeployment | undefined {
  const parts = name.split('/');
  if (parts[0] !== 'huggingface' || parts.length < 3 || parts.some((p) => p === '')) return undefined;
  return {
    name,
    client_spec: {
      class_name: 'helm.clients.huggingface_client.HuggingFaceClient',
      args: { pretrained_model_name_or_path: parts.slice(1).join('/') },
    },
    model_name: parts.slice(-2).join('/'),
    tokenizer_name: name,
    deprecated: false,
  };
}

/**
 * Parsed registry files by path, size and mtime: HELM's built-in registry is ~12,000 lines and
 * every client and expansion in a process consults it, so it is parsed once per process.
 */
const parsedFiles = new Map<string, { stamp: string; value: unknown }>();

function readYamlFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!fs.existsSync(file)) return undefined;
  const stat = fs.statSync(file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = parsedFiles.get(file);
  if (cached !== undefined && cached.stamp === stamp) return cached.value as T;
  let raw: unknown;
  try {
    // js-yaml reads YAML 1.1 like HELM's yaml.safe_load (dates, booleans), and fast.
    raw = jsYaml.load(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HelmInputError(`${file}: invalid YAML: ${(error as Error).message}`);
  }
  // An empty file means "nothing to register", as yaml.safe_load returns None for it.
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`).join('; ');
    throw new HelmInputError(`${file}: does not match the expected shape: ${issues}`);
  }
  parsedFiles.set(file, { stamp, value: result.data });
  return result.data;
}

/**
 * HELM's model metadata, deployment and tokenizer registries, loaded from the built-in YAML files
 * then from the `--local-path` directory (later registrations win, as in HELM).
 */
export class ModelRegistry {
  private readonly metadataList: ModelMetadata[] = [];
  private readonly metadataByName = new Map<string, ModelMetadata>();
  private readonly deploymentList: ModelDeployment[] = [];
  private readonly deploymentByName = new Map<string, ModelDeployment>();
  private readonly tokenizerByName = new Map<string, TokenizerConfig>();

  /** Built-ins, then plugins' deployments, then `<localPath>/{model_metadata,tokenizer_configs,model_deployments}.yaml` if present. */
  static load(localPath: string, builtinDir: string = BUILTIN_CONFIG_DIR): ModelRegistry {
    const registry = new ModelRegistry();
    registry.registerDirectory(builtinDir);
    for (const { name, value, source } of modelDeploymentRegistry.entriesWithSource()) {
      if (registry.deploymentByName.has(name)) {
        throw new HelmInputError(`model deployment ${JSON.stringify(name)} is already defined by helm-ts's model_deployments.yaml; ${source} cannot register it again`);
      }
      if (value.metadata) registry.registerModelMetadata(value.metadata);
      if (value.tokenizerConfig) registry.registerTokenizerConfig(value.tokenizerConfig);
      registry.registerModelDeployment(value.deployment);
    }
    if (localPath && path.resolve(localPath) !== path.resolve(builtinDir)) registry.registerDirectory(localPath);
    return registry;
  }

  /** Registers the three files of one directory in HELM's order; missing files are skipped. */
  registerDirectory(dir: string): void {
    const metadata = readYamlFile(path.join(dir, 'model_metadata.yaml'), ModelMetadataFile);
    // Copies: registering deployments adds to a model's deployment_names, and parsed files are shared.
    for (const m of metadata?.models ?? []) this.registerModelMetadata({ ...m, tags: [...m.tags] });
    const tokenizers = readYamlFile(path.join(dir, 'tokenizer_configs.yaml'), TokenizerConfigsFile);
    for (const t of tokenizers?.tokenizer_configs ?? []) this.registerTokenizerConfig(t);
    const deployments = readYamlFile(path.join(dir, 'model_deployments.yaml'), ModelDeploymentsFile);
    for (const d of deployments?.model_deployments ?? []) this.registerModelDeployment(d);
  }

  registerModelMetadata(metadata: ModelMetadata): void {
    this.metadataList.push(metadata);
    this.metadataByName.set(metadata.name, metadata);
  }

  registerTokenizerConfig(config: TokenizerConfig): void {
    this.tokenizerByName.set(config.name, config);
  }

  /** Also records the deployment on its model's metadata, inventing placeholder metadata if needed. */
  registerModelDeployment(input: ModelDeployment): void {
    // HELM's __post_init__: model_name defaults to the deployment name.
    const deployment: ModelDeployment = input.model_name ? input : { ...input, model_name: input.name };
    this.deploymentByName.set(deployment.name, deployment);
    this.deploymentList.push(deployment);
    const modelName = deploymentModelName(deployment);
    let metadata = this.metadataByName.get(modelName);
    if (metadata === undefined) {
      metadata = unknownModelMetadata(modelName);
      this.registerModelMetadata(metadata);
    }
    const names = metadata.deployment_names ?? [metadata.name];
    if (!names.includes(deployment.name)) {
      metadata.deployment_names = [...(metadata.deployment_names ?? []), deployment.name];
    }
  }

  findModelMetadata(name: string): ModelMetadata | undefined {
    return this.metadataByName.get(name);
  }

  getModelMetadata(name: string): ModelMetadata {
    const metadata = this.metadataByName.get(name);
    if (metadata === undefined) {
      throw new HelmInputError(
        `No model metadata for model name: ${name} (not in any model_metadata.yaml).` +
          didYouMean(name, this.allModelNames()),
      );
    }
    return metadata;
  }

  /** A registered deployment, else a generated `huggingface/<org>/<name>` one, else undefined. */
  findModelDeployment(name: string): ModelDeployment | undefined {
    return this.deploymentByName.get(name) ?? generateHuggingFaceDeployment(name);
  }

  getModelDeployment(name: string): ModelDeployment {
    const deployment = this.findModelDeployment(name);
    if (deployment === undefined) {
      throw new HelmInputError(
        `Model deployment ${name} not found (not in any model_deployments.yaml, and not of the form ` +
          `huggingface/<org>/<name>).` + didYouMean(name, this.deploymentByName.keys()),
      );
    }
    return deployment;
  }

  /**
   * HELM's default deployment: the last registered non-deprecated deployment of the model, else the
   * last deprecated one, else a deployment (registered or generated) named like the model, else
   * undefined. So `huggingface/gpt2` as a model resolves to the deployment of that name.
   */
  getDefaultDeploymentForModel(model: string): string | undefined {
    const available = this.deploymentList.filter((d) => d.model_name === model);
    if (available.length > 0) {
      const live = available.filter((d) => !d.deprecated);
      return (live.length > 0 ? live[live.length - 1] : available[available.length - 1]).name;
    }
    return this.findModelDeployment(model)?.name;
  }

  getTokenizerConfig(name: string): TokenizerConfig {
    const config = this.tokenizerByName.get(name);
    if (config === undefined) {
      throw new HelmInputError(
        `Tokenizer ${name} not found in any tokenizer_configs.yaml.` + didYouMean(name, this.tokenizerByName.keys()),
      );
    }
    return config;
  }

  /** Metadata list order (registration order; a model registered twice appears twice), as HELM. */
  modelNamesWithTag(tag: string): string[] {
    return this.metadataList.filter((m) => m.tags.includes(tag)).map((m) => m.name);
  }

  /** Every registered model name, de-duplicated, in first-registration order. */
  allModelNames(): string[] {
    return [...this.metadataByName.keys()];
  }

  allDeploymentNames(): string[] {
    return [...this.deploymentByName.keys()];
  }

  /** Deployment names registered with the given tokenizer, mapped to their models (HELM's helper). */
  modelNamesWithTokenizer(tokenizer: string): string[] {
    return this.deploymentList.filter((d) => d.tokenizer_name === tokenizer).map(deploymentModelName);
  }

  /** What `--models-to-run` accepts: a registered model, or a registered/generated deployment. */
  isKnownModelOrDeployment(name: string): boolean {
    return this.metadataByName.has(name) || this.findModelDeployment(name) !== undefined;
  }
}
