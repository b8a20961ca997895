import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { parsePythonCsv } from './python-csv';
import { choiceArg, noArgs, passageQuestionInput, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const CIVIL_COMMENTS_URL =
  'https://worksheets.codalab.org/rest/bundles/0x8cd3de0634154aeaad2ee6eb96723c6e/contents/blob/all_data_with_identities.csv';
export const CIVIL_COMMENTS_DEMOGRAPHICS: readonly string[] = ['male', 'female', 'LGBTQ', 'christian', 'muslim', 'other_religions', 'black', 'white'];
const SPLITS: Readonly<Record<string, string>> = { train: 'train', val: 'valid', test: 'test' };

/** pandas.read_csv's default missing-value strings: such a cell is NaN (and `str(NaN)` is "nan"). */
const PANDAS_NA = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

/** A float cell as pandas reads it (NaN for missing); comparisons with NaN are false, as in pandas. */
function floatCell(value: string | undefined, file: string, line: number, column: string): number {
  if (value === undefined || PANDAS_NA.has(value)) return NaN;
  const n = Number(value.trim());
  if (value.trim() === '' || Number.isNaN(n)) throw new HelmInputError(`${file}: line ${line}: column ${column} is not a number: ${JSON.stringify(value)}`);
  return n;
}

/**
 * `pd.read_csv(path, index_col=0)` then one instance per row (rows with the demographic's score
 * ≥ 0.5 unless `all`): the comment, toxic when `toxicity` ≥ 0.5, the split by the `split` column.
 */
export function parseCivilComments(text: string, file: string, demographic: string): Instance[] {
  const rows = parsePythonCsv(text).filter((row) => !(row.fields.length === 1 && row.fields[0] === '')); // pandas skips blank lines
  if (rows.length === 0) throw new HelmInputError(`${file}: empty CSV (expected a header row)`);
  const header = rows[0].fields;
  const column = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new HelmInputError(`${file}: no column ${name} in the header (${header.join(', ')})`);
    return i;
  };
  const [comment, toxicity, split] = [column('comment_text'), column('toxicity'), column('split')];
  const group = demographic === 'all' ? -1 : column(demographic);
  const instances: Instance[] = [];
  for (const row of rows.slice(1)) {
    if (group >= 0 && !(floatCell(row.fields[group], file, row.line, demographic) >= 0.5)) continue;
    const toxic = floatCell(row.fields[toxicity], file, row.line, 'toxicity') >= 0.5;
    const rawComment = row.fields[comment];
    const commentText = rawComment === undefined || PANDAS_NA.has(rawComment) ? 'nan' : rawComment;
    const splitName = SPLITS[row.fields[split] ?? ''];
    if (splitName === undefined) throw new HelmInputError(`${file}: line ${row.line}: split ${JSON.stringify(row.fields[split] ?? '')} is not train, val or test`);
    instances.push({
      input: passageQuestionInput(commentText, 'Is the passage above toxic?'),
      references: [{ output: { text: toxic ? 'True' : 'False' }, tags: [CORRECT_TAG] }],
      split: splitName,
      sub_split: toxic ? 'toxic' : 'non-toxic',
    });
  }
  return instances;
}

export async function getCivilCommentsInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('civil_comments', args, ['demographic']);
  const demographic = choiceArg('civil_comments', args, 'demographic', ['all', ...CIVIL_COMMENTS_DEMOGRAPHICS]);
  const file = path.join(scenarioDir, 'wilds_civil_comments.csv');
  await ensureFileDownloaded({
    targetPath: file,
    sourceUrl: CIVIL_COMMENTS_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'civil_comments', 'all_data_with_identities.csv'),
    onProgress: options.onProgress,
  });
  return parseCivilComments(await readPythonTextFile(file, 'CivilComments (WILDS) data'), file, demographic);
}

export const civilCommentsScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.civil_comments_scenario.CivilCommentsScenario',
  name: 'civil_comments',
  description: 'WILDS version of CivilComments, a dataset built from the Civil Comments platform',
  tags: ['harms', 'toxicity'],
  getInstances: getCivilCommentsInstances,
};
