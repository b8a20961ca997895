import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { getScenario } from '../../../core/scenarios/registry';
import {
  factText,
  getSyntheticReasoningNaturalInstances,
  ruleText,
  specifiedSubject,
  srnAttributeGroups,
} from '../../../core/scenarios/synthetic-reasoning-natural-scenario';
import {
  getSyntheticReasoningInstances,
  patternSubst,
  SYNTHETIC_REASONING_MODES,
} from '../../../core/scenarios/synthetic-reasoning-scenario';
import { expectedSummary, readGolden, summarise } from './golden';

describe('synthetic_reasoning (NumPy RandomState(42))', () => {
  for (const mode of SYNTHETIC_REASONING_MODES) {
    it(`mode=${mode}: 11,000 instances equal to the Python HELM's`, async () => {
      const instances = await getScenario('helm.benchmark.scenarios.synthetic_reasoning_scenario.SyntheticReasoningScenario').getInstances(
        { mode },
        '/nonexistent/scenario/dir',
      );
      expect(summarise(instances)).toEqual(expectedSummary(readGolden(`synthetic_reasoning_${mode}`)));
    });
  }

  it('substitutes every occurrence of a symbol', () => {
    expect(patternSubst(['Y', '+', 'Z', '=', 'Y'], new Map([['Y', 'apple peach'], ['Z', 'rat']]))).toEqual([
      'apple peach', '+', 'rat', '=', 'apple peach',
    ]);
  });

  it('rejects an unknown mode, listing the three', async () => {
    await expect(getSyntheticReasoningInstances({ mode: 'matching' })).rejects.toThrow(HelmInputError);
    await expect(getSyntheticReasoningInstances({ mode: 'matching' })).rejects.toThrow(
      /synthetic_reasoning: invalid mode "matching"; accepted values: variable_substitution, pattern_match, induction/,
    );
    await expect(getSyntheticReasoningInstances({})).rejects.toThrow(/argument mode is required/);
  });
});

describe('synthetic_reasoning_natural (Python random.seed(42))', () => {
  for (const difficulty of ['easy', 'medium', 'hard']) {
    it(`difficulty=${difficulty}: 11,000 instances equal to the Python HELM's`, async () => {
      const instances = await getScenario('helm.benchmark.scenarios.synthetic_reasoning_natural_scenario.SRNScenario').getInstances(
        { difficulty },
        '/nonexistent/scenario/dir',
      );
      expect(summarise(instances)).toEqual(expectedSummary(readGolden(`synthetic_reasoning_natural_${difficulty}`)));
    });
  }

  it('renders rules and facts as HELM does', () => {
    const animal = { subject: 'animal', subjectCategory: 'animal', specifierType: 'a' as const };
    expect(ruleText({ ...animal, condition: ['cold', 'old'], conjunction: 'or', consequent: 'good' })).toBe(
      'If an animal is cold or old, then the animal is good.',
    );
    expect(specifiedSubject({ subject: 'dog', subjectCategory: 'animal', specifierType: 'the' }, true)).toBe('The dog');
    expect(specifiedSubject({ subject: 'Alice', subjectCategory: 'person', specifierType: 'a' })).toBe('Alice');
    const fact = { subject: 'dog', subjectCategory: 'animal', specifierType: 'the' as const, useSpecificAttributes: true };
    expect(factText({ ...fact, genericAttributes: ['old', 'big'], specificAttributes: ['ancient', 'huge'] })).toBe('The dog is ancient and huge.');
    expect(factText({ ...fact, genericAttributes: [], specificAttributes: [] })).toBe('Nothing.');
    expect(srnAttributeGroups().size).toBe(25);
  });

  it('rejects an unknown difficulty, listing easy, medium, hard', async () => {
    await expect(getSyntheticReasoningNaturalInstances({ difficulty: 'extreme' })).rejects.toThrow(
      /synthetic_reasoning_natural: invalid difficulty "extreme"; accepted values: easy, medium, hard/,
    );
  });
});
