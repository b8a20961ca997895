import { HelmInputError, didYouMean } from '../common/errors';
import { ModelRegistry } from '../models/registry';
import { ParsedDescription, parseDescription } from './description';
import { postProcessRunSpec } from './post-process';
import { ModelRunExpander, createRunExpander, isRunExpanderName } from './run-expanders';
import { callRunSpecFunction, getRunSpecFunction, runSpecFunctionNames, type RunSpecFunction } from './run-spec-functions';
import { ArgValue, RunSpec } from './schemas';

/**
 * HELM's construct_run_specs: expander keys are peeled off (in description order, `model=all`
 * appended last when there is no model key), the run spec function is called with the rest, the
 * expanders are applied in order, and every spec is post-processed (model resolution, tag tweaks).
 */
export function constructRunSpecsFromParsed(
  parsed: ParsedDescription,
  registry: ModelRegistry,
  suiteFunctions: ReadonlyMap<string, RunSpecFunction> = new Map(),
): RunSpec[] {
  const fn = getRunSpecFunction(parsed.functionName) ?? suiteFunctions.get(parsed.functionName);
  if (fn === undefined) {
    const known = [...runSpecFunctionNames(), ...suiteFunctions.keys()];
    throw new HelmInputError(
      `Unknown run spec name: ${parsed.functionName}.` +
        (didYouMean(parsed.functionName, known) || ` Known run spec names: ${known.join(', ')}`) +
        ' (Your own scenarios: --include-path DIR for scenario folders, --plugins MODULE for code.)',
    );
  }
  const expanders = parsed.args
    .filter(([key]) => isRunExpanderName(key))
    .map(([key, value]) => createRunExpander(key, value, registry));
  const fnArgs: Array<[string, ArgValue]> = parsed.args.filter(([key]) => !isRunExpanderName(key));
  if (!expanders.some((e) => e instanceof ModelRunExpander)) expanders.push(new ModelRunExpander('all', registry));

  let specs: RunSpec[] = [callRunSpecFunction(fn, fnArgs)];
  for (const expander of expanders) specs = specs.flatMap((spec) => expander.expand(spec));
  return specs.map((spec) => postProcessRunSpec(spec, registry));
}

export function constructRunSpecs(description: string, registry: ModelRegistry): RunSpec[] {
  return constructRunSpecsFromParsed(parseDescription(description), registry);
}
