#!/usr/bin/env python3
"""Writes the custom_mcqa instance files of test/fixtures/custom-mcqa/ from the real shared data.

Usage: python3 scripts/helm-reference/custom-mcqa-data.py [DATA_DIR]   (default ../shared/data)

Files (HELM Instance objects, one JSON line each, as CustomMCQAScenario reads them):
  medqa.jsonl          MedQA US 4-option test rows 1-20: rows 1-5 split "train", 6-20 "test";
                       no ids; raw UTF-8 (json.dumps ensure_ascii=False)
  philosophy.jsonl     MMLU philosophy: the 5 dev rows as "train", test rows 1-10 as "test",
                       test rows 11-15 as "valid"; every row has an id and extra_data;
                       ASCII with \\u escapes (json.dumps defaults)
  missing_references.jsonl  three MedQA rows, the second without its "references" field
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "test", "fixtures", "custom-mcqa")
LETTERS = "ABCD"


def instance(question, options, answer, split, **extra):
    references = [{"output": {"text": text}, "tags": ["correct"] if letter == answer else []} for letter, text in zip(LETTERS, options)]
    row = {"input": {"text": question}, "references": references, "split": split}
    row.update(extra)
    return row


def medqa_rows(n):
    path = os.path.join(DATA, "medqa", "data_clean", "questions", "US", "4_options", "phrases_no_exclude_test.jsonl")
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(n), f)]
    return [(r["question"], [r["options"][k] for k in LETTERS], r["answer_idx"]) for r in rows]


def mmlu_rows(split, subject):
    with open(os.path.join(DATA, "mmlu", split, f"{subject}_{split}.csv"), encoding="utf-8", newline="") as f:
        return [(row[0], row[1:5], row[5]) for row in csv.reader(f)]


def write(name, rows, ensure_ascii):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=ensure_ascii) + "\n")
    print(f"wrote {os.path.relpath(os.path.join(OUT, name), ROOT)} ({len(rows)} rows)")


os.makedirs(OUT, exist_ok=True)
medqa = medqa_rows(20)
write("medqa.jsonl", [instance(q, o, a, "train" if i < 5 else "test") for i, (q, o, a) in enumerate(medqa)], False)

dev = mmlu_rows("dev", "philosophy")
test = mmlu_rows("test", "philosophy")[:15]
philosophy = [instance(q, o, a, "train", id=f"philosophy-dev-{i}", extra_data={"source": "mmlu", "row": i}) for i, (q, o, a) in enumerate(dev)]
philosophy += [
    instance(q, o, a, "test" if i < 10 else "valid", id=f"philosophy-test-{i}", extra_data={"source": "mmlu", "row": i})
    for i, (q, o, a) in enumerate(test)
]
write("philosophy.jsonl", philosophy, True)

broken = [instance(q, o, a, "test") for q, o, a in medqa[:3]]
del broken[1]["references"]
write("missing_references.jsonl", broken, False)
