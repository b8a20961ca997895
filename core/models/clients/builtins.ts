/** The built-in model clients: one line each, through the same call a plugin uses. */
import { ALEPH_ALPHA_CLIENT_CLASS, createAlephAlphaClient } from './aleph-alpha-client';
import { AI21_CHAT_CLIENT_CLASS, AI21_CLIENT_CLASS, createAI21ChatClient, createAI21CompletionsClient } from './ai21-client';
import { createAnthropicMessagesClient } from './anthropic-client';
import { ANTHROPIC_COMPLETIONS_CLIENT_CLASS, ANTHROPIC_LEGACY_CLIENT_CLASS, anthropicLegacyUnavailable, createAnthropicCompletionsClient } from './anthropic-completions-client';
import { BEDROCK_FAMILIES, createBedrockClient } from './bedrock-client';
import { hostOrganization } from './client';
import { registerClient } from './client-registry';
import { createGoogleGenAIClient } from './google-genai-client';
import { createHuggingFaceClient } from './huggingface-client';
import { HUGGINGFACE_PIPELINE_CLIENT_CLASS, createHuggingFacePipelineClient } from './huggingface-pipeline-client';
import { createMistralAIClient } from './mistral-client';
import { OPENAI_FLAVOURS, createOpenAIClient, openAIEnvironmentFor } from './openai-client';
import { OPENAI_RESPONSES_CLIENT_CLASS, createOpenAIResponseClient } from './openai-responses-client';
import { COHERE_CHAT_CLIENT_CLASS, COHERE_CLIENT_CLASS, createCohereChatClient, createCohereGenerateClient } from './cohere-client';
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
import { IBM_CHAT_CLIENT_CLASS, IBM_TEXT_CLIENT_CLASS, createIbmChatClient, createIbmTextClient } from './ibm/watsonx-client';
import { REKA_CLIENT_CLASS, createRekaClient } from './reka-client';
import { PALMYRA_CLIENT_CLASS, createPalmyraClient } from './writer/palmyra-client';
import { WRITER_CLIENT_CLASS, createWriterClient } from './writer/writer-client';
import { createTogetherChatClient, createTogetherClient, createTogetherCompletionClient } from './together-client';

registerClient('helm.clients.simple_client.SimpleClient', (deployment, caches) => new SimpleClient(caches.forShard(hostOrganization(deployment.name))));
registerClient('helm.clients.huggingface_client.HuggingFaceClient', (deployment, caches, options) =>
  createHuggingFaceClient(deployment, caches.forShard(hostOrganization(deployment.name)), { tokenizerConfig: options.tokenizerConfig }),
);
registerClient(HUGGINGFACE_PIPELINE_CLIENT_CLASS, (deployment, caches) =>
  createHuggingFacePipelineClient(deployment, caches.forShard(hostOrganization(deployment.name))),
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
// Writer: the legacy Palmyra completions endpoint and the chat API (PalmyraChatClient is an OpenAI flavour).
registerClient(PALMYRA_CLIENT_CLASS, (deployment, caches, options) =>
  createPalmyraClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(WRITER_CLIENT_CLASS, (deployment, caches, options) =>
  createWriterClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(REKA_CLIENT_CLASS, (deployment, caches, options) =>
  createRekaClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options), options.tokenizerConfig),
);
// IBM watsonx.ai: chat and text generation behind an IAM token exchange.
registerClient(IBM_CHAT_CLIENT_CLASS, (deployment, caches, options) =>
  createIbmChatClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(IBM_TEXT_CLIENT_CLASS, (deployment, caches, options) =>
  createIbmTextClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
// HELM's older text APIs: Anthropic's Text Completions, AI21 (Jurassic-2, Jamba), Cohere (generate, chat), Aleph Alpha.
registerClient(ANTHROPIC_COMPLETIONS_CLIENT_CLASS, (deployment, caches, options) =>
  createAnthropicCompletionsClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options), options),
);
registerClient(ANTHROPIC_LEGACY_CLIENT_CLASS, (deployment) => anthropicLegacyUnavailable(deployment));
registerClient(AI21_CLIENT_CLASS, (deployment, caches, options) =>
  createAI21CompletionsClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(AI21_CHAT_CLIENT_CLASS, (deployment, caches, options) =>
  createAI21ChatClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(COHERE_CLIENT_CLASS, (deployment, caches, options) =>
  createCohereGenerateClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(COHERE_CHAT_CLIENT_CLASS, (deployment, caches, options) =>
  createCohereChatClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
registerClient(ALEPH_ALPHA_CLIENT_CLASS, (deployment, caches, options) =>
  createAlephAlphaClient(deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options)),
);
// Amazon Bedrock (Titan, Mistral, Llama, Palmyra over InvokeModel; Nova over Converse).
for (const className of Object.keys(BEDROCK_FAMILIES) as Array<keyof typeof BEDROCK_FAMILIES>) {
  registerClient(className, (deployment, caches, options) =>
    createBedrockClient(className, deployment, caches.forShard(hostOrganization(deployment.name)), openAIEnvironmentFor(deployment, options), options.tokenizerConfig),
  );
}
