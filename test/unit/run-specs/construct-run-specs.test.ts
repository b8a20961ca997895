import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { ModelRegistry } from '../../../core/models/registry';
import { constructRunSpecs } from '../../../core/run-specs/construct-run-specs';
import { runEntriesToRunSpecs } from '../../../core/run-specs/run-entries';
import { MMLU_SUBJECTS } from '../../../core/run-specs/run-spec-functions';
import { RunSpec } from '../../../core/run-specs/schemas';

const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'));

describe('mmlu run spec', () => {
  it('serialises exactly as HELM writes run_spec.json', () => {
    const [spec] = runEntriesToRunSpecs(
      [{ description: 'mmlu:subject=philosophy,model=simple/model1', priority: 1 }],
      { maxEvalInstances: 10 },
      registry,
    );
    const golden = fs.readFileSync(path.join(__dirname, 'golden/run-spec-mmlu-simple-model1.json'), 'utf8');
    expect(pythonJsonDumps(spec, { indent: 2 })).toBe(golden);
    expect(RunSpec.parse(spec)).toEqual(spec);
  });

  it('names the openai/gpt2 run and resolves its deployment', () => {
    const [spec] = constructRunSpecs('mmlu:subject=philosophy,model=openai/gpt2', registry);
    expect(spec.name).toBe('mmlu:subject=philosophy,method=multiple_choice_joint,model=openai_gpt2');
    expect(spec.adapter_spec.model).toBe('openai/gpt2');
    expect(spec.adapter_spec.model_deployment).toBe('huggingface/gpt2');
    expect(spec.adapter_spec.max_eval_instances).toBeUndefined();
  });

  it('resolves a deployment name given as model= to its model (a deliberate difference from HELM)', () => {
    const [spec] = constructRunSpecs('mmlu:subject=philosophy,model=huggingface/gpt2', registry);
    expect(spec.name).toBe('mmlu:subject=philosophy,method=multiple_choice_joint,model=openai_gpt2');
    expect(spec.adapter_spec.model).toBe('openai/gpt2');
    expect(spec.adapter_spec.model_deployment).toBe('huggingface/gpt2');
  });

  it('replaces _ by spaces in the instructions', () => {
    const [spec] = constructRunSpecs('mmlu:subject=high_school_us_history,model=simple/model1', registry);
    expect(spec.adapter_spec.instructions).toBe(
      'The following are multiple choice questions (with answers) about high school us history.\n',
    );
  });

  it('supports the separate and chain-of-thought methods', () => {
    const [separate] = constructRunSpecs('mmlu:subject=anatomy,method=multiple_choice_separate_original,model=simple/model1', registry);
    expect(separate.name).toBe('mmlu:subject=anatomy,method=multiple_choice_separate_original,model=simple_model1');
    expect(pythonJsonDumps(separate.adapter_spec)).toBe(
      '{"method": "multiple_choice_separate_original", "global_prefix": "", "global_suffix": "", "instructions": "", ' +
        '"input_prefix": "", "input_suffix": "", "reference_prefix": "A. ", "reference_suffix": "\\n", ' +
        '"chain_of_thought_prefix": "", "chain_of_thought_suffix": "\\n", "output_prefix": " ", "output_suffix": "", ' +
        '"instance_prefix": "\\n", "substitutions": [], "max_train_instances": 0, "num_outputs": 1, "num_train_trials": 1, ' +
        '"num_trials": 1, "sample_train": true, "model_deployment": "simple/model1", "model": "simple/model1", ' +
        '"temperature": 0.0, "max_tokens": 0, "stop_sequences": [], "multi_label": false}',
    );
    const [cot] = constructRunSpecs('mmlu:subject=anatomy,method=multiple_choice_joint_chain_of_thought,model=simple/model1', registry);
    expect(cot.adapter_spec).toMatchObject({ method: 'multiple_choice_joint_chain_of_thought', max_tokens: 1, input_prefix: 'Question: ' });
  });

  it('lists 57 subjects', () => {
    expect(MMLU_SUBJECTS).toHaveLength(57);
    expect(new Set(MMLU_SUBJECTS).size).toBe(57);
  });
});

describe('construction errors', () => {
  const cases: Array<[string, string | RegExp]> = [
    ['mmlu:model=simple/model1', "Run spec function 'mmlu' is missing required argument 'subject'; it accepts: subject (required), method. Example: mmlu:subject=<value>"],
    ['mmlu:subject=philosophy,topic=x,model=simple/model1', /^Run spec function 'mmlu' got an unexpected argument 'topic'; it accepts: subject \(required\), method/],
    ['mmlu:subject=philosofy,model=simple/model1', /^Run spec function 'mmlu': unknown subject 'philosofy'\. Did you mean: philosophy.*Accepted subjects: abstract_algebra, anatomy, .*world_religions$/],
    ['mmlu:subject=3,model=simple/model1', /^Run spec function 'mmlu': unknown subject '3'\./],
    ['mmlu:subject=anatomy,method=generation,model=simple/model1', /^Run spec function 'mmlu': invalid adaptation method 'generation'; accepted methods: multiple_choice_joint, multiple_choice_joint_chain_of_thought, multiple_choice_separate_original, multiple_choice_separate_calibrated\./],
    ['mmlu:subject=anatomy,method=2,model=simple/model1', "Run spec function 'mmlu': argument 'method' must be a string, got 2"],
    ['mmlx:subject=anatomy', 'Unknown run spec name: mmlx. Did you mean: mmlu, bold, imdb?'],
    ['zzzzzzzzzzzzzzzzzzzz', /^Unknown run spec name: zzzzzzzzzzzzzzzzzzzz\./],
    ['mmlu:subject=anatomy,model=openai/gpt3', 'Unknown model or no default model deployment found for model openai/gpt3. Did you mean: openai/gpt2'],
    ['mmlu:subject=anatomy,model=openai/gpt2,model_deployment=simple/model1', "Invalid RunSpec: selected model deployment 'simple/model1'for model 'openai/gpt2' but the model deployment is for a different model 'simple/model1'"],
    ['mmlu:subject=anatomy,model=openai/gpt2,model_deployment=simple/model1', "Invalid RunSpec: selected model deployment 'simple/model1'for model 'openai/gpt2' but the model deployment is for a different model 'simple/model1'"],
    ['mmlu:subject=anatomy,model_deployment=simple/model2,model=simple/model1', /^Model deployment simple\/model2 not found .*Did you mean: simple\/model1/],
    ['mmlu:subject=anatomy,model=simple/model1,eval_split=train', 'Split must be "test" or "valid", but got "train"'],
    ['mmlu:subject=anatomy,model=simple/model1,data_augmentation=canonicl', /^Unknown data_augmentation: canonicl; possible choices: extra_space, .*canonical.*\. Did you mean: canonical/],
    ['mmlu:subject=anatomy,model=simple/model1,stop=dollar', "Unknown value for run expander 'stop': 'dollar'; accepted: none, hash, semicolon, br."],
    ['mmlu:subject=anatomy,model=simple/model1,max_train_instances=few', /^Run expander 'max_train_instances' expects an integer or one of the presets zero, one, all, big_bench_few_shot_setting, vhelm, melt, got 'few'/],
    ['mmlu:subject=anatomy,model=simple/model1,temperature=hot', "Run expander 'temperature' expects a number, got 'hot'"],
    ['mmlu:subject=anatomy,model=simple/model1,chatml=1', 'The chatml run expander takes no value and cannot be set in a run entry description'],
    ['mmlu:subject=anatomy,model=simple/model1,follow_format_instructions=all', /^follow_format_instructions run expander only supports the generation adaptation method/],
    ['mmlu:subject=anatomy,model=simple/model1,follow_format_instructions=some', "Value of add_follow_the_format_instructions run expander must be 'all' or 'instruct', got 'some'"],
    ['mmlu:subject=anatomy,model=simple/model1,method=multiple_choice_separate_original,output_format_instructions=mmlu', /^output_format_instructions does not support the adaptation method multiple_choice_separate_original/],
    ['mmlu:subject=anatomy,model=simple/model1,instructions=novice', "Unknown value for run expander 'instructions': 'novice'; accepted: none, expert."],
    ['mmlu:subject=anatomy,model=simple/model1,prompt=xml', /^Unknown value for run expander 'prompt': 'xml'; accepted: human_assistant, question_answer, qa, input_output_html, input_output, i_o\./],
    ['mmlu:subject=anatomy,model=simple/model1,newline=crlf', "Unknown value for run expander 'newline': 'crlf'; accepted: semicolon, br."],
    ['mmlu:subject=anatomy,model=simple/model1,global_prefix=x', "Unknown value for run expander 'global_prefix': 'x'; accepted: nlg."],
    ['mmlu:subject=anatomy,model=simple/model1,model_deployment=5', "Run expander 'model_deployment' expects a deployment name, got '5'"],
    ['mmlu:', "Expected <key>=<value>, got ''"],
  ];
  for (const [description, message] of cases) {
    it(description, () => {
      expect(() => constructRunSpecs(description, registry)).toThrow(HelmInputError);
      expect(() => constructRunSpecs(description, registry)).toThrow(message);
    });
  }

  it('reports expander value errors before the run spec function runs (as HELM constructs expanders first)', () => {
    expect(() => constructRunSpecs('mmlu:eval_split=x,model=simple/model1', registry)).toThrow('Split must be');
  });
});
