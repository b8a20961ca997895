import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { ensurePerturbationFile, helmDataFilePath, jsonObjectEntries, type PerturbationDataFile } from './perturbation-data';
import { escapeRegExp, matchCase, pyLower, pyUpper, replaceAll } from './python-text';

/** HELM's `DialectPerturbation`: words swapped for their dialect variants (SAE → AAVE). */
export const DIALECT_PERTURBATION = 'helm.benchmark.augmentations.dialect_perturbation.DialectPerturbation';

/** The mapping files HELM can download, by (source, target) dialect. */
export const DIALECT_MAPPING_FILES: Record<string, PerturbationDataFile> = {
  'SAE->AAVE': {
    perturbation: 'DialectPerturbation',
    sourceUrl:
      'https://storage.googleapis.com/crfm-helm-public/source_datasets/augmentations/dialect_perturbation/SAE_to_AAVE_mapping.json',
    relativePath: 'perturbations/dialect/SAE_to_AAVE_mapping.json',
    mirrorPath: 'perturbations/dialect/SAE_to_AAVE_mapping.json',
  },
};

export class DialectMapper {
  private readonly mapping: Map<string, string[]>;
  private readonly pattern: RegExp;

  constructor(entries: Array<[string, unknown]>, private readonly prob: number, file: string) {
    this.mapping = new Map();
    for (const [word, variants] of entries) {
      if (!Array.isArray(variants) || !variants.every((v) => typeof v === 'string')) {
        throw new HelmInputError(`Dialect mapping ${file}: the value of ${JSON.stringify(word)} must be a list of strings`);
      }
      this.mapping.set(word, variants as string[]);
    }
    // `[^\w-](escaped words)[^\w-]`, IGNORECASE, alternatives in file order.
    const words = [...this.mapping.keys()].map(escapeRegExp).join('|');
    this.pattern = new RegExp(`[^\\p{L}\\p{N}_\\x2d](${words})[^\\p{L}\\p{N}_\\x2d]`, 'giu');
  }

  perturb(text: string, rng: PythonRandom): string {
    return text.replace(this.pattern, (whole: string, word: string) => {
      if (rng.uniform(0, 1) < this.prob) {
        const variants = this.mapping.get(pyLower(word));
        // Python's dict lookup of the lowercased hit: a KeyError when the file's key is not lowercase.
        if (variants === undefined) throw new Error(`DialectPerturbation: no mapping for ${JSON.stringify(pyLower(word))}`);
        return replaceAll(whole, word, matchCase(word, rng.choice(variants)));
      }
      return whole;
    });
  }
}

export const dialectPerturbation: PerturbationFactory = async (args, context) => {
  const parsed = parsePerturbationArgs(
    DIALECT_PERTURBATION,
    { prob: PyNumber, source_class: z.string(), target_class: z.string(), mapping_file_path: z.string().nullable().default(null) },
    args,
  );
  const prob = toNumber(parsed.prob);
  if (!(prob >= 0 && prob <= 1)) throw new HelmInputError(`DialectPerturbation: prob must be in [0, 1], got ${prob}`);
  const source = pyUpper(parsed.source_class);
  const target = pyUpper(parsed.target_class);
  let file: string;
  let describedPath: string;
  if (parsed.mapping_file_path) {
    file = parsed.mapping_file_path;
    describedPath = parsed.mapping_file_path;
  } else {
    const known = DIALECT_MAPPING_FILES[`${source}->${target}`];
    if (known === undefined) {
      throw new HelmInputError(
        `DialectPerturbation: no mapping from ${source} to ${target} can be downloaded (available: SAE to AAVE); give mapping_file_path`,
      );
    }
    file = await ensurePerturbationFile(known, context);
    describedPath = helmDataFilePath(known, context);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HelmInputError(`DialectPerturbation: cannot read the mapping file ${file}: ${(error as Error).message}`);
  }
  const mapper = new DialectMapper(jsonObjectEntries(text, `Dialect mapping ${file}`), prob, file);
  return textPerturbation({
    name: 'dialect',
    description: describePerturbation(
      'dialect',
      { fairness: true },
      { prob: parsed.prob, source_class: source, target_class: target, mapping_file_path: describedPath },
    ),
    shouldPerturbReferences: true,
    perturb: (t, rng) => mapper.perturb(t, rng),
  });
};
