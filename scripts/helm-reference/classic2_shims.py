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


def install_summarization_stand_ins() -> None:
    """Lets HELM's SummarizationMetric run offline with device=cpu, leaving out exactly what helm-ts
    leaves out, so that whole summarization runs can be compared:
    - summ_eval's DataStatsMetric (not installable here, and it needs spaCy's en_core_web_sm) answers
      NaN for coverage, density and compression; HELM's runner drops NaN stats when it writes them;
    - the spaCy model check is answered "installed" (nothing else of spaCy is used then);
    - bert_score, imported by the module, is a stub (used only off CPU);
    - the human-evaluation and QAFactEval files, downloads that hold scores for HELM's own models
      only, are treated as holding none for this one (the metric's own "not available" paths).
    """
    import sys
    import types

    bert_score = types.ModuleType("bert_score")
    bert_score.BERTScorer = object
    sys.modules.setdefault("bert_score", bert_score)

    class DataStatsMetric:
        def evaluate_example(self, summary, input_text):
            nan = float("nan")
            return {"coverage": nan, "density": nan, "compression": nan}

    summ_eval = types.ModuleType("summ_eval")
    data_stats = types.ModuleType("summ_eval.data_stats_metric")
    data_stats.DataStatsMetric = DataStatsMetric
    summ_eval.data_stats_metric = data_stats
    sys.modules["summ_eval"] = summ_eval
    sys.modules["summ_eval.data_stats_metric"] = data_stats

    import spacy.util

    real_is_package = spacy.util.is_package
    spacy.util.is_package = lambda name: True if name == "en_core_web_sm" else real_is_package(name)

    from helm.benchmark.metrics import summarization_metrics

    def no_human_eval(self, eval_cache_path):
        raise ValueError("no human evaluation for this model")

    def no_qafacteval(self, eval_cache_path):
        self.qa_fact_eval = {}

    summarization_metrics.SummarizationMetric._load_humaneval = no_human_eval
    summarization_metrics.SummarizationMetric._load_qafacteval = no_qafacteval
