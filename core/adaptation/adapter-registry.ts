import { Registry } from '../registry';
import type { Adapt } from './in-context';

/** Adapters by `AdapterSpec.method` (HELM's `AdapterFactory`). */
export const adapterRegistry = new Registry<Adapt>('adaptation method');

/** Registers the adapter of one `method`; `source` names who registered it (a plugin's module) in messages. */
export function registerAdapter(method: string, adapter: Adapt, source?: string): void {
  adapterRegistry.register(method, adapter, source);
}
