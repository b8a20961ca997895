import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { Instance } from '../scenarios/schemas';
import { firstCorrectReference } from './instance-helpers';
import { compareCodePoints } from './python-text';

export interface SampleOptions {
  maxTrainInstances: number;
  sampleTrain: boolean;
}

/**
 * HELM's `sample_examples(all_train, seed)`: Python's RNG reseeded with the trial index; labels (gold
 * texts) ordered by descending count, ties shuffled; round-robin pops a random instance per label;
 * unlabeled instances fill the rest via `random.sample`. Quirks kept: an empty-string label stops
 * the round-robin. HELM's endless loop (labeled instances exhausted while unlabeled ones are still
 * needed) is reported as a HelmInputError.
 */
export function sampleExamples(allTrain: readonly Instance[], seed: number, options: SampleOptions): Instance[] {
  const rng = new PythonRandom(seed);
  let remaining = Math.min(allTrain.length, options.maxTrainInstances);
  if (!options.sampleTrain) return allTrain.slice(remaining * seed, remaining * (seed + 1));

  const unlabeled: Instance[] = [];
  const byLabel = new Map<string, Instance[]>();
  for (const instance of allTrain) {
    const reference = firstCorrectReference(instance);
    if (reference === undefined) {
      unlabeled.push(instance);
      continue;
    }
    const pool = byLabel.get(reference.output.text) ?? [];
    pool.push(instance);
    byLabel.set(reference.output.text, pool);
  }

  const countToLabels = new Map<number, string[]>();
  for (const label of [...byLabel.keys()].sort(compareCodePoints)) {
    const count = byLabel.get(label)?.length ?? 0;
    countToLabels.set(count, [...(countToLabels.get(count) ?? []), label]);
  }
  const order: string[] = [];
  for (const count of [...countToLabels.keys()].sort((a, b) => b - a)) {
    const labels = countToLabels.get(count) ?? [];
    rng.shuffle(labels);
    order.push(...labels);
  }

  const examples: Instance[] = [];
  for (let position = 0; remaining > 0 && order.length > 0; position++) {
    const label = order[position % order.length];
    if (label === '') break; // Python: `if not next_label: break`
    const pool = byLabel.get(label) ?? [];
    if (pool.length === 0) {
      if (!order.includes('') && order.every((l) => (byLabel.get(l) ?? []).length === 0)) {
        throw new HelmInputError(
          `Cannot sample ${remaining} more in-context example(s): all ${allTrain.length - unlabeled.length} train ` +
            `instances with a correct reference are used and the ${unlabeled.length} without one are never reached ` +
            `(HELM loops forever here). Lower max_train_instances or give every train instance a correct reference.`,
        );
      }
      continue;
    }
    examples.push(pool.splice(rng.randrange(pool.length), 1)[0]);
    remaining--;
  }
  if (remaining > unlabeled.length) {
    throw new HelmInputError(
      `Cannot sample ${remaining} in-context example(s) from ${unlabeled.length} train instances without a correct reference`,
    );
  }
  return [...examples, ...rng.sample(unlabeled, remaining)];
}
