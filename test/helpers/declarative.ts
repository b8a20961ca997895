import fs from 'node:fs';
import path from 'node:path';
import { parsePythonCsv } from '../../core/scenarios/python-csv';
import { SHARED_DATA } from './paths';

const DATA = fs.existsSync(SHARED_DATA) ? SHARED_DATA : '/work/shared/data';

/** Rows of a real MMLU CSV: question, four options, answer letter. */
export function mmluRows(split: 'dev' | 'test', subject: string): Array<{ question: string; options: string[]; answer: string }> {
  const text = fs.readFileSync(path.join(DATA, 'mmlu', split, `${subject}_${split}.csv`), 'utf8');
  return parsePythonCsv(text)
    .filter((r) => r.fields.length === 6)
    .map((r) => ({ question: r.fields[0], options: r.fields.slice(1, 5), answer: r.fields[5] }));
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const PHILOSOPHY_YAML = `name: philosophy_mine
display_name: Philosophy (my copy)
description: MMLU philosophy questions kept as my own scenario.
tags: [multiple_choice, philosophy]
splits:
  train: train.jsonl
  test: test.csv
adapter:
  method: multiple_choice_joint
  instructions: Answer the philosophy questions.
  max_train_instances: 3
metrics: [exact_match, quasi_exact_match]
`;

/**
 * A declarative scenario folder made from real MMLU philosophy rows: the 5 dev rows as train.jsonl
 * (HELM Instance lines) and the first `testRows` test rows as test.csv (input, reference_a…d,
 * correct, id). Returns the folder.
 */
export function writePhilosophyScenario(parent: string, testRows = 12, yaml = PHILOSOPHY_YAML): string {
  const folder = path.join(parent, 'philosophy_mine');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'scenario.yaml'), yaml);
  const train = mmluRows('dev', 'philosophy').map((row, i) =>
    JSON.stringify({
      input: { text: row.question },
      references: row.options.map((text, j) => ({ output: { text }, tags: 'ABCD'[j] === row.answer ? ['correct'] : [] })),
      id: `train-${i}`,
    }),
  );
  fs.writeFileSync(path.join(folder, 'train.jsonl'), train.join('\n') + '\n');
  const test = mmluRows('test', 'philosophy')
    .slice(0, testRows)
    .map((row, i) => [row.question, ...row.options, row.answer, `test-${i}`].map(csvField).join(','));
  fs.writeFileSync(path.join(folder, 'test.csv'), ['input,reference_a,reference_b,reference_c,reference_d,correct,id', ...test].join('\n') + '\n');
  return folder;
}
