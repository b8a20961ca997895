import { describe, expect, it } from 'vitest';
import { describeUnimplemented, splitByScenarioClass, unimplementedScenarioFailures } from '../../../activities/expand-run-entries';
import type { RunSpec } from '../../../core/run-specs/schemas';

const spec = (name: string, className: string): RunSpec => ({ name, scenario_spec: { class_name: className, args: {} } }) as unknown as RunSpec;
const PIQA = 'helm.benchmark.scenarios.commonsense_scenario.PiqaScenario';
const SIQA = 'helm.benchmark.scenarios.commonsense_scenario.SiqaScenario';
const GSM = 'helm.benchmark.scenarios.gsm_scenario.GSM8KScenario';

describe('run specs whose scenario class helm-ts lacks', () => {
  const specs = [spec('piqa:a', PIQA), spec('gsm', GSM), spec('siqa:x', SIQA), spec('piqa:b', PIQA), spec('piqa:a', PIQA)];

  it('are split from the runnable ones, by class in order of first appearance', () => {
    const { runnable, unimplemented } = splitByScenarioClass(specs);
    expect(runnable.map((s) => s.name)).toEqual(['gsm']);
    expect([...unimplemented]).toEqual([
      [PIQA, ['piqa:a', 'piqa:b', 'piqa:a']],
      [SIQA, ['siqa:x']],
    ]);
  });

  it('each become one failed run with the message (a run named twice fails once), listed once per class with its count', () => {
    const { unimplemented } = splitByScenarioClass(specs);
    expect(unimplementedScenarioFailures(unimplemented)).toEqual([
      { runName: 'piqa:a', error: `scenario class ${PIQA} is not implemented in helm-ts yet` },
      { runName: 'piqa:b', error: `scenario class ${PIQA} is not implemented in helm-ts yet` },
      { runName: 'siqa:x', error: `scenario class ${SIQA} is not implemented in helm-ts yet` },
    ]);
    expect(describeUnimplemented(unimplemented)).toEqual([
      `${PIQA}: 2 runs (e.g. \`piqa:a\`) — not implemented in helm-ts yet`,
      `${SIQA}: 1 run (e.g. \`siqa:x\`) — not implemented in helm-ts yet`,
    ]);
  });
});
