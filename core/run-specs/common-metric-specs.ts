import { ObjectSpec } from './schemas';

/** Metric bundles of HELM's common_metric_specs.py (class names and args exactly as HELM's). */
const BASIC_METRICS = 'helm.benchmark.metrics.basic_metrics';

export function getBasicGenerationMetricSpecs(names: string[]): ObjectSpec[] {
  return [{ class_name: `${BASIC_METRICS}.BasicGenerationMetric`, args: { names: [...names] } }];
}

export function getBasicReferenceMetricSpecs(): ObjectSpec[] {
  return [{ class_name: `${BASIC_METRICS}.BasicReferenceMetric`, args: {} }];
}

export function getGenericMetricSpecs(): ObjectSpec[] {
  return [{ class_name: `${BASIC_METRICS}.InstancesPerSplitMetric`, args: {} }];
}

export function getBasicMetricSpecs(names: string[]): ObjectSpec[] {
  return [...getBasicGenerationMetricSpecs(names), ...getBasicReferenceMetricSpecs(), ...getGenericMetricSpecs()];
}

export function getExactMatchMetricSpecs(): ObjectSpec[] {
  return getBasicMetricSpecs(['exact_match', 'quasi_exact_match', 'prefix_exact_match', 'quasi_prefix_exact_match']);
}

export function getF1MetricSpecs(): ObjectSpec[] {
  return getBasicMetricSpecs(['exact_match', 'quasi_exact_match', 'f1_score']);
}

export function getLanguageModelingMetricSpecs(names: string[]): ObjectSpec[] {
  return [
    {
      class_name: 'helm.benchmark.metrics.language_modeling_metrics.LanguageModelingMetric',
      args: { names: [...names] },
    },
  ];
}

/** `labels`/`delimiter` are only added when given and non-empty, as in HELM. */
export function getClassificationMetricSpecs(labels?: string[], delimiter?: string): ObjectSpec[] {
  const args: ObjectSpec['args'] = {};
  if (labels && labels.length > 0) args.labels = [...labels];
  if (delimiter) args.delimiter = delimiter;
  return [{ class_name: 'helm.benchmark.metrics.classification_metrics.ClassificationMetric', args }];
}

export function getMultipleChoiceClassificationMetricSpecs(): ObjectSpec[] {
  return [{ class_name: 'helm.benchmark.metrics.classification_metrics.MultipleChoiceClassificationMetric', args: {} }];
}

export function getOpenEndedGenerationMetricSpecs(): ObjectSpec[] {
  return getBasicMetricSpecs(['exact_match', 'quasi_exact_match', 'f1_score', 'rouge_l', 'bleu_1', 'bleu_4']);
}

export function getToxicityMetricSpecs(): ObjectSpec[] {
  return [{ class_name: 'helm.benchmark.metrics.toxicity_metrics.ToxicityMetric', args: {} }];
}

/** The three BasicCopyrightMetric specs (prefix match, edit distance, edit similarity), then the basic metrics. */
export function getCopyrightMetricSpecs(args: ObjectSpec['args'] = {}): ObjectSpec[] {
  const className = 'helm.benchmark.metrics.copyright_metrics.BasicCopyrightMetric';
  return [
    ...['longest_common_prefix_length', 'edit_distance', 'edit_similarity'].map((name) => ({
      class_name: className,
      args: { ...args, name },
    })),
    ...getBasicMetricSpecs([]),
  ];
}

export function getDisinformationMetricSpecs(args: ObjectSpec['args'] = {}): ObjectSpec[] {
  const module = 'helm.benchmark.metrics.disinformation_metrics';
  return [
    { class_name: `${module}.DisinformationHumanEvalMetrics`, args: { ...args } },
    { class_name: `${module}.DisinformationMetric`, args: { name: 'self_bleu' } },
    { class_name: `${module}.DisinformationMetric`, args: { name: 'monte_carlo_entropy' } },
    ...getBasicMetricSpecs([]),
  ];
}

export function getSummarizationMetricSpecs(args: ObjectSpec['args']): ObjectSpec[] {
  return [
    { class_name: 'helm.benchmark.metrics.summarization_metrics.SummarizationMetric', args: { ...args } },
    ...getBasicMetricSpecs([]),
  ];
}

/** Associations for every (demographic, target) pair, then representation per demographic, as HELM orders them. */
export function getBiasMetricSpecs(): ObjectSpec[] {
  const demographics = ['race', 'gender'];
  const targets = ['adjective', 'profession'];
  const className = 'helm.benchmark.metrics.bias_metrics.BiasMetric';
  return [
    ...demographics.flatMap((dem) =>
      targets.map((tgt) => ({
        class_name: className,
        args: { mode: 'associations', demographic_category: dem, target_category: tgt },
      })),
    ),
    ...demographics.map((dem) => ({ class_name: className, args: { mode: 'representation', demographic_category: dem } })),
  ];
}

/** Empty with HELM's defaults; run specs append it anyway, so it is kept for fidelity. */
export function getGenerativeHarmsMetricSpecs(includeBasicMetrics = false, includeGenerativeHarmsMetrics = false): ObjectSpec[] {
  const specs: ObjectSpec[] = [];
  if (includeBasicMetrics) specs.push(...getBasicMetricSpecs([]));
  if (includeGenerativeHarmsMetrics) specs.push(...getBiasMetricSpecs(), ...getToxicityMetricSpecs());
  return specs;
}
