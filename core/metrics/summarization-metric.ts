import { z } from 'zod';
import type { ScenarioState } from '../adaptation/schemas';
import { pyFloat, toNumber } from '../common/py-number';
import { generationLoop } from './generation-loop';
import type { MetricInterface, MetricResult } from './metric';
import { metricName } from './metric-name';
import { pyStrip } from './py-text';
import { rougeL, rougeN } from './rouge';
import { Stat } from './stat';

export const SummarizationArgs = z
  .object({
    task: z.string(),
    language: z.string().optional(),
    device: z.string().optional(),
    bertscore_model: z.string().optional(),
    rescale_with_baseline: z.boolean().optional(),
    summac_new_line_split: z.boolean().optional(),
  })
  .strict();

/** One leading `{` and one trailing `}` dropped (HELM's `_remove_braces`). */
export function removeBraces(text: string): string {
  let out = text;
  if (out.startsWith('{')) out = out.slice(1);
  if (out.endsWith('}')) out = out.slice(0, -1);
  return out;
}

const ROUGE: ReadonlyArray<readonly [string, (gold: string, pred: string) => number]> = [
  ['rouge_1', (g, p) => toNumber(rougeN(g, p, 1))],
  ['rouge_2', (g, p) => toNumber(rougeN(g, p, 2))],
  ['rouge_l', (g, p) => toNumber(rougeL(g, p))],
];

/** ROUGE-1/2/L of the first completion (stripped), best over the references, as floats. */
export function summarizationRouge(references: readonly string[], completion: string): Stat[] {
  if (references.length === 0) throw new Error('SummarizationMetric: an instance has no reference (HELM: max of an empty list)');
  const refs = references.map(removeBraces);
  const pred = removeBraces(pyStrip(completion));
  return ROUGE.map(([name, fn]) => new Stat(metricName(name)).add(pyFloat(Math.max(...refs.map((r) => fn(r, pred))))));
}

/** What HELM's SummarizationMetric computes beyond ROUGE, and what each part needs. */
export function summarizationUnavailable(args: z.infer<typeof SummarizationArgs>): string[] {
  const needs = [
    "summarization_coverage/density/compression need summ_eval's DataStatsMetric with spaCy's en_core_web_sm tokenizer",
    "QAFactEval and HumanEval-faithfulness/relevance/coherence need HELM's precomputed score files (qafacteval.pk and the human-evaluation CSVs, downloaded from HELM's storage; they score only HELM's own models' outputs)",
  ];
  if ((args.device ?? 'cpu') !== 'cpu') needs.push(`summac and BERTScore-P/R/F need the SummaC (vitc) and ${args.bertscore_model ?? 'microsoft/deberta-large-mnli'} models (PyTorch, device ${args.device})`);
  return [`SummarizationMetric: computed rouge_1, rouge_2 and rouge_l only; ${needs.join('; ')}`];
}

/**
 * HELM's `SummarizationMetric` as far as it runs offline: ROUGE on each request's first completion.
 * The extractiveness statistics, the precomputed faithfulness and human scores, and (off CPU) the
 * model-based scores are named as unavailable; the run's other metrics are unaffected.
 */
export class SummarizationMetric implements MetricInterface {
  constructor(readonly args: z.infer<typeof SummarizationArgs>) {}

  evaluate(scenarioState: ScenarioState): MetricResult {
    const result = generationLoop(scenarioState, (_adapterSpec, requestState) => {
      const completion = requestState.result?.completions[0];
      if (completion === undefined) throw new Error('SummarizationMetric: a request state has no completion');
      return summarizationRouge(requestState.instance.references.map((r) => r.output.text), completion.text);
    });
    return { ...result, unavailable: summarizationUnavailable(this.args) };
  }
}
