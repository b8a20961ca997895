import { Registry } from '../registry';
import type { ModelDeployment, ModelMetadata, TokenizerConfig } from './schemas';

/** A model a plugin brings: its deployment (client_spec names the plugin's client), and optionally metadata and tokenizer. */
export interface PluginModel {
  deployment: ModelDeployment;
  metadata?: ModelMetadata;
  tokenizerConfig?: TokenizerConfig;
}

/**
 * Model deployments registered by code (HELM's `register_model_deployment` from a plugin). Every
 * suite's model registry adds them after the built-in YAML files and before `<local-path>`'s.
 */
export const modelDeploymentRegistry = new Registry<PluginModel>('model deployment');

export function registerModelDeployment(model: PluginModel, source?: string): void {
  modelDeploymentRegistry.register(model.deployment.name, model, source);
}
