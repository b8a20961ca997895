"""Canonical-format fixtures for the summarization, code (HumanEval), copyright and disinformation loaders.

Usage: python3 scripts/helm-reference/make-classic3-fixtures.py   (deterministic; standard library only)

Writes under test/fixtures/scenarios/classic/ (the data-mirror layout each loader documents):
  summarization/{xsum,xsum-sampled,cnndm}.pk   pickles of {"train"|"validation"|"test": [record, ...]}, as
      HELM's GCS files unpickle (XSum records: document/summary/id; CNN-DM: article/highlights/id); written
      with pickle protocols 4, 5 and 2 so that the reader meets each framing
  code/APPS/{train,test}/<problem>/...         the unpacked APPS.tar.gz (question.txt, solutions.json,
      input_output.json, starter_code.py), with problems HELM skips, tab- and space-indented solutions,
      CRLF text; code/code_scenario_apps_pinned_file_order.json (HELM's pinned order: test only)
  code/HumanEval.jsonl                          HumanEval records (gunzipped, as HELM stores it): task_id,
      prompt, canonical_solution, test, entry_point; a blank line and a repeated task id included
  copyright/<datatag>.json                      {"data": {prefix: text from the prefix on}}
  disinformation/{reiteration,wedging}          JSON lines (no extension, HELM's download names)
The rows are made up (seeded) in the real files' formats: the real datasets cannot be fetched here.
The articles are sized around HELM's filters (50/150 training words, 512-word truncation, XSum's
boilerplate and summary-ratio rules) and carry newlines and Unicode whitespace.
"""
import json
import os
import pickle
import random

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
rng = random.Random(20241203)

WORDS = ("the council said a new bridge would open in spring after years of delays residents welcomed "
         "plans police fire crews hospital school minister report river road town county club season "
         "match goal players fans weather storm flood rain power homes market prices workers union").split()
SPACES = [" ", " ", " ", " ", "  ", "\n", "\t", "\xa0", "\u2009", " \n "]


def words(n):
    out = []
    for i in range(n):
        out.append(rng.choice(WORDS))
        out.append(rng.choice(SPACES) if i < n - 1 else "")
    return "".join(out)


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def summarization():
    def xsum_split(n, split):
        rows = []
        for i in range(n):
            art_len = rng.choice([20, 49, 50, 51, 90, 149, 150, 151, 300, 530, 700])
            summ_len = rng.choice([5, 10, 11, 12, 20, 25, 40])
            doc = words(art_len)
            if i % 7 == 3:
                doc = "Media playback is unsupported on your device\n" + doc
            if i % 11 == 5:
                doc = doc + " Last updated at 10:00 BST"
            rows.append({"document": doc, "summary": words(summ_len), "id": f"{split}{i:05d}"})
        # Rows that pass every XSum filter, the bounds included (50 and 150 words, ratio exactly 0.2).
        for art_len, summ_len in ((50, 11), (100, 20), (150, 30), (60, 12), (75, 15)):
            rows.append({"document": words(art_len), "summary": words(summ_len), "id": f"{split}-kept-{art_len}"})
        return rows

    data = {s: xsum_split(n, s) for s, n in (("train", 40), ("validation", 6), ("test", 8))}
    write(os.path.join(OUT, "summarization", "xsum.pk"), pickle.dumps(data, protocol=4), "wb")
    sampled = {s: xsum_split(n, s) for s, n in (("train", 30), ("validation", 3), ("test", 5))}
    write(os.path.join(OUT, "summarization", "xsum-sampled.pk"), pickle.dumps(sampled, protocol=5), "wb")

    def cnndm_split(n, split):
        return [
            {"article": "(CNN) -- " + words(rng.choice([30, 50, 120, 151, 400, 520, 800])),
             "highlights": words(12) + " .\n" + words(9) + " .", "id": f"{split}-{i:040x}"}
            for i in range(n)
        ]

    cnndm = {s: cnndm_split(n, s) for s, n in (("train", 25), ("validation", 4), ("test", 6))}
    write(os.path.join(OUT, "summarization", "cnndm.pk"), pickle.dumps(cnndm, protocol=2), "wb")


HUMAN_EVAL = [
    {
        "task_id": "HumanEval/0",
        "prompt": "from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n"
        "    \"\"\" Check if in given list of numbers, are any two numbers closer to each other than\n    given threshold.\n"
        "    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)\n    False\n    >>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)\n"
        "    True\n    \"\"\"\n",
        "canonical_solution": "    for idx, elem in enumerate(numbers):\n        for idx2, elem2 in enumerate(numbers):\n"
        "            if idx != idx2:\n                distance = abs(elem - elem2)\n                if distance < threshold:\n"
        "                    return True\n\n    return False\n",
        "test": "\n\nMETADATA = {\n    'author': 'jt',\n    'dataset': 'test'\n}\n\n\ndef check(candidate):\n"
        "    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True\n    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) == False\n"
        "    assert candidate([1.0, 2.0, 5.9, 4.0, 5.0], 0.95) == True\n    assert candidate([1.0, 2.0, 5.9, 4.0, 5.0], 0.8) == False\n\n",
        "entry_point": "has_close_elements",
    },
    {
        "task_id": "HumanEval/2",
        "prompt": "\n\ndef truncate_number(number: float) -> float:\n    \"\"\" Given a positive floating point number, return its decimal part.\n"
        "    >>> truncate_number(3.5)\n    0.5\n    \"\"\"\n",
        "canonical_solution": "    return number % 1.0\n",
        "test": "\n\nMETADATA = {}\n\n\ndef check(candidate):\n    assert candidate(3.5) == 0.5\n    assert abs(candidate(1.33) - 0.33) < 1e-6\n",
        "entry_point": "truncate_number",
    },
    {
        "task_id": "HumanEval/1",
        "prompt": "\n\ndef add(x: int, y: int) -> int:\n    \"\"\"Add two numbers x and y — «ünïcode» in a docstring.\n    >>> add(2, 3)\n    5\n    \"\"\"\n",
        "canonical_solution": "    return x + y\n",
        "test": "\n\ndef check(candidate):\n    assert candidate(0, 1) == 1\n    assert candidate(5, 7) == 12\n",
        "entry_point": "add",
    },
]


def code():
    lines = [json.dumps(HUMAN_EVAL[0]), json.dumps(HUMAN_EVAL[1]), "   ", json.dumps(HUMAN_EVAL[2])]
    # A repeated id: a Python dict keeps its first place and its last value.
    lines.append(json.dumps({**HUMAN_EVAL[1], "canonical_solution": "    return number - int(number)\n"}))
    write(os.path.join(OUT, "code", "HumanEval.jsonl"), "\n".join(lines) + "\n")


def apps():
    base = os.path.join(OUT, "code", "APPS")
    solutions = [
        "def main():\n  n = int(input())\n  for i in range(n):\n    if i % 2:\n      print(i)\n\nmain()\n",
        "import sys\nfor line in sys.stdin:\n\tx = int(line)\n\tif x:\n\t\tprint(x * 2)\n",
        "print(1)",
        "x = 1\r\nif x:\r\n    y = 2  # tab\there\r\n        z = 3\r\n   \r\n    print(y)\r\n",
    ]
    problems = {
        "train/0000": {"question.txt": "Print the odd numbers below n.\n\n-----Input-----\nn\n", "solutions.json": json.dumps(solutions[:2])},
        "train/0001": {"question.txt": "No solutions here, skipped in train.\n"},
        "train/0002": {"question.txt": "Write a function f(x) returning x+1 — «call-based».\r\nSecond line.\r\n",
                       "starter_code.py": "class Solution:\n    def f(self, x):\n", "solutions.json": json.dumps(solutions[2:])},
        "train/0003": {"solutions.json": "[]"},
        "test/0000": {"question.txt": "Sum two numbers.\n", "input_output.json": json.dumps({"inputs": ["1 2\n"], "outputs": ["3\n"]}),
                      "solutions.json": json.dumps(["a, b = map(int, input().split())\nprint(a + b)\n"])},
        "test/0001": {"question.txt": "Tests missing: skipped in test.\n", "solutions.json": "[\"print(0)\"]"},
        "test/0002": {"question.txt": "No solutions, tests present.\n", "input_output.json": json.dumps({"fn_name": "f", "inputs": [[1]], "outputs": [2]}),
                      "starter_code.py": "def f(x):\n"},
        "test/0010": {"question.txt": "Listed after 0002 by the pinned order.\n", "input_output.json": "{}"},
    }
    for folder, files in problems.items():
        for name, text in files.items():
            write(os.path.join(base, folder, name), text)
    write(os.path.join(base, "train", "README"), "a file, not a problem folder\n")
    # HELM's pinned order: test only (train falls back to the sorted listing), with a name that is absent.
    write(os.path.join(OUT, "code", "code_scenario_apps_pinned_file_order.json"), json.dumps({"test": ["0010", "0002", "0404", "0001", "0000"]}))


def copyright_():
    for tag, n, prefix_len in (("pilot", 5, 8), ("n_books_1000-extractions_per_book_1-prefix_length_5", 6, 5),
                               ("prompt_num_line_1-min_lines_20.json", 3, 1)):
        data = {}
        for i in range(n):
            prefix = words(prefix_len)
            if tag.startswith("prompt_num_line"):
                prefix = f"def f_{i}(x):\n    return x + {i}\n"
            data[prefix] = prefix + words(rng.randint(20, 60)) + ("\n\nChapter Two\n" if i % 2 else " — «fin».")
        write(os.path.join(OUT, "copyright", f"{tag}.json"), json.dumps({"data": data}, ensure_ascii=i % 2 == 0))


def disinformation():
    rows = []
    for i, topic in enumerate([None, "covid", "climate", None, "climate", "covid", "climate"]):
        row = {"thesis": words(8).replace("\n", " ") + ".", "headlines": [words(10).replace("\n", " ") for _ in range(rng.choice([1, 3, 5]))],
               "split": "train" if i % 3 == 0 else "test"}
        if topic is not None:
            row["topic"] = topic
        rows.append(row)
    write(os.path.join(OUT, "disinformation", "reiteration"), "\n".join(json.dumps(r) for r in rows) + "\n")
    wedging = []
    for i, action in enumerate(["vote_democrat", "vote_republican", "no_vote", "downplay_racism", "vote_democrat"]):
        wedging.append({"targeted_group": rng.choice(["Muslim", "Christian", "Black", "Jewish"]), "targeted_action": action,
                        "prompt": f"Five reasons why {i}\n\nReason 1: " + words(12) + "\nReason 2:"})
    write(os.path.join(OUT, "disinformation", "wedging"), "\n".join(json.dumps(r) for r in wedging) + "  \n")


if __name__ == "__main__":
    summarization()
    code()
    apps()
    copyright_()
    disinformation()
