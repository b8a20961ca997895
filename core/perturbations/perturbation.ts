import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import { Registry } from '../registry';
import type { ObjectSpec } from '../run-specs/schemas';
import type { ProgressCallback } from '../scenarios/download';
import type { Input, Instance, PerturbationDescription, Reference } from '../scenarios/schemas';

/**
 * HELM's `Perturbation`: rewrites an instance (its input, and its references where the class says
 * so) and stamps it with a `PerturbationDescription`. `seed` is the data augmenter's per-instance
 * seed (undefined for the first seed), so `apply` is a pure function of its arguments.
 */
export interface Perturbation {
  readonly name: string;
  readonly description: PerturbationDescription;
  apply(instance: Instance, seed?: number): Instance;
}

/** Where a perturbation finds the data files it needs (HELM downloads them on construction). */
export interface PerturbationContext {
  /** The benchmark output folder: files land in `<outputPath>/perturbations/<name>/` as in HELM. */
  outputPath: string;
  /**
   * The output path as the user typed it (default: `outputPath`): HELM names downloaded word lists
   * by `os.path.join(--output-path, ...)` in its perturbation descriptions.
   */
  helmOutputPath?: string;
  /** A folder laid out like ../shared/data, used instead of the canonical download. */
  mirrorDir?: string;
  onProgress?: ProgressCallback;
}

/** Builds a perturbation from its `PerturbationSpec.args` (Python keyword arguments). */
export type PerturbationFactory = (
  args: ObjectSpec['args'],
  context: PerturbationContext,
) => Perturbation | Promise<Perturbation>;

/** Perturbation classes by HELM class name (`DataAugmenterSpec.perturbation_specs[].class_name`). */
export const perturbationRegistry = new Registry<PerturbationFactory>('perturbation class');

/** Registers a perturbation class; `source` names who registered it (a plugin's module) in messages. */
export function registerPerturbation(className: string, factory: PerturbationFactory, source?: string): void {
  perturbationRegistry.register(className, factory, source);
}

/**
 * A perturbation's keyword arguments checked against its constructor's signature: an unknown or
 * mistyped argument is a HelmInputError naming the class (Python would raise a TypeError).
 */
export function parsePerturbationArgs<T extends z.ZodRawShape>(
  className: string,
  shape: T,
  args: ObjectSpec['args'],
): z.infer<z.ZodObject<T>> {
  const parsed = z.object(shape).strict().safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    throw new HelmInputError(`Invalid arguments for perturbation ${className}: ${issues}`);
  }
  return parsed.data;
}

/**
 * A `PerturbationDescription` (or subclass) with the dataclass field order: the base fields, with
 * `seed` in its place so that `{ ...description, seed }` keeps the order, then the subclass's.
 */
export function describePerturbation(
  name: string,
  flags: { robustness?: boolean; fairness?: boolean },
  extra: Record<string, unknown> = {},
): PerturbationDescription {
  return {
    name,
    robustness: flags.robustness ?? false,
    fairness: flags.fairness ?? false,
    computed_on: 'perturbed',
    seed: undefined,
    ...extra,
  };
}

/** `Perturbation.get_rng`: seeded with the instance id, prefixed by the seed when there is one. */
export function perturbationRng(instance: Instance, seed?: number): PythonRandom {
  if (instance.id === undefined) throw new Error('Perturbations need instance ids; an instance has none');
  return new PythonRandom(seed === undefined ? instance.id : `${seed}${instance.id}`);
}

/** `dataclasses.replace(instance, ...)`: the instance with some fields changed, in field order. */
export function replaceInstance(instance: Instance, changes: Partial<Instance>): Instance {
  const merged = { ...instance, ...changes };
  return {
    input: merged.input,
    references: merged.references,
    split: merged.split,
    sub_split: merged.sub_split,
    id: merged.id,
    perturbation: merged.perturbation,
    contrast_inputs: merged.contrast_inputs,
    contrast_references: merged.contrast_references,
    extra_data: merged.extra_data,
  };
}

/** What a `TextPerturbation` subclass defines: the text rewrite and whether references get it too. */
export interface TextPerturbationSpec {
  name: string;
  description: PerturbationDescription;
  shouldPerturbReferences?: boolean;
  perturb(text: string, rng: PythonRandom): string;
}

interface MediaObject {
  content_type: string;
  text?: string | null;
  [key: string]: unknown;
}

function perturbInput(input: Input, perturb: (text: string) => string): Input {
  const content = input.multimedia_content as { media_objects?: MediaObject[] } | undefined | null;
  if (content === undefined || content === null) return { text: perturb(input.text) };
  // Only the text parts of multimedia content are rewritten (images etc. pass through).
  const mediaObjects = (content.media_objects ?? []).map((m) =>
    m.content_type.split('/')[0] === 'text' && typeof m.text === 'string' ? { ...m, text: perturb(m.text) } : m,
  );
  return { text: '', multimedia_content: { ...content, media_objects: mediaObjects } };
}

/**
 * HELM's `TextPerturbation.apply`: one generator per instance (references first, then the input),
 * the description stamped with the seed, and the original input kept as the only contrast input.
 */
export function textPerturbation(spec: TextPerturbationSpec): Perturbation {
  return {
    name: spec.name,
    description: spec.description,
    apply(instance: Instance, seed?: number): Instance {
      const rng = perturbationRng(instance, seed);
      const references: Reference[] = spec.shouldPerturbReferences
        ? instance.references.map((reference) => ({
            output: { text: spec.perturb(reference.output.text, rng), multimedia_content: reference.output.multimedia_content },
            tags: reference.tags,
          }))
        : instance.references;
      const description = { ...spec.description, seed };
      return replaceInstance(instance, {
        input: perturbInput(instance.input, (text) => spec.perturb(text, rng)),
        references,
        perturbation: description,
        contrast_inputs: [instance.input],
      });
    },
  };
}
