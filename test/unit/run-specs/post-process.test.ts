import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { ModelRegistry } from '../../../core/models/registry';
import { constructRunSpecs } from '../../../core/run-specs/construct-run-specs';

function registryWithTaggedModels(): ModelRegistry {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prod_env-tags-'));
  const models: Array<[string, string[]]> = [
    ['t/nonl', ['TEXT_MODEL_TAG', 'NO_NEWLINES_TAG']],
    ['t/nlg', ['TEXT_MODEL_TAG', 'NLG_PREFIX_TAG']],
    ['t/temp', ['TEXT_MODEL_TAG', 'BUGGY_TEMP_0_TAG']],
    ['t/chatml', ['TEXT_MODEL_TAG', 'CHATML_MODEL_TAG']],
    ['t/claude2', ['TEXT_MODEL_TAG', 'ANTHROPIC_CLAUDE_2_MODEL_TAG']],
    ['t/claude3', ['TEXT_MODEL_TAG', 'ANTHROPIC_CLAUDE_3_MODEL_TAG']],
    ['t/gone', ['TEXT_MODEL_TAG', 'DEPRECATED_MODEL_TAG']],
  ];
  fs.writeFileSync(
    path.join(dir, 'model_metadata.yaml'),
    'models:\n' + models.map(([name, tags]) => `  - {name: ${name}, tags: [${tags.join(', ')}]}\n`).join(''),
  );
  fs.writeFileSync(
    path.join(dir, 'model_deployments.yaml'),
    'model_deployments:\n' +
      models.map(([name]) => `  - {name: ${name}, client_spec: {class_name: helm.clients.simple_client.SimpleClient}}\n`).join(''),
  );
  return ModelRegistry.load(dir);
}

describe('tag-driven post-processing', () => {
  const registry = registryWithTaggedModels();
  const one = (d: string) => constructRunSpecs(d, registry)[0];

  it('NO_NEWLINES_TAG adds stop=hash for joint MC', () => {
    const s = one('mmlu:subject=anatomy,model=t/nonl');
    expect(s.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=t_nonl,stop=hash');
    expect(s.adapter_spec.stop_sequences).toEqual(['###']);
    expect(s.adapter_spec.instance_prefix).toBe('###\n\n');
    // Not for the separate methods.
    expect(one('mmlu:subject=anatomy,method=multiple_choice_separate_original,model=t/nonl').name).not.toContain('stop=hash');
  });

  it('NLG_PREFIX_TAG adds global_prefix=nlg', () => {
    const s = one('mmlu:subject=anatomy,model=t/nlg');
    expect(s.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=t_nlg,global_prefix=nlg');
    expect(s.adapter_spec.global_prefix).toBe('[NLG]');
  });

  it('BUGGY_TEMP_0_TAG raises a zero temperature by 1e-4', () => {
    expect(pythonJsonDumps(one('mmlu:subject=anatomy,model=t/temp').adapter_spec.temperature)).toBe('0.0001');
  });

  it('CHATML_MODEL_TAG rewrites the prompt format', () => {
    const a = one('mmlu:subject=anatomy,model=t/chatml').adapter_spec;
    expect(a.instructions).toBe(
      '<|im_start|>system\nThe following are multiple choice questions (with answers) about anatomy.\n<|im_end|>\n<|im_start|>user\n',
    );
    expect(a.output_prefix).toBe('<|im_end|>\n<|im_start|>assistant\nAnswer: ');
    expect(a.output_suffix).toBe('<|im_end|>\n<|im_start|>user\n');
    expect(a.instance_prefix).toBe('');
    expect(a.stop_sequences).toEqual(['\n', '<|im_end|>']);
  });

  it('Claude 2 framing and Claude 3 stop sequences', () => {
    const c2 = one('mmlu:subject=anatomy,model=t/claude2').adapter_spec;
    expect(c2.global_prefix).toMatch(/^\n\nHuman: Here are some input-output examples\..*\n\n$/);
    expect(c2.global_suffix).toMatch(/preceding outputs!\n\nAssistant: Answer:$/);
    expect(one('mmlu:subject=anatomy,model=t/claude3').adapter_spec.stop_sequences).toEqual([]);
  });

  it('deprecated models leave wildcards but can still be named', () => {
    const text = constructRunSpecs('mmlu:subject=anatomy,model=text', registry).map((s) => s.adapter_spec.model);
    expect(text).toContain('t/nonl');
    expect(text).not.toContain('t/gone');
    expect(one('mmlu:subject=anatomy,model=t/gone').adapter_spec.model).toBe('t/gone');
  });
});
