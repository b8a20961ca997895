import { z } from 'zod';

/**
 * A plugin as a suite records it: what the user wrote (`--plugins VALUE`), the file it resolved to
 * on helm-run's machine, and that file's sha256. Workers compare the last two with the plugins
 * they loaded, so a worker without the plugin, or with another version of it, says so.
 */
export const PluginRef = z.object({
  spec: z.string(),
  path: z.string(),
  sha256: z.string(),
});
export type PluginRef = z.infer<typeof PluginRef>;
