import { HelmInputError, didYouMean } from '../common/errors';
import { ModelRegistry } from '../models/registry';
import { ParsedDescription, parseDescription } from './description';
import { isHelmRunSpecFunction } from './helm-names';
import { postProcessRunSpec } from './post-process';
import { ModelRunExpander, createRunExpander, isRunExpanderName } from './run-expanders';
import {
  callRunSpecFunction,
  defaultRunSpecContext,
  getRunSpecFunction,
  runSpecFunctionNames,
  type RunSpecContext,
  type RunSpecFunction,
} from './run-spec-functions';
import { ArgValue, RunSpec } from './schemas';

/** An entry naming a run spec function helm-ts does not have (HELM's or not). */
export class UnknownRunSpecFunctionError extends HelmInputError {
  constructor(
    readonly functionName: string,
    /** True when HELM 0.5.16 has this function: helm-ts does not have it yet. */
    readonly isHelmFunction: boolean,
    known: readonly string[] = runSpecFunctionNames(),
  ) {
    super(
      isHelmFunction
        ? `Unknown run spec name: ${functionName} (a HELM run spec function helm-ts does not have yet)`
        : `Unknown run spec name: ${functionName}.` +
            (didYouMean(functionName, known) || ` Known run spec names: ${known.join(', ')}`) +
            ' (Your own scenarios: --include-path DIR for scenario folders, --plugins MODULE for code.)',
    );
    this.name = 'UnknownRunSpecFunctionError';
  }
}

/**
 * HELM's construct_run_specs: expander keys are peeled off (in description order, `model=all`
 * appended last when there is no model key), the run spec function is called with the rest, the
 * expanders are applied in order, and every spec is post-processed (model resolution, tag tweaks).
 */
export function constructRunSpecsFromParsed(
  parsed: ParsedDescription,
  registry: ModelRegistry,
  context: RunSpecContext = defaultRunSpecContext(),
  /** The suite's own run spec functions (its declarative scenarios, from --include-path). */
  suiteFunctions: ReadonlyMap<string, RunSpecFunction> = new Map(),
): RunSpec[] {
  const fn = getRunSpecFunction(parsed.functionName) ?? suiteFunctions.get(parsed.functionName);
  if (fn === undefined) {
    const known = [...runSpecFunctionNames(), ...suiteFunctions.keys()];
    throw new UnknownRunSpecFunctionError(parsed.functionName, isHelmRunSpecFunction(parsed.functionName), known);
  }
  const expanders = parsed.args
    .filter(([key]) => isRunExpanderName(key))
    .map(([key, value]) => createRunExpander(key, value, registry));
  const fnArgs: Array<[string, ArgValue]> = parsed.args.filter(([key]) => !isRunExpanderName(key));
  if (!expanders.some((e) => e instanceof ModelRunExpander)) expanders.push(new ModelRunExpander('all', registry));

  let specs: RunSpec[] = [callRunSpecFunction(fn, fnArgs, context)];
  for (const expander of expanders) specs = specs.flatMap((spec) => expander.expand(spec));
  return specs.map((spec) => postProcessRunSpec(spec, registry));
}

export function constructRunSpecs(description: string, registry: ModelRegistry, context?: RunSpecContext): RunSpec[] {
  return constructRunSpecsFromParsed(parseDescription(description), registry, context);
}
