/**
 * helm-ts's engine: HELM's scenarios, run specs, adaptation, models, metrics and summarize, with
 * no Temporal in sight. This module is its public, typed face. Built-ins register through the
 * same `register*` calls a plugin makes, so a plugin's scenario, metric or client is found exactly
 * like a built-in one (one name, one registration; a second registration of a name is an error).
 */

// Registries: one registration per name; `source` (optional) names the registering module in messages.
export { Registry } from './registry';
export { registerScenario, scenarioRegistry, getScenario, type ScenarioClass, type ScenarioDefinition, type EnsureDataOptions } from './scenarios/registry';
export {
  registerRunSpecFunction,
  runSpecFunctionRegistry,
  callRunSpecFunction,
  type RunSpecFunction,
  type RunSpecParam,
} from './run-specs/run-spec-functions';
export { registerAdapter, adapterRegistry, getAdapter, adapt, inContextAdapter, type Adapt, type GenerateRequests } from './adaptation/adapter';
export { registerMetric, metricRegistry, createMetric, evaluateMetrics, type MetricFactory } from './metrics';
export { registerClient, clientRegistry, createModelClient, type ClientFactory, type ClientOptions, type ModelClient } from './models/clients';
export { requestCacheKey, type RequestCacheBackend, type RequestCacheLike } from './models/request-cache';
export { registerTokenizer, tokenizerRegistry, getTokenizer, type TokenizerFactory, type Tokenizer } from './models/tokenizers';
export {
  registerPerturbation,
  perturbationRegistry,
  textPerturbation,
  describePerturbation,
  type Perturbation,
  type PerturbationContext,
  type PerturbationFactory,
} from './perturbations/perturbation';
export { createPerturbations } from './perturbations/create-perturbations';
export { registerModelDeployment, modelDeploymentRegistry, type PluginModel } from './models/plugin-models';

// Building blocks for a plugin's run spec functions (HELM's common adapter and metric specs) and clients.
export { makeRunSpec } from './run-specs/run-spec';
export {
  getGenerationAdapterSpec,
  getMultipleChoiceAdapterSpec,
  type GenerationOptions,
  type MultipleChoiceOptions,
} from './run-specs/common-adapter-specs';
export { getBasicMetricSpecs, getExactMatchMetricSpecs, getGenericMetricSpecs } from './run-specs/common-metric-specs';
export { timed, hostOrganization, modelEngine } from './models/clients/client';
export { RequestCache, RequestCaches } from './models/request-cache';
export type { ScenarioDescription } from './scenarios/scenario';

// Plugins: loading them, and what a suite records of them.
export { loadPlugins, loadedPlugins, type PluginRef } from './plugins/load-plugins';

// HELM's data types (zod schemas; the types are their z.infer).
export { Instance, Input, Output, Reference, CORRECT_TAG, PerturbationDescription, ScenarioMetadata } from './scenarios/schemas';
export { RunSpec, AdapterSpec, ObjectSpec, RunEntry, DataAugmenterSpec, defaultAdapterSpec, type ArgValue } from './run-specs/schemas';
export { RequestState, ScenarioState } from './adaptation/schemas';
export { Request, RequestResult, GeneratedOutput, Token, ModelDeployment, ModelMetadata, TokenizerConfig, defaultRequest } from './models/schemas';

// Metrics: HELM's Stat and the metric interface a metric class implements.
export { Stat } from './metrics/stat';
export type { MetricInterface, MetricResult, MetricServices, PerInstanceStatsEntry } from './metrics/metric';
export { metricName, type MetricContext } from './metrics/metric-name';

// Errors: bad input is a HelmInputError (never retried; its message reaches the user as is).
export { HelmInputError } from './common/errors';
