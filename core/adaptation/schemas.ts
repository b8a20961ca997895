import { z } from 'zod';
import { AdapterSpec, ObjectSpec } from '../run-specs/schemas';
import { Instance } from '../scenarios/schemas';
import { Request, RequestResult } from '../models/schemas';

/** HELM's `RequestState`, in dataclass field order. */
export const RequestState = z.object({
  instance: Instance,
  reference_index: z.number().int().optional(),
  request_mode: z.enum(['original', 'calibration']).optional(),
  train_trial_index: z.number().int(),
  output_mapping: z.record(z.string(), z.string()).optional(),
  request: Request,
  result: RequestResult.optional(),
  num_train_instances: z.number().int(),
  prompt_truncated: z.boolean(),
  num_conditioning_tokens: z.number().int(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export type RequestState = z.infer<typeof RequestState>;

/** `scenario_state.json`. */
export const ScenarioState = z.object({
  adapter_spec: AdapterSpec,
  request_states: z.array(RequestState),
  annotator_specs: z.array(ObjectSpec).optional(),
});
export type ScenarioState = z.infer<typeof ScenarioState>;
