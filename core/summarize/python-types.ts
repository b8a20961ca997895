import { pyFloat } from '../common/py-number';

/**
 * HELM reads its files into typed dataclasses (cattrs), which turns an int in a `float` field into
 * a float: a count-0 stat's `"sum": 0` is re-written as `0.0`, a request's `"top_p": 1` as `1.0`.
 * These helpers apply that coercion to the raw JSON we re-serialise.
 */
export function withFloatFields(value: unknown, fields: readonly string[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) {
    const v = out[field];
    if (typeof v === 'number') out[field] = pyFloat(v);
  }
  return out;
}

export const STAT_FLOAT_FIELDS = ['sum', 'sum_squared', 'min', 'max', 'mean', 'variance', 'stddev'] as const;
export const REQUEST_FLOAT_FIELDS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty'] as const;
export const ADAPTER_SPEC_FLOAT_FIELDS = ['temperature'] as const;

/** A stats.json list as HELM re-writes it. */
export function typedStats(stats: unknown): unknown {
  return Array.isArray(stats) ? stats.map((s) => withFloatFields(s, STAT_FLOAT_FIELDS)) : stats;
}

/** A run_spec.json object as HELM re-writes it. */
export function typedRunSpec(runSpec: unknown): unknown {
  if (runSpec === null || typeof runSpec !== 'object') return runSpec;
  const spec = runSpec as Record<string, unknown>;
  if (!('adapter_spec' in spec)) return runSpec;
  return { ...spec, adapter_spec: withFloatFields(spec.adapter_spec, ADAPTER_SPEC_FLOAT_FIELDS) };
}

/** A number read into a `float` field. */
export function typedFloat(value: unknown): unknown {
  return typeof value === 'number' ? pyFloat(value) : value;
}
