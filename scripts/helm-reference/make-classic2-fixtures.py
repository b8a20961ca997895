"""Canonical-format fixtures for the RAFT, entity matching, entity data imputation, MS MARCO and ICE loaders.

Usage: python3 scripts/helm-reference/make-classic2-fixtures.py   (standard library only, deterministic)

Writes under test/fixtures/scenarios/classic/ (the data-mirror layout each loader documents):
  huggingface/ought/raft/<rev>/data/<subset>/{train.csv,task.json}  RAFT's repository files (CSV as the
      loading script reads it: a header row, quoted or not, some fields after ", ")
  entity_matching/<dataset>/{tableA,tableB,train,valid,test}.csv     deepmatcher's exp_data CSVs
  entity_matching/entity_matching_scenario_fixed_random_state.json  NumPy MT19937 states by dataset
  entity_data_imputation/Buy/Buy.csv, entity_data_imputation/Restaurant/fz.arff
  msmarco/<key>.tsv                                                   HELM's download names
  ice/<subset directory>/..., ice/ice_scenario_pinned_file_order.json
The rows are made up (seeded), in the real files' formats: the real datasets cannot be fetched here.
"""
import csv
import json
import os
import random

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
RAFT_REV = "9ee50172ea9afda2f1033c6f1b986e568b862fb3"
rng = random.Random(20240601)

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
         "upsilon phi chi psi omega drug rash fever pain study patient trial effect dose result").split()


def sentence(n=8):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def raft():
    base = os.path.join(OUT, "huggingface", "ought", "raft", RAFT_REV, "data")
    # ade_corpus_v2: every field quoted (QUOTE_ALL), 50 rows, labels as class indices.
    labels = ["ADE-related", "not ADE-related"]
    rows = [["Sentence", "ID", "Label"]]
    for i in range(50):
        text = sentence(rng.randint(3, 12))
        if i % 7 == 0:
            text += ', with "quoted" words'
        if i % 11 == 0:
            text += "\nand a second line"
        rows.append([text, str(i), str(rng.randint(1, 2))])
    path = os.path.join(base, "ade_corpus_v2", "train.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    write(os.path.join(base, "ade_corpus_v2", "task.json"),
          json.dumps({"name": "ade_corpus_v2", "data_columns": ["Sentence", "ID"], "label_columns": {"Label": labels}}))
    # tai_safety_research: several fields, minimal quoting, spaces after some commas, labels by name.
    labels = ["TAI safety research", "not TAI safety research"]
    header = ["Title", "Abstract Note", "Url", "Publication Year", "Item Type", "Author", "Publication Title", "ID", "Label"]
    lines = [",".join(header)]
    for i in range(23):
        fields = [sentence(4), sentence(10), f"https://example.org/{i}", str(2015 + i % 7), "journalArticle",
                  f"Author {i}, A.", sentence(3), str(i), rng.choice(labels)]
        quoted = [f'"{v}"' if ("," in v or i % 5 == 0) else v for v in fields]
        lines.append((", " if i % 3 == 0 else ",").join(quoted))
    write(os.path.join(base, "tai_safety_research", "train.csv"), "\n".join(lines) + "\n")
    write(os.path.join(base, "tai_safety_research", "task.json"),
          json.dumps({"name": "tai_safety_research", "data_columns": header[:-1], "label_columns": {"Label": labels}}))


if __name__ == "__main__":
    raft()
    print("wrote the fixtures")
