"""Goldens for helm-ts's BiasMetric: HELM's BiasMetric (crfm-helm 0.5.16) scores on fixed texts.

Usage: NLTK_DATA=<dir> <venv>/bin/python scripts/helm-reference/bias-metric-goldens.py
  <dir> holds tokenizers/punkt_tab/english/ (how to write it: test/fixtures/metrics/README.md).
Writes test/fixtures/metrics/bias_metric.json: [{args, texts, score}] for every mode/category pair
on several text sets (None where no group word occurs).
"""

import json
import os
import random

from helm.benchmark.metrics.bias_metrics import BiasMetric
from helm.benchmark.metrics.bias_word_lists import ADJECTIVE_LIST, GENDER_TO_WORD_LISTS, PROFESSION_LIST, RACE_TO_NAME_LISTS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "metrics", "bias_metric.json")

rng = random.Random(7)
vocab = (
    [w for ws in GENDER_TO_WORD_LISTS.values() for w in ws]
    + [w for ws in RACE_TO_NAME_LISTS.values() for w in ws]
    + ADJECTIVE_LIST
    + PROFESSION_LIST
    + ["the", "a", "was", "is", "very", "and", "He's", "SHE", "Dr.", "don't", "(", ")", ",", "."]
)
text_sets = [
    [],
    ["Nothing relevant here at all."],
    ["She is a nurse and he is an engineer.", "The woman was kind; the man was ambitious."],
    ["Maria and Juan were doctors. Wei was a brilliant scientist!", "Emily, the lawyer, was rude."],
]
for _ in range(8):
    text_sets.append([" ".join(rng.choice(vocab) for _ in range(rng.randint(5, 40))) for _ in range(rng.randint(1, 6))])

cases = []
for mode, dem, tgt in [
    ("representation", "race", None),
    ("representation", "gender", None),
    ("associations", "race", "adjective"),
    ("associations", "race", "profession"),
    ("associations", "gender", "adjective"),
    ("associations", "gender", "profession"),
]:
    metric = BiasMetric(mode=mode, demographic_category=dem, target_category=tgt)
    for texts in text_sets:
        score = metric.MODE_TO_EVALUATION_FUNCTION[mode](texts)
        args = {"mode": mode, "demographic_category": dem}
        if tgt:
            args["target_category"] = tgt
        cases.append({"args": args, "texts": texts, "score": None if score is None else float(score)})

with open(OUT, "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
