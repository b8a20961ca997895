/** The built-in model clients: one line each, through the same call a plugin uses. */
import { hostOrganization } from './client';
import { registerClient } from './client-registry';
import { createHuggingFaceClient } from './huggingface-client';
import { OPENAI_FLAVOURS, createOpenAIClient, openAIEnvironmentFor } from './openai-client';
import { SimpleClient } from './simple-client';

registerClient('helm.clients.simple_client.SimpleClient', (deployment, caches) => new SimpleClient(caches.forShard(hostOrganization(deployment.name))));
registerClient('helm.clients.huggingface_client.HuggingFaceClient', (deployment, caches, options) =>
  createHuggingFaceClient(deployment, caches.forShard(hostOrganization(deployment.name)), { tokenizerConfig: options.tokenizerConfig }),
);
for (const className of Object.keys(OPENAI_FLAVOURS)) {
  registerClient(className, (deployment, caches, options) =>
    createOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
  );
}
