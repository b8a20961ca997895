import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioState } from '../../core/adaptation/schemas';
import { pythonJsonParse } from '../../core/common/python-json';
import { writeGpt2TokenizerFiles } from '../../core/models/tokenizers/gpt2-bpe';
import { stopDevServer } from '../../infra/dev-server';
import { helmRun } from '../helpers/cli';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** helm-run --enable-local-huggingface-models on the project's tiny ONNX GPT-2, as HELM's flag does. */
describe('a local Hugging Face model folder', () => {
  let work: string;

  beforeAll(() => {
    work = tempDir('local-hf');
    const folder = path.join(work, 'tiny-gpt2');
    fs.cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'models', 'tiny-gpt2'), folder, { recursive: true });
    // HELM reads the tokenizer from the model folder; the fixture ships weights only.
    writeGpt2TokenizerFiles(folder);
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it('registers huggingface/<folder> and evaluates MMLU with the ONNX model', async () => {
    const result = await helmRun(
      ['--enable-local-huggingface-models', 'tiny-gpt2', '-r', 'mmlu:subject=philosophy,model=huggingface/tiny-gpt2', '--suite', 'hf', '-m', '3', '--data-mirror', SHARED_DATA, '--temporal-port', String(testPort(17303))],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(work, 'benchmark_output', 'runs', 'hf', 'mmlu:subject=philosophy,method=multiple_choice_joint,model=huggingface_tiny-gpt2', 'scenario_state.json');
    const state = pythonJsonParse(fs.readFileSync(file, 'utf8')) as ScenarioState;
    expect(state.request_states).toHaveLength(3);
    for (const requestState of state.request_states) {
      expect(requestState.request.model_deployment).toBe('huggingface/tiny-gpt2');
      const completion = requestState.result?.completions[0];
      expect(completion?.tokens.length).toBe(1); // max_tokens 1
      // HELM's HF client scores with the temperature applied (0 → 1e-7), so the greedy token's logprob is ~0.
      expect(typeof completion?.text).toBe('string');
      expect(requestState.result?.success).toBe(true);
    }
  });

  it('names a folder without a tokenizer', async () => {
    const bare = path.join(work, 'bare-model');
    fs.mkdirSync(bare);
    const result = await helmRun(['--enable-local-huggingface-models', bare, '-r', 'mmlu:subject=philosophy,model=huggingface/bare-model', '--suite', 'bad', '-m', '3'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--enable-local-huggingface-models .*bare-model: could not read the model's tokenizer/);
  });
});
