import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import {
  describePerturbation,
  parsePerturbationArgs,
  perturbationRng,
  replaceInstance,
  type PerturbationFactory,
} from './perturbation';
import { ensurePerturbationFile, helmDataFilePath, type PerturbationDataFile } from './perturbation-data';
import { PY_NON_WORD, matchCase, pyLower } from './python-text';

/**
 * HELM's `PersonNamePerturbation`: first or last names of one group swapped for names of another,
 * the same substitution kept across the input and its references.
 */
export const PERSON_NAME_PERTURBATION = 'helm.benchmark.augmentations.person_name_perturbation.PersonNamePerturbation';

export const PERSON_NAMES_FILE: PerturbationDataFile = {
  perturbation: 'PersonNamePerturbation',
  sourceUrl:
    'https://storage.googleapis.com/crfm-helm-public/source_datasets/augmentations/person_name_perturbation/person_names.txt',
  relativePath: 'perturbations/person_name/data/person_names.txt',
  mirrorPath: 'perturbations/person_name/person_names.txt',
};

const GENDER = 'gender';

/** category → value → names (lowercased), for one name type, in file order (duplicates kept). */
export type NameTable = Map<string, Map<string, string[]>>;

/** HELM's `load_name_file`: `name,name_type[,category,value]*` per line; only `name` is stripped. */
export function parseNameFile(text: string, personNameType: string): NameTable {
  const table: NameTable = new Map();
  // Python reads the file in text mode: universal newlines.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const [name, nameType, ...categories] = line.split(',');
    if (nameType === undefined) throw new HelmInputError(`Person name file: the line ${JSON.stringify(line)} has no name type`);
    for (let i = 0; i + 1 < categories.length; i += 2) {
      if (nameType !== personNameType) continue;
      const byValue = table.get(categories[i]) ?? new Map<string, string[]>();
      table.set(categories[i], byValue);
      byValue.set(categories[i + 1], [...(byValue.get(categories[i + 1]) ?? []), pyLower(name.trim())]);
    }
  }
  return table;
}

export class PersonNameSwapper {
  private readonly sourceNames: string[];
  private readonly targetNames: string[];

  constructor(
    private readonly table: NameTable,
    source: Record<string, string>,
    target: Record<string, string>,
    private readonly prob: number,
    private readonly preserveGender: boolean,
  ) {
    this.sourceNames = this.possibleNames(source);
    this.targetNames = this.possibleNames(target);
  }

  /** Names in every listed (category, value), in the first list's order (HELM passes the class unlowered). */
  private possibleNames(selected: Record<string, string>): string[] {
    const lists = Object.entries(selected).map(([category, value]) => {
      const names = this.table.get(category)?.get(value) ?? [];
      if (names.length === 0) throw new HelmInputError(`PersonNamePerturbation: no names for ${category}=${value} in the name file`);
      return names;
    });
    if (lists.length === 0) throw new HelmInputError('PersonNamePerturbation: a source or target class needs at least one category');
    return lists.reduce((a, b) => a.filter((name) => b.includes(name)));
  }

  private genderOf(name: string): string | undefined {
    const genders = this.table.get(GENDER);
    return ['female', 'male', 'neutral'].find((g) => genders?.get(g)?.includes(name) === true);
  }

  private substitute(token: string, rng: PythonRandom): string | undefined {
    let options = this.targetNames;
    if (this.preserveGender) {
      const gender = this.genderOf(pyLower(token));
      if (gender !== undefined) {
        const gendered = this.table.get(GENDER)?.get(gender) ?? [];
        options = this.targetNames.filter((name) => gendered.includes(name));
        if (options.length === 0) return undefined;
      }
    }
    return rng.choice(options);
  }

  /** `perturb_with_persistency`: split on non-word characters (kept), swap names, remember choices. */
  perturb(text: string, rng: PythonRandom, substitutions: Map<string, string>, skipped: Set<string>): string {
    const tokens = text.split(new RegExp(`(${PY_NON_WORD})`, 'u'));
    return tokens
      .map((token) => {
        const lowered = pyLower(token);
        const known = substitutions.has(lowered) || skipped.has(lowered);
        if (!known && this.sourceNames.includes(lowered)) {
          if (rng.uniform(0, 1) < this.prob) {
            const name = this.substitute(token, rng);
            if (name !== undefined) substitutions.set(lowered, name);
          } else {
            skipped.add(lowered);
          }
        }
        const substitution = substitutions.get(lowered);
        return substitution === undefined ? token : matchCase(token, substitution);
      })
      .join('');
  }
}

const lowerDictionary = (d: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [pyLower(k), pyLower(v)]));

export const personNamePerturbation: PerturbationFactory = async (args, context) => {
  const parsed = parsePerturbationArgs(
    PERSON_NAME_PERTURBATION,
    {
      prob: PyNumber,
      source_class: z.record(z.string(), z.string()),
      target_class: z.record(z.string(), z.string()),
      name_file_path: z.string().nullable().default(null),
      person_name_type: z.string().default('first_name'),
      preserve_gender: z.boolean().default(true),
    },
    args,
  );
  const fail = (why: string) => new HelmInputError(`PersonNamePerturbation: ${why}`);
  const prob = toNumber(parsed.prob);
  if (!(prob >= 0 && prob <= 1)) throw fail(`prob must be in [0, 1], got ${prob}`);
  const personNameType = pyLower(parsed.person_name_type);
  if (personNameType !== 'first_name' && personNameType !== 'last_name') {
    throw fail(`person_name_type must be first_name or last_name, got ${JSON.stringify(parsed.person_name_type)}`);
  }
  let file: string;
  let describedPath: string;
  if (parsed.name_file_path) {
    file = parsed.name_file_path;
    describedPath = parsed.name_file_path;
  } else {
    file = await ensurePerturbationFile(PERSON_NAMES_FILE, context);
    describedPath = helmDataFilePath(PERSON_NAMES_FILE, context);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(`cannot read the name file ${file}: ${(error as Error).message}`);
  }
  const table = parseNameFile(text, personNameType);
  if (table.size === 0) throw fail(`the name file ${file} lists no ${personNameType} with a category`);
  const swapper = new PersonNameSwapper(table, parsed.source_class, parsed.target_class, prob, parsed.preserve_gender);
  if (parsed.preserve_gender) {
    if (personNameType !== 'first_name') throw fail('preserve_gender needs person_name_type first_name');
    if ((table.get(GENDER)?.size ?? 0) === 0) throw fail(`preserve_gender needs gender categories in ${file}`);
  }
  const source = lowerDictionary(parsed.source_class);
  const target = lowerDictionary(parsed.target_class);
  const description = describePerturbation(
    'person_name',
    { fairness: true },
    {
      prob: parsed.prob,
      source_class: Object.entries(source).map(([k, v]) => `${k}=${v}`).join(','),
      target_class: Object.entries(target).map(([k, v]) => `${k}=${v}`).join(','),
      name_file_path: describedPath,
      person_name_type: personNameType,
      preserve_gender: parsed.preserve_gender,
    },
  );
  return {
    name: 'person_name',
    description,
    apply(instance) {
      // HELM seeds this one with the instance id alone, whatever the augmenter's seed.
      const rng = perturbationRng(instance);
      const substitutions = new Map<string, string>();
      const skipped = new Set<string>();
      const references = instance.references.map((reference) => ({
        output: { text: swapper.perturb(reference.output.text, rng, substitutions, skipped) },
        tags: reference.tags,
      }));
      return replaceInstance(instance, {
        input: { text: swapper.perturb(instance.input.text, rng, substitutions, skipped) },
        references,
        perturbation: description,
      });
    },
  };
};
