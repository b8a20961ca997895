import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { callRunSpecFunction, getRunSpecFunction } from '../../../core/run-specs/run-spec-functions';
import type { ArgValue } from '../../../core/run-specs/schemas';
import { getScenario } from '../../../core/scenarios/registry';
import { FIXTURES } from './golden';

interface RunSpecCase {
  function: string;
  args: Record<string, ArgValue>;
  run_spec: { scenario_spec: { class_name: string } };
}

/** HELM's own run specs (dump_helm_instances.py --run-specs), before any run expander. */
const CASES = pythonJsonParse(readFileSync(path.join(FIXTURES, 'run_specs.json'), 'utf8')) as RunSpecCase[];

/** Every function in the golden file must be implemented. */
const IMPLEMENTED = new Set(CASES.map((c) => c.function));

describe('run spec functions reproduce HELM', () => {
  for (const c of CASES.filter((x) => IMPLEMENTED.has(x.function))) {
    it(`${c.function}:${JSON.stringify(c.args)}`, () => {
      const fn = getRunSpecFunction(c.function);
      expect(fn, `${c.function} is registered`).toBeDefined();
      if (fn === undefined) return;
      const spec = callRunSpecFunction(fn, Object.entries(c.args));
      expect(pythonJsonDumps(spec, { indent: 2 })).toBe(pythonJsonDumps(c.run_spec, { indent: 2 }));
      // The scenario it names is implemented.
      expect(getScenario(spec.scenario_spec.class_name).className).toBe(c.run_spec.scenario_spec.class_name);
    });
  }
});

describe('run spec functions reject bad arguments', () => {
  const call = (name: string, args: Array<[string, ArgValue]>) => {
    const fn = getRunSpecFunction(name);
    if (fn === undefined) throw new Error(`${name} not registered`);
    return () => callRunSpecFunction(fn, args);
  };

  it('gsm takes no arguments', () => {
    expect(call('gsm', [['subject', 'x']])).toThrow(HelmInputError);
    expect(call('gsm', [['subject', 'x']])).toThrow(/unexpected argument 'subject'/);
  });

  it('lsat_qa: task required and one of the main types or all; method one of the multiple-choice methods', () => {
    expect(call('lsat_qa', [])).toThrow(/missing required argument 'task'/);
    expect(call('lsat_qa', [['task', 'grupping']])).toThrow(
      /invalid task 'grupping'; accepted values: grouping, ordering, assignment, miscellaneous, all\. Did you mean: grouping/,
    );
    expect(call('lsat_qa', [['task', 'all'], ['method', 'generation']])).toThrow(
      /invalid adaptation method 'generation'; accepted methods: multiple_choice_joint, /,
    );
  });

  it('synthetic_reasoning: mode one of three; synthetic_reasoning_natural: difficulty easy/medium/hard', () => {
    expect(call('synthetic_reasoning', [['mode', 'induktion']])).toThrow(
      /invalid mode 'induktion'; accepted values: variable_substitution, pattern_match, induction\. Did you mean: induction/,
    );
    expect(call('synthetic_reasoning', [['mode', 'induction'], ['difficulty', 'easy']])).toThrow(/unexpected argument 'difficulty'/);
    expect(call('synthetic_reasoning_natural', [['difficulty', 3]])).toThrow(/invalid difficulty '3'; accepted values: easy, medium, hard/);
  });

  it('commonsense: dataset and method both required and validated', () => {
    expect(call('commonsense', [['dataset', 'hellaswag']])).toThrow(/missing required argument 'method'/);
    // HELM's five datasets expand (piqa's scenario class is reported as missing when planning runs).
    expect(call('commonsense', [['dataset', 'piqa'], ['method', 'multiple_choice_joint']])).not.toThrow();
    expect(call('commonsense', [['dataset', 'boolq'], ['method', 'multiple_choice_joint']])).toThrow(
      /invalid dataset 'boolq'; accepted values: hellaswag, openbookqa, commonsenseqa, siqa, piqa/,
    );
    expect(call('commonsense', [['dataset', 'hellaswag'], ['method', 'joint']])).toThrow(/invalid adaptation method 'joint'/);
  });

  it('truthful_qa: task mc_single only; wikitext_103 and narrative_qa take no arguments', () => {
    expect(call('truthful_qa', [['task', 'mc_multi']])).toThrow(/invalid task 'mc_multi'; accepted values: mc_single/);
    expect(call('wikitext_103', [['subset', 'x']])).toThrow(/unexpected argument 'subset'/);
    expect(call('narrative_qa', [['mode', 'x']])).toThrow(/unexpected argument 'mode'/);
  });

  it('boolq: only_contrast truthiness as in Python (a zero is false)', () => {
    expect(call('boolq', [['only_contrast', 0]])().name).toBe('boolq');
    expect(call('boolq', [['only_contrast', 'False']])().name).toBe('boolq:only_contrast=True');
    expect(call('boolq', [['method', 'x']])).toThrow(/unexpected argument 'method'/);
  });
});
