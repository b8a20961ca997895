import data from './helm-run-spec-function-names.json';

/** HELM 0.5.16's run spec function names (scripts/helm-reference/import-run-spec-function-names.py). */
const HELM_RUN_SPEC_FUNCTIONS: ReadonlySet<string> = new Set(data.names);

export function isHelmRunSpecFunction(name: string): boolean {
  return HELM_RUN_SPEC_FUNCTIONS.has(name);
}

export function helmRunSpecFunctionCount(): number {
  return HELM_RUN_SPEC_FUNCTIONS.size;
}
