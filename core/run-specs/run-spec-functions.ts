/**
 * HELM's run spec functions (`@run_spec_function(name)`), one module per scenario family under
 * run-spec-functions/; importing this module registers them all.
 */
export {
  callRunSpecFunction,
  getRunSpecFunction,
  registerRunSpecFunction,
  runSpecFunctionNames,
  runSpecFunctionRegistry,
  type RunSpecEnvironment,
  type RunSpecFunction,
  type RunSpecParam,
} from './run-spec-functions/core';
export { MMLU_SUBJECTS, mmluRunSpecFunction } from './run-spec-functions/mmlu';
import './run-spec-functions/index';
