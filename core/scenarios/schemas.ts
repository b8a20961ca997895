import { z } from 'zod';

/** HELM's `PerturbationDescription`; subclasses add fields, which are kept. */
export const PerturbationDescription = z
  .object({
    name: z.string(),
    robustness: z.boolean(),
    fairness: z.boolean(),
    computed_on: z.string(),
    seed: z.number().int().optional(),
  })
  .passthrough();
export type PerturbationDescription = z.infer<typeof PerturbationDescription>;

export const Input = z.object({
  text: z.string(),
  multimedia_content: z.unknown().optional(),
  messages: z.array(z.record(z.string(), z.string())).optional(),
});
export type Input = z.infer<typeof Input>;

export const Output = z.object({
  text: z.string(),
  multimedia_content: z.unknown().optional(),
});
export type Output = z.infer<typeof Output>;

export const CORRECT_TAG = 'correct';

export const Reference = z.object({
  output: Output,
  tags: z.array(z.string()),
});
export type Reference = z.infer<typeof Reference>;

export const Split = z.enum(['train', 'valid', 'test']);

/** HELM's `Instance`, in dataclass field order (JSON key order). */
export const Instance = z.object({
  input: Input,
  references: z.array(Reference),
  split: z.string().optional(),
  sub_split: z.string().optional(),
  id: z.string().optional(),
  perturbation: PerturbationDescription.optional(),
  contrast_inputs: z.array(Input).optional(),
  contrast_references: z.array(z.array(Reference)).optional(),
  extra_data: z.record(z.string(), z.unknown()).optional(),
});
export type Instance = z.infer<typeof Instance>;

/** `scenario.json`. */
export const ScenarioMetadata = z.object({
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  definition_path: z.string(),
});
export type ScenarioMetadata = z.infer<typeof ScenarioMetadata>;
