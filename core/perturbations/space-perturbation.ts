import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';

/** HELM's `SpacePerturbation`: each run of spaces becomes 1..max_spaces spaces (seeded). */
export const SPACE_PERTURBATION = 'helm.benchmark.augmentations.space_perturbation.SpacePerturbation';

/** `re.sub(r" +", lambda _: " " * rng.randint(1, max_spaces), text)`. */
export function perturbSpaces(text: string, maxSpaces: number, rng: PythonRandom): string {
  return text.replace(/ +/g, () => ' '.repeat(rng.randint(1, maxSpaces)));
}

export const spacePerturbation: PerturbationFactory = (args) => {
  const { max_spaces } = parsePerturbationArgs(SPACE_PERTURBATION, { max_spaces: PyNumber }, args);
  return textPerturbation({
    name: 'space',
    description: describePerturbation('space', { robustness: true }, { max_spaces }),
    perturb: (text, rng) => perturbSpaces(text, toNumber(max_spaces), rng),
  });
};
