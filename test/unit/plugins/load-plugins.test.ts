import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HelmInputError,
  clientRegistry,
  loadPlugins,
  metricRegistry,
  modelDeploymentRegistry,
  runSpecFunctionRegistry,
  scenarioRegistry,
} from '../../../core';
import { requireSuitePlugins } from '../../../core/plugins/load-plugins';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'plugins');
const EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'plugin', 'index.ts');

describe('--plugins: loading modules that register through the public API', () => {
  it('a TypeScript plugin registers its scenario, run spec function, metric, client and deployment, attributed to it', async () => {
    const [ref] = await loadPlugins([path.relative(process.cwd(), EXAMPLE)]);
    expect(ref.path).toBe(EXAMPLE);
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    const source = scenarioRegistry.sourceOf('example_plugin.ArithmeticScenario');
    expect(source).toMatch(/^plugin .*examples\/plugin\/index\.ts$/);
    expect(runSpecFunctionRegistry.sourceOf('example_arithmetic')).toBe(source);
    expect(metricRegistry.sourceOf('example_plugin.AbsoluteErrorMetric')).toBe(source);
    expect(clientRegistry.sourceOf('example_plugin.CalculatorClient')).toBe(source);
    expect(modelDeploymentRegistry.has('example/calculator')).toBe(true);
    // Loading it again (helm-run and its in-process worker) is a no-op, not a duplicate.
    await expect(loadPlugins([EXAMPLE])).resolves.toEqual([ref]);
    expect(() => requireSuitePlugins([ref], 's')).not.toThrow();
  });

  it('a plugin that throws at import: HelmInputError naming the plugin and the line; what it registered is removed', async () => {
    const spec = path.join(FIXTURES, 'throws-at-import.ts');
    const error = await loadPlugins([spec]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmInputError);
    expect((error as Error).message).toMatch(/--plugins .*throws-at-import\.ts: the plugin threw while loading .*: the plugin cannot find its configuration/);
    expect(metricRegistry.has('fixture.HalfRegisteredMetric')).toBe(false);
  });

  it('a plugin registering a name that exists: the error names the name and both sources', async () => {
    const spec = path.join(FIXTURES, 'registers-mmlu.ts');
    await expect(loadPlugins([spec])).rejects.toThrow(
      /--plugins .*registers-mmlu\.ts: run spec function "mmlu" is already registered \(by helm-ts\); plugin .*registers-mmlu\.ts cannot register it again/,
    );
  });

  it('a plugin that does not exist: a path or a module name, each with its own message', async () => {
    await expect(loadPlugins(['./no/such/plugin.ts'])).rejects.toThrow(/--plugins \.\/no\/such\/plugin\.ts: no such file or folder/);
    await expect(loadPlugins(['no-such-helm-plugin'])).rejects.toThrow(/--plugins no-such-helm-plugin: no module of that name can be found/);
  });

  it('a worker without the suite\'s plugin, or with another version of it, refuses the suite with a message saying what to do', () => {
    const dir = tempDir('plugin-versions');
    try {
      const missing = { spec: 'my-plugin.ts', path: path.join(dir, 'my-plugin.ts'), sha256: 'a'.repeat(64) };
      expect(() => requireSuitePlugins([missing], 'v1')).toThrow(
        /Suite v1 uses the plugin my-plugin\.ts .* which helm-worker .* has not loaded .*Start every helm-worker that serves this suite with --plugins my-plugin\.ts/,
      );
      const changed = { spec: 'examples/plugin/index.ts', path: EXAMPLE, sha256: 'b'.repeat(64) };
      expect(() => requireSuitePlugins([changed], 'v1')).toThrow(/loaded another version of it .*Restart the worker/);
      fs.writeFileSync(path.join(dir, 'x'), '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
