import { describe, expect, it } from 'vitest';
import { RequestState, ScenarioState } from '../../../core/adaptation/schemas';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { DryRunMetric } from '../../../core/metrics/dry-run-metric';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { perturbationDescription } from '../../../core/metrics/metric-name';
import { estimateTokenCost, modelHost } from '../../../core/metrics/token-cost';
import { defaultRequest } from '../../../core/models/schemas';
import { Case, adapterSpec, requestState, runSpec, services } from './mmlu-fixture';

/** A dry-run request state: the request was never executed, so there is no result. */
function dryRunState(c: Case): RequestState {
  const rs = requestState(c);
  delete rs.result;
  return rs;
}

const typos = perturbationDescription('typos', { robustness: true });

// Expected bytes were produced by a Python transcription of HELM's DryRunMetric + Stat +
// json.dumps(asdict_without_nones(...), indent=2) with a whitespace tokenizer.
const cases: Case[] = [
  { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'one two three' },
  { id: 'id2', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'one two three four' },
  { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'one twoo three', perturbation: typos },
  { id: 'id3', split: 'valid', correct: 0, answer: ' A', logprob: 0, prompt: 'x' },
];

const state: ScenarioState = { adapter_spec: adapterSpec, request_states: cases.map(dryRunState) };

const EXPECTED_STATS = `[
  {
    "name": {
      "name": "estimated_num_tokens_cost"
    },
    "count": 4,
    "sum": 0,
    "sum_squared": 0,
    "min": 0,
    "max": 0,
    "mean": 0.0,
    "variance": 0.0,
    "stddev": 0.0
  },
  {
    "name": {
      "name": "num_completions"
    },
    "count": 4,
    "sum": 4,
    "sum_squared": 4,
    "min": 1,
    "max": 1,
    "mean": 1.0,
    "variance": 0.0,
    "stddev": 0.0
  },
  {
    "name": {
      "name": "max_num_completion_tokens"
    },
    "count": 4,
    "sum": 4,
    "sum_squared": 4,
    "min": 1,
    "max": 1,
    "mean": 1.0,
    "variance": 0.0,
    "stddev": 0.0
  },
  {
    "name": {
      "name": "num_prompt_tokens"
    },
    "count": 4,
    "sum": 11,
    "sum_squared": 35,
    "min": 1,
    "max": 4,
    "mean": 2.75,
    "variance": 1.1875,
    "stddev": 1.0897247358851685
  },
  {
    "name": {
      "name": "num_requests"
    },
    "count": 1,
    "sum": 4,
    "sum_squared": 16,
    "min": 4,
    "max": 4,
    "mean": 4.0,
    "variance": 0.0,
    "stddev": 0.0
  }
]`;

const EXPECTED_PER_INSTANCE = `[
  {
    "instance_id": "id1",
    "train_trial_index": 0,
    "stats": [
      {
        "name": {
          "name": "estimated_num_tokens_cost"
        },
        "count": 1,
        "sum": 0,
        "sum_squared": 0,
        "min": 0,
        "max": 0,
        "mean": 0.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_completions"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "max_num_completion_tokens"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_prompt_tokens"
        },
        "count": 1,
        "sum": 3,
        "sum_squared": 9,
        "min": 3,
        "max": 3,
        "mean": 3.0,
        "variance": 0.0,
        "stddev": 0.0
      }
    ]
  },
  {
    "instance_id": "id2",
    "train_trial_index": 0,
    "stats": [
      {
        "name": {
          "name": "estimated_num_tokens_cost"
        },
        "count": 1,
        "sum": 0,
        "sum_squared": 0,
        "min": 0,
        "max": 0,
        "mean": 0.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_completions"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "max_num_completion_tokens"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_prompt_tokens"
        },
        "count": 1,
        "sum": 4,
        "sum_squared": 16,
        "min": 4,
        "max": 4,
        "mean": 4.0,
        "variance": 0.0,
        "stddev": 0.0
      }
    ]
  },
  {
    "instance_id": "id1",
    "perturbation": {
      "name": "typos",
      "robustness": true,
      "fairness": false,
      "computed_on": "perturbed"
    },
    "train_trial_index": 0,
    "stats": [
      {
        "name": {
          "name": "estimated_num_tokens_cost"
        },
        "count": 1,
        "sum": 0,
        "sum_squared": 0,
        "min": 0,
        "max": 0,
        "mean": 0.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_completions"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "max_num_completion_tokens"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_prompt_tokens"
        },
        "count": 1,
        "sum": 3,
        "sum_squared": 9,
        "min": 3,
        "max": 3,
        "mean": 3.0,
        "variance": 0.0,
        "stddev": 0.0
      }
    ]
  },
  {
    "instance_id": "id3",
    "train_trial_index": 0,
    "stats": [
      {
        "name": {
          "name": "estimated_num_tokens_cost"
        },
        "count": 1,
        "sum": 0,
        "sum_squared": 0,
        "min": 0,
        "max": 0,
        "mean": 0.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_completions"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "max_num_completion_tokens"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      },
      {
        "name": {
          "name": "num_prompt_tokens"
        },
        "count": 1,
        "sum": 1,
        "sum_squared": 1,
        "min": 1,
        "max": 1,
        "mean": 1.0,
        "variance": 0.0,
        "stddev": 0.0
      }
    ]
  }
]`;

const EXPECTED_OPENAI_STATS = `[
  {
    "name": {
      "name": "estimated_num_tokens_cost"
    },
    "count": 2,
    "sum": 22,
    "sum_squared": 340,
    "min": 4,
    "max": 18,
    "mean": 11.0,
    "variance": 49.0,
    "stddev": 7.0
  },
  {
    "name": {
      "name": "num_completions"
    },
    "count": 2,
    "sum": 3,
    "sum_squared": 5,
    "min": 1,
    "max": 2,
    "mean": 1.5,
    "variance": 0.25,
    "stddev": 0.5
  },
  {
    "name": {
      "name": "max_num_completion_tokens"
    },
    "count": 2,
    "sum": 11,
    "sum_squared": 101,
    "min": 1,
    "max": 10,
    "mean": 5.5,
    "variance": 20.25,
    "stddev": 4.5
  },
  {
    "name": {
      "name": "num_prompt_tokens"
    },
    "count": 2,
    "sum": 7,
    "sum_squared": 25,
    "min": 3,
    "max": 4,
    "mean": 3.5,
    "variance": 0.25,
    "stddev": 0.5
  },
  {
    "name": {
      "name": "num_requests"
    },
    "count": 1,
    "sum": 2,
    "sum_squared": 4,
    "min": 2,
    "max": 2,
    "mean": 2.0,
    "variance": 0.0,
    "stddev": 0.0
  }
]`;

describe('DryRunMetric on an MMLU multiple_choice_joint dry run (simple/model1)', () => {
  const { stats, perInstanceStats } = evaluateMetrics(runSpec, state, { ...services, dryRun: true });

  it('writes stats.json bytes like HELM (only the dry-run metric, num_requests last)', () => {
    expect(pythonJsonDumps(stats, { indent: 2 })).toBe(EXPECTED_STATS);
  });

  it('writes per_instance_stats.json bytes like HELM (one entry per request state)', () => {
    expect(pythonJsonDumps(perInstanceStats, { indent: 2 })).toBe(EXPECTED_PER_INSTANCE);
  });

  it('uses the metric specs when dryRun is absent or false', () => {
    const names = (r: ReturnType<typeof evaluateMetrics>): string[] => r.stats.map((s) => s.name.name);
    // The normal metrics need results; an executed state is what they get in practice.
    const executed: ScenarioState = { adapter_spec: adapterSpec, request_states: cases.map(requestState) };
    for (const flag of [undefined, false]) {
      const got = names(evaluateMetrics(runSpec, executed, { ...services, dryRun: flag }));
      expect(got).toContain('exact_match');
      expect(got).not.toContain('estimated_num_tokens_cost');
    }
  });

  it('returns an empty per-instance list and num_requests 0 for no request states', () => {
    const result = new DryRunMetric().evaluate({ adapter_spec: adapterSpec, request_states: [] }, services);
    expect(result.perInstanceStats).toEqual([]);
    expect(result.aggregatedStats.map((s) => s.toJson())).toEqual([
      {
        name: { name: 'num_requests', split: undefined, sub_split: undefined, perturbation: undefined },
        count: 1,
        sum: 0,
        sum_squared: 0,
        min: 0,
        max: 0,
        mean: { py_float: 0 },
        variance: { py_float: 0 },
        stddev: { py_float: 0 },
      },
    ]);
  });
});

describe('AutoTokenCostEstimator', () => {
  const req = (model_deployment: string, num_completions: number, max_tokens: number, echo_prompt = false) =>
    defaultRequest({ model_deployment, model: model_deployment, prompt: 'one two three four', num_completions, max_tokens, echo_prompt });

  it('dispatches on the deployment host', () => {
    expect(modelHost(req('openai/gpt2', 1, 1))).toBe('openai');
    expect(estimateTokenCost(req('simple/model1', 3, 7), services)).toBe(0);
    expect(estimateTokenCost(req('huggingface/gpt2', 3, 7), services)).toBe(0);
    expect(estimateTokenCost(req('openai/gpt2', 3, 7), services)).toBe(4 + 21);
    expect(estimateTokenCost(req('openai/gpt2', 3, 7, true), services)).toBe(4 + 21 + 4);
    expect(estimateTokenCost(req('ai21/j1-jumbo', 3, 7, true), services)).toBe(21);
    expect(estimateTokenCost(req('cohere/command', 3, 7, true), services)).toBe(21);
    expect(estimateTokenCost(req('gooseai/gpt-neo-20b', 3, 7), services)).toBe(0);
    expect(estimateTokenCost(req('gooseai/gpt-neo-20b', 3, 10, true), services)).toBe(30 + 4 - 25);
  });

  it('gives openai/gpt2 requests a prompt-inclusive cost in the dry-run stats', () => {
    const rs = (c: Case, n: number, maxTokens: number, echo: boolean): RequestState => {
      const base = dryRunState(c);
      return {
        ...base,
        request: { ...base.request, model_deployment: 'openai/gpt2', model: 'openai/gpt2', num_completions: n, max_tokens: maxTokens, echo_prompt: echo },
      };
    };
    const openAiState: ScenarioState = {
      adapter_spec: adapterSpec,
      request_states: [rs(cases[0], 1, 1, false), rs(cases[1], 2, 5, true)],
    };
    const { stats } = evaluateMetrics(runSpec, openAiState, { ...services, dryRun: true });
    expect(pythonJsonDumps(stats, { indent: 2 })).toBe(EXPECTED_OPENAI_STATS);
  });
});
