import type { DisplayPrediction, Instance, PerturbationDescription, Schema, Stat } from './types';

/** Predictions and requests belong to an instance by (id, perturbation[, trial]). */
export function instanceKey(id: string, perturbation: PerturbationDescription | undefined, trial?: number): string {
  return JSON.stringify([id, perturbation ?? null, trial ?? null]);
}

/** Predictions per instance (id + perturbation), trials in file order. */
export function groupPredictions(predictions: DisplayPrediction[]): Map<string, DisplayPrediction[]> {
  const map = new Map<string, DisplayPrediction[]>();
  for (const p of predictions) {
    const key = instanceKey(p.instance_id, p.perturbation);
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  }
  return map;
}

/** Indices of the references tagged `correct`. */
export function correctIndices(instance: Instance): Set<number> {
  return new Set(instance.references.flatMap((r, i) => (r.tags.includes('correct') ? [i] : [])));
}

/** A metric's display name from the schema, else its raw name. */
export function metricLabel(schema: Schema, name: string): string {
  const field = schema.metrics.find((m) => m.name === name);
  return field?.display_name ?? field?.short_display_name ?? name;
}

export interface StatRow {
  key: string;
  label: string;
  perturbation: string;
  searchText: string;
  stat: Stat;
}

/** stats.json rows for the "All metrics" tab, in file order, with display names and a search text. */
export function statRowsFor(stats: Stat[], schema: Schema): StatRow[] {
  return stats.map((stat, index) => {
    const label = metricLabel(schema, stat.name.name);
    const p = stat.name.perturbation;
    const perturbation = p ? `${p.name}${typeof p.computed_on === 'string' ? ` (${p.computed_on})` : ''}` : '';
    const key = `${index}`;
    return { key, label, perturbation, stat, searchText: `${label} ${stat.name.name} ${stat.name.split ?? ''} ${perturbation}`.toLowerCase() };
  });
}
