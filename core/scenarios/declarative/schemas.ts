import { z } from 'zod';
import {
  ADAPT_GENERATION,
  ADAPT_MULTIPLE_CHOICE_JOINT,
  ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL,
} from '../../run-specs/common-adapter-specs';
import { CORRECT_TAG } from '../schemas';

/** The file that makes a folder a declarative scenario. */
export const SCENARIO_FILE = 'scenario.yaml';

/** HELM's splits: `train` is the few-shot pool, `valid` and `test` are evaluated. */
export const DECLARATIVE_SPLITS = ['train', 'valid', 'test'] as const;

export const DECLARATIVE_METHODS = [
  ADAPT_GENERATION,
  ADAPT_MULTIPLE_CHOICE_JOINT,
  ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED,
] as const;

/** One file name or several, relative to the scenario folder. */
const Files = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));

/**
 * The `adapter:` section: the method, HELM's helper arguments (`instructions`, `input_noun`,
 * `output_noun`, …) and any AdapterSpec field to set directly (they win over the helper's).
 */
export const DeclarativeAdapter = z
  .object({
    method: z.enum(DECLARATIVE_METHODS),
    instructions: z.string().optional(),
    input_noun: z.string().nullable().optional(),
    output_noun: z.string().nullable().optional(),
    max_train_instances: z.number().int().min(0).optional(),
    num_outputs: z.number().int().min(1).optional(),
    max_tokens: z.number().int().min(0).optional(),
    temperature: z.number().min(0).optional(),
    stop_sequences: z.array(z.string()).optional(),
    sample_train: z.boolean().optional(),
    multi_label: z.boolean().optional(),
    global_prefix: z.string().optional(),
    global_suffix: z.string().optional(),
    input_prefix: z.string().optional(),
    input_suffix: z.string().optional(),
    reference_prefix: z.string().optional(),
    reference_suffix: z.string().optional(),
    output_prefix: z.string().optional(),
    output_suffix: z.string().optional(),
    instance_prefix: z.string().optional(),
  })
  .strict();
export type DeclarativeAdapter = z.infer<typeof DeclarativeAdapter>;

/** A metric: a HELM metric name (`exact_match`, `f1_score`, …) or a metric class with its args. */
export const DeclarativeMetric = z.union([
  z.string().min(1),
  z.object({ class_name: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}) }).strict(),
]);
export type DeclarativeMetric = z.infer<typeof DeclarativeMetric>;

/** `scenario.yaml`. */
export const DeclarativeScenarioFile = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and _ (it is the run entry name: NAME:model=…)'),
    display_name: z.string().min(1).optional(),
    description: z.string().min(1),
    tags: z.array(z.string()).default([]),
    /** Split → the instance file(s) of that split (JSONL or CSV). */
    splits: z
      .object({ train: Files.optional(), valid: Files.optional(), test: Files.optional() })
      .strict()
      .refine((s) => s.valid !== undefined || s.test !== undefined, 'needs a valid or test split (the instances to evaluate)'),
    adapter: DeclarativeAdapter,
    metrics: z.array(DeclarativeMetric).min(1),
    groups: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type DeclarativeScenarioFile = z.infer<typeof DeclarativeScenarioFile>;

/** A reference of a JSONL line: HELM's Reference, with `correct` the only tag. */
export const DeclarativeReference = z
  .object({
    output: z.object({ text: z.string() }).strict(),
    tags: z.array(z.literal(CORRECT_TAG, { error: `the only tag is "${CORRECT_TAG}"` })).default([]),
  })
  .strict();

/** One JSONL line: HELM's Instance fields a user writes. */
export const DeclarativeJsonlRow = z
  .object({
    input: z.object({ text: z.string() }).strict(),
    references: z.array(DeclarativeReference).min(1),
    split: z.enum(DECLARATIVE_SPLITS).optional(),
    id: z.string().min(1).optional(),
    sub_split: z.string().optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type DeclarativeJsonlRow = z.infer<typeof DeclarativeJsonlRow>;
