"""Parquet files in the Hugging Face Hub's layout for wmt/wmt14 (HELM's revision), made with pyarrow.

- test/fixtures/lite-diff/huggingface/wmt/wmt14/<rev>/{de-en,hi-en}/{train,validation}-00000-of-00001.parquet:
  empty splits, so the Lite differential cases run on the test split only (see lite_mirror.py).
- test/fixtures/huggingface/wmt/wmt14/<rev>/de-en/: a small config for the Parquet reader's tests: a
  train split of two shards (60 newstest2014 rows, 5 of them repeated so that de-duplication
  matters), a validation and a test split of 5 rows each.
Usage: <python with pyarrow> scripts/helm-reference/make-parquet-fixtures.py [SHARED_DATA]
"""
import os
import re
import sys

import pyarrow as pa
import pyarrow.parquet as pq

REV = "b199e406369ec1b7634206d3ded5ba45de2fe696"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data"))


def schema(language):
    # datasets' Translation feature: a struct of the language codes in sorted order.
    return pa.schema([("translation", pa.struct([(code, pa.string()) for code in sorted([language, "en"])]))])


def write(path, language, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    table = pa.Table.from_pylist([{"translation": r} for r in rows], schema=schema(language))
    pq.write_table(table, path)


def segments(path):
    with open(path, encoding="utf-8") as f:
        return [m.group(1) for m in (re.match(r'^<seg id="\d+">(.*)</seg>', line) for line in f) if m]


for pair in ["de-en", "hi-en"]:
    language = pair.split("-")[0]
    for split in ["train", "validation"]:
        write(os.path.join(REPO, "test", "fixtures", "lite-diff", "huggingface", "wmt", "wmt14", REV, pair, f"{split}-00000-of-00001.parquet"), language, [])

folder = os.path.join(SHARED, "wmt14", "test-full")
de = segments(os.path.join(folder, "newstest2014-deen-src.de.sgm"))
en = segments(os.path.join(folder, "newstest2014-deen-ref.en.sgm"))
rows = [{"de": d, "en": e} for d, e in zip(de, en)][:70]
base = os.path.join(REPO, "test", "fixtures", "huggingface", "wmt", "wmt14", REV, "de-en")
write(os.path.join(base, "train-00000-of-00002.parquet"), "de", rows[:30])
write(os.path.join(base, "train-00001-of-00002.parquet"), "de", rows[30:60] + rows[3:8])
write(os.path.join(base, "validation-00000-of-00001.parquet"), "de", rows[60:65])
write(os.path.join(base, "test-00000-of-00001.parquet"), "de", rows[65:70])
print("wrote the Parquet fixtures")
