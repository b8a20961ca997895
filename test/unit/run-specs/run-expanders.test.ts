import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { ModelRegistry } from '../../../core/models/registry';
import { getGenerationAdapterSpec } from '../../../core/run-specs/common-adapter-specs';
import { getExactMatchMetricSpecs } from '../../../core/run-specs/common-metric-specs';
import { constructRunSpecs } from '../../../core/run-specs/construct-run-specs';
import { DATA_AUGMENTATION_PRESETS, dataAugmentationOptions } from '../../../core/run-specs/data-augmentation';
import { modelGroups } from '../../../core/run-specs/run-expanders';
import { makeRunSpec } from '../../../core/run-specs/run-spec';
import { getRunSpecFunction, registerRunSpecFunction } from '../../../core/run-specs/run-spec-functions';
import { RunSpec } from '../../../core/run-specs/schemas';

// A frozen registry: the built-in one grows as clients are added; these wildcard lists must not.
const registry = ModelRegistry.load(
  path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'),
  path.join(__dirname, '..', '..', 'fixtures', 'registry'),
);
const names = (specs: RunSpec[]) => specs.map((s) => s.name);

// A colon-free base name (like HELM's `gsm`) to exercise both separator conventions.
if (!getRunSpecFunction('test_gen')) {
  registerRunSpecFunction({
    name: 'test_gen',
    params: [],
    build: () =>
      makeRunSpec({
        name: 'test_gen',
        scenario_spec: { class_name: 'test.Scenario', args: {} },
        adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Question', outputNoun: 'Answer' }),
        metric_specs: getExactMatchMetricSpecs(),
        groups: ['test_gen'],
      }),
  });
}

describe('model expander', () => {
  it('expands wildcard groups from tags, dropping deprecated models', () => {
    const groups = modelGroups(registry);
    expect(groups.get('text')).toEqual([
      'simple/model1',
      'openai/gpt2',
      'openai/davinci-002',
      'openai/babbage-002',
      'openai/gpt-3.5-turbo-0125',
      'openai/gpt-4o-mini-2024-07-18',
      'eleutherai/pythia-1b-v0',
      'meta/llama-3.1-8b-instruct',
      'qwen/qwen2.5-7b-instruct',
    ]);
    expect(groups.get('code')).toEqual(['bigcode/santacoder']);
    expect(groups.get('text_code')).toEqual([...(groups.get('text') ?? []), 'bigcode/santacoder']);
    expect(groups.get('all')).toEqual([
      'simple/model1',
      'openai/gpt2',
      'openai/davinci-002',
      'openai/babbage-002',
      'openai/gpt-3.5-turbo-0125',
      'openai/gpt-4o-mini-2024-07-18',
      'bigcode/santacoder',
      'eleutherai/pythia-1b-v0',
      'meta/llama-3.1-8b-instruct',
      'qwen/qwen2.5-7b-instruct',
    ]);
    expect(groups.get('instruction_following')).toEqual([
      'openai/gpt-3.5-turbo-0125',
      'openai/gpt-4o-mini-2024-07-18',
      'meta/llama-3.1-8b-instruct',
      'qwen/qwen2.5-7b-instruct',
    ]);
    expect(groups.get('full_functionality_text')).toEqual([
      'simple/model1',
      'openai/gpt2',
      'openai/davinci-002',
      'openai/babbage-002',
      'eleutherai/pythia-1b-v0',
    ]);
    expect(groups.get('limited_functionality_text')).toEqual(groups.get('instruction_following'));
    expect(groups.get('vlm')).toEqual(['openai/gpt-4o-mini-2024-07-18']);
    expect(groups.get('ai21/j1-jumbo')).toEqual([]); // deprecated
    expect(groups.get('ablation')).toEqual([]);
    expect(groups.get('ablation_text')).toEqual([]);
  });

  it('builds one run per model of a wildcard', () => {
    expect(names(constructRunSpecs('mmlu:subject=anatomy,model=code', registry))).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=bigcode_santacoder',
    ]);
    const specs = constructRunSpecs('mmlu:model=instruction_following,subject=anatomy', registry);
    expect(specs.map((s) => [s.name, s.adapter_spec.model_deployment])).toEqual([
      ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt-3.5-turbo-0125', 'openai/gpt-3.5-turbo-0125'],
      ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt-4o-mini-2024-07-18', 'openai/gpt-4o-mini-2024-07-18'],
      ['mmlu:subject=anatomy,method=multiple_choice_joint,model=meta_llama-3.1-8b-instruct', 'huggingface/llama-3.1-8b-instruct'],
      ['mmlu:subject=anatomy,method=multiple_choice_joint,model=qwen_qwen2.5-7b-instruct', 'huggingface/qwen2.5-7b-instruct'],
    ]);
  });

  it('appends model=all last when there is no model key', () => {
    const specs = constructRunSpecs('mmlu:subject=anatomy,data_augmentation=canonical', registry);
    expect(specs).toHaveLength(modelGroups(registry).get('all')?.length ?? -1);
    expect(specs[0].name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,data_augmentation=canonical,model=simple_model1');
  });

  it('keeps description order: model before data_augmentation', () => {
    expect(names(constructRunSpecs('mmlu:model=openai/gpt2,subject=anatomy,data_augmentation=canonical', registry))).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2,data_augmentation=canonical',
    ]);
  });

  it('splits host/org/name into deployment and model', () => {
    const [spec] = constructRunSpecs('mmlu:subject=anatomy,model=huggingface/Qwen/Qwen2-0.5B', registry);
    expect(spec.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=Qwen_Qwen2-0.5B');
    expect(spec.adapter_spec.model).toBe('Qwen/Qwen2-0.5B');
    expect(spec.adapter_spec.model_deployment).toBe('huggingface/Qwen/Qwen2-0.5B');
  });

  it('resolves a deployment-only spec to its model', () => {
    const [spec] = constructRunSpecs('mmlu:subject=anatomy,model_deployment=huggingface/gpt2,model=openai/gpt2', registry);
    expect(spec.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model_deployment=huggingface_gpt2,model=openai_gpt2');
    expect(spec.adapter_spec.model_deployment).toBe('huggingface/gpt2');
  });
});

describe('separators and values in names', () => {
  it('uses , after a colon and : before one (colon-aware), always , for the others', () => {
    expect(names(constructRunSpecs('test_gen:stop=hash,model=simple/model1', registry))).toEqual(['test_gen,stop=hash:model=simple_model1']);
    expect(names(constructRunSpecs('test_gen:model=simple/model1,stop=hash', registry))).toEqual(['test_gen:model=simple_model1,stop=hash']);
    expect(names(constructRunSpecs('test_gen:max_train_instances=zero,model=simple/model1', registry))).toEqual([
      'test_gen:max_train_instances=0,model=simple_model1',
    ]);
  });

  it('expands presets into several runs', () => {
    expect(names(constructRunSpecs('mmlu:subject=anatomy,max_train_instances=all,model=simple/model1', registry))).toEqual(
      [0, 1, 2, 4, 8, 16].map((n) => `mmlu:subject=anatomy,method=multiple_choice_joint,max_train_instances=${n},model=simple_model1`),
    );
    expect(names(constructRunSpecs('mmlu:subject=anatomy,num_outputs=copyright_sweep,model=simple/model1', registry))).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,num_outputs=1,model=simple_model1',
      'mmlu:subject=anatomy,method=multiple_choice_joint,num_outputs=10,model=simple_model1',
    ]);
  });

  it('keeps the parsed number type in names and JSON', () => {
    const [spec] = constructRunSpecs('mmlu:subject=anatomy,num_outputs=1.0,max_eval_instances=default,num_train_trials=3,num_trials=heim_efficiency,model=simple/model1', registry);
    expect(spec.name).toBe(
      'mmlu:subject=anatomy,method=multiple_choice_joint,num_outputs=1.0,max_eval_instances=1000,num_train_trials=3,num_trials=5,model=simple_model1',
    );
    expect(pythonJsonDumps([spec.adapter_spec.num_outputs, spec.adapter_spec.max_eval_instances, spec.adapter_spec.num_train_trials, spec.adapter_spec.num_trials])).toBe('[1.0, 1000, 3, 5]');
  });

  it('eval_split sets eval_splits', () => {
    const [spec] = constructRunSpecs('mmlu:model=simple/model1,eval_split=test,subject=anatomy', registry);
    expect(spec.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1,eval_split=test');
    expect(spec.adapter_spec.eval_splits).toEqual(['test']);
  });
});

describe('prompt-shaping expanders', () => {
  const one = (d: string) => constructRunSpecs(d, registry)[0];

  it('stop, add_to_stop, global_prefix, instructions, prompt, newline', () => {
    const s = one('test_gen:model=simple/model1,stop=hash,add_to_stop=newline,global_prefix=nlg,instructions=expert,prompt=qa,newline=br');
    expect(s.name).toBe('test_gen:model=simple_model1,stop=hash,global_prefix=nlg,instructions=expert,prompt=qa,newline=br');
    expect(s.adapter_spec).toMatchObject({
      stop_sequences: ['###', '\n'],
      instance_prefix: '###\n\n',
      global_prefix: '[NLG]',
      instructions: 'I am an expert AI assistant who is here to help you with the following. ',
      input_prefix: 'Q: ',
      output_prefix: 'A: ',
      substitutions: [{ source: '\n', target: '<br>\n' }],
    });
    expect(one('test_gen:model=simple/model1,stop=none').adapter_spec.stop_sequences).toEqual([]);
    expect(one('test_gen:model=simple/model1,add_to_stop=###').adapter_spec.stop_sequences).toEqual(['\n', '###']);
  });

  it('temperature and num_output_tokens', () => {
    const s = one('test_gen:model=simple/model1,temperature=0.7,num_output_tokens=64');
    expect(s.name).toBe('test_gen:model=simple_model1,num_output_tokens=64');
    expect(pythonJsonDumps([s.adapter_spec.temperature, s.adapter_spec.max_tokens])).toBe('[0.7, 64]');
    expect(pythonJsonDumps(one('test_gen:model=simple/model1,increase_temperature=1').adapter_spec.temperature)).toBe('1.0');
  });

  it('output_format_instructions=mmlu prepends the instruction', () => {
    const s = one('mmlu:subject=anatomy,model=simple/model1,output_format_instructions=mmlu');
    expect(s.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1');
    expect(s.adapter_spec.instructions).toBe(
      'Answer with only a single letter.\n\nThe following are multiple choice questions (with answers) about anatomy.\n',
    );
    const suffix = one('mmlu:subject=anatomy,model=simple/model1,output_format_instructions=mmlu_no_prefix_suffix');
    expect(suffix.adapter_spec.global_suffix).toBe("\n\nAnswer with only a single letter. Do not include 'Answer:' in your answer.");
    const gen = one('test_gen:model=simple/model1,output_format_instructions=natural_qa');
    expect(gen.adapter_spec.instructions).toBe("Answer with a short answer or a boolean 'yes' or 'no' answer.\n");
    expect(() => one('test_gen:model=simple/model1,output_format_instructions=natural')).toThrow(
      /^Unknown scenario natural for output_format_instructions with method generation; accepted: legalbench, narrative_qa, natural_qa/,
    );
  });

  it('follow_format_instructions', () => {
    const s = one('test_gen:model=simple/model1,follow_format_instructions=all');
    expect(s.adapter_spec.global_prefix).toMatch(/^Here are some input-output examples\. .*\n\n$/);
    expect(s.adapter_spec.global_suffix).toBe(
      '\n\nPlease provide the output to this last example. It is critical to follow the format of the preceding outputs!\nAnswer:',
    );
    expect(one('test_gen:model=simple/model1,follow_format_instructions=instruct').adapter_spec.global_prefix).toBe('');
    expect(one('test_gen:model=openai/gpt-3.5-turbo-0125,follow_format_instructions=instruct').adapter_spec.global_prefix).not.toBe('');
  });

  it('process_output wraps the metric specs', () => {
    const s = one('test_gen:model=simple/model1,process_output=remove_deepseek_r1_thinking');
    expect(s.metric_specs).toEqual([
      {
        class_name: 'helm.benchmark.metrics.output_processing_metric.OutputProcessingMetric',
        args: { processor: 'remove_deepseek_r1_thinking', metric_specs: getExactMatchMetricSpecs() },
      },
    ]);
  });

  it('num_prompt_tokens and tokenizer set scenario args', () => {
    const specs = constructRunSpecs(
      'test_gen:model_deployment=openai/davinci-002,model=openai/davinci-002,tokenizer=default,num_prompt_tokens=default_sweep',
      registry,
    );
    expect(names(specs)).toEqual(
      [1, 256, 512, 1024, 1536].map(
        (n) => `test_gen:model_deployment=openai_davinci-002,model=openai_davinci-002,tokenizer=openai_cl100k_base,num_prompt_tokens=${n}`,
      ),
    );
    expect(specs[1].scenario_spec.args).toEqual({ tokenizer: 'openai/cl100k_base', num_prompt_tokens: 256 });
    // The deployment is only resolved after expansion, so with model= alone there is no match and no run (as HELM).
    expect(constructRunSpecs('test_gen:model=openai/davinci-002,tokenizer=default', registry)).toEqual([]);
    expect(constructRunSpecs('test_gen:model=openai/gpt2,tokenizer=default', registry)).toEqual([]);
  });
});

describe('data_augmentation', () => {
  it('canonical: robustness + fairness perturbations with HELM arg types', () => {
    const [spec] = constructRunSpecs('mmlu:subject=anatomy,model=simple/model1,data_augmentation=canonical', registry);
    expect(spec.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1,data_augmentation=canonical');
    const golden = fs.readFileSync(path.join(__dirname, 'golden/data-augmenter-canonical.json'), 'utf8');
    expect(pythonJsonDumps(spec.data_augmenter_spec, { indent: 2 })).toBe(golden);
  });

  it('knows every HELM preset and its option names', () => {
    expect(DATA_AUGMENTATION_PRESETS).toHaveLength(43);
    expect(dataAugmentationOptions('misspelling_sweep')?.map(([n]) => n)).toEqual([
      'misspelling0',
      'misspelling0.05',
      'misspelling0.2',
      'misspelling0.5',
    ]);
    expect(dataAugmentationOptions('misspelling_medium')?.map(([n]) => n)).toEqual(['misspelling0.20']);
    expect(dataAugmentationOptions('cleva_fairness')?.map(([n]) => n)).toEqual(['fairness']);
    expect(dataAugmentationOptions('contract')?.[0][1].map((p) => p.class_name)).toEqual([
      'helm.benchmark.augmentations.contraction_expansion_perturbation.ContractionPerturbation',
      'helm.benchmark.augmentations.contraction_expansion_perturbation.ExpansionPerturbation',
    ]);
    expect(names(constructRunSpecs('mmlu:subject=anatomy,model=simple/model1,data_augmentation=misspelling_sweep', registry))).toHaveLength(4);
  });
});
