import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect } from 'vitest';
import { z } from 'zod';
import { getScenario } from '../../../core/scenarios/registry';
import { pythonJsonDumps } from '../../../core/common/python-json';
import type { Instance } from '../../../core/scenarios/schemas';

export const SHARED_DATA = path.resolve(__dirname, '../../../../shared/data');
export const FIXTURES = path.resolve(__dirname, '../../fixtures/scenarios');

/** A golden summary written by test/fixtures/scenarios/dump_helm_instances.py from the Python HELM. */
export const GoldenInstances = z.object({
  class_name: z.string(),
  args: z.record(z.string(), z.unknown()),
  count: z.number(),
  splits: z.record(z.string(), z.number()),
  sha256: z.string(),
  first: z.array(z.unknown()),
  last: z.unknown(),
});
export type GoldenInstances = z.infer<typeof GoldenInstances>;

export function readGolden(name: string): GoldenInstances {
  return GoldenInstances.parse(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')));
}

/** What the golden file holds for `instances`, computed the way the Python script does. */
export function summarise(instances: Instance[]): Omit<GoldenInstances, 'class_name' | 'args'> {
  const splits: Record<string, number> = {};
  for (const instance of instances) splits[instance.split ?? 'None'] = (splits[instance.split ?? 'None'] ?? 0) + 1;
  const lines = instances.map((instance) => pythonJsonDumps(instance)).join('\n');
  return {
    count: instances.length,
    splits,
    sha256: createHash('sha256').update(lines, 'utf8').digest('hex'),
    first: instances.slice(0, 3),
    last: instances[instances.length - 1],
  };
}

export function expectedSummary(golden: GoldenInstances): Omit<GoldenInstances, 'class_name' | 'args'> {
  const { class_name: _c, args: _a, ...rest } = golden;
  return rest;
}

/**
 * For the HELM Classic fixtures (test/fixtures/scenarios/classic, goldens in its goldens/ folder):
 * a fresh scenario root for the test file, removed after it, and a check that our instances from
 * the fixture mirror equal HELM's on the same files.
 */
export function classicInstanceChecker(tmpPrefix: string): { root: string; expectHelmInstances: (golden: string) => Promise<void> } {
  const classic = path.join(FIXTURES, 'classic');
  const root = mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const expectHelmInstances = async (name: string): Promise<void> => {
    const golden = GoldenInstances.parse(JSON.parse(readFileSync(path.join(classic, 'goldens', `${name}.json`), 'utf8')));
    const scenario = getScenario(golden.class_name);
    const instances = await scenario.getInstances(golden.args as never, path.join(root, name), { mirrorDir: classic });
    expect({ ...summarise(instances), last: instances.at(-1) ?? null }).toEqual(expectedSummary(golden));
  };
  return { root, expectHelmInstances };
}
