import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import YAML from 'yaml';
import { DEFAULT_SCHEMA_PATH, LITE_SCHEMA_PATH, chooseSchemaPath, readSchema } from '../../../core/summarize/schema';

/** HELM Lite's schema structure (scripts/helm-reference/import-schema-lite.py writes it from HELM's). */
describe('HELM Lite schema', () => {
  const schema = readSchema(LITE_SCHEMA_PATH);

  it('has HELM Lite’s run groups, metric groups and leaderboard columns', () => {
    expect(schema.run_groups.map((g) => g.name)).toEqual([
      'core_scenarios', 'narrative_qa', 'natural_qa_closedbook', 'natural_qa_openbook_longans', 'openbookqa', 'mmlu', 'gsm',
      'math_chain_of_thought', 'legalbench', 'med_qa', 'wmt_14',
    ]);
    expect(schema.run_groups[0].subgroups).toEqual([
      'narrative_qa', 'natural_qa_openbook_longans', 'natural_qa_closedbook', 'openbookqa', 'mmlu', 'math_chain_of_thought', 'gsm',
      'legalbench', 'med_qa', 'wmt_14',
    ]);
    expect(schema.metric_groups.map((g) => g.name)).toEqual(['accuracy', 'efficiency', 'general_information']);
    const main = Object.fromEntries(schema.run_groups.slice(1).map((g) => [g.name, g.environment?.main_name]));
    expect(main).toEqual({
      narrative_qa: 'f1_score', natural_qa_closedbook: 'f1_score', natural_qa_openbook_longans: 'f1_score', openbookqa: 'exact_match',
      mmlu: 'exact_match', gsm: 'final_number_exact_match', math_chain_of_thought: 'math_equiv_chain_of_thought',
      legalbench: 'quasi_exact_match', med_qa: 'quasi_exact_match', wmt_14: 'bleu_4',
    });
  });

  it('is chosen for a Lite suite, by name, or left for helm-ts’s schema', () => {
    expect(chooseSchemaPath(undefined, [['mmlu'], ['math_chain_of_thought'], ['legalbench']])).toBe(LITE_SCHEMA_PATH);
    expect(chooseSchemaPath(undefined, [['mmlu']])).toBe(DEFAULT_SCHEMA_PATH);
    expect(chooseSchemaPath(undefined, [['mmlu'], ['lsat_qa']])).toBe(DEFAULT_SCHEMA_PATH);
    expect(chooseSchemaPath('lite', [])).toBe(LITE_SCHEMA_PATH);
    expect(chooseSchemaPath(LITE_SCHEMA_PATH, [])).toBe(LITE_SCHEMA_PATH);
    expect(() => chooseSchemaPath('/x/s.yaml', [])).toThrow(/--schema \/x\/s\.yaml: neither a schema name \(lite, classic\) nor an existing schema file/);
  });

  it('describes everything in its own words (no description copied from HELM)', () => {
    const raw = YAML.parse(fs.readFileSync(LITE_SCHEMA_PATH, 'utf8').split('---\n').slice(1).join('---\n')) as Record<string, Array<{ description: string }>>;
    for (const kind of ['metrics', 'perturbations', 'metric_groups', 'run_groups']) {
      for (const entry of raw[kind]) expect(entry.description).toMatch(/\S/);
    }
    expect(raw.run_groups.map((g) => g.description).join(' ')).not.toMatch(/\[\(/); // HELM's texts carry markdown citations
  });
});
