import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapt, getAdapter } from '../../../core/adaptation/adapter';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { defaultAdapterSpec } from '../../../core/run-specs/schemas';
import { getMmluInstances } from '../../../core/scenarios/mmlu-scenario';
import { prepareInstances } from '../../../core/scenarios/prepare-instances';
import { defaultDataAugmenterSpec } from '../../../core/run-specs/schemas';
import type { Instance } from '../../../core/scenarios/schemas';
import { mc, mmluSpec, simpleWindow } from './helpers';

const FIXTURES = path.resolve(__dirname, '../../fixtures/prompts');
const SHARED = path.resolve(__dirname, '../../../../shared/data');

/** `get_generation_adapter_spec(input_noun="Passage", output_noun="Answer", max_train_instances=3)`. */
const boolqSpec = defaultAdapterSpec({
  method: 'generation',
  input_prefix: 'Passage: ',
  input_suffix: '\n',
  output_prefix: 'Answer: ',
  output_suffix: '\n',
  max_train_instances: 3,
  num_outputs: 1,
  max_tokens: 5,
  temperature: { py_float: 0 },
  stop_sequences: ['\n'],
});

const pq = (passage: string, question: string, answer: string, split: string): Instance => ({
  input: { text: `${passage}\nQuestion: ${question}` },
  references: [{ output: { text: answer }, tags: ['correct'] }],
  split,
});

const boolqTrain = [
  pq('Water boils at 100 degrees Celsius at sea level.', 'does water boil at 100 degrees at sea level', 'Yes', 'train'),
  pq('Penguins live mainly in the Southern Hemisphere.', 'do penguins live at the north pole', 'No', 'train'),
  pq('The Pacific is the largest ocean on Earth.', 'is the pacific the largest ocean', 'Yes', 'train'),
  pq('Mount Everest is the highest mountain above sea level.', 'is everest the highest mountain', 'Yes', 'train'),
  pq('Spiders have eight legs.', 'do spiders have six legs', 'No', 'train'),
];
const boolqEval = pq('The Moon orbits the Earth roughly once a month.', 'does the moon orbit the earth', 'Yes', 'test');

describe('generation (adaptation.md §2.3 worked example)', () => {
  it('builds the exact prompt for trial 0 and the documented selections for seeds 1 and 2', () => {
    const states = adapt([...boolqTrain, boolqEval], { ...boolqSpec, num_train_trials: 3 }, simpleWindow());
    expect(states).toHaveLength(3);
    expect(states[0].request.prompt).toBe(
      'Passage: The Pacific is the largest ocean on Earth.\nQuestion: is the pacific the largest ocean\nAnswer: Yes\n\n' +
        'Passage: Spiders have eight legs.\nQuestion: do spiders have six legs\nAnswer: No\n\n' +
        'Passage: Water boils at 100 degrees Celsius at sea level.\nQuestion: does water boil at 100 degrees at sea level\nAnswer: Yes\n\n' +
        'Passage: The Moon orbits the Earth roughly once a month.\nQuestion: does the moon orbit the earth\nAnswer:',
    );
    const firstWords = (prompt: string) =>
      prompt
        .split('\n\n')
        .slice(0, 3)
        .map((b) => b.split(' ')[1]);
    expect(firstWords(states[1].request.prompt)).toEqual(['Water', 'Penguins', 'Mount']);
    expect(firstWords(states[2].request.prompt)).toEqual(['Water', 'Penguins', 'The']);
    expect(states.map((s) => s.train_trial_index)).toEqual([0, 1, 2]);
    expect(pythonJsonDumps(states[0].request)).toBe(
      '{"model_deployment": "", "model": "", "embedding": false, "prompt": ' +
        JSON.stringify(states[0].request.prompt).replace(/[^\x20-\x7e]/g, '') +
        ', "temperature": 0.0, "num_completions": 1, "top_k_per_token": 1, "max_tokens": 5, "stop_sequences": ["\\n"], ' +
        '"echo_prompt": false, "top_p": 1, "presence_penalty": 0, "frequency_penalty": 0}',
    );
    expect(states[0].output_mapping).toBeUndefined();
  });
});

const astronomy = [
  mc('What is the closest star to Earth?', ['Proxima Centauri', 'The Sun', 'Sirius', 'Alpha Centauri A'], [1]),
  mc('How many planets are in the Solar System?', ['7', '8', '9', '10'], [1]),
  mc('Which planet is known as the Red Planet?', ['Venus', 'Jupiter', 'Mars', 'Saturn'], [2]),
];
const astronomyEval = mc('What is the largest planet in the Solar System?', ['Earth', 'Jupiter', 'Neptune', 'Mercury'], [1], 'test');

describe('multiple_choice_joint (adaptation.md §2.4 worked example)', () => {
  it('builds the exact prompt, request and output mapping', () => {
    const [state] = adapt([...astronomy, astronomyEval], mmluSpec('astronomy', { max_train_instances: 2, model_deployment: '', model: '' }), simpleWindow());
    expect(state.request.prompt).toBe(
      'The following are multiple choice questions (with answers) about astronomy.\n\n' +
        'Question: How many planets are in the Solar System?\nA. 7\nB. 8\nC. 9\nD. 10\nAnswer: B\n\n' +
        'Question: What is the closest star to Earth?\nA. Proxima Centauri\nB. The Sun\nC. Sirius\nD. Alpha Centauri A\nAnswer: B\n\n' +
        'Question: What is the largest planet in the Solar System?\nA. Earth\nB. Jupiter\nC. Neptune\nD. Mercury\nAnswer:',
    );
    expect(state.output_mapping).toEqual({ A: 'Earth', B: 'Jupiter', C: 'Neptune', D: 'Mercury' });
    expect(state.request).toMatchObject({
      temperature: { py_float: 0 },
      num_completions: 1,
      top_k_per_token: 5,
      max_tokens: 1,
      stop_sequences: [],
      echo_prompt: false,
      top_p: 1,
    });
    expect(Object.keys(state)).toEqual([
      'instance', 'reference_index', 'request_mode', 'train_trial_index', 'output_mapping', 'request', 'result',
      'num_train_instances', 'prompt_truncated', 'num_conditioning_tokens', 'annotations',
    ]);
    expect(state.num_train_instances).toBe(2);
    expect(state.prompt_truncated).toBe(false);
    expect(state.num_conditioning_tokens).toBe(0);
  });

  it('labels step by code point; every occurrence of the prefix char is replaced', () => {
    const choices = Array.from({ length: 3 }, (_, i) => `c${i}`);
    const prompt = (spec: Partial<Parameters<typeof mmluSpec>[1]>) =>
      adapt([mc('q', choices, [1, 2], 'test')], mmluSpec('x', { max_train_instances: 0, instructions: '', ...spec }), simpleWindow())[0];
    expect(prompt({ reference_prefix: '(A) A' }).request.prompt).toBe('Question: q\n(A) Ac0\n(B) Bc1\n(C) Cc2\nAnswer:');
    expect(prompt({ reference_prefix: '  9: ' }).output_mapping).toEqual({ '9': 'c0', ':': 'c1', ';': 'c2' });
    expect(prompt({ reference_prefix_characters: ['א', 'ב', 'ג'] }).request.prompt).toBe('Question: q\nא. c0\nב. c1\nג. c2\nAnswer:');
    expect(() => prompt({ reference_prefix: '. ' })).toThrow(HelmInputError);
  });

  it('train answers: first correct label, all labels with multi_label, n/a without a correct one', () => {
    const run = (train: Instance, multi: boolean) =>
      adapt([train, mc('e', ['x'], [0], 'test')], mmluSpec('x', { max_train_instances: 1, instructions: '', multi_label: multi }), simpleWindow())[0]
        .request.prompt.split('\n\n')[0];
    expect(run(mc('t', ['a', 'b', 'c'], [0, 2]), false)).toBe('Question: t\nA. a\nB. b\nC. c\nAnswer: A');
    expect(run(mc('t', ['a', 'b', 'c'], [0, 2]), true)).toBe('Question: t\nA. a\nB. b\nC. c\nAnswer: A, C');
    expect(run(mc('t', ['a', 'b'], []), true)).toBe('Question: t\nA. a\nB. b\nAnswer: n/a');
  });
});

describe('adapter registry and trials', () => {
  it('rejects unknown methods listing accepted ones', () => {
    expect(() => getAdapter('multiple_choice_jont')).toThrow(HelmInputError);
    expect(() => getAdapter('multiple_choice_jont')).toThrow(/Accepted methods: generation, chat, language_modeling, multiple_choice_joint, multiple_choice_joint_chain_of_thought, multiple_choice_separate_original, multiple_choice_separate_calibrated, ranking_binary$/);
  });
  it('num_trials appends copies with random "1", "2" after the originals', () => {
    const evals = [mc('e1', ['x'], [0], 'test'), mc('e2', ['x'], [0], 'valid')];
    const states = adapt(evals, mmluSpec('x', { max_train_instances: 0, num_trials: 3, random: 'r' }), simpleWindow());
    expect(states.map((s) => [s.instance.input.text, s.request.random])).toEqual([
      ['e1', 'r'], ['e2', 'r'], ['e1', '1'], ['e2', '1'], ['e1', '2'], ['e2', '2'],
    ]);
  });
});

describe('mmlu:subject=philosophy golden prompt (simple tokenizer, max_eval_instances 10)', () => {
  it('matches the fixture and the recorded train-example order', async () => {
    const scenarioDir = path.join(require('node:os').tmpdir(), `helm-golden-${process.pid}`, 'scenarios', 'mmlu');
    const raw = await getMmluInstances({ subject: 'philosophy' }, scenarioDir, { mirrorDir: SHARED });
    const spec = mmluSpec('philosophy', { max_eval_instances: 10 });
    const instances = prepareInstances(raw, spec, defaultDataAugmenterSpec());
    const states = adapt(instances, spec, simpleWindow());
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'mmlu-philosophy-order.json'), 'utf8')) as {
      train_example_ids: string[];
      eval_test_rows: number[];
      first_eval_id: string;
    };
    expect(states).toHaveLength(10);
    expect(states.map((s) => s.instance.id)).toEqual(expected.eval_test_rows.map((r) => `id${r + 5}`));
    expect(states[0].instance.id).toBe(expected.first_eval_id);
    expect(states[0].request.prompt).toBe(readFileSync(path.join(FIXTURES, 'mmlu-philosophy-first-eval.txt'), 'utf8'));
    const trainById = new Map(instances.filter((i) => i.split === 'train').map((i) => [i.input.text, i.id]));
    const shownQuestions = states[0].request.prompt.split('\n\n').slice(1, 6).map((b) => b.split('\n')[0].slice('Question: '.length));
    expect(shownQuestions.map((q) => trainById.get(q))).toEqual(expected.train_example_ids);
    expect(states.every((s) => s.num_train_instances === 5 && !s.prompt_truncated)).toBe(true);
    require('node:fs').rmSync(path.dirname(path.dirname(scenarioDir)), { recursive: true, force: true });
  });
});
