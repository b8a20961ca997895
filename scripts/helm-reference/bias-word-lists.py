"""Writes core/metrics/bias-word-lists.ts from HELM's bias word lists (crfm-helm 0.5.16), as data.

Usage: <venv>/bin/python scripts/helm-reference/bias-word-lists.py
"""

import json
import os

from helm.benchmark.metrics import bias_word_lists as b

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "core", "metrics", "bias-word-lists.ts")

lines = [
    "// HELM's bias word lists as data (crfm-helm 0.5.16, helm/benchmark/metrics/bias_word_lists.py:",
    "// GENDER_TO_WORD_LISTS, RACE_TO_NAME_LISTS, ADJECTIVE_LIST, PROFESSION_LIST), lists only, order kept.",
    "// Regenerate: scripts/helm-reference/bias-word-lists.py.",
    "",
    "export const GENDER_TO_WORD_LISTS: Readonly<Record<string, readonly string[]>> = " + json.dumps(b.GENDER_TO_WORD_LISTS) + ";",
    "export const RACE_TO_NAME_LISTS: Readonly<Record<string, readonly string[]>> = " + json.dumps(b.RACE_TO_NAME_LISTS) + ";",
    "export const ADJECTIVE_LIST: readonly string[] = " + json.dumps(b.ADJECTIVE_LIST) + ";",
    "export const PROFESSION_LIST: readonly string[] = " + json.dumps(b.PROFESSION_LIST) + ";",
]
with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
