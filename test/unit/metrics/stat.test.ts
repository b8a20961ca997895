import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { metricName, metricNameKey, perturbationDescription } from '../../../core/metrics/metric-name';
import { Stat, StatMap, mergeStat } from '../../../core/metrics/stat';

const dump = (s: Stat): string => pythonJsonDumps(s.toJson(), { indent: 2 });

describe('Stat', () => {
  it('reproduces the stats.json entry for 3 of 10 correct (one trial, mean collapse)', () => {
    const trial = new Stat(metricName('exact_match', { split: 'test' }));
    for (let i = 0; i < 10; i++) trial.add(i < 3 ? 1 : 0);
    expect(trial.sum).toBe(3);
    const global: StatMap = new Map();
    mergeStat(global, trial.takeMean());
    const [stat] = [...global.values()];
    expect(pythonJsonDumps([stat.toJson()], { indent: 2 })).toBe(
      [
        '[',
        '  {',
        '    "name": {',
        '      "name": "exact_match",',
        '      "split": "test"',
        '    },',
        '    "count": 1,',
        '    "sum": 0.3,',
        '    "sum_squared": 0.09,',
        '    "min": 0.3,',
        '    "max": 0.3,',
        '    "mean": 0.3,',
        '    "variance": 0.0,',
        '    "stddev": 0.0',
        '  }',
        ']',
      ].join('\n'),
    );
  });

  it('keeps ints for a single int observation (num_prompt_tokens 42)', () => {
    const s = new Stat(metricName('num_prompt_tokens')).add(42);
    expect(JSON.parse(dump(s))).toEqual({ name: { name: 'num_prompt_tokens' }, count: 1, sum: 42, sum_squared: 1764, min: 42, max: 42, mean: 42, variance: 0, stddev: 0 });
    expect(dump(s)).toContain('"sum": 42,\n  "sum_squared": 1764,\n  "min": 42,\n  "max": 42,\n  "mean": 42.0,\n  "variance": 0.0,\n  "stddev": 0.0');
  });

  it('serialises a never-filled stat with count 0 and int sums', () => {
    const s = new Stat(metricName('training_co2_cost', { split: 'test' })).add(null).add(undefined);
    expect(dump(s)).toBe('{\n  "name": {\n    "name": "training_co2_cost",\n    "split": "test"\n  },\n  "count": 0,\n  "sum": 0,\n  "sum_squared": 0\n}');
    expect(s.takeMean()).toBe(s);
  });

  it('num_instances collapses to floats', () => {
    const s = new Stat(metricName('num_instances', { split: 'test' })).add(10).takeMean();
    expect(dump(s)).toContain('"sum": 10.0,\n  "sum_squared": 100.0,\n  "min": 10.0,\n  "max": 10.0,\n  "mean": 10.0');
  });

  it('follows Python int/float promotion, booleans, min/max type retention', () => {
    const s = new Stat(metricName('x')).add(true).add(false);
    expect(s.sum).toBe(1);
    expect(s.min).toBe(0);
    s.add({ py_float: 0 });
    expect(s.sum).toEqual({ py_float: 1 });
    expect(s.min).toBe(0); // min(0, 0.0) keeps the first (int)
    expect(s.max).toBe(1);
    expect(s.mean).toEqual(1 / 3);
  });

  it('clamps a negative variance to the int 0', () => {
    // Three 0.1s: sum_squared/3 - mean**2 is -1.7e-18 in float64.
    const s = new Stat(metricName('x')).add(0.1).add(0.1).add(0.1);
    expect(s.variance).toBe(0);
    expect(pythonJsonDumps(s.toJson())).toContain('"variance": 0, "stddev": 0.0');
  });

  it('merges (ignoring the other name) and mergeStat copies on insert', () => {
    const a = new Stat(metricName('a')).add(1).add(3);
    const b = new Stat(metricName('other')).add(2.5);
    a.merge(b);
    expect(a.count).toBe(3);
    expect(a.sum).toBe(6.5);
    const map: StatMap = new Map();
    const c = new Stat(metricName('c')).add(1);
    mergeStat(map, c);
    mergeStat(map, c);
    expect(c.count).toBe(1);
    expect(map.get(metricNameKey(c.name))?.count).toBe(2);
  });

  it('distinguishes metric names by every field, keeping perturbation field order', () => {
    const p = perturbationDescription('robustness', { robustness: true });
    const n1 = metricName('em', { split: 'test', perturbation: p });
    const n2 = metricName('em', { split: 'test', perturbation: { ...p, computed_on: 'worst' } });
    expect(metricNameKey(n1)).not.toBe(metricNameKey(n2));
    expect(metricNameKey(n1)).toBe(metricNameKey(metricName('em', { split: 'test', perturbation: { ...p } })));
    expect(pythonJsonDumps(n2)).toBe(
      '{"name": "em", "split": "test", "perturbation": {"name": "robustness", "robustness": true, "fairness": false, "computed_on": "worst"}}',
    );
  });
});
