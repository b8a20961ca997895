"""Offline stand-ins, for the Python HELM, of the two Hugging Face datasets HELM Instruct loads.

OpenAssistantScenario and AnthropicHHRLHFScenario call datasets.load_dataset("<owner>/<name>",
revision=<pinned>, ...). serve_hub_datasets(fixtures) answers those calls with datasets.load_dataset
on the fixture copy of the repository at that revision (<fixtures>/huggingface/<owner>/<name>/<rev>/):
the datasets library itself infers the splits from the file names, orders the files and reads the
Parquet, JSON lines or JSON array, as it does for the Hub repository.
"""
import importlib
import os

HF_REVISIONS = {
    "OpenAssistant/oasst1": "fdf72ae0827c1cda404aff25b6603abec9e3399b",
    "Anthropic/hh-rlhf": "09be8c5bbc57cb3887f3a9732ad6aa7ec602a1fa",
}
MODULES = ["open_assistant_scenario", "anthropic_hh_rlhf_scenario"]


def serve_hub_datasets(fixtures: str) -> None:
    import datasets

    def load_dataset(path, *args, revision=None, **kwargs):
        assert revision == HF_REVISIONS[path], (path, revision)
        owner, name = path.split("/")
        return datasets.load_dataset(os.path.join(fixtures, "huggingface", owner, name, revision), *args, **kwargs)

    for module in MODULES:
        importlib.import_module(f"helm.benchmark.scenarios.{module}").load_dataset = load_dataset
