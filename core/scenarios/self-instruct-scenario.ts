import { z } from 'zod';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureInstructJsonl, readInstructJsonl, type InstructJsonlFile } from './instruct-jsonl';
import { noArgs } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** One line of the self-instruct paper's user-oriented instructions (its other fields are not read). */
export const SelfInstructTask = z.object({
  instruction: z.string(),
  instances: z.array(z.object({ input: z.string(), output: z.string() })),
});

export const SELF_INSTRUCT_FILE: InstructJsonlFile<typeof SelfInstructTask> = {
  what: 'self-instruct user-oriented instructions',
  sourceUrl: 'https://raw.githubusercontent.com/yizhongw/self-instruct/main/human_eval/user_oriented_instructions.jsonl',
  target: 'user_oriented_instructions.jsonl',
  mirror: ['self_instruct', 'user_oriented_instructions.jsonl'],
  line: SelfInstructTask,
  shape: '{"instruction": string, "instances": [{"input": string, "output": string}, ...]}',
};

/** One test instance per example of each task: instruction, newline, the example's input; its output is the correct reference. */
export function selfInstructInstances(tasks: Array<z.infer<typeof SelfInstructTask>>): Instance[] {
  return tasks.flatMap((task) =>
    task.instances.map((example) => ({
      input: { text: `${task.instruction}\n${example.input}` },
      references: [{ output: { text: example.output }, tags: [CORRECT_TAG] }],
      split: 'test',
    })),
  );
}

export async function getSelfInstructInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('self-instruct', args);
  return selfInstructInstances(await readInstructJsonl(SELF_INSTRUCT_FILE, scenarioDir, options));
}

/** HELM's `SelfInstructScenario` (its data folder is `scenarios/self-instruct/`, after its name). */
export const selfInstructScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.self_instruct_scenario.SelfInstructScenario',
  name: 'self-instruct',
  description: 'Self-instruct eval dataset',
  tags: ['instructions'],
  getInstances: getSelfInstructInstances,
  ensureData: (scenarioDir, options) => ensureInstructJsonl(SELF_INSTRUCT_FILE, scenarioDir, options),
};
