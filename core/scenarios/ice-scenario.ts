import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkSheet } from '@e965/xlsx';
import { HelmInputError, MissingDataError } from '../common/errors';
import { pyStrip } from '../metrics/py-text';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { normaliseNewlines } from './python-csv';
import { noArgs, parseJson, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** Subset code → the folder its archive extracts to (under `restricted/ice/`, relative to the working directory, as in HELM). */
export const ICE_SUBSET_DIRECTORIES: Readonly<Record<string, string>> = {
  can: 'ICE-CAN',
  ja: 'ICE-JA',
  hk: 'ICE-HK',
  ind: 'ICE India',
  sin: 'ICE SINGAPORE',
  phi: 'ICE Philippines',
  usa: 'ICE-USA',
  ea: 'ICE-EA/corpus/retagged for wsmith',
  irl: 'ICE-IRL/ICE-Ireland version 1.2#6DAE.2/ICE-Ireland txt',
};
/** HELM's `ICESubset` order (all subsets when none is given). */
const SUBSETS = ['can', 'ja', 'hk', 'ind', 'sin', 'phi', 'usa', 'ea', 'irl'];
/** Subsets whose metadata gives the authors' gender, in HELM's order: spreadsheets or `.hdr` headers. */
const METADATA_FORMAT: ReadonlyArray<readonly [string, 'xls' | 'hdr']> = [
  ['can', 'xls'],
  ['hk', 'xls'],
  ['ind', 'hdr'],
  ['usa', 'hdr'],
];
const CATEGORIES = ['all', 'S', 'W', 'S1', 'S2', 'W1', 'W2'];
const GENDER_ANNOTATIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  male: new Set(['M', 'm', 'Male', 'male']),
  female: new Set(['F', 'f', 'Female', 'female']),
};
export const ICE_SOURCE = 'https://www.ice-corpora.uzh.ch/en.html';
const PINNED_ORDER_URL = 'https://worksheets.codalab.org/rest/bundles/0xdee5cea197f645219093954ac7324add/contents/blob/';
export const ICE_PINNED_ORDER_FILE = 'ice_scenario_pinned_file_order.json';

/** East Africa's text names (dashes removed, extension dropped, lower case) → category. */
const EA_CATEGORIES: Readonly<Record<string, string>> = {
  brdisc: 'S1', brint: 'S1', brnews: 'S2', brtalk: 'S2', buslet: 'W1', clless: 'S1', column: 'W2', conv: 'S1', conv1: 'S1',
  conv2: 'S1', crea: 'W2', creat1: 'W2', creat2: 'W2', crossx: 'S1', editor: 'W2', essays: 'W1', exam: 'W1', feat: 'W2',
  instruct: 'W2', judge: 'W1', ldhum: 'W2', ldnats: 'W2', ldsoc: 'W2', ldtech: 'W2', parlia: 'S1', ppgen: 'W2', pphum: 'W2',
  ppnats: 'W2', ppsoc: 'W2', pptech: 'W2', schbr: 'S2', soclet: 'W1', splect: 'S2', splash: 'W2',
};

// Python's `\s` / `\S` / `\d` on str patterns are Unicode-wide; these classes spell them out for JS.
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const S = `[^${PY_SPACE}]`;
const D = '\\p{Nd}';
const re = (source: string): RegExp => new RegExp(source, 'gu');

const DELETE = [`[WS]${D}[A-F]-${D}{3} *`, ' <l> ', '<#> ', `BBB${S}+ ${S}+RRR *`, `BBB${S}+ *`, `RRR${S}+ *`, 'UUU', `III${S}+ *`].map(re);
const REPLACE: ReadonlyArray<readonly [RegExp, string]> = [
  [re('<\\/*mention>'), '"'],
  [re('</\\*\\*>'), '*'],
  [re('</\\*\\*/>'), '*'],
  [re('&eacute;'), 'é'],
  [re(' <,+>'), ','],
  [re('&ersand;'), '&'],
  [re('&obrack;'), '('],
  [re('&cbrack;'), ')'],
  [re('&percent;'), '%'],
  [re('&hash;'), '#'],
  [re('&dash'), '-'],
  [re('&ldquo;'), '"'],
  [re('&atsign;'), '@'],
  [re('\\n+[\\n ]+'), '\n\n'],
  [re(`${S}+><\\+_(${S}+)>`), '$1'],
];
const UNTAG_NAMES = ['I', 'ICE[^\\n]+', `[\\[\\]\\{\\}]${D}*`, 'X', '@', 'quote', 'foreign', 'indig', 'smallcaps', 'roman', 'sb', 'ss', 'footnote', 'p', 'h', 'bold', 'it', 'ul', '\\+', '=', '\\?', 'sp', '\\}', 'ea', 'slang'];
const UNTAG = re(`<\\/*(${UNTAG_NAMES.join('|')})>`);
const REMOVE = ['O', '-', '&', '.', 'fnr', 'marginalia', 'del', 'w'];
const EA_SPLIT = new RegExp(`[WS]${D}[A-F]${D}{3}[A-Z]*[KT]\\n`, 'u');

/** `preprocess_text` (tags not kept): markup deleted, replaced, untagged, tagged spans removed, stripped. */
export function preprocessIceText(raw: string): string {
  let text = pyStrip(raw);
  for (const pattern of DELETE) text = text.replace(pattern, '');
  for (const [pattern, replacement] of REPLACE) text = text.replace(pattern, replacement);
  text = text.replace(UNTAG, '');
  for (const tag of REMOVE) {
    const endTag = `</${tag}>`;
    let end = text.indexOf(endTag);
    while (end >= 0) {
      let start = text.slice(0, end).lastIndexOf(`<${tag}>`);
      if (start === -1) start = end;
      text = text.slice(0, start) + text.slice(end + endTag.length);
      end = text.indexOf(endTag);
    }
  }
  return pyStrip(text);
}

/** `validate_category`: East Africa by its file-name table, the others by the name's S/W prefix. */
export function iceCategoryMatches(subset: string, filename: string, category: string): boolean {
  if (category === 'all') return true;
  if (subset === 'ea') {
    const name = [...filename.replaceAll('-', '')].slice(0, -5).join('').toLowerCase();
    const found = EA_CATEGORIES[name];
    if (found === undefined) throw new HelmInputError(`ICE East Africa: text ${filename} has no known category (${name})`);
    if (category === 'S') return found === 'S1' || found === 'S2';
    if (category === 'W') return found === 'W1' || found === 'W2';
    return found === category;
  }
  return filename.toUpperCase().startsWith(category);
}

/** A text file as HELM opens it: UTF-8, or Latin-1 when that fails; universal newlines. */
function readIceText(file: string): string {
  const bytes = readFileSync(file);
  try {
    return normaliseNewlines(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return normaliseNewlines(bytes.toString('latin1'));
  }
}

/** A sheet's rows as pandas' `read_excel` frame: the first non-blank row is the header, blank rows are skipped; cells from column A. */
/** The spreadsheet reader, loaded on first use: it is large, and only ICE needs it (every worker start pays for an import). */
function xlsx(): typeof import('@e965/xlsx') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@e965/xlsx') as typeof import('@e965/xlsx');
}

function sheetRows(sheet: WorkSheet): unknown[][] {
  const sheetUtils = xlsx().utils;
  const ref = sheet['!ref'];
  if (ref === undefined) return [];
  const range = sheetUtils.decode_range(ref);
  range.s = { r: 0, c: 0 };
  const rows = sheetUtils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: false, range: sheetUtils.encode_range(range) });
  return rows.filter((row) => row.some((cell) => cell !== null && cell !== '')).slice(1);
}

/** Text codes of a metadata spreadsheet whose gender columns name only `gender` (pandas `read_excel`, sheets as HELM picks them). */
function genderCodesFromSpreadsheet(file: string, columns: readonly number[], firstSheetOnly: boolean, gender: string): string[] {
  if (!existsSync(file)) throw new MissingDataError(`ICE metadata ${file} is missing (part of the licensed ICE release, ${ICE_SOURCE})`);
  const workbook = xlsx().read(readFileSync(file), { type: 'buffer' });
  const names = firstSheetOnly ? workbook.SheetNames.slice(0, 1) : workbook.SheetNames;
  const codes: string[] = [];
  for (const name of names) {
    for (const row of sheetRows(workbook.Sheets[name])) {
      const code = row[0];
      if (code === null || code === undefined || code === '') continue;
      if (columns.some((c) => typeof row[c] === 'string' && GENDER_ANNOTATIONS[gender].has(row[c] as string))) {
        if (typeof code !== 'string') throw new HelmInputError(`${file}: sheet ${name}: text code ${String(code)} is not text`);
        codes.push(code);
      }
    }
  }
  return codes;
}

/** `filter_by_metadata`: the corpus files whose name starts with (a regex of) a text code that only `gender` authors wrote. */
function filterByMetadata(subset: string, headerDir: string, corpusFiles: readonly string[], gender: string): string[] {
  const format = METADATA_FORMAT.find(([s]) => s === subset)?.[1];
  const selected = new Set<string>();
  if (format === 'xls') {
    const files: Array<[string, number[]]> = subset === 'can' ? [['Spoken ICE-CAN metadata.xls', [12]], ['Written ICE-CAN metadata.xls', [12, 19]]] : [['HKRecords.xls', [16]]];
    for (const [name, columns] of files) for (const code of genderCodesFromSpreadsheet(path.join(headerDir, name), columns, subset === 'can', gender)) selected.add(code);
  } else {
    if (!existsSync(headerDir)) throw new MissingDataError(`ICE headers ${headerDir} are missing (part of the licensed ICE release, ${ICE_SOURCE})`);
    for (const name of readdirSync(headerDir)) {
      if (!name.endsWith('hdr')) continue;
      const annotations = readIceText(path.join(headerDir, name)).match(/(?<=<gender>)[\p{L}\p{N}_]+(?=<\/gender>)/gu) ?? [];
      if (annotations.length > 0 && annotations.every((g) => GENDER_ANNOTATIONS[gender].has(g))) selected.add([...name].slice(0, -4).join(''));
    }
  }
  const patterns = [...selected].map((code) => {
    try {
      return new RegExp(`^(?:${code})`, 'iu');
    } catch {
      throw new HelmInputError(`ICE ${subset}: text code ${JSON.stringify(code)} is not a valid pattern`);
    }
  });
  return corpusFiles.filter((f) => patterns.some((p) => p.test(f))).sort(pyCompare);
}

/** Python's string order (code points). */
function pyCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Where a subset's folder is: `restricted/ice/<folder>` in the working directory (HELM's place), else `<mirror>/ice/<folder>`. */
export function iceSubsetPath(subset: string, mirrorDir: string | undefined): string {
  const folder = ICE_SUBSET_DIRECTORIES[subset];
  const helmPath = path.join('restricted', 'ice', folder);
  if (existsSync(helmPath)) return helmPath;
  const mirrorPath = mirrorDir === undefined ? undefined : path.join(mirrorDir, 'ice', folder);
  if (mirrorPath !== undefined && existsSync(mirrorPath)) return mirrorPath;
  throw new MissingDataError(
    `ICE subset ${subset} is missing: ${path.resolve(helmPath)} does not exist` +
      (mirrorPath === undefined ? '' : ` nor does ${mirrorPath} in the data mirror`) +
      `. The International Corpus of English is licensed and cannot be downloaded automatically: request it at ${ICE_SOURCE} and extract the ${folder} folder there.`,
  );
}

function parseArgs(args: Record<string, ArgValue>): { subsets: string[]; gender: string | null; category: string } {
  noArgs('ice', args, ['subset', 'gender', 'category']);
  const text = (key: string): string | null => (args[key] === undefined || args[key] === null || args[key] === '' ? null : argValueStr(args[key]));
  const subset = text('subset');
  const gender = text('gender');
  const category = text('category') ?? 'all';
  if (subset !== null && !SUBSETS.includes(subset)) throw new HelmInputError(`ice: invalid subset ${JSON.stringify(subset)}; accepted values: ${SUBSETS.join(', ')}`);
  if (gender !== null && !(gender in GENDER_ANNOTATIONS)) throw new HelmInputError(`ice: invalid gender ${JSON.stringify(gender)}; accepted values: male, female`);
  if (!CATEGORIES.includes(category)) throw new HelmInputError(`ice: invalid category ${JSON.stringify(category)}; accepted values: ${CATEGORIES.join(', ')}`);
  let subsets = subset === null ? [...SUBSETS] : [subset];
  if (gender !== null) {
    const withMetadata = METADATA_FORMAT.map(([s]) => s);
    if (subset !== null && !withMetadata.includes(subset)) throw new HelmInputError(`ice: subset ${subset} cannot be filtered through metadata (only ${withMetadata.join(', ')})`);
    if (subset === null) subsets = withMetadata;
  }
  return { subsets, gender, category };
}

/**
 * `ICEScenario(subset, gender, category)`: every text of the chosen subsets (in HELM's pinned file
 * order), filtered by category and by the authors' gender, markup removed; one test instance each
 * (East Africa's files hold several texts).
 */
export async function getIceInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const { subsets, gender, category } = parseArgs(args);
  const orderFile = path.join(scenarioDir, ICE_PINNED_ORDER_FILE);
  let pinned: Record<string, unknown> | undefined;
  const instances: Instance[] = [];
  for (const subset of subsets) {
    const dataPath = iceSubsetPath(subset, options.mirrorDir);
    const contents = readdirSync(dataPath);
    const corpusName = contents.includes('Corpus') ? 'Corpus' : contents.includes('CORPUS') ? 'CORPUS' : subset === 'irl' ? 'ICE combined running txt' : subset === 'ea' ? 'all east africa' : 'corpus';
    const corpusPath = path.join(dataPath, corpusName);
    if (!existsSync(corpusPath) || !statSync(corpusPath).isDirectory()) throw new MissingDataError(`ICE subset ${subset}: ${corpusPath} is missing (part of the licensed ICE release, ${ICE_SOURCE})`);
    if (pinned === undefined) {
      await ensureFileDownloaded({
        targetPath: orderFile,
        sourceUrl: PINNED_ORDER_URL,
        mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'ice', ICE_PINNED_ORDER_FILE),
        onProgress: options.onProgress,
      });
      pinned = parseJson(await readPythonTextFile(orderFile, 'ICE pinned file order'), orderFile) as Record<string, unknown>;
    }
    // The pinned order is keyed by HELM's own path of the corpus folder.
    const key = path.posix.join('restricted', 'ice', ICE_SUBSET_DIRECTORIES[subset], corpusName);
    const listed = pinned?.[key];
    const files = Array.isArray(listed) && listed.length > 0 ? listed.map(String) : readdirSync(corpusPath).sort(pyCompare);
    const selected = gender !== null ? filterByMetadata(subset, path.join(dataPath, 'Headers'), files, gender) : files;
    for (const filename of selected) {
      if (!iceCategoryMatches(subset, filename, category)) continue;
      const file = path.join(corpusPath, filename);
      if (!existsSync(file)) throw new MissingDataError(`ICE subset ${subset}: ${file} (listed in HELM's pinned file order) is missing`);
      const text = readIceText(file);
      const texts = subset === 'ea' ? text.split(EA_SPLIT).filter((t) => t.length > 0) : [text];
      for (const t of texts) instances.push({ input: { text: preprocessIceText(t) }, references: [], split: 'test' });
    }
  }
  return instances;
}

export const iceScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.ice_scenario.ICEScenario',
  name: 'ice',
  description: 'International Corpus of English (ICE)',
  tags: ['language_modeling', 'harms', 'fairness'],
  getInstances: getIceInstances,
};
