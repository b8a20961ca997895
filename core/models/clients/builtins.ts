/** The built-in model clients: one line each, through the same call a plugin uses. */
import { createAnthropicMessagesClient } from './anthropic-client';
import { BEDROCK_FAMILIES, createBedrockClient } from './bedrock-client';
import { hostOrganization } from './client';
import { registerClient } from './client-registry';
import { createGoogleGenAIClient } from './google-genai-client';
import { createHuggingFaceClient } from './huggingface-client';
import { createMistralAIClient } from './mistral-client';
import { OPENAI_FLAVOURS, createOpenAIClient, openAIEnvironmentFor } from './openai-client';
import { OPENAI_RESPONSES_CLIENT_CLASS, createOpenAIResponseClient } from './openai-responses-client';
import { SimpleClient } from './simple-client';
import { SHC_CLAUDE_CLIENT_CLASS, SHC_GOOGLE_CLIENT_CLASS, createSHCClaudeClient, createSHCGoogleClient } from './stanfordhealthcare/http-model-client';
import {
  SHC_AZURE_OPENAI_CLIENT_CLASS,
  SHC_OPENAI_CLIENT_CLASS,
  SHC_SHC_OPENAI_CLIENT_CLASS,
  createSHCAzureOpenAIClient,
  createSHCOpenAIClient,
  createSHCSHCOpenAIClient,
} from './stanfordhealthcare/openai-family';
import { VERTEXAI_CHAT_CLIENT_CLASS, VERTEXAI_TEXT_CLIENT_CLASS, createVertexAIChatClient, createVertexAITextClient } from './vertexai-client';
import { createTogetherChatClient, createTogetherClient, createTogetherCompletionClient } from './together-client';

registerClient('helm.clients.simple_client.SimpleClient', (deployment, caches) => new SimpleClient(caches.forShard(hostOrganization(deployment.name))));
registerClient('helm.clients.huggingface_client.HuggingFaceClient', (deployment, caches, options) =>
  createHuggingFaceClient(deployment, caches.forShard(hostOrganization(deployment.name)), { tokenizerConfig: options.tokenizerConfig }),
);
// OpenAI and HELM's OpenAI-compatible subclasses (vLLM, Grok, Yi, NVIDIA NIM, Upstage, OpenRouter).
for (const className of Object.keys(OPENAI_FLAVOURS)) {
  registerClient(className, (deployment, caches, options) =>
    createOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
  );
}
registerClient(OPENAI_RESPONSES_CLIENT_CLASS, (deployment, caches, options) =>
  createOpenAIResponseClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.anthropic_client.AnthropicMessagesClient', (deployment, caches, options) =>
  createAnthropicMessagesClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.google_genai_client.GoogleGenAIClient', (deployment, caches, options) =>
  createGoogleGenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(VERTEXAI_CHAT_CLIENT_CLASS, (deployment, caches, options) =>
  createVertexAIChatClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(VERTEXAI_TEXT_CLIENT_CLASS, (deployment, caches, options) =>
  createVertexAITextClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.mistral_client.MistralAIClient', (deployment, caches, options) =>
  createMistralAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.together_client.TogetherClient', (deployment, caches, options) =>
  createTogetherClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.together_client.TogetherChatClient', (deployment, caches, options) =>
  createTogetherChatClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient('helm.clients.together_client.TogetherCompletionClient', (deployment, caches, options) =>
  createTogetherCompletionClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
// Stanford Health Care's gateway: HELM's OpenAI client behind it, and its own HTTP clients (Claude, Gemini).
registerClient(SHC_AZURE_OPENAI_CLIENT_CLASS, (deployment, caches, options) =>
  createSHCAzureOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(SHC_OPENAI_CLIENT_CLASS, (deployment, caches, options) =>
  createSHCOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(SHC_SHC_OPENAI_CLIENT_CLASS, (deployment, caches, options) =>
  createSHCSHCOpenAIClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(SHC_CLAUDE_CLIENT_CLASS, (deployment, _caches, options) => createSHCClaudeClient(deployment, openAIEnvironmentFor(deployment, options)));
registerClient(SHC_GOOGLE_CLIENT_CLASS, (deployment, _caches, options) => createSHCGoogleClient(deployment, openAIEnvironmentFor(deployment, options)));
// Amazon Bedrock (Titan, Mistral, Llama, Palmyra over InvokeModel; Nova over Converse).
for (const className of Object.keys(BEDROCK_FAMILIES) as Array<keyof typeof BEDROCK_FAMILIES>) {
  registerClient(className, (deployment, caches, options) =>
    createBedrockClient(className, deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options), options.tokenizerConfig),
  );
}
