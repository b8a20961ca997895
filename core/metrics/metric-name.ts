import { isPyFloatBox } from '../common/py-number';
import { PerturbationDescription } from '../scenarios/schemas';
import { MetricName } from './schemas';

/** HELM's `MetricContext`: the non-name part of a MetricName (taken from an instance). */
export interface MetricContext {
  split?: string;
  sub_split?: string;
  perturbation?: PerturbationDescription;
}

/** A MetricName with HELM's field order (name, split, sub_split, perturbation); absent = undefined. */
export function metricName(name: string, context: MetricContext = {}): MetricName {
  return { name, split: context.split, sub_split: context.sub_split, perturbation: context.perturbation };
}

export function contextOf(source: MetricContext): MetricContext {
  return { split: source.split, sub_split: source.sub_split, perturbation: source.perturbation };
}

/** `replace(name, split=..., sub_split=..., perturbation=...)`. */
export function withContext(name: MetricName, context: MetricContext): MetricName {
  return metricName(name.name, context);
}

export function withPerturbation(name: MetricName, perturbation: PerturbationDescription | undefined): MetricName {
  return { name: name.name, split: name.split, sub_split: name.sub_split, perturbation };
}

export function withName(name: MetricName, newName: string): MetricName {
  return { ...name, name: newName };
}

/**
 * A string key with Python's value equality for frozen dataclasses: every field takes part
 * (including a perturbation subclass's extra fields, in their order); `1` and `1.0` are equal.
 */
function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  // Names, splits and perturbations with only scalar fields hold no float box to unwrap: no replacer
  // needed (a replacer call per field made worst-case metrics spend most of their time here).
  if (Array.isArray(value) ? value.every(isFlat) : isFlat(value)) return JSON.stringify(value);
  return JSON.stringify(value, (_k, v: unknown) => (isPyFloatBox(v) ? v.py_float : v));
}

/** A scalar, or an object whose fields are all scalars. */
function isFlat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'object' && field !== null) return false;
  }
  return true;
}

export function perturbationKey(perturbation: PerturbationDescription | undefined): string {
  return valueKey(perturbation ?? null);
}

/** A key part that tells null from every string (strings never hold U+0002 in HELM's names). */
function keyPart(value: string | null | undefined): string {
  return value === null || value === undefined ? '\u0002' : value;
}

export function metricNameKey(name: MetricName): string {
  // The common case, no perturbation, as a plain join: keys are built for every stat of every instance.
  if (name.perturbation === undefined || name.perturbation === null) return `\u0001${name.name}\u0000${keyPart(name.split)}\u0000${keyPart(name.sub_split)}`;
  return valueKey([name.name, name.split ?? null, name.sub_split ?? null, name.perturbation]);
}

export function contextKey(context: MetricContext): string {
  return valueKey([context.split ?? null, context.sub_split ?? null, context.perturbation ?? null]);
}

export function metricNamesEqual(a: MetricName, b: MetricName): boolean {
  return metricNameKey(a) === metricNameKey(b);
}

/** `PerturbationDescription(name=..., robustness=..., fairness=...)` with the dataclass defaults. */
export function perturbationDescription(
  name: string,
  fields: { robustness?: boolean; fairness?: boolean; computed_on?: string; seed?: number } = {},
): PerturbationDescription {
  return {
    name,
    robustness: fields.robustness ?? false,
    fairness: fields.fairness ?? false,
    computed_on: fields.computed_on ?? 'perturbed',
    seed: fields.seed,
  };
}
