import type { ObjectSpec } from '../run-specs/schemas';
import { Registry } from '../registry';
import type { MetricInterface } from './metric';

/** Builds a metric from its `MetricSpec.args` (Python keyword arguments). */
export type MetricFactory = (args: ObjectSpec['args']) => MetricInterface;

/** Metric classes by HELM class name (`MetricSpec.class_name`). */
export const metricRegistry = new Registry<MetricFactory>('metric class');

/** Registers a metric class; `source` names who registered it (a plugin's module) in messages. */
export function registerMetric(className: string, factory: MetricFactory, source?: string): void {
  metricRegistry.register(className, factory, source);
}
