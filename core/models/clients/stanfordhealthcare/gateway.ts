/**
 * What every Stanford Health Care client shares: the APIM gateway's subscription-key header and
 * HELM's two credentials, `<host>ApiKey` (or `deployments.<name>`) and `<host>Endpoint`.
 */
import { HelmInputError } from '../../../common/errors';
import { credentialString, provideApiKey } from '../../credentials';
import type { ModelDeployment } from '../../schemas';
import { hostOrganization } from '../client';
import type { ProviderEnvironment } from '../common/provider';

/** The header Azure API Management reads the subscription key from (sent lower-case, as HTTP allows). */
export const SUBSCRIPTION_KEY_HEADER = 'ocp-apim-subscription-key';

/** HELM's `api_key` binding (no environment variable: HELM's clients read none). */
export function gatewayApiKey(deployment: ModelDeployment, explicit: string | undefined, env: ProviderEnvironment): string {
  const host = hostOrganization(deployment.name);
  const key = explicit ?? provideApiKey(env.credentials, host, deployment.name);
  if (key === undefined || key === '') {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no Stanford Health Care API key. Set ${host}ApiKey ` +
        `(or deployments { "${deployment.name}": ... }) in ${env.credentialsSource} or HELM_CREDENTIALS.`,
    );
  }
  return key;
}

/** HELM's `endpoint` binding: `client_spec.args.endpoint`, else `<host>Endpoint` in credentials. */
export function gatewayEndpoint(deployment: ModelDeployment, explicit: string | undefined, env: ProviderEnvironment): string | undefined {
  return explicit ?? credentialString(env.credentials, `${hostOrganization(deployment.name)}Endpoint`);
}

/** The endpoint, required: without it HELM would call the literal URL "None/…". */
export function requireEndpoint(deployment: ModelDeployment, endpoint: string | undefined, env: ProviderEnvironment): string {
  if (endpoint === undefined || endpoint === '') {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no Stanford Health Care endpoint. Set ${hostOrganization(deployment.name)}Endpoint ` +
        `in ${env.credentialsSource} or HELM_CREDENTIALS.`,
    );
  }
  return endpoint;
}

/** Python's `base_url.format(endpoint=endpoint)` for the deployments' "{endpoint}/…" templates. */
export function formatBaseUrl(template: string, endpoint: string): string {
  return template.replaceAll('{endpoint}', endpoint);
}

/** Checks a URL before any request goes out, naming the deployment (never the credentials). */
export function checkedUrl(deployment: ModelDeployment, url: string): string {
  try {
    new URL(url);
  } catch {
    throw new HelmInputError(`Model deployment ${deployment.name}: the Stanford Health Care URL is not a URL (check ${hostOrganization(deployment.name)}Endpoint)`);
  }
  return url;
}
