"""The Lite differential cases' data, for the Python HELM: a prepared mirror and a load_dataset shim.

prepare(shared, dest) lays out, from the shared data folder, the mirror both sides of the Lite
differential cases read (helm-ts builds the same files in test/differential/lite-mirror.ts; the
sha256 of every file is recorded in test/golden/helm-diff/lite-mirror.sha256 and checked there):
  math/                                  the shared MATH files (a symlink)
  legalbench/helm_prompt_settings.jsonl  copied
  legalbench/tasks/<subset>/train.tsv    copied (abercrombie, corporate_lobbying, proa)
  legalbench/tasks/<subset>/test.tsv     the old test files of history-2d7f2ca/, their `label`
                                         column renamed `answer` (csv module, tab, minimal quoting)
  medqa/.../phrases_no_exclude_test.jsonl copied; the train and dev files empty (zero-shot)
  wmt14/test-full/*.sgm                  copied (newstest2014, the test split)
  huggingface/wmt/wmt14/<rev>/<pair>/{train,validation}-00000-of-00001.parquet
                                         empty splits (test/fixtures/lite-diff/, made with pyarrow)

install(mirror) replaces datasets.load_dataset for the three Hugging Face datasets HELM Lite loads,
building the rows from those files the way their loaders do (MATH: every <split>/*/* JSON file;
LegalBench: the TSV rows as strings; WMT14: Parquet shards through datasets' own Parquet builder,
or the SGML test files), so HELM's own code (sort, shuffle, filters) runs unchanged on them.
"""
import csv
import glob
import hashlib
import json
import os
import re
import shutil

WMT14_REVISION = "b199e406369ec1b7634206d3ded5ba45de2fe696"
LEGALBENCH_SUBSETS = ["abercrombie", "corporate_lobbying", "proa"]
MEDQA_DIR = ["medqa", "data_clean", "questions", "US", "4_options"]
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMPTY_SPLITS = os.path.join(REPO, "test", "fixtures", "lite-diff")


def _convert_old_legalbench_test(source: str, dest: str) -> None:
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = ["answer" if name == "label" else name for name in rows[0]]
    with open(dest, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows[1:])


def prepare(shared: str, dest: str) -> None:
    os.makedirs(dest, exist_ok=True)
    os.symlink(os.path.join(shared, "math"), os.path.join(dest, "math"))
    os.makedirs(os.path.join(dest, "legalbench"))
    shutil.copy(os.path.join(shared, "legalbench", "helm_prompt_settings.jsonl"), os.path.join(dest, "legalbench"))
    for subset in LEGALBENCH_SUBSETS:
        task = os.path.join(dest, "legalbench", "tasks", subset)
        os.makedirs(task)
        shutil.copy(os.path.join(shared, "legalbench", "tasks", subset, "train.tsv"), task)
        _convert_old_legalbench_test(
            os.path.join(shared, "legalbench", "history-2d7f2ca", "tasks", subset, "test.tsv"), os.path.join(task, "test.tsv")
        )
    medqa = os.path.join(dest, *MEDQA_DIR)
    os.makedirs(medqa)
    shutil.copy(os.path.join(shared, *MEDQA_DIR, "phrases_no_exclude_test.jsonl"), medqa)
    for split in ["train", "dev"]:
        open(os.path.join(medqa, f"phrases_no_exclude_{split}.jsonl"), "w").close()
    shutil.copytree(os.path.join(shared, "wmt14"), os.path.join(dest, "wmt14"))
    shutil.copytree(os.path.join(EMPTY_SPLITS, "huggingface"), os.path.join(dest, "huggingface"))


def file_hashes(dest: str) -> list:
    """sha256sum lines of every file of the prepared mirror except the shared math/ folder."""
    lines = []
    for root, _, files in os.walk(dest):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, dest)
            if rel.startswith("math" + os.sep):
                continue
            with open(path, "rb") as f:
                lines.append(f"{hashlib.sha256(f.read()).hexdigest()}  {rel}")
    return sorted(lines, key=lambda line: line.split("  ", 1)[1].encode())


def _sgm_segments(path: str) -> list:
    segments = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            match = re.match(r'^<seg id="\d+">(.*)</seg>', line)
            if match:
                segments.append(match.group(1))
    return segments


def install(mirror: str) -> None:
    import datasets

    original = datasets.load_dataset

    def math_rows(split):
        rows = []
        for path in glob.glob(os.path.join(mirror, "math", split, "*", "*")):
            with open(path, encoding="utf-8") as f:
                rows.append(json.load(f))
        return datasets.Dataset.from_list(rows)

    def legalbench_rows(subset, split):
        path = os.path.join(mirror, "legalbench", "tasks", subset, f"{split}.tsv")
        with open(path, newline="", encoding="utf-8") as f:
            return datasets.Dataset.from_list(list(csv.DictReader(f, delimiter="\t")))

    def wmt14_split(config, split):
        language = config.split("-")[0]
        shards = sorted(glob.glob(os.path.join(mirror, "huggingface", "wmt", "wmt14", WMT14_REVISION, config, f"{split}-*.parquet")))
        if shards:
            import pyarrow as pa
            import pyarrow.parquet as pq

            # The shards' Arrow table as a Dataset (datasets' Parquet builder rejects an empty file).
            return datasets.Dataset(pa.concat_tables([pq.read_table(shard) for shard in shards]))
        if split != "test":
            raise FileNotFoundError(f"no {split} split of wmt14 {config} in {mirror}")
        folder = os.path.join(mirror, "wmt14", "test-full")
        sources = _sgm_segments(os.path.join(folder, f"newstest2014-{language}en-src.{language}.sgm"))
        references = _sgm_segments(os.path.join(folder, f"newstest2014-{language}en-ref.en.sgm"))
        rows = [{"translation": {language: s, "en": r}} for s, r in zip(sources, references) if s and r]
        return datasets.Dataset.from_list(rows)

    def load_dataset(path, name=None, *args, **kwargs):
        split = kwargs.get("split")
        if path == "hendrycks/competition_math":
            return datasets.DatasetDict({s: math_rows(s) for s in ["train", "test"]})
        if path == "nguha/legalbench":
            return legalbench_rows(name, split)
        if path == "wmt14":
            return datasets.DatasetDict({s: wmt14_split(name, s) for s in ["train", "validation", "test"]})
        return original(path, name, *args, **kwargs)

    datasets.load_dataset = load_dataset
