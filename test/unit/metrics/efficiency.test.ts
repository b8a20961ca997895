import { describe, expect, it } from 'vitest';
import { computeEfficiencyMetrics, estimatedRuntime, loadEfficiencyData } from '../../../core/metrics/efficiency';
import { requestState } from './mmlu-fixture';

describe('efficiency data', () => {
  const data = loadEfficiencyData();

  it('has no entries for simple/model1 or huggingface/gpt2', () => {
    for (const d of ['simple/model1', 'huggingface/gpt2', 'openai/gpt2']) {
      expect(data.idealized[d]).toBeUndefined();
      expect(data.training.carbon[d]).toBeUndefined();
    }
  });

  it('scales the prompt runtime from the next tabulated length and adds output tokens', () => {
    // openai/davinci: 16 -> 0.087, runtime_per_output_token 0.081
    expect(estimatedRuntime(data.idealized, 'openai/davinci', 10, 3)).toBe(0.087 * (10 / 16) + 0.081 * 2);
    expect(estimatedRuntime(data.idealized, 'openai/davinci', 10, 0)).toBe(0.087 * (10 / 16));
    expect(estimatedRuntime(data.idealized, 'simple/model1', 10, 3)).toBeUndefined();
  });

  it('emits training costs and idealized runtimes for tabulated deployments', () => {
    const rs = requestState({ id: 'i', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'a b c' });
    rs.request = { ...rs.request, model_deployment: 'huggingface/gptj_6b' };
    const stats = computeEfficiencyMetrics(rs, { countTokens: () => 3 });
    expect(stats.map((s) => s.name.name)).toEqual([
      'num_prompt_tokens', 'num_completion_tokens', 'num_output_tokens', 'training_co2_cost', 'training_energy_cost',
      'inference_runtime', 'batch_size', 'inference_idealized_runtime', // gptj_6b has no denoised entry
    ]);
    expect(stats[3].sum).toBe(13.8);
    expect(stats[4].sum).toBe(33.5);
  });
});
