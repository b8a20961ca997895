import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
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
