import { z } from 'zod';
import { PyNumber } from '../common/py-number';
import { ObjectSpec } from '../run-specs/schemas';

/** HELM's `Request`, in dataclass field order. */
export const Request = z.object({
  model_deployment: z.string(),
  model: z.string(),
  embedding: z.boolean(),
  prompt: z.string(),
  temperature: PyNumber,
  num_completions: PyNumber,
  top_k_per_token: PyNumber,
  max_tokens: PyNumber,
  stop_sequences: z.array(z.string()),
  echo_prompt: z.boolean(),
  top_p: PyNumber,
  presence_penalty: PyNumber,
  frequency_penalty: PyNumber,
  random: z.string().optional(),
  messages: z.array(z.record(z.string(), z.string())).optional(),
  multimodal_prompt: z.unknown().optional(),
  image_generation_parameters: z.record(z.string(), z.unknown()).optional(),
  response_format: z.record(z.string(), z.unknown()).optional(),
});
export type Request = z.infer<typeof Request>;

/** Request's dataclass defaults (note the Python types: `temperature=1.0`, `top_p=1`). */
export function defaultRequest(overrides: Partial<Request> = {}): Request {
  return {
    model_deployment: '',
    model: '',
    embedding: false,
    prompt: '',
    temperature: { py_float: 1 },
    num_completions: 1,
    top_k_per_token: 1,
    max_tokens: 100,
    stop_sequences: [],
    echo_prompt: false,
    top_p: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    random: undefined,
    messages: undefined,
    multimodal_prompt: undefined,
    image_generation_parameters: undefined,
    response_format: undefined,
    ...overrides,
  };
}

export const Token = z.object({ text: z.string(), logprob: PyNumber });
export type Token = z.infer<typeof Token>;

export const GeneratedOutput = z.object({
  text: z.string(),
  logprob: PyNumber,
  tokens: z.array(Token),
  finish_reason: z.record(z.string(), z.unknown()).optional(),
  multimodal_content: z.unknown().optional(),
  thinking: z.object({ text: z.string().optional() }).optional(),
});
export type GeneratedOutput = z.infer<typeof GeneratedOutput>;

export const ErrorFlags = z.object({
  is_retriable: z.boolean().optional(),
  is_fatal: z.boolean().optional(),
});

/** HELM's `RequestResult`. */
export const RequestResult = z.object({
  success: z.boolean(),
  embedding: z.array(PyNumber),
  completions: z.array(GeneratedOutput),
  cached: z.boolean(),
  request_time: PyNumber.optional(),
  request_datetime: z.number().int().optional(),
  error: z.string().optional(),
  error_flags: ErrorFlags.optional(),
  batch_size: z.number().int().optional(),
  batch_request_time: PyNumber.optional(),
});
export type RequestResult = z.infer<typeof RequestResult>;

// ---- Registry files (HELM's YAML shapes under src/helm/config/ and prod_env/) ----

export const ModelMetadata = z.object({
  name: z.string(),
  creator_organization_name: z.string().default('Unknown'),
  display_name: z.string().optional(),
  description: z.string().optional(),
  access: z.enum(['open', 'limited', 'closed']).default('open'),
  // YAML dates parse to Date objects; keep the ISO day.
  release_date: z
    .union([z.string(), z.date()])
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
    .optional(),
  tags: z.array(z.string()).default([]),
  num_parameters: z.number().optional(),
  deployment_names: z.array(z.string()).optional(),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

export const ModelDeployment = z.object({
  name: z.string(),
  client_spec: z.object({ class_name: z.string(), args: z.record(z.string(), z.unknown()).default({}) }),
  model_name: z.string().optional(),
  tokenizer_name: z.string().optional(),
  window_service_spec: ObjectSpec.partial({ args: true }).optional(),
  max_sequence_length: z.number().int().optional(),
  max_request_length: z.number().int().optional(),
  max_sequence_and_generated_tokens_length: z.number().int().optional(),
  deprecated: z.boolean().default(false),
});
export type ModelDeployment = z.infer<typeof ModelDeployment>;

export const TokenizerConfig = z.object({
  name: z.string(),
  tokenizer_spec: z.object({ class_name: z.string(), args: z.record(z.string(), z.unknown()).default({}) }),
  end_of_text_token: z.string().optional(),
  prefix_token: z.string().optional(),
});
export type TokenizerConfig = z.infer<typeof TokenizerConfig>;

export const ModelMetadataFile = z.object({ models: z.array(ModelMetadata).default([]) });
export const ModelDeploymentsFile = z.object({ model_deployments: z.array(ModelDeployment).default([]) });
export const TokenizerConfigsFile = z.object({ tokenizer_configs: z.array(TokenizerConfig).default([]) });
