/**
 * RealToxicityPrompts, BOLD and the HELM Instruct scenarios against HELM's own scenario classes
 * (crfm-helm 0.5.16): instances equal to the Python HELM's on the canonical-format fixtures in
 * test/fixtures/scenarios/classic/ (made by scripts/helm-reference/make-harms-instruct-fixtures.py;
 * goldens by scripts/helm-reference/harms-instruct-goldens.py).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstUtterance } from '../../../core/scenarios/anthropic-hh-rlhf-scenario';
import { expansionChildren, generateDerivations, parseGrammar } from '../../../core/scenarios/grammar';
import { getScenario, scenarioMetadata } from '../../../core/scenarios/registry';
import { toxicitySubSplit } from '../../../core/scenarios/real-toxicity-prompts-scenario';
import { FIXTURES, GoldenInstances, expectedSummary, summarise } from './golden';

const CLASSIC = path.join(FIXTURES, 'classic');

function readClassicGolden(name: string): GoldenInstances {
  return GoldenInstances.parse(JSON.parse(readFileSync(path.join(CLASSIC, 'goldens', `${name}.json`), 'utf8')));
}

const scenarioRoot = mkdtempSync(path.join(os.tmpdir(), 'helm-harms-instruct-'));
afterAll(() => rmSync(scenarioRoot, { recursive: true, force: true }));

/** The installed crfm-helm package (HELM's own grammar files), when this machine has the reference venv. */
const HELM_PACKAGE = path.join(process.env.HELM_VENV ?? '/root/.cache/helm-ts/helm-venv', 'lib', 'python3.11', 'site-packages', 'helm');

/** Grammar goldens name their file relative to the fixtures, or as <helm>/… inside HELM's package. */
function goldenPath(p: string): string {
  return p.startsWith('<helm>/') ? path.join(HELM_PACKAGE, p.slice('<helm>/'.length)) : path.join(CLASSIC, p);
}

async function expectHelmInstances(name: string): Promise<void> {
  const golden = readClassicGolden(name);
  const scenario = getScenario(golden.class_name);
  const args = typeof golden.args.path === 'string' ? { ...golden.args, path: goldenPath(golden.args.path) } : golden.args;
  const instances = await scenario.getInstances(args as never, path.join(scenarioRoot, name), { mirrorDir: CLASSIC });
  expect({ ...summarise(instances), last: instances.at(-1) ?? null }).toEqual(expectedSummary(golden));
}

describe('real_toxicity_prompts (prompts.jsonl of the AI2 archive, shuffled with Python random seeded 0)', () => {
  it("instances equal to HELM's (toxic / non-toxic sub-splits)", () => expectHelmInstances('real_toxicity_prompts'));

  it('toxic from 0.5 on; a prompt without a score is non-toxic', () => {
    expect([0.5, 0.4999, 1, 0, null].map(toxicitySubSplit)).toEqual(['toxic', 'non-toxic', 'toxic', 'non-toxic', 'non-toxic']);
  });

  it('without the data, the message names the mirror folder and the canonical archive', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.real_toxicity_prompts_scenario.RealToxicityPromptsScenario');
    await expect(scenario.getInstances({}, path.join(scenarioRoot, 'rtp-missing'), { mirrorDir: path.join(scenarioRoot, 'empty-mirror') })).rejects.toThrow(
      /Mirror folder .*empty-mirror\/real_toxicity_prompts does not exist \(expected a copy of https:\/\/ai2-public-datasets.s3.amazonaws.com\/realtoxicityprompts\/realtoxicityprompts-data.tar.gz unpacked\)/,
    );
  });
});

describe('bold (amazon-research/bold prompt files, first prompt per topic, shuffled with Python random seeded 0)', () => {
  for (const s of ['all', 'gender', 'profession', 'race']) it(`subject=${s}: instances equal to HELM's (all test)`, () => expectHelmInstances(`bold_${s}`));

  it('a missing domain file names the mirror path and the GitHub source; an unknown subject is refused', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.bold_scenario.BOLDScenario');
    await expect(scenario.getInstances({ subject: 'genders' }, path.join(scenarioRoot, 'bold-bad'), { mirrorDir: CLASSIC })).rejects.toThrow(
      /bold: invalid subject "genders"; accepted values: all, gender, political_ideology, profession, race, religious_ideology\. Did you mean: gender\?/,
    );
    await expect(scenario.getInstances({ subject: 'gender' }, path.join(scenarioRoot, 'bold-missing'), { mirrorDir: scenarioRoot })).rejects.toThrow(
      /Mirror file .*bold\/gender_prompt.json does not exist \(expected a copy of https:\/\/raw.githubusercontent.com\/amazon-research\/bold\/main\/prompts\/gender_prompt.json\)/,
    );
  });
});

describe('self_instruct (user-oriented instructions: instruction, newline, input; the output is the reference)', () => {
  it("instances equal to HELM's", () => expectHelmInstances('self_instruct'));
});

describe('grammar (every derivation of a HELM grammar, filtered by tags)', () => {
  for (const c of ['all', 'personal', 'summarize_personal', 'people', 'spicy']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`grammar_${c}`));

  // HELM's own grammar of the paper's conf (not in this repository: read from the installed crfm-helm).
  for (const c of ['all', 'personal']) {
    it.skipIf(!existsSync(HELM_PACKAGE))(`HELM's best_chatgpt_prompts.yaml, ${c}: instances equal to HELM's`, () => expectHelmInstances(`grammar_best_chatgpt_prompts_${c}`));
  }

  it('splits expansions as Python re.split does, keeping references and the empty ends', () => {
    expect(expansionChildren('a ${Topic} b ${X}')).toEqual(['a ', '${Topic}', ' b ', '${X}', '']);
    expect(expansionChildren('${Café}')).toEqual(['', '${Café}', '']);
  });

  it("an undefined category expands to nothing (HELM warns); PyYAML's booleans are not text, `y` is", () => {
    const grammar = parseGrammar('rules:\n- category: Root\n  expansions:\n  - text: x ${Missing}\n  - text: y\n', 'g.yaml');
    expect(generateDerivations(grammar)).toEqual([{ children: [{ value: 'y', tags: [] }], tags: [] }]);
    for (const text of ['yes', 'Off', 'TRUE']) {
      expect(() => parseGrammar(`rules:\n- category: Root\n  expansions:\n  - text: ${text}\n`, 'g.yaml')).toThrow(/g.yaml: not a grammar/);
    }
  });

  it('scenario.json lists the filter tags, as HELM’s constructor replaces the class tags with them', () => {
    const scenario = getScenario('helm.benchmark.scenarios.grammar_scenario.GrammarScenario');
    expect(scenarioMetadata(scenario, { path: 'g.yaml', tags: '' }).tags).toEqual([]);
    expect(scenarioMetadata(scenario, { path: 'g.yaml', tags: 'a,b' }).tags).toEqual(['a', 'b']);
  });

  it("a path in HELM's source tree comes from the mirror's grammar/ folder, named when absent", async () => {
    const scenario = getScenario('helm.benchmark.scenarios.grammar_scenario.GrammarScenario');
    await expect(
      scenario.getInstances({ path: 'src/helm/benchmark/scenarios/best_chatgpt_prompts.yaml', tags: '' }, path.join(scenarioRoot, 'grammar-missing'), { mirrorDir: CLASSIC }),
    ).rejects.toThrow(
      /Mirror file .*classic\/grammar\/src\/helm\/benchmark\/scenarios\/best_chatgpt_prompts.yaml does not exist \(expected a copy of https:\/\/raw.githubusercontent.com\/stanford-crfm\/helm\/v0.5.16\/src\/helm\/benchmark\/scenarios\/best_chatgpt_prompts.yaml\)/,
    );
  });
});

describe('open_assistant (OpenAssistant/oasst1 Parquet at HELM’s revision: root prompts and their direct replies)', () => {
  for (const l of ['en', 'es', 'all']) it(`language=${l}: instances equal to HELM's`, () => expectHelmInstances(`open_assistant_${l}`));

  it('missing split files name the mirror folder and the Hub dataset at its revision', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.open_assistant_scenario.OpenAssistantScenario');
    await expect(scenario.getInstances({ language: 'en' }, path.join(scenarioRoot, 'oasst-missing'), { mirrorDir: scenarioRoot })).rejects.toThrow(
      /OpenAssistant oasst1 train split is missing: no .*huggingface\/OpenAssistant\/oasst1\/fdf72ae0827c1cda404aff25b6603abec9e3399b\/data\/train-\*.parquet in the data mirror \(canonical source: https:\/\/huggingface.co\/datasets\/OpenAssistant\/oasst1\/resolve\/fdf72ae0827c1cda404aff25b6603abec9e3399b\/data\/train-/,
    );
  });
});

describe('vicuna (FastChat v0.2.5 questions by category)', () => {
  for (const c of ['all', 'generic', 'coding']) it(`category=${c}: instances equal to HELM's`, () => expectHelmInstances(`vicuna_${c}`));
});

describe('koala (the Koala test set)', () => {
  it("instances equal to HELM's", () => expectHelmInstances('koala'));
});

describe('anthropic_hh_rlhf (Anthropic/hh-rlhf at HELM’s revision: first human turn of each dialogue)', () => {
  for (const s of ['hh', 'red_team']) it(`subset=${s}: instances equal to HELM's`, () => expectHelmInstances(`anthropic_hh_rlhf_${s}`));

  it('the first non-blank turn, spaces (only) stripped', () => {
    expect(firstUtterance(' \n\nHuman:   \n\nHuman:  Hi there \n\nAssistant: Hello')).toBe('Hi there');
    expect(firstUtterance('\n\nHuman: \tTabbed\n\nAssistant: x')).toBe('\tTabbed');
    // Trailing spaces go before the split, so a lone empty turn is returned as is (as Python does).
    expect(firstUtterance('\n\nHuman:  ')).toBe('\n\nHuman:');
    expect(() => firstUtterance('  ')).toThrow(/Invalid dialogue/);
  });

  it('an unknown subset is refused as HELM does; a missing file names the Hub source', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.anthropic_hh_rlhf_scenario.AnthropicHHRLHFScenario');
    await expect(scenario.getInstances({ subset: 'helpful' }, path.join(scenarioRoot, 'hh-bad'), { mirrorDir: CLASSIC })).rejects.toThrow(/invalid subset "helpful"; accepted values: hh, red_team/);
    await expect(scenario.getInstances({ subset: 'red_team' }, path.join(scenarioRoot, 'hh-missing'), { mirrorDir: scenarioRoot })).rejects.toThrow(
      /Anthropic hh-rlhf red-team-attempts\/red_team_attempts.jsonl.gz is missing: .*canonical source: https:\/\/huggingface.co\/datasets\/Anthropic\/hh-rlhf\/resolve\/09be8c5bbc57cb3887f3a9732ad6aa7ec602a1fa\/red-team-attempts\/red_team_attempts.jsonl.gz/,
    );
  });
});
