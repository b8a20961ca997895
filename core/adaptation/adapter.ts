import { HelmInputError, didYouMean } from '../common/errors';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { adapterRegistry } from './adapter-registry';
import './builtins';
import type { Adapt } from './in-context';
import type { RequestState } from './schemas';

export { type Adapt, type GenerateRequests, addTrials, inContextAdapter } from './in-context';
export { adapterRegistry, registerAdapter } from './adapter-registry';

export function getAdapter(method: string): Adapt {
  const adapter = adapterRegistry.get(method);
  if (adapter === undefined) {
    const methods = adapterRegistry.names();
    throw new HelmInputError(
      `Unknown or unimplemented adaptation method ${JSON.stringify(method)}.${didYouMean(method, methods)} ` +
        `Accepted methods: ${methods.join(', ')}`,
    );
  }
  return adapter;
}

/** `AdapterFactory.get_adapter(spec).adapt(instances)`. */
export function adapt(instances: readonly Instance[], adapterSpec: AdapterSpec, windowService: WindowService): RequestState[] {
  return getAdapter(adapterSpec.method)(instances, adapterSpec, windowService);
}
