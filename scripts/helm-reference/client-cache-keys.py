"""The request-cache keys HELM's API clients compute for a set of requests, and the field lists of
the google-genai objects whose dumps make up GoogleGenAIClient's keys.

Each HELM client is built as HELM's AutoClient builds it (fake key, no network), its cache replaced
by one that records `json.dumps(key, sort_keys=True)` (the SQLite key HELM stores) and then stops
the call. test/unit/models/provider-clients.test.ts checks that helm-ts computes the same keys, so
a helm-ts request cache answers the requests HELM's would.

Usage (a venv with crfm-helm==0.5.16 and the provider SDKs:
  pip install "anthropic~=0.41" "google-genai~=1.48" "mistralai~=1.1" "together~=1.1" "openai~=2.8"):
  python scripts/helm-reference/client-cache-keys.py test/fixtures/models/client-cache-keys.json \
      core/models/clients/google/genai-fields.json
"""

import json
import sys
from dataclasses import asdict

from helm.common.request import Request

import helm.clients.together_client as together_module
from helm.clients.anthropic_client import AnthropicMessagesClient
from helm.clients.google_genai_client import GoogleGenAIClient
from helm.clients.grok_client import GrokChatClient
from helm.clients.mistral_client import MistralAIClient
from helm.clients.nvidia_nim_client import NvidiaNimClient
from helm.clients.openai_client import OpenAIClient, OpenAILegacyCompletionsClient
from helm.clients.openrouter_client import OpenRouterClient
from helm.clients.together_client import TogetherChatClient, TogetherClient, TogetherCompletionClient
from helm.clients.upstage_client import UpstageChatClient
from helm.clients.yi_client import YiChatClient
from helm.common.cache import BlackHoleCacheConfig


class Recorded(Exception):
    pass


class RecordingCache:
    def __init__(self):
        self.keys = []

    def get(self, key, compute):
        self.keys.append(json.dumps(key, sort_keys=True))
        raise Recorded()


def requests_for(model_deployment, model):
    base = dict(model_deployment=model_deployment, model=model)
    return [
        Request(**base, prompt="Question: 2+2?\nAnswer:", temperature=0.0, max_tokens=5, stop_sequences=["\n"]),
        Request(
            **base,
            messages=[
                {"role": "system", "content": "Answer briefly."},
                {"role": "user", "content": "Name a prime number."},
            ],
            temperature=0.7,
            num_completions=2,
            max_tokens=20,
            random="1",
        ),
        Request(**base, prompt="Once upon a time ¾", temperature=1.0, top_p=0.9, max_tokens=100, top_k_per_token=5),
    ]


CACHE = BlackHoleCacheConfig()
# TogetherChatClient adds each model's default stop tokens from Together's model list.
together_module._MODEL_TO_DEFAULT_STOP_TOKENS = {
    "meta-llama/llama-3-8b-chat-hf": ["<|eot_id|>"],
    "mistralai/mixtral-8x7b-v0.1": ["</s>"],
}

CASES = [
    ("anthropic", "anthropic/claude-3-5-sonnet-20241022", "anthropic/claude-3-5-sonnet-20241022",
     lambda: AnthropicMessagesClient(cache_config=CACHE, api_key="k")),
    ("anthropic-thinking", "anthropic/claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5-20250929",
     lambda: AnthropicMessagesClient(cache_config=CACHE, api_key="k", thinking_budget_tokens=1024)),
    ("gemini", "google/gemini-2.0-flash-001", "google/gemini-2.0-flash-001",
     lambda: GoogleGenAIClient(cache_config=CACHE, api_key="k")),
    ("gemini-thinking", "google/gemini-2.5-pro", "google/gemini-2.5-pro",
     lambda: GoogleGenAIClient(cache_config=CACHE, api_key="k", thinking_config={"include_thoughts": True, "thinking_budget": 1024})),
    ("mistral", "mistralai/mistral-large-2411", "mistralai/mistral-large-2411",
     lambda: MistralAIClient(cache_config=CACHE, api_key="k")),
    ("together", "together/llama-3-8b", "meta/llama-3-8b",
     lambda: TogetherClient(cache_config=CACHE, api_key="k", together_model="meta-llama/Llama-3-8b-hf")),
    ("together-chat", "together/llama-3-8b-chat", "meta/llama-3-8b-chat",
     lambda: TogetherChatClient(cache_config=CACHE, api_key="k", together_model="meta-llama/Llama-3-8b-chat-hf")),
    ("together-completion", "together/mixtral-8x7b-32kseqlen", "mistralai/mixtral-8x7b-32kseqlen",
     lambda: TogetherCompletionClient(cache_config=CACHE, api_key="k", together_model="mistralai/Mixtral-8x7B-v0.1")),
    ("openai-chat", "openai/gpt-4o-2024-08-06", "openai/gpt-4o-2024-08-06",
     lambda: OpenAIClient(cache_config=CACHE, api_key="k")),
    ("openai-reasoning", "openai/o3-mini-2025-01-31", "openai/o3-mini-2025-01-31",
     lambda: OpenAIClient(cache_config=CACHE, api_key="k", reasoning_effort="low")),
    ("openai-legacy", "openai/gpt-3.5-turbo-instruct", "openai/gpt-3.5-turbo-instruct",
     lambda: OpenAILegacyCompletionsClient(cache_config=CACHE, api_key="k")),
    ("grok", "xai/grok-3-beta", "xai/grok-3-beta", lambda: GrokChatClient(cache_config=CACHE, api_key="k")),
    ("yi", "01-ai/yi-large", "01-ai/yi-large", lambda: YiChatClient(cache_config=CACHE, api_key="k")),
    ("openrouter", "openrouter/mistral-medium-3.1", "mistralai/mistral-medium-3.1",
     lambda: OpenRouterClient(cache_config=CACHE, api_key="k", model_name="mistralai/mistral-medium-3.1")),
    ("nvidia-nim", "nvidia/llama-3.1-nemotron-70b-instruct", "nvidia/llama-3.1-nemotron-70b-instruct",
     lambda: NvidiaNimClient(cache_config=CACHE, api_key="k")),
    ("upstage", "upstage/solar-pro-241126", "upstage/solar-pro-241126",
     lambda: UpstageChatClient(cache_config=CACHE, api_key="k")),
]


def genai_fields():
    from google.genai.types import Content, GenerateContentConfig, Part, ThinkingConfig

    return {
        "Content": sorted(Content.model_fields),
        "Part": sorted(Part.model_fields),
        "GenerateContentConfig": sorted(GenerateContentConfig.model_fields),
        "ThinkingConfig": sorted(ThinkingConfig.model_fields),
    }


def main():
    keys_out, fields_out = sys.argv[1], sys.argv[2]
    cases = []
    for name, deployment, model, make in CASES:
        client = make()
        recording = RecordingCache()
        client.cache = recording
        for request in requests_for(deployment, model):
            before = len(recording.keys)
            try:
                client.make_request(request)
            except Recorded:
                pass
            keys = recording.keys[before:]
            cases.append({"client": name, "request": asdict(request), "keys": keys})
    with open(keys_out, "w") as f:
        json.dump({"cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(fields_out, "w") as f:
        json.dump(genai_fields(), f, indent=1)
        f.write("\n")
    print(f"{len(cases)} requests, {sum(len(c['keys']) for c in cases)} keys", file=sys.stderr)


if __name__ == "__main__":
    main()
