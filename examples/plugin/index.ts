/**
 * An example helm-ts plugin: a scenario (two-digit additions, generated from a seed), its run spec
 * function, a metric (absolute error of the number a model answers) and a model client (a
 * calculator that really computes the answer), plus the calculator's model deployment.
 *
 *   helm-run --plugins examples/plugin/index.ts -r "example_arithmetic:model=example/calculator" --suite s -m 20
 *   helm-worker --plugins examples/plugin/index.ts      # every worker of the suite loads it too
 *
 * Everything registers through the public API, the same calls helm-ts's built-ins use.
 */
import {
  CORRECT_TAG,
  Stat,
  getBasicMetricSpecs,
  getGenerationAdapterSpec,
  hostOrganization,
  makeRunSpec,
  metricName,
  registerClient,
  registerMetric,
  registerModelDeployment,
  registerRunSpecFunction,
  registerScenario,
  timed,
  type Instance,
  type MetricInterface,
  type ModelClient,
  type PerInstanceStatsEntry,
  type RequestCacheLike,
  type RequestResult,
  type ScenarioClass,
} from 'helm-ts';

export const SCENARIO_CLASS = 'example_plugin.ArithmeticScenario';
export const METRIC_CLASS = 'example_plugin.AbsoluteErrorMetric';
export const CLIENT_CLASS = 'example_plugin.CalculatorClient';

/** A small deterministic generator (mulberry32), so every worker builds the same instances. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` additions of two numbers of `digits` digits: 5 train (few-shot) then test. */
export function additions(digits: number, count: number, seed = 42): Instance[] {
  const next = random(seed);
  const low = 10 ** (digits - 1);
  const number = (): number => low + Math.floor(next() * 9 * low);
  return Array.from({ length: count }, (_, i) => {
    const [a, b] = [number(), number()];
    return {
      input: { text: `What is ${a} + ${b}?` },
      references: [{ output: { text: String(a + b) }, tags: [CORRECT_TAG] }],
      split: i < 5 ? 'train' : 'test',
      id: `add${digits}-${i}`,
    };
  });
}

const arithmeticScenario: ScenarioClass = {
  className: SCENARIO_CLASS,
  name: 'example_arithmetic',
  description: 'Additions of two numbers with a given number of digits (generated, seeded).',
  tags: ['reasoning', 'math'],
  definitionPath: 'examples/plugin/index.ts',
  async getInstances(args) {
    const digits = Number(args['digits'] ?? 2);
    if (!Number.isInteger(digits) || digits < 1 || digits > 6) throw new Error(`digits must be 1 to 6, got ${String(args['digits'])}`);
    return additions(digits, 105);
  },
};

/** The first integer in a completion, or undefined. */
function firstInteger(text: string): number | undefined {
  const match = /-?\d+/.exec(text);
  return match ? Number(match[0]) : undefined;
}

/** Per instance: |answer − gold| (a missing number counts as the gold itself), and whether one was given. */
export class AbsoluteErrorMetric implements MetricInterface {
  evaluate(scenarioState: Parameters<MetricInterface['evaluate']>[0]): ReturnType<MetricInterface['evaluate']> {
    const perInstanceStats: PerInstanceStatsEntry[] = [];
    const totals = new Map<string, Stat>();
    for (const state of scenarioState.request_states) {
      const gold = Number(state.instance.references.find((r) => r.tags.includes(CORRECT_TAG))?.output.text);
      const answer = firstInteger(state.result?.completions[0]?.text ?? '');
      const context = { split: state.instance.split };
      const stats = [
        new Stat(metricName('absolute_error', context)).add(Math.abs((answer ?? 0) - gold)),
        new Stat(metricName('answered_a_number', context)).add(answer === undefined ? 0 : 1),
      ];
      perInstanceStats.push({ instanceId: state.instance.id ?? '', trainTrialIndex: state.train_trial_index, stats });
      for (const stat of stats) {
        const key = `${stat.name.name}/${stat.name.split}`;
        totals.set(key, (totals.get(key) ?? new Stat(stat.name)).merge(stat));
      }
    }
    return { aggregatedStats: [...totals.values()], perInstanceStats };
  }
}

/** A model that computes: it answers the last "What is A + B?" of the prompt. */
export class CalculatorClient implements ModelClient {
  constructor(private readonly cache: RequestCacheLike) {}

  async makeRequest(request: Parameters<ModelClient['makeRequest']>[0]): Promise<RequestResult> {
    const { response, cached } = await this.cache.getOrCompute<{ text: string; request_time: number; request_datetime: number }>(
      JSON.stringify({ model: request.model, prompt: request.prompt }),
      () =>
        timed(async () => {
          const questions = [...request.prompt.matchAll(/What is (-?\d+) \+ (-?\d+)\?/g)];
          const last = questions[questions.length - 1];
          return { text: last ? ` ${Number(last[1]) + Number(last[2])}` : ' I cannot tell' };
        }),
    );
    return {
      success: true,
      embedding: [],
      completions: [{ text: response.text, logprob: 0, tokens: [{ text: response.text, logprob: 0 }] }],
      cached,
      request_time: response.request_time,
      request_datetime: response.request_datetime,
    };
  }
}

registerScenario(arithmeticScenario);

registerRunSpecFunction({
  name: 'example_arithmetic',
  description: 'Two-number additions (example plugin).',
  params: [{ name: 'digits', required: false, accepts: 'digits per number, 1 to 6 (default 2)' }],
  build(args) {
    const digits = args.get('digits') ?? 2;
    return makeRunSpec({
      name: `example_arithmetic:digits=${String(digits)}`,
      scenario_spec: { class_name: SCENARIO_CLASS, args: { digits } },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Q', outputNoun: 'A', maxTrainInstances: 3, maxTokens: 8 }),
      metric_specs: [...getBasicMetricSpecs(['exact_match', 'quasi_exact_match']), { class_name: METRIC_CLASS, args: {} }],
      groups: ['example_arithmetic'],
    });
  },
});

registerMetric(METRIC_CLASS, () => new AbsoluteErrorMetric());

registerClient(CLIENT_CLASS, (deployment, caches) => new CalculatorClient(caches.forShard(hostOrganization(deployment.name))));

registerModelDeployment({
  deployment: {
    name: 'example/calculator',
    model_name: 'example/calculator',
    tokenizer_name: 'simple/tokenizer1',
    max_sequence_length: 2048,
    client_spec: { class_name: CLIENT_CLASS, args: {} },
    deprecated: false,
  },
});
