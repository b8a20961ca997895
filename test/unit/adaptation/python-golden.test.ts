import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapt } from '../../../core/adaptation/adapter';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { simpleTokenizer } from '../../../core/models/tokenizers/simple-tokenizer';
import { localWindowService } from '../../../core/models/window-service';
import { AdapterSpec, defaultAdapterSpec } from '../../../core/run-specs/schemas';
import { Instance } from '../../../core/scenarios/schemas';

/** Written by test/fixtures/prompts/generate_adapter_prompts.py with the Python HELM. */
const FIXTURE = path.resolve(__dirname, '../../fixtures/prompts/adapter-prompts.json');

interface GoldenCase {
  name: string;
  adapter_spec: unknown;
  window: {
    max_sequence_length: number;
    max_request_length: number | null;
    max_sequence_and_generated_tokens_length: number | null;
    prefix_token: string;
  };
  instances: unknown[];
  request_states: Array<Record<string, unknown>>;
}

const golden = pythonJsonParse(readFileSync(FIXTURE, 'utf8')) as { cases: GoldenCase[] };

describe('adapters reproduce the Python HELM request states (simple/tokenizer1)', () => {
  it('covers every implemented method', () => {
    const methods = new Set(golden.cases.map((c) => AdapterSpec.parse(c.adapter_spec).method));
    expect([...methods].sort()).toEqual([
      'generation',
      'language_modeling',
      'multiple_choice_joint',
      'multiple_choice_joint_chain_of_thought',
      'multiple_choice_separate_calibrated',
      'multiple_choice_separate_original',
      'ranking_binary',
    ]);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, golden) => {
    // asdict_without_nones dropped the spec's None fields; the defaults fill them back in.
    const spec = defaultAdapterSpec(AdapterSpec.partial().parse(golden.adapter_spec));
    const instances = golden.instances.map((i) => Instance.parse(i));
    const window = localWindowService({
      tokenizerName: 'simple/tokenizer1',
      tokenizer: simpleTokenizer,
      maxSequenceLength: golden.window.max_sequence_length,
      maxRequestLength: golden.window.max_request_length ?? undefined,
      maxSequenceAndGeneratedTokensLength: golden.window.max_sequence_and_generated_tokens_length ?? undefined,
      endOfTextToken: '</s>',
      prefixToken: golden.window.prefix_token,
    });
    const states = adapt(instances, spec, window);
    const actual = states.map(({ instance, ...rest }) => pythonJsonDumps({ instance_id: instance.id, ...rest }, { indent: 2 }));
    const expected = golden.request_states.map((s) => pythonJsonDumps(s, { indent: 2 }));
    expect(actual).toEqual(expected);
    // Instances are carried by reference, as HELM's request states hold the instance objects.
    for (const state of states) expect(instances).toContain(state.instance);
  });
});
