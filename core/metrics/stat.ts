import { PyNumber, pyFloat, toNumber } from '../common/py-number';
import { MetricName, StatJson } from './schemas';
import { metricNameKey } from './metric-name';
import { PyValue, fromBool, pyAdd, pyMax, pyMin, pyMul } from './py-math';

/**
 * HELM's `Stat`: a mutable accumulator with Python's number types (sums of ints stay ints,
 * mean is always a float, a negative variance is clamped to the *int* 0).
 */
export class Stat {
  count = 0;
  sum: PyNumber = 0;
  sumSquared: PyNumber = 0;
  min: PyNumber | undefined = undefined;
  max: PyNumber | undefined = undefined;
  mean: PyNumber | undefined = undefined;
  variance: PyNumber | undefined = undefined;
  stddev: PyNumber | undefined = undefined;

  constructor(readonly name: MetricName) {}

  /** `add(x)`: null/undefined is skipped (the stat may stay at count 0). */
  add(value: PyValue | null | undefined): this {
    if (value === null || value === undefined) return this;
    const x = fromBool(value);
    this.sum = pyAdd(this.sum, x);
    this.sumSquared = pyAdd(this.sumSquared, pyMul(x, x));
    this.min = this.min === undefined ? x : pyMin(this.min, x);
    this.max = this.max === undefined ? x : pyMax(this.max, x);
    this.count += 1;
    this.updateDerived();
    return this;
  }

  /** `merge(other)`: other's name is ignored. */
  merge(other: Stat): this {
    this.sum = pyAdd(this.sum, other.sum);
    this.sumSquared = pyAdd(this.sumSquared, other.sumSquared);
    if (other.min !== undefined) this.min = this.min === undefined ? other.min : pyMin(this.min, other.min);
    if (other.max !== undefined) this.max = this.max === undefined ? other.max : pyMax(this.max, other.max);
    this.count += other.count;
    this.updateDerived();
    return this;
  }

  /** `dataclasses.replace(stat)`: a shallow copy. */
  copy(name: MetricName = this.name): Stat {
    const out = new Stat(name);
    out.count = this.count;
    out.sum = this.sum;
    out.sumSquared = this.sumSquared;
    out.min = this.min;
    out.max = this.max;
    out.mean = this.mean;
    out.variance = this.variance;
    out.stddev = this.stddev;
    return out;
  }

  /** `take_mean()`: the stat itself when empty, else a fresh stat holding only the mean. */
  takeMean(): Stat {
    if (this.count === 0) return this;
    return new Stat(this.name).add(this.mean);
  }

  private updateDerived(): void {
    if (this.count === 0) return;
    const mean = toNumber(this.sum) / this.count;
    this.mean = pyFloat(mean);
    const pvariance = toNumber(this.sumSquared) / this.count - mean * mean;
    // Python: `0 if pvariance < 0 else pvariance` (an int 0; NaN is kept).
    this.variance = pvariance < 0 ? 0 : pyFloat(pvariance);
    this.stddev = pyFloat(Math.sqrt(toNumber(this.variance)));
  }

  toJson(): StatJson {
    return {
      name: this.name,
      count: this.count,
      sum: this.sum,
      sum_squared: this.sumSquared,
      min: this.min,
      max: this.max,
      mean: this.mean,
      variance: this.variance,
      stddev: this.stddev,
    };
  }

  static fromJson(json: StatJson): Stat {
    const stat = new Stat(json.name);
    stat.count = json.count;
    stat.sum = json.sum;
    stat.sumSquared = json.sum_squared;
    stat.min = json.min;
    stat.max = json.max;
    stat.mean = json.mean;
    stat.variance = json.variance;
    stat.stddev = json.stddev;
    return stat;
  }
}

/** `Dict[MetricName, Stat]` with insertion order. */
export type StatMap = Map<string, Stat>;

/** `merge_stat(stats, stat)`: insert a copy when the name is new, else merge into it. */
export function mergeStat(stats: StatMap, stat: Stat): void {
  const key = metricNameKey(stat.name);
  const existing = stats.get(key);
  if (existing === undefined) stats.set(key, stat.copy());
  else existing.merge(stat);
}

/** `get_unique_stat_by_name`: undefined if absent, error if several. */
export function getUniqueStatByName(stats: Iterable<Stat>, name: string): Stat | undefined {
  const matching = [...stats].filter((s) => s.name.name === name);
  if (matching.length === 0) return undefined;
  if (matching.length > 1) throw new Error(`Expected a single stat named ${name}, got ${matching.length}`);
  return matching[0];
}

/** True when the stat's sum is NaN (such stats are dropped before writing). */
export function hasNanSum(stat: Stat): boolean {
  return Number.isNaN(toNumber(stat.sum));
}
