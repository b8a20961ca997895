import { isPyFloatBox } from '../../common/py-number';
import { HelmInputError, didYouMean } from '../../common/errors';
import { Registry } from '../../registry';
import { argValueStr as argText } from '../description';
import { MULTIPLE_CHOICE_METHODS } from '../common-adapter-specs';
import { ArgValue, RunSpec } from '../schemas';

/** One parameter of a run spec function (a Python keyword argument). */
export interface RunSpecParam {
  name: string;
  required: boolean;
  /** For messages: what the parameter accepts. */
  accepts?: string;
}

/**
 * What a run spec function may read besides its arguments. HELM's legalbench function reads a
 * file under the benchmark output path while building (its prompt settings); `mirrorDir` is where
 * such a file is copied from when it cannot be downloaded.
 */
export interface RunSpecContext {
  /** `--output-path` (HELM's benchmark output path). */
  outputPath: string;
  /** `--data-mirror`, laid out like shared/data. */
  mirrorDir?: string;
}

export function defaultRunSpecContext(): RunSpecContext {
  return { outputPath: 'benchmark_output' };
}

/** A run spec function (HELM's `@run_spec_function(name)`): validated args in, one RunSpec out. */
export interface RunSpecFunction {
  name: string;
  /** One line for `helm-run --list scenarios` (default: the description of the scenario class of the same name). */
  description?: string;
  params: RunSpecParam[];
  /** Python `**kwargs`: any argument is accepted and passed on (HELM's `ice`). */
  anyArgs?: boolean;
  build(args: ReadonlyMap<string, ArgValue>, context: RunSpecContext): RunSpec;
  /**
   * Makes present the files `build` reads (download, or copy from the mirror), before any entry is
   * built: `build` itself stays synchronous. Absent for functions that read nothing.
   */
  ensureResources?(context: RunSpecContext): Promise<void>;
}

/** Run spec functions by name (the part of a run entry before ':'). */
export const runSpecFunctionRegistry = new Registry<RunSpecFunction>('run spec function');

/** HELM's `@run_spec_function(name)`; `source` names who registered it (a plugin's module) in messages. */
export function registerRunSpecFunction(fn: RunSpecFunction, source?: string): void {
  runSpecFunctionRegistry.register(fn.name, fn, source);
}

export function getRunSpecFunction(name: string): RunSpecFunction | undefined {
  return runSpecFunctionRegistry.get(name);
}

export function runSpecFunctionNames(): string[] {
  return runSpecFunctionRegistry.names();
}

function describeParams(fn: RunSpecFunction): string {
  if (fn.params.length === 0) return 'no arguments of its own';
  return fn.params.map((p) => (p.required ? `${p.name} (required)` : p.name)).join(', ');
}

/**
 * Calls `fn` like Python would with keyword args: unknown or missing parameters are errors
 * (HELM raises TypeError there); the message names the function, the argument and the accepted ones.
 */
export function callRunSpecFunction(
  fn: RunSpecFunction,
  args: Array<[string, ArgValue]>,
  context: RunSpecContext = defaultRunSpecContext(),
): RunSpec {
  const known = new Set(fn.params.map((p) => p.name));
  for (const [key] of args) {
    if (!known.has(key) && fn.anyArgs !== true) {
      throw new HelmInputError(
        `Run spec function '${fn.name}' got an unexpected argument '${key}'; it accepts: ${describeParams(fn)} ` +
          `(plus run expander keys such as model, max_train_instances, data_augmentation).` +
          didYouMean(key, known),
      );
    }
  }
  const map = new Map(args);
  const missing = fn.params.filter((p) => p.required && !map.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    throw new HelmInputError(
      `Run spec function '${fn.name}' is missing required argument${missing.length > 1 ? 's' : ''} ` +
        `${missing.map((m) => `'${m}'`).join(', ')}; it accepts: ${describeParams(fn)}. ` +
        `Example: ${fn.name}:${missing.map((m) => `${m}=<value>`).join(',')}`,
    );
  }
  return fn.build(map, context);
}

/** Python `int(value)` of an argument (a number, or a string of one), or an error naming it. */
export function intArg(fn: string, args: ReadonlyMap<string, ArgValue>, key: string): number {
  const value = args.get(key);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (isPyFloatBox(value) && Number.isFinite(value.py_float)) return Math.trunc(value.py_float);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  throw new HelmInputError(`Run spec function '${fn}': argument '${key}' must be an integer, got ${argText(value ?? null)}`);
}

/** A string argument, or an error naming the function and argument (numbers are not accepted here). */
export function stringArg(fn: string, args: ReadonlyMap<string, ArgValue>, key: string, fallback?: string): string {
  const value = args.get(key);
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') {
    throw new HelmInputError(`Run spec function '${fn}': argument '${key}' must be a string, got ${argText(value ?? null)}`);
  }
  return value;
}

/** A string argument that must be one of `accepted`; the message lists them. */
export function choiceArg(
  fn: string,
  args: ReadonlyMap<string, ArgValue>,
  key: string,
  accepted: readonly string[],
  fallback?: string,
): string {
  const value = args.get(key);
  if (value === undefined && fallback !== undefined) return fallback;
  const text = argText(value ?? null);
  if (typeof value !== 'string' || !accepted.includes(value)) {
    throw new HelmInputError(
      `Run spec function '${fn}': invalid ${key} '${text}'; accepted values: ${accepted.join(', ')}.` + didYouMean(text, accepted),
    );
  }
  return value;
}

/** `method` of the multiple-choice run spec functions (HELM's default: multiple_choice_joint). */
export function multipleChoiceMethodArg(fn: string, args: ReadonlyMap<string, ArgValue>, fallback?: string): string {
  const method = stringArg(fn, args, 'method', fallback);
  if (!MULTIPLE_CHOICE_METHODS.includes(method)) {
    throw new HelmInputError(
      `Run spec function '${fn}': invalid adaptation method '${method}'; accepted methods: ` +
        `${MULTIPLE_CHOICE_METHODS.join(', ')}.` + didYouMean(method, MULTIPLE_CHOICE_METHODS),
    );
  }
  return method;
}

/** An argument as given (any type; Python passes it on unconverted), or `fallback` when absent. */
export function rawArg(args: ReadonlyMap<string, ArgValue>, key: string, fallback: ArgValue): ArgValue {
  return args.get(key) ?? fallback;
}
