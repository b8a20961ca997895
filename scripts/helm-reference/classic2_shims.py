"""Offline stand-ins, for the Python HELM, of what the RAFT scenario fetches from the Hugging Face Hub.

install_raft(mirror) replaces datasets.load_dataset for "ought/raft": it reads the repository files
<mirror>/huggingface/ought/raft/<rev>/data/<subset>/{train.csv,task.json} the way the dataset's loading
script does (csv.reader with quotechar '"', delimiter ',', skipinitialspace; the first row names the
columns; every column a string but ID (int32) and Label, a ClassLabel of "Unlabeled" then task.json's
label_columns.Label) and returns the train split as a datasets.Dataset, so HELM's own code
(train_test_split(test_size=0.8, seed=42), int2str) runs unchanged on it. The loading script itself
cannot be fetched here; this is how helm-ts reads the same files (core/scenarios/raft-scenario.ts).
"""
import csv
import json
import os

RAFT_REVISION = "9ee50172ea9afda2f1033c6f1b986e568b862fb3"


def raft_dataset(mirror: str, subset: str):
    import datasets

    folder = os.path.join(mirror, "huggingface", "ought", "raft", RAFT_REVISION, "data", subset)
    with open(os.path.join(folder, "task.json"), encoding="utf-8") as f:
        labels = json.load(f)["label_columns"]["Label"]
    with open(os.path.join(folder, "train.csv"), encoding="utf-8") as f:
        reader = csv.reader(f, quotechar='"', delimiter=",", quoting=csv.QUOTE_ALL, skipinitialspace=True)
        columns = next(reader)
        rows = [{name: value for name, value in zip(columns, row)} for row in reader]
    features = datasets.Features(
        {
            name: datasets.ClassLabel(names=["Unlabeled"] + labels)
            if name == "Label"
            else datasets.Value("int32" if name == "ID" else "string")
            for name in columns
        }
    )
    return datasets.Dataset.from_list([features.encode_example(row) for row in rows], features=features)


def install_raft(mirror: str) -> None:
    import datasets

    original = datasets.load_dataset

    def load_dataset(path, name=None, *args, **kwargs):
        if path == "ought/raft":
            assert kwargs.get("split") == "train" and kwargs.get("revision") == RAFT_REVISION, kwargs
            return raft_dataset(mirror, name)
        return original(path, name, *args, **kwargs)

    datasets.load_dataset = load_dataset


def install_numba_stand_in() -> None:
    """HELM's copyright metric imports numba only to JIT-compile its edit-distance loop; numba does not
    install on this Python, so `njit` returns the function unchanged (the same code runs uncompiled)."""
    import sys
    import types

    if "numba" not in sys.modules:
        numba = types.ModuleType("numba")
        numba.njit = lambda f: f
        sys.modules["numba"] = numba
