#!/usr/bin/env python3
"""HELM's own HuggingFacePipelineClient on the tiny GPT-2: cache keys, results and refusals.

    <helm venv>/bin/python scripts/helm-reference/pipeline-client-golden.py MODEL_DIR OUT.json

MODEL_DIR is a tiny GPT-2 folder with PyTorch weights and the GPT-2 tokenizer, the same weights as
test/fixtures/models/tiny-gpt2 (scripts/models/make-tiny-gpt2.py --save-pytorch, then the GPT-2
tokenizer files written by helm-ts's writeGpt2TokenizerFiles). HELM's client runs
`transformers.pipeline("text-generation")` on it for each case; the file records the request, the
cache key (the folder written as <MODEL>, since the key holds the path), HELM's RequestResult
(timing left out) or the exception it raised. test/unit/models/huggingface-pipeline-client.test.ts
runs helm-ts's client on the fixture and compares.
"""
import json
import sys
from dataclasses import asdict

from helm.clients.huggingface_pipeline_client import HuggingFacePipelineClient
from helm.common.cache import BlackHoleCacheConfig
from helm.common.request import Request

MODEL_NAME = "huggingface/tiny-gpt2-pipeline"
PROMPT = "The quick brown fox jumps over the lazy"

# (case, Request fields): greedy runs are deterministic; sampling with HELM's default top_k_per_token
# of 1 is greedy too. Larger top_k sample with torch's RNG, which helm-ts does not reproduce.
CASES = [
    ("greedy", dict(prompt=PROMPT, temperature=0.0, max_tokens=8)),
    ("greedy_echo", dict(prompt=PROMPT, temperature=0.0, max_tokens=5, echo_prompt=True)),
    ("single_token_stop", dict(prompt=PROMPT, temperature=0.0, max_tokens=12, stop_sequences=[" the"])),
    ("sampled_top_k_1_n2", dict(prompt=PROMPT, temperature=0.7, top_p=0.9, max_tokens=6, num_completions=2)),
    ("random_in_key", dict(prompt=PROMPT, temperature=0.0, max_tokens=3, random="r1")),
    ("one_token", dict(prompt="Answer:", temperature=0.0, max_tokens=1)),
    ("greedy_n2_refused", dict(prompt=PROMPT, temperature=0.0, max_tokens=4, num_completions=2)),
    ("two_stop_sequences_refused", dict(prompt=PROMPT, temperature=0.0, max_tokens=4, stop_sequences=["\n", "."])),
    ("multi_token_stop_refused", dict(prompt=PROMPT, temperature=0.0, max_tokens=4, stop_sequences=["\n\nQuestion"])),
    ("messages_refused", dict(prompt="", messages=[{"role": "user", "content": "Hi"}], temperature=0.0, max_tokens=4)),
]
# The same model with a chat template (CHAT_TEMPLATE added to a copy's tokenizer_config.json): HELM
# then sends messages, the prompt as one user turn.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
CHAT_CASES = [
    ("chat_prompt", dict(prompt=PROMPT, temperature=0.0, max_tokens=6)),
    (
        "chat_messages",
        dict(
            prompt="",
            messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a fox."}],
            temperature=0.0,
            max_tokens=4,
        ),
    ),
]


class RecordingCache:
    def __init__(self):
        self.keys = []

    def get(self, key, compute):
        self.keys.append(json.dumps(key, sort_keys=True))
        return compute(), False


def chat_copy(model_dir):
    import os
    import shutil
    import tempfile

    chat_dir = os.path.join(tempfile.mkdtemp(), "tiny-gpt2-chat")
    shutil.copytree(model_dir, chat_dir)
    config_path = os.path.join(chat_dir, "tokenizer_config.json")
    with open(config_path) as f:
        config = json.load(f)
    config["chat_template"] = CHAT_TEMPLATE
    with open(config_path, "w") as f:
        json.dump(config, f)
    return chat_dir


def main():
    model_dir, out_path = sys.argv[1], sys.argv[2]
    cases = []
    run(model_dir, "<MODEL>", MODEL_NAME, CASES, cases)
    chat_dir = chat_copy(model_dir)
    run(chat_dir, "<CHAT_MODEL>", MODEL_NAME + "-chat", CHAT_CASES, cases)
    from importlib.metadata import version

    versions = {d: version(d) for d in ["crfm-helm", "transformers", "torch"]}
    with open(out_path, "w") as f:
        json.dump({"versions": versions, "model_name": MODEL_NAME, "chat_template": CHAT_TEMPLATE, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")


def run(model_dir, placeholder, model_name, case_list, cases):
    client = HuggingFacePipelineClient(
        cache_config=BlackHoleCacheConfig(), model_name=model_name, pretrained_model_name_or_path=model_dir
    )
    for name, fields in case_list:
        recording = RecordingCache()
        client.cache = recording
        request = Request(model_deployment=model_name, model=model_name, **fields)
        try:
            result = asdict(client.make_request(request))
            for field in ["request_time", "request_datetime", "batch_request_time", "batch_size"]:
                result.pop(field, None)
            result = {k: v for k, v in result.items() if v is not None}
            raised = None
        except Exception as e:
            result, raised = None, f"{type(e).__name__}: {e}"
        cases.append(
            {
                "case": name,
                "request": fields,
                "model": model_name,
                "keys": [k.replace(model_dir, placeholder) for k in recording.keys],
                "result": result,
                "raised": raised.replace(model_dir, placeholder) if raised else None,
            }
        )
        print(f"{name}: {raised or [c['text'] for c in result['completions']]}", file=sys.stderr)


if __name__ == "__main__":
    main()
