import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { BUILTIN_CONFIG_DIR, ModelRegistry } from '../../../core/models/registry';

/** HELM 0.5.16's models tagged CODE_MODEL_TAG, in its registry order. */
const CODE_MODELS = ['bigcode/santacoder', 'bigcode/starcoder', 'google/code-bison@001', 'google/code-bison@002', 'google/code-bison-32k', 'openai/code-davinci-002', 'openai/code-davinci-001', 'openai/code-cushman-001'];

function localDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prod_env-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const NO_LOCAL = path.join(os.tmpdir(), 'helm-ts-no-such-prod-env');

describe('built-in registry', () => {
  const registry = ModelRegistry.load(NO_LOCAL);

  it('finds the YAML directory from the sources', () => {
    expect(fs.existsSync(path.join(BUILTIN_CONFIG_DIR, 'model_deployments.yaml'))).toBe(true);
  });

  it('has simple/model1', () => {
    const d = registry.getModelDeployment('simple/model1');
    expect(d).toMatchObject({
      name: 'simple/model1',
      model_name: 'simple/model1',
      tokenizer_name: 'simple/tokenizer1',
      max_sequence_length: 2048,
      client_spec: { class_name: 'helm.clients.simple_client.SimpleClient', args: {} },
      deprecated: false,
    });
    expect(registry.getDefaultDeploymentForModel('simple/model1')).toBe('simple/model1');
    expect(registry.getTokenizerConfig('simple/tokenizer1')).toMatchObject({
      tokenizer_spec: { class_name: 'helm.tokenizers.simple_tokenizer.SimpleTokenizer' },
      end_of_text_token: '</s>',
      prefix_token: '<s>',
    });
    expect(registry.getModelMetadata('simple/model1')).toMatchObject({
      creator_organization_name: 'Helm',
      access: 'open',
      release_date: '2023-01-01',
      tags: ['TEXT_MODEL_TAG', 'FULL_FUNCTIONALITY_TEXT_MODEL_TAG'],
    });
    // A deployment named like its model is implied, so HELM leaves deployment_names unset.
    expect(registry.getModelMetadata('simple/model1').deployment_names).toBeUndefined();
    expect(registry.getModelMetadata('openai/gpt2').deployment_names).toEqual(['huggingface/gpt2']);
  });

  it('maps openai/gpt2 to the huggingface/gpt2 deployment', () => {
    expect(registry.getDefaultDeploymentForModel('openai/gpt2')).toBe('huggingface/gpt2');
    expect(registry.getModelDeployment('huggingface/gpt2')).toMatchObject({
      model_name: 'openai/gpt2',
      tokenizer_name: 'huggingface/gpt2',
      max_sequence_length: 1024,
      max_request_length: 1025,
      client_spec: {
        class_name: 'helm.clients.huggingface_client.HuggingFaceClient',
        args: { pretrained_model_name_or_path: 'openai-community/gpt2' },
      },
    });
    expect(registry.getTokenizerConfig('huggingface/gpt2').end_of_text_token).toBe('<|endoftext|>');
    expect(registry.getModelMetadata('openai/gpt2').num_parameters).toBe(1500000000);
  });

  it("holds all of HELM 0.5.16's registry, in HELM's order", () => {
    // 623 entries; inceptionai/jais-family-6p7b-chat is listed twice.
    expect(registry.allModelNames()).toHaveLength(622);
    // 609 entries under 591 names (a later entry of a name replaces the earlier one, as in HELM).
    expect(registry.allDeploymentNames()).toHaveLength(591);
    expect(registry.modelNamesWithTag('CODE_MODEL_TAG')).toEqual(CODE_MODELS);
    expect(registry.modelNamesWithTag('DEPRECATED_MODEL_TAG')).toHaveLength(53);
    expect(registry.modelNamesWithTag('DEPRECATED_MODEL_TAG').slice(0, 1)).toEqual(['ai21/j1-jumbo']);
    expect(registry.allModelNames().slice(0, 3)).toEqual(['simple/model1', 'adobe/giga-gan', 'ai21/j1-jumbo']);
  });

  it('generates huggingface/<org>/<name> deployments without registering them', () => {
    expect(registry.getModelDeployment('huggingface/Qwen/Qwen2-0.5B')).toEqual({
      name: 'huggingface/Qwen/Qwen2-0.5B',
      client_spec: {
        class_name: 'helm.clients.huggingface_client.HuggingFaceClient',
        args: { pretrained_model_name_or_path: 'Qwen/Qwen2-0.5B' },
      },
      model_name: 'Qwen/Qwen2-0.5B',
      tokenizer_name: 'huggingface/Qwen/Qwen2-0.5B',
      deprecated: false,
    });
    expect(registry.isKnownModelOrDeployment('huggingface/Qwen/Qwen2-0.5B')).toBe(true);
    expect(registry.allDeploymentNames()).not.toContain('huggingface/Qwen/Qwen2-0.5B');
    expect(registry.getDefaultDeploymentForModel('huggingface/a/b')).toBe('huggingface/a/b');
  });

  it('knows models and deployments', () => {
    expect(registry.isKnownModelOrDeployment('openai/gpt2')).toBe(true);
    expect(registry.isKnownModelOrDeployment('huggingface/gpt2')).toBe(true);
    expect(registry.isKnownModelOrDeployment('openai/gpt3')).toBe(false);
    expect(registry.getDefaultDeploymentForModel('nobody/nothing')).toBeUndefined();
  });

  it('errors name what is missing and close names', () => {
    expect(() => registry.getModelDeployment('simple/model2')).toThrow(HelmInputError);
    expect(() => registry.getModelDeployment('simple/model2')).toThrow(
      'Model deployment simple/model2 not found (not in any model_deployments.yaml, and not of the form huggingface/<org>/<name>). Did you mean: simple/model1',
    );
    expect(() => registry.getModelMetadata('openai/gpt3')).toThrow(
      /^No model metadata for model name: openai\/gpt3 \(not in any model_metadata\.yaml\)\. Did you mean: openai\/gpt2/,
    );
    expect(() => registry.getTokenizerConfig('simple/tokenizer2')).toThrow(
      /^Tokenizer simple\/tokenizer2 not found in any tokenizer_configs\.yaml\. Did you mean: simple\/tokenizer1/,
    );
  });
});

describe('prod_env overrides', () => {
  it('makes a local deployment the default and registers unknown models with placeholder metadata', () => {
    const dir = localDir({
      'model_deployments.yaml': [
        'model_deployments:',
        '  - name: local/gpt2-copy',
        '    model_name: openai/gpt2',
        '    tokenizer_name: huggingface/gpt2',
        '    max_sequence_length: 1024',
        '    client_spec:',
        '      class_name: helm.clients.simple_client.SimpleClient',
        '  - name: mine/model',
        '    client_spec: {class_name: helm.clients.simple_client.SimpleClient}',
      ].join('\n'),
    });
    const registry = ModelRegistry.load(dir);
    expect(registry.getDefaultDeploymentForModel('openai/gpt2')).toBe('local/gpt2-copy');
    expect(registry.getModelMetadata('openai/gpt2').deployment_names).toEqual(['huggingface/gpt2', 'local/gpt2-copy']);
    const placeholder = registry.getModelMetadata('mine/model');
    expect(placeholder).toMatchObject({
      name: 'mine/model',
      creator_organization_name: 'Unknown',
      access: 'open',
      tags: ['TEXT_MODEL_TAG', 'FULL_FUNCTIONALITY_TEXT_MODEL_TAG'],
    });
    expect(registry.getDefaultDeploymentForModel('mine/model')).toBe('mine/model');
    expect(registry.getModelDeployment('mine/model').model_name).toBe('mine/model');
    expect(registry.allModelNames()).toContain('mine/model');
  });

  it('skips deprecated deployments unless all are deprecated', () => {
    const dir = localDir({
      'model_deployments.yaml': [
        'model_deployments:',
        '  - {name: x/one, model_name: simple/model1, deprecated: true, client_spec: {class_name: C}}',
        '  - {name: x/two, model_name: openai/gpt2, deprecated: true, client_spec: {class_name: C}}',
        '  - {name: y/only, model_name: y/only-model, deprecated: true, client_spec: {class_name: C}}',
      ].join('\n'),
    });
    const registry = ModelRegistry.load(dir);
    expect(registry.getDefaultDeploymentForModel('simple/model1')).toBe('simple/model1');
    expect(registry.getDefaultDeploymentForModel('y/only-model')).toBe('y/only');
  });

  it('lists a re-registered model twice by tag but once in allModelNames', () => {
    const dir = localDir({
      'model_metadata.yaml': 'models:\n  - {name: simple/model1, tags: [TEXT_MODEL_TAG, CODE_MODEL_TAG]}\n',
      'tokenizer_configs.yaml': '',
    });
    const registry = ModelRegistry.load(dir);
    expect(registry.modelNamesWithTag('TEXT_MODEL_TAG').filter((m) => m === 'simple/model1')).toHaveLength(2);
    expect(registry.modelNamesWithTag('CODE_MODEL_TAG')).toEqual([...CODE_MODELS, 'simple/model1']);
    expect(registry.allModelNames().filter((m) => m === 'simple/model1')).toHaveLength(1);
    expect(registry.getModelMetadata('simple/model1').creator_organization_name).toBe('Unknown');
  });

  it('rejects malformed local YAML, naming the file', () => {
    const dir = localDir({ 'model_deployments.yaml': 'model_deployments:\n  - {model_name: a/b}\n' });
    expect(() => ModelRegistry.load(dir)).toThrow(
      new RegExp(`^${path.join(dir, 'model_deployments.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: does not match the expected shape: model_deployments\\.0\\.name`),
    );
    const bad = localDir({ 'model_metadata.yaml': 'models: [\n' });
    expect(() => ModelRegistry.load(bad)).toThrow(/model_metadata\.yaml: invalid YAML/);
  });
});
