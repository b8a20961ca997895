import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeNames } from '../../../core/common/errors';
import { ModelRegistry } from '../../../core/models/registry';
import { runEntriesToRunSpecs } from '../../../core/run-specs/run-entries';
import { constructRunSpecs } from '../../../core/run-specs/construct-run-specs';

const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'));

describe('unsupported entries, all at once', () => {
  it('lists every unknown run spec function and failing entry in one message', () => {
    const entries = [
      { description: 'big_bench:task=a,subtask=b,model=simple/model1', priority: 1 },
      { description: 'big_bench:task=c,subtask=d,model=simple/model1', priority: 1 },
      { description: 'mmluu:subject=anatomy,model=simple/model1', priority: 1 },
      { description: 'math:subject=algebra,level=9,model=simple/model1', priority: 1 },
      { description: 'mmlu:subject=anatomy,model=simple/model1', priority: 1 },
    ];
    expect(() => runEntriesToRunSpecs(entries, { maxEvalInstances: 1 }, registry)).toThrow(
      '3 problems with the run entries (nothing was started):\n' +
        '  `big_bench`: a HELM run spec function helm-ts does not have yet (2 entries)\n' +
        '  `mmluu`: not a run spec function of HELM or helm-ts. Did you mean: mmlu?\n' +
        "  `math:subject=algebra,level=9,model=simple/model1`: Run spec function 'math': invalid level '9'; accepted levels: 1, 2, 3, 4, 5",
    );
  });

  it('a single unknown HELM function keeps the one-line message', () => {
    expect(() => constructRunSpecs('big_bench:task=x,subtask=y,model=simple/model1', registry)).toThrow(
      'Unknown run spec name: big_bench (a HELM run spec function helm-ts does not have yet)',
    );
  });

  it('"did you mean" suggests only names within a small edit distance', () => {
    expect(closeNames('natural_qa', ['lsat_qa', 'narrative_qa', 'mmlu'])).toEqual([]);
    expect(closeNames('philosofy', ['philosophy', 'anatomy'])).toEqual(['philosophy']);
    expect(closeNames('zzzzzzzz', ['mmlu', 'gsm'])).toEqual([]);
  });
});

describe('Lite run spec functions (beyond the goldens)', () => {
  it('rejects what HELM would only fail on later: unknown subject, level, pair, mode', () => {
    expect(() => constructRunSpecs('math:subject=calculus,level=1,model=simple/model1', registry)).toThrow(/invalid subject 'calculus'/);
    expect(() => constructRunSpecs('math:subject=algebra,level=1,use_official_examples=True,use_chain_of_thought=True,model=simple/model1', registry)).toThrow(
      /use_official_examples cannot be True when use_chain_of_thought is True/,
    );
    expect(() => constructRunSpecs('wmt_14:language_pair=de-fr,model=simple/model1', registry)).toThrow(/invalid language_pair 'de-fr'/);
    expect(() => constructRunSpecs('natural_qa:mode=open,model=simple/model1', registry)).toThrow(/invalid mode 'open'/);
    expect(() => constructRunSpecs('legalbench:subset=hearsay,model=simple/model1', registry)).toThrow(/invalid subset 'hearsay'/);
  });

  it('legalbench without its prompt settings names where they come from', () => {
    expect(() => constructRunSpecs('legalbench:subset=proa,model=simple/model1', registry, { outputPath: path.join(os.tmpdir(), 'helm-ts-none') })).toThrow(
      /LegalBench prompt settings .*prompt_construction_settings\.json are missing: HELM downloads them from https:\/\/raw\.githubusercontent\.com\/HazyResearch\/legalbench\/main\/helm_prompt_settings\.jsonl/,
    );
  });
});
