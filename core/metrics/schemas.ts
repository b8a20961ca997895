import { z } from 'zod';
import { PyNumber } from '../common/py-number';
import { PerturbationDescription } from '../scenarios/schemas';

export const MetricName = z.object({
  name: z.string(),
  split: z.string().optional(),
  sub_split: z.string().optional(),
  perturbation: PerturbationDescription.optional(),
});
export type MetricName = z.infer<typeof MetricName>;

/** A `Stat` as serialised in `stats.json` / `per_instance_stats.json`. */
export const StatJson = z.object({
  name: MetricName,
  count: z.number().int(),
  sum: PyNumber,
  sum_squared: PyNumber,
  min: PyNumber.optional(),
  max: PyNumber.optional(),
  mean: PyNumber.optional(),
  variance: PyNumber.optional(),
  stddev: PyNumber.optional(),
});
export type StatJson = z.infer<typeof StatJson>;

export const PerInstanceStats = z.object({
  instance_id: z.string(),
  perturbation: PerturbationDescription.optional(),
  train_trial_index: z.number().int(),
  stats: z.array(StatJson),
});
export type PerInstanceStats = z.infer<typeof PerInstanceStats>;
