import { PerturbationDescription } from '../scenarios/schemas';
import { metricNameKey, perturbationDescription, perturbationKey, withPerturbation } from './metric-name';
import { Stat, StatMap, mergeStat } from './stat';

/** One instance's stats, with the instance id that links an original to its perturbed copies. */
export interface InstanceStats {
  instanceId: string;
  stats: readonly Stat[];
}

/**
 * `compute_worst_case_metrics`: per (metric without perturbation, instance id), the minimum over
 * the original and its perturbed variants, for the robustness and fairness aggregates and for
 * each perturbation (plus its `computed_on: original` value). Even without any perturbation the
 * robustness and fairness copies exist, holding the original value.
 */
export function computeWorstCaseMetrics(perInstance: readonly InstanceStats[]): Stat[] {
  const groups = new Map<string, Stat[]>();
  for (const { instanceId, stats } of perInstance) {
    for (const stat of stats) {
      const key = JSON.stringify([metricNameKey(withPerturbation(stat.name, undefined)), instanceId]);
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [stat]);
      else list.push(stat);
    }
  }

  const derived: StatMap = new Map();
  for (const stats of groups.values()) {
    const plain = withPerturbation(stats[0].name, undefined);
    let original: Stat | undefined;
    const robustness = new Stat(withPerturbation(plain, perturbationDescription('robustness', { robustness: true })));
    const fairness = new Stat(withPerturbation(plain, perturbationDescription('fairness', { fairness: true })));
    const individual = new Map<string, Stat>();
    for (const stat of stats) {
      const perturbation = stat.name.perturbation;
      if (perturbation === undefined) {
        if (original !== undefined) throw new Error(`For ${plain.name} got two unperturbed stats`);
        original = stat;
        continue;
      }
      if (perturbation.robustness) robustness.merge(stat);
      if (perturbation.fairness) fairness.merge(stat);
      const key = perturbationKey(perturbation);
      if (individual.has(key)) throw new Error(`Perturbation ${perturbation.name} appears twice`);
      individual.set(key, new Stat(stat.name).merge(stat));
    }

    for (const stat of [robustness, fairness, ...individual.values()]) {
      const perturbation = stat.name.perturbation as PerturbationDescription;
      if (original !== undefined) {
        stat.merge(original);
        if (perturbation.name !== 'robustness' && perturbation.name !== 'fairness') {
          const before = { ...perturbation, computed_on: 'original' };
          mergeStat(derived, new Stat(withPerturbation(stat.name, before)).merge(original));
        }
      }
      if (stat.count > 0) {
        // "Worst" is always the minimum, whatever the metric's direction (as in HELM).
        const worst = { ...perturbation, computed_on: 'worst' };
        mergeStat(derived, new Stat(withPerturbation(stat.name, worst)).add(stat.min));
      }
    }
  }
  return [...derived.values()];
}
