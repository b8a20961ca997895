/** Public API of the metrics step (HELM's metrics package, basic metrics). */
export { evaluateMetrics, createMetric } from './evaluate';
export { metricRegistry, registerMetric, type MetricFactory } from './metric-registry';
export { Stat, mergeStat, getUniqueStatByName, hasNanSum } from './stat';
export type { StatMap } from './stat';
export { metricName, metricNameKey, metricNamesEqual, contextKey, perturbationDescription } from './metric-name';
export type { MetricContext } from './metric-name';
export type { MetricInterface, MetricResult, MetricServices, PerInstanceStatsEntry } from './metric';
export { BasicGenerationMetric } from './basic-generation-metric';
export { BasicReferenceMetric } from './basic-reference-metric';
export { InstancesPerSplitMetric } from './instances-per-split-metric';
export { ClassificationMetric, MultipleChoiceClassificationMetric } from './classification-metrics';
export type { ClassificationMetricArgs } from './classification-metrics';
export { LanguageModelingMetric } from './language-modeling-metric';
export { porterStem } from './porter-stemmer';
export { rougeTokenize } from './rouge';
export { mathEquiv, mathEquivChainOfThought, stripMathString } from './math-equiv';
export { computeWorstCaseMetrics } from './worst-case';
export * from './scoring';
