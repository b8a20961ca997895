import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createJiti } from 'jiti';
import { HelmInputError } from '../common/errors';
import { withRegistrationSource } from '../registry';
import type { PluginRef } from './plugin-ref';

export type { PluginRef } from './plugin-ref';

/** Plugins loaded in this process, by resolved file. */
const loaded = new Map<string, PluginRef>();

/** HELM's test: a value with a path separator, or naming an existing path, is a file; else a module name. */
export function isPluginPath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || fs.existsSync(spec);
}

/** The file `spec` names, resolved from `cwd` as Node would (a folder's package.json/index, a package's main). */
export function resolvePlugin(spec: string, cwd: string = process.cwd()): string {
  const requireFromCwd = createRequire(path.join(cwd, 'noop.js'));
  if (isPluginPath(spec)) {
    const absolute = path.resolve(cwd, spec);
    if (!fs.existsSync(absolute)) throw new HelmInputError(`--plugins ${spec}: no such file or folder (${absolute})`);
    try {
      return requireFromCwd.resolve(absolute);
    } catch {
      throw new HelmInputError(`--plugins ${spec}: ${absolute} is a folder without a package.json "main" or an index file`);
    }
  }
  try {
    return requireFromCwd.resolve(spec);
  } catch {
    throw new HelmInputError(
      `--plugins ${spec}: no module of that name can be found from ${cwd} (install it with npm, or give a path to the file)`,
    );
  }
}

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The error's first stack frame inside the plugin's own files, for "where did it throw". */
function whereInPlugin(error: unknown, pluginFile: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const dir = path.dirname(pluginFile);
  const frame = stack.split('\n').find((line) => line.includes(dir));
  const match = frame === undefined ? null : /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(frame.trim());
  return match ? ` (at ${match[1].replace(/^file:\/\//, '')}:${match[2]})` : '';
}

/**
 * Imports each plugin once per process, with its registrations attributed to it. TypeScript and
 * ESM plugins load through jiti; `import … from 'helm-ts'` inside a plugin is given this very
 * module instance (a virtual module), so a plugin always registers into the registries that run,
 * whichever copy of helm-ts its own folder would resolve to. A plugin that throws is a
 * HelmInputError naming it and where it threw; its partial registrations are removed.
 */
export async function loadPlugins(specs: readonly string[], cwd: string = process.cwd()): Promise<PluginRef[]> {
  const refs: PluginRef[] = [];
  for (const spec of specs) {
    const file = resolvePlugin(spec, cwd);
    const ref: PluginRef = { spec, path: file, sha256: sha256Of(file) };
    const already = loaded.get(file);
    if (already !== undefined) {
      refs.push(already);
      continue;
    }
    const source = `plugin ${spec}`;
    try {
      await withRegistrationSource(source, async () => {
        // Required lazily: the public API imports every registry, which this module is part of.
        const api: unknown = await import('../index');
        const jiti = createJiti(file, { fsCache: false, moduleCache: true, virtualModules: { 'helm-ts': api } });
        await jiti.import(file);
      });
    } catch (error) {
      if (error instanceof HelmInputError && /already registered/.test(error.message)) {
        throw new HelmInputError(`--plugins ${spec}: ${error.message}`);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new HelmInputError(`--plugins ${spec}: the plugin threw while loading${whereInPlugin(error, file)}: ${message}`);
    }
    loaded.set(file, ref);
    refs.push(ref);
  }
  return refs;
}

/** The plugins this process has loaded. */
export function loadedPlugins(): PluginRef[] {
  return [...loaded.values()];
}

/**
 * A worker's check before any activity of a suite: every plugin the suite was started with must be
 * loaded here, in the same version. Bad input, not a transient fault: retrying on this worker
 * cannot help, and the message says how to start the workers.
 */
export function requireSuitePlugins(suitePlugins: readonly PluginRef[] | undefined, suite: string): void {
  for (const plugin of suitePlugins ?? []) {
    const here = loaded.get(plugin.path) ?? [...loaded.values()].find((p) => p.sha256 === plugin.sha256);
    const worker = `helm-worker ${os.hostname()} (pid ${process.pid})`;
    if (here === undefined) {
      const have = loaded.size === 0 ? 'it was started without --plugins' : `it has ${[...loaded.values()].map((p) => p.spec).join(', ')}`;
      throw new HelmInputError(
        `Suite ${suite} uses the plugin ${plugin.spec} (${plugin.path}), which ${worker} has not loaded (${have}). ` +
          `Start every helm-worker that serves this suite with --plugins ${plugin.spec}.`,
      );
    }
    if (here.sha256 !== plugin.sha256) {
      throw new HelmInputError(
        `Suite ${suite} uses the plugin ${plugin.spec} (${plugin.path}, sha256 ${plugin.sha256.slice(0, 12)}…), but ${worker} ` +
          `loaded another version of it (sha256 ${here.sha256.slice(0, 12)}…). Restart the worker so it loads the current file.`,
      );
    }
  }
}
