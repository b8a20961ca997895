import { HelmInputError, didYouMean } from '../common/errors';
import { ModelRegistry } from '../models/registry';
import { ParsedDescription, parseDescription } from './description';
import { postProcessRunSpec } from './post-process';
import { ModelRunExpander, createRunExpander, isRunExpanderName } from './run-expanders';
import { callRunSpecFunction, getRunSpecFunction, runSpecFunctionNames, type RunSpecEnvironment } from './run-spec-functions';
import { ArgValue, RunSpec } from './schemas';

/**
 * HELM's construct_run_specs: expander keys are peeled off (in description order, `model=all`
 * appended last when there is no model key), the run spec function is called with the rest, the
 * expanders are applied in order, and every spec is post-processed (model resolution, tag tweaks).
 */
export function constructRunSpecsFromParsed(parsed: ParsedDescription, registry: ModelRegistry, env: RunSpecEnvironment = {}): RunSpec[] {
  const fn = getRunSpecFunction(parsed.functionName);
  if (fn === undefined) {
    throw new HelmInputError(
      `Unknown run spec name: ${parsed.functionName}.` +
        (didYouMean(parsed.functionName, runSpecFunctionNames()) ||
          ` Known run spec names: ${runSpecFunctionNames().join(', ')}`),
    );
  }
  const expanders = parsed.args
    .filter(([key]) => isRunExpanderName(key))
    .map(([key, value]) => createRunExpander(key, value, registry));
  const fnArgs: Array<[string, ArgValue]> = parsed.args.filter(([key]) => !isRunExpanderName(key));
  if (!expanders.some((e) => e instanceof ModelRunExpander)) expanders.push(new ModelRunExpander('all', registry));

  let specs: RunSpec[] = [callRunSpecFunction(fn, fnArgs, env)];
  for (const expander of expanders) specs = specs.flatMap((spec) => expander.expand(spec));
  return specs.map((spec) => postProcessRunSpec(spec, registry));
}

export function constructRunSpecs(description: string, registry: ModelRegistry, env: RunSpecEnvironment = {}): RunSpec[] {
  return constructRunSpecsFromParsed(parseDescription(description), registry, env);
}

/** Downloads the files the description's run spec function reads while building (if any). */
export async function ensureRunSpecData(parsed: ParsedDescription, env: RunSpecEnvironment): Promise<void> {
  const fn = getRunSpecFunction(parsed.functionName);
  if (fn?.ensureData === undefined) return;
  try {
    await fn.ensureData(new Map(parsed.args.filter(([key]) => !isRunExpanderName(key))), env);
  } catch {
    // No download and no mirror copy: building the spec then fails with a MissingDataError that
    // names the file, its canonical source and the mirror path.
  }
}
