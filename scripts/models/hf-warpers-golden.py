#!/usr/bin/env python3
"""Scores after Hugging Face's sampling warpers (temperature, top-k, top-p, in generate()'s order),
for helm-ts's warpers test. Usage: hf-warpers-golden.py > test/fixtures/models/hf-warpers-golden.json
Needs: torch, transformers (the model venv of make-tiny-gpt2.py)."""
import json
import sys

import torch
from transformers.generation.logits_process import TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

CASES = [
    {"temperature": 1.0, "top_k": 50, "top_p": 1.0},
    {"temperature": 0.7, "top_k": 5, "top_p": 1.0},
    {"temperature": 1.0, "top_k": 0, "top_p": 0.9},
    {"temperature": 1.3, "top_k": 8, "top_p": 0.5},
    {"temperature": 1e-7, "top_k": 50, "top_p": 1.0},
    {"temperature": 1.0, "top_k": 3, "top_p": 0.95},
]


def main() -> None:
    g = torch.Generator().manual_seed(0)
    out = []
    for case in CASES:
        logits = (torch.randn(1, 40, generator=g, dtype=torch.float64) * 3).float()
        scores = logits.clone()
        ids = torch.zeros(1, 1, dtype=torch.long)
        if case["temperature"] != 1.0:
            scores = TemperatureLogitsWarper(case["temperature"])(ids, scores)
        if case["top_k"]:
            scores = TopKLogitsWarper(top_k=case["top_k"])(ids, scores)
        if case["top_p"] < 1.0:
            scores = TopPLogitsWarper(top_p=case["top_p"])(ids, scores)
        logprobs = torch.log_softmax(scores, dim=-1)[0]
        out.append({**case, "logits": logits[0].tolist(), "kept": [i for i, v in enumerate(scores[0].tolist()) if v != float("-inf")],
                    "logprobs": [v if v != float("-inf") else None for v in logprobs.tolist()]})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
